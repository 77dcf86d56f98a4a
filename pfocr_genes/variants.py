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

_LIST_SPLIT = re.compile(r"\s*[/,]\s*")
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


def split_list(text: str) -> list[str]:
    """``LRP5/6`` -> LRP5, LRP6; ``HIF1A/B`` -> HIF1A, HIF1B; ``IL-4/IL-13`` as written.

    A part that is only a number (or number + letter) takes the stem of the first part; a
    single-letter part replaces the first part's final letter. Returns ``[]`` when the
    text is not a list.
    """
    parts = [p for p in _LIST_SPLIT.split(text) if p]
    if len(parts) < 2 or len(parts) > _MAX_PARTS:
        return []
    first = parts[0]
    head = _TRAILING_NUM.fullmatch(first)
    out = [first]
    for p in parts[1:]:
        if _PART_SUFFIX.fullmatch(p) and head:
            out.append(f"{head['stem']}{p}")
        elif len(p) == 1 and p.isalpha() and first[-1:].isalpha():
            out.append(first[:-1] + p)
        else:
            out.append(p)
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
