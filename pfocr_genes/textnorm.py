"""Text normalization shared by the data builder and the resolver.

One function, :func:`lookup_key`, turns any written form of a gene-like token into the
key under which the snapshot index stores it. The builder and the resolver must use the
very same function, which is why it lives here on its own: a change to it requires
rebuilding ``data/`` (the snapshot records :data:`KEY_VERSION` and refuses a mismatch).

Why these rules: pathway figures write genes with Greek letters in every form (``TNF-α``,
``TNF-a``, ``TGF-beta``, ``TGF-ß`` with the German sharp s), with hyphens, spaces, dots
and sub/superscripts (``IL-6``, ``CCL 2``, ``Ca²⁺``), and in any case. HGNC symbols use
the Latin letter for the Greek one (TNF-α → TNFA is an alias of TNF; IL-1β → IL1B), so
mapping Greek letters and their spelled-out names to that Latin letter, dropping
punctuation and upper-casing gives one comparable key for all of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

#: Bump when :func:`lookup_key` changes; the snapshot stores the version it was built with.
KEY_VERSION = 1

#: Greek letter -> the Latin letter HGNC uses for it in symbols (PRKCQ for PKC-theta,
#: IKBKB for IKK-beta, CHUK/IKKA for IKK-alpha).
GREEK_TO_LATIN: dict[str, str] = {
    "α": "A", "β": "B", "γ": "G", "δ": "D", "ε": "E", "ζ": "Z", "η": "H", "θ": "Q",
    "ι": "I", "κ": "K", "λ": "L", "μ": "M", "ν": "N", "ξ": "X", "ο": "O", "π": "P",
    "ρ": "R", "σ": "S", "ς": "S", "τ": "T", "υ": "U", "φ": "F", "χ": "C", "ψ": "Y",
    "ω": "W",
}

#: Spelled-out Greek names that stand for the letter inside gene names (TGF-beta, IFNgamma,
#: NFkappaB). Names that are also common words or symbols on their own (eta: ETA is an
#: alias of EDNRA; tau: MAPT; mu, nu, xi, pi, rho, chi, psi, phi, sigma) are left alone.
SPELLED_GREEK: dict[str, str] = {
    "alpha": "A", "beta": "B", "gamma": "G", "delta": "D", "epsilon": "E", "zeta": "Z",
    "theta": "Q", "iota": "I", "kappa": "K", "lambda": "L", "omega": "W",
}

# A spelled-out name counts only when written in lower case or capitalized ("beta",
# "Beta") and not part of a longer lowercase word: "TGFbeta1" and "TGF-Beta" qualify,
# "betaine" and "Alphavirus" do not. ALL-CAPS "BETA" is left alone so that a key (all
# caps) never changes when normalized again; the resolver retries ALL-CAPS tokens in
# lower case instead.
_SPELLED_RE = re.compile(
    r"(?<![a-z])("
    + "|".join(f"{n}|{n.capitalize()}" for n in sorted(SPELLED_GREEK, key=len, reverse=True))
    + r")(?![a-z])"
)
#: Every byte but 0-9 and A-Z: deleted from the ASCII bytes of an upper-cased text (a regex
#: substitution matched at every space and hyphen of a caption, five times slower).
_NON_KEY_BYTES = bytes(b for b in range(256) if not (48 <= b <= 57 or 65 <= b <= 90))
# German sharp s is the usual stand-in for beta in figures typed on German keyboards.
# It must be replaced before case folding, which would turn it into "ss".
_PRE_NFKC = str.maketrans({"ß": "β", "ẞ": "β"})
_GREEK_TABLE = str.maketrans(GREEK_TO_LATIN | {k.upper(): v for k, v in GREEK_TO_LATIN.items()})
#: Letters every spelled-out name contains one of: a text without any has none to replace.
_SPELLED_LETTERS = frozenset("abgdeztiklo")
_GREEK_RE = re.compile("[" + "".join(map(chr, _GREEK_TABLE)) + "]")


def _latin_letter(m: re.Match[str]) -> str:
    return _GREEK_TABLE[ord(m.group())]


def clean_text(text: str) -> str:
    """Unicode-normalize ``text`` without changing what it says.

    NFKC folds sub- and superscripts to digits, full-width letters to ASCII, the micro
    sign to Greek mu and the Greek beta symbol (ϐ) to β; sharp s becomes β first.
    Whitespace runs become one space and the ends are stripped. Long texts (a figure's
    caption is read by several rules in turn) are remembered for the last few calls.
    """
    if len(text) > CACHED_KEY_LENGTH:
        return _clean_recent(text)
    return _clean(text)


def _clean(text: str) -> str:
    if "ß" in text or "ẞ" in text:  # str.translate reads every character: 30 µs a caption
        text = text.translate(_PRE_NFKC)
    text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())


_clean_recent = lru_cache(maxsize=16)(_clean)


def latinize_greek(text: str) -> str:
    """Replace Greek letters and their spelled-out names by the Latin letter HGNC uses."""
    text = _GREEK_RE.sub(_latin_letter, text)  # a regex scan, ten times faster than str.translate
    if len(text) > CACHED_KEY_LENGTH:
        # a caption: the names, searched for as plain substrings, are rarely there at all
        # (a scan with the regex costs as much as the rest of the key)
        lower = text.lower()
        if not any(name in lower for name in SPELLED_GREEK):
            return text
    elif _SPELLED_LETTERS.isdisjoint(text):
        return text
    return _SPELLED_RE.sub(lambda m: SPELLED_GREEK[m.group(1).lower()], text)


#: Texts up to this length go through the cache of :func:`lookup_key` (words, symbols,
#: keywords repeat across a corpus); longer ones (captions, titles) are unique, and caching
#: them would hold every caption of a 100k-figure run in memory.
CACHED_KEY_LENGTH = 64


def lookup_key(text: str) -> str:
    """The index key of ``text``: Greek latinized, upper-cased, non-alphanumerics dropped.

    Idempotent: ``lookup_key(lookup_key(s)) == lookup_key(s)`` for every string (tested
    with hypothesis). Returns ``""`` when nothing alphanumeric is left. Short texts are
    cached: figure texts repeat the same words, and the suspect rules key every caption word.
    """
    if len(text) <= CACHED_KEY_LENGTH:
        return _cached_key(text)
    return _key(text)


def _key(text: str) -> str:
    upper = latinize_greek(clean_text(text)).upper()
    if not upper.isascii():
        # accented Latin letters keep their base letter (OCR's "ÇCL4" is CCL4, "MÜLLER" MULLER):
        # decomposed, the accent is a separate mark that the ASCII step drops
        upper = unicodedata.normalize("NFKD", upper)
    # other non-ASCII characters left after latinizing are dropped, as any other non-[0-9A-Z]
    return upper.encode("ascii", "ignore").translate(None, _NON_KEY_BYTES).decode("ascii")


_cached_key = lru_cache(maxsize=1 << 15)(_key)


def lookup_keys(texts: Iterable[str]) -> list[str]:
    """:func:`lookup_key` of each text: one call for all the words of a caption (the hot
    loop of caption reading; a call per word cost as much as the key itself)."""
    return [_cached_key(t) if len(t) <= CACHED_KEY_LENGTH else _key(t) for t in texts]
