"""Rewrites of tokens that do not match the lexicon as written.

Each function takes the cleaned token text (see :func:`pfocr_genes.textnorm.clean_text`)
and returns rewritten forms with the reason for the rewrite, or nothing. They are plain
functions with no data access so that they can be tested on their own; the resolver tries
them, in :data:`pfocr_genes.resolver` order, only after a direct lookup failed.
"""

from __future__ import annotations

import re

from pfocr_genes.textnorm import latinize_greek

#: Excel turns symbols like MARCH1, SEPT2, DEC1 into dates ("1-Mar", "2-Sep", "Dec-1";
#: Zeeberg et al. 2004, Ziemann et al. 2016). The stems that month abbreviations stand
#: for, as in HGNChelper's repair table; the resolver then follows previous symbols
#: (MARCH1 -> MARCHF1, SEPT2 -> SEPTIN2, DEC1 -> DELEC1).
MONTH_STEMS: dict[str, tuple[str, ...]] = {
    "MAR": ("MARCH", "MARCHF"), "SEP": ("SEPT", "SEPTIN"), "DEC": ("DEC",), "OCT": ("OCT",),
    "NOV": ("NOV",), "APR": ("APR",), "FEB": ("FEB",), "JAN": ("JAN",), "JUN": ("JUN",),
}
_DATE_RES = (
    re.compile(r"(?P<num>\d{1,2})[-/ ](?P<mon>[A-Za-z]{3})"),
    re.compile(r"(?P<mon>[A-Za-z]{3})[-/ ](?P<num>\d{1,2})"),
)

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_ROMAN_RE = re.compile(r"(?P<stem>.*?[A-Za-z0-9])(?P<sep>[\s\-]?)(?P<num>VIII|VII|VI|IV|IX|III|II|I|V|X)")

_LIST_SPLIT = re.compile(r"\s*[/,;]\s*")
_TRAILING_NUM = re.compile(r"(?P<stem>.*?)(?P<num>\d+)(?P<suffix>[A-Za-z]?)")
_RANGE_RE = re.compile(r"(?P<stem>.*\D)(?P<a>\d{1,2})\s*[-–]\s*(?P<b>\d{1,2})")
_PART_SUFFIX = re.compile(r"\d+[A-Za-z]?")
_MAX_RANGE = 12
_MAX_PARTS = 12


def spreadsheet_date(text: str) -> list[str]:
    """``1-Mar`` / ``Mar-01`` / ``2-SEP`` -> the symbols the date was made from."""
    for rx in _DATE_RES:
        m = rx.fullmatch(text)
        if m:
            stems = MONTH_STEMS.get(m["mon"].upper())
            if stems:
                n = int(m["num"])
                return [f"{stem}{n}" for stem in stems] if n else []
    return []


def roman_numeral(text: str) -> str | None:
    """``TGFBRII`` -> ``TGFBR2``, ``TGFBR-I`` -> ``TGFBR1``; ``None`` if not applicable.

    A lone ``I``, ``V`` or ``X`` is read as a numeral only when written apart (``TGFBR I``,
    ``BMPR-I``) or after ``R`` (receptor type: ``TGFBRI``), because many symbols and words
    simply end in those letters (``CDKI`` is a CDK inhibitor, not CDK1).
    """
    m = _ROMAN_RE.fullmatch(text)
    if not m or len(m["stem"]) < 2:
        return None
    num = m["num"]
    if len(num) == 1 and not m["sep"] and m["stem"][-1].upper() != "R":
        return None
    return f"{m['stem']}{_ROMAN[num]}"


#: A list part that means nothing without its list head: a number (``ERK1/2``), a letter
#: (``HIF1A/B``), a letter and number (``CRYBA3/A1``), a Greek letter or its name
#: (``PKCα/β``, ``PKC isoforms alpha, delta``).
_FRAGMENT = re.compile(r"\d+[A-Za-z]?|[A-Za-z]|[A-Za-z]\d+[A-Za-z]?|"
                       r"(?:[α-ω]|alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa|lambda)\d*[A-Za-z]?",
                       re.IGNORECASE)
_LETTER_NUM = re.compile(r"[A-Za-z]\d+[A-Za-z]?")
_HEAD_LETTER_NUM = re.compile(r"(?P<stem>.*?)[A-Za-z]\d+[A-Za-z]?")
_HEAD_GREEK = re.compile(r"(?P<stem>.*?)[\s-]*(?:[α-ω]|alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa|lambda)"
                         r"\d*[A-Za-z]?", re.IGNORECASE)
#: Words between a family name and its members' numbers or letters ("PKC isoforms alpha",
#: "SMADs 1, 5 and 8", "PDE family 4"): dropped from the head.
_HEAD_FILLER = re.compile(r"(?:[\s-]+(?:isoforms?|subunits?|family|members?|proteins?|genes?|subtypes?|types?))+$",
                          re.IGNORECASE)
_AND_OR = re.compile(r",?\s+(?:and|or|&)\s+")


def _stem(head: str) -> str:
    """A list head without filler words and without the plural of a symbol (``SMADs`` -> SMAD)."""
    head = _HEAD_FILLER.sub("", head.rstrip(" -"))
    if len(head) > 2 and head.endswith("s") and (head[-2].isupper() or head[-2].isdigit()):
        head = head[:-1]
    return head


def _joined(stem: str, part: str) -> str:
    """Stem + part, with a space when both sides are letters (``PKC`` + ``delta``)."""
    return f"{stem} {part}" if stem[-1:].isalpha() and part[:1].isalpha() and len(part) > 1 else stem + part


def list_parts(text: str) -> tuple[list[str], list[str]]:
    """(parts, fragments left without a head) of an OCR or written list, ``([], [])`` when the
    text is not one.

    ``LRP5/6`` -> LRP5, LRP6; ``HIF1A/B`` -> HIF1A, HIF1B; ``CRYBA3/A1`` -> CRYBA3, CRYBA1;
    ``PKC isoforms alpha, delta and zeta`` -> PKC alpha, PKC delta, PKC zeta; ``SMADs 1, 5
    and 8`` -> SMAD1, SMAD5, SMAD8; ``IL-4/IL-13`` as written. A part that means nothing on its
    own (:data:`_FRAGMENT`) takes the head's stem, or is returned among the fragments, never
    as a part: "delta" alone is not DLL1.
    """
    raw = [p for p in _LIST_SPLIT.split(_AND_OR.sub(",", text)) if p]
    if len(raw) < 2 or len(raw) > _MAX_PARTS:
        return [], []
    first = raw[0]
    num = _TRAILING_NUM.fullmatch(first)
    greek = _HEAD_GREEK.fullmatch(first)
    letter_num = _HEAD_LETTER_NUM.fullmatch(first)
    if num and num["stem"].rstrip(" -") and _stem(num["stem"]) != num["stem"].rstrip(" -"):
        first = f"{_stem(num['stem'])}{num['num']}{num['suffix']}"  # "SMADs 1" -> SMAD1
    elif greek and greek["stem"] and _stem(greek["stem"]) != greek["stem"]:
        first = _joined(_stem(greek["stem"]), first[len(greek["stem"]):].strip(" -"))
    out, dropped = [first], []
    for p in raw[1:]:
        if not _FRAGMENT.fullmatch(p):
            out.append(p)
        elif _PART_SUFFIX.fullmatch(p) and num and num["stem"].strip(" -"):
            out.append(f"{_stem(num['stem'])}{p}")
        elif len(p) == 1 and p.isalpha() and first[-1:].isalpha() and len(first) > 1:
            out.append(first[:-1] + p)
        elif greek and greek["stem"].strip(" -") and not _PART_SUFFIX.fullmatch(p):
            out.append(_joined(_stem(greek["stem"]), p))
        elif letter_num and _LETTER_NUM.fullmatch(p):
            out.append(letter_num["stem"] + p)
        else:
            dropped.append(p)
    return (out, dropped) if len(out) + len(dropped) >= 2 else ([], [])


def split_list(text: str) -> list[str]:
    """The parts of :func:`list_parts` (fragments without a head left out)."""
    return list_parts(text)[0]


#: Prefixes papers put before a gene symbol, longest first: (prefix, what it says).
PREFIXES: tuple[tuple[str, str], ...] = (
    ("phospho", "phosphorylated"), ("rh", "recombinant human"), ("hu", "human"), ("h", "human"), ("m", "mouse"),
    ("r", "rat or recombinant"), ("s", "soluble"), ("p", "phosphorylated"),
)
_YEAST_PROTEIN = re.compile(r"[A-Z][a-z]{2}\d+[A-Z]?p")
#: A splice-isoform letter after a symbol's number: "SERCA2a", "PGC-1a" is not one (Greek).
_ISOFORM = re.compile(r"[A-Z][A-Za-z]{1,8}\d{1,2}[a-d]")


def affixes(text: str) -> list[tuple[str, str]]:
    """Symbols with a species, form or protein affix taken off, with the reason: ``hSERCA2``,
    ``rhBMP2``, ``sICAM-1``, ``p-ERK``, yeast ``Gar1p``, an isoform letter (``SERCA2a``). The
    resolver takes one only when the bare form is a gene; a prefix must be lower case before a
    capital (``mTOR`` stays as it is)."""
    out = []
    for pre, what in PREFIXES:
        if text.startswith(pre):
            rest = text[len(pre):].removeprefix("-")
            if len(rest) >= 3 and rest[0].isupper():
                out.append((rest, f"prefix {pre!r} ({what}) taken off"))
    if _YEAST_PROTEIN.fullmatch(text):
        out.append((text[:-1], "yeast protein suffix 'p' taken off"))
    elif _ISOFORM.fullmatch(text):
        out.append((text[:-1], f"isoform letter {text[-1]!r} taken off"))
    return out


def expand_range(text: str) -> list[str]:
    """``TGF-β1-3`` -> TGF-B1, TGF-B2, TGF-B3; ``[]`` unless a short ascending range."""
    m = _RANGE_RE.fullmatch(latinize_greek(text))
    if not m:
        return []
    a, b = int(m["a"]), int(m["b"])
    if not a < b <= a + _MAX_RANGE:
        return []
    return [f"{m['stem']}{i}" for i in range(a, b + 1)]


def gamma_y(text: str) -> str | None:
    """``IFNy`` / ``IFN-y`` -> ``IFNγ``: a lowercase y after a capital stands for gamma."""
    if len(text) > 2 and text.endswith("y") and (text[-2].isupper() or text[-2] in "-_ "):
        return text[:-1] + "γ"
    return None


def singular(text: str) -> str | None:
    """``MMPs`` -> ``MMP``, ``NETs`` -> ``NET``: a plural ``s`` after a capital or digit."""
    if len(text) > 2 and text.endswith("s") and (text[-2].isupper() or text[-2].isdigit()):
        return text[:-1]
    return None
