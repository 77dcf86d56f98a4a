"""Gene keywords of species other than human: their species, NCBI id and human ortholog.

Two routes reach them:

- **The word table** (current PFOCR records): the hits of a keyword name its organism and its
  NCBI Gene id in that organism; they are authoritative. The human ortholog comes from HGNC's
  MGI/RGD links for mouse and rat, else from the figure itself: when the OCR word that
  produced the keyword also hit a human gene (fly ``rl`` and MAPK1 from "ERK"), that human
  gene is its counterpart.
- **Keywords only**: mouse and rat symbols through the MGI/RGD tables (no NCBI id offline:
  the embedded sources carry MGI and RGD ids only); for species without an offline lexicon
  (fly, zebrafish, worm...), :func:`looks_like_species_gene` reads the nomenclature.

What is *wrong* about such a hit (the figure is not about that species) is decided by
:mod:`pfocr_genes.rules.species`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from pfocr_genes.flags import ROUTE_OF_SOURCE
from pfocr_genes.lexicons import lexicons_for
from pfocr_genes.model import Ortholog
from pfocr_genes.records import Hit
from pfocr_genes.resolver import Resolver
from pfocr_genes.snapshot import Gene
from pfocr_genes.species import SpeciesIndex
from pfocr_genes.taxa import MOUSE, RAT, FigureSpecies, Taxon, species_name
from pfocr_genes.textnorm import lookup_key

#: Snapshot tables of the species whose symbols the embedded data knows (MGI, RGD).
_TABLE_SPECIES = {MOUSE: "Mus musculus", RAT: "Rattus norvegicus"}
#: Route ranks: a symbol hit says more than a synonym hit.
_RANK = {"symbol": 0, "previous symbol": 1, "family": 2, "alias": 3, "NCBI synonym": 3}


def table_ortholog(symbol: str, taxon_id: str, species: SpeciesIndex, resolver: Resolver) -> Ortholog | None:
    """The human ortholog of a mouse or rat symbol through HGNC's MGI/RGD ids (one gene only)."""
    name = _TABLE_SPECIES.get(taxon_id)
    found = species.match(symbol, frozenset({name})) if name else None
    return _linked_ortholog(found[1], taxon_id, resolver) if found else None


def _linked_ortholog(rows: Sequence[int], taxon_id: str, resolver: Resolver) -> Ortholog | None:
    """The one human gene HGNC links a mouse or rat gene to (several: none is *the* ortholog)."""
    if len(rows) != 1:
        return None
    g = resolver.snapshot.gene(rows[0])
    return _ortholog(g, f"HGNC's {'MGI' if taxon_id == MOUSE else 'RGD'} link of {g.symbol}")


def _ortholog(g: Gene, source: str) -> Ortholog:
    return Ortholog(symbol=g.symbol, hgnc_id=g.hgnc_id, entrez_id=g.entrez_id, source=source)


def _human_gene(symbol: str, resolver: Resolver) -> Gene | None:
    res = resolver.lookup(symbol)
    best = res.best
    if best is None or best.row is None or best.match not in ("approved", "previous"):
        return None
    return resolver.snapshot.gene(best.row)


def figure_ortholog(text: str, words: Sequence[str], human_by_word: Mapping[str, Sequence[Hit]],
                    resolver: Resolver) -> Ortholog | None:
    """The human gene the same OCR words hit in this figure: its counterpart there.

    One human gene: that one. Several (ERK -> MAPK1, MAPK3): the one whose symbol is the
    keyword's (Mdh1 -> MDH1), else the one the word reached as its symbol; else none.
    """
    seen: dict[str, tuple[int, str]] = {}
    for w in words:
        for h in human_by_word.get(w, ()):
            rank = _RANK.get(ROUTE_OF_SOURCE.get(h.source, "alias"), 3)
            if h.symbol not in seen or rank < seen[h.symbol][0]:
                seen[h.symbol] = (rank, w)
    if not seen:
        return None
    if len(seen) > 1:
        key = lookup_key(text)
        same = [s for s in seen if lookup_key(s) == key]
        by_symbol = [s for s, (r, _) in seen.items() if r == 0]
        pick = same or (by_symbol if len(by_symbol) == 1 else [])
        if not pick:
            return None
        seen = {pick[0]: seen[pick[0]]}
    symbol, (_, word) = next(iter(seen.items()))
    g = _human_gene(symbol, resolver)
    source = f"the same OCR word '{word}' also hit human {symbol} in this figure (PFOCR word table)"
    if g is None:
        return Ortholog(symbol=symbol, hgnc_id=None, entrez_id=None, source=source)
    return _ortholog(g, source)


def _route(h: Hit) -> str:
    return ROUTE_OF_SOURCE.get(h.source, "alias")


def word_table_fields(text: str, hits: Sequence[Hit], human_by_word: Mapping[str, Sequence[Hit]],
                      fsp: FigureSpecies, *, species: SpeciesIndex, resolver: Resolver) -> dict[str, Any]:
    """The fields of a keyword whose word-table hits are all of other species.

    Several species (a word read as a fly and a zebrafish gene): the one the figure is about,
    else the one with most hits.
    """
    tid = hits[0].taxon_id
    counts = Counter(h.taxon_id for h in hits) if any(h.taxon_id != tid for h in hits) else {tid: len(hits)}
    if len(counts) > 1:
        tid = max(counts, key=lambda t: (fsp.is_about(t), counts[t], t))
    mine = [h for h in hits if h.taxon_id == tid] if len(counts) > 1 else list(hits)
    if len(mine) > 1:
        mine.sort(key=lambda h: _RANK.get(_route(h), 3))
    best = mine[0]
    name = species_name(tid, best.organism)
    words = tuple(dict.fromkeys(h.word for h in mine))
    ortholog = table_ortholog(text, tid, species, resolver) or figure_ortholog(text, words, human_by_word, resolver)
    others = sorted({species_name(t, next(h.organism for h in hits if h.taxon_id == t))
                     for t in counts if t != tid}) if len(counts) > 1 else ()
    why = f"{name} gene {text} in PFOCR's word table (NCBI Gene {best.entrez_id or '?'}; from " \
          f"{', '.join(repr(w) for w in words[:3])})"
    if others:
        why += f"; also hit in {', '.join(others)}"
    return {
        "text": text, "kind": "gene", "why": why, "species": name, "taxon_id": tid, "symbol": text,
        "entrez_id": best.entrez_id or None, "match": _route(best),
        "source": f"PFOCR word table: {best.organism} lexicon, {best.source} "
                  f"('{best.word}' matched {best.match or text})",
        "ocr_words": words, "human_ortholog": ortholog, "alternatives": (),
    }


def table_species_fields(text: str, taxon_id: str, rows: Sequence[int], resolver: Resolver) -> dict[str, Any]:
    """The fields of a keywords-only mouse or rat symbol (MGI/RGD table)."""
    name = species_name(taxon_id)
    ortholog = _linked_ortholog(rows, taxon_id, resolver)
    return {"species": name, "taxon_id": taxon_id, "symbol": text, "hgnc_id": None, "entrez_id": None,
            "match": "symbol", "human_ortholog": ortholog,
            "source": f"{'MGI' if taxon_id == MOUSE else 'RGD'} gene table ({name} symbol {text}; "
                      "NCBI id needs the word table or the online client)"}


# --- keywords only: species without an offline lexicon ------------------------------------

#: Nomenclature of species the embedded data has no lexicon for: a keyword of this shape that
#: is not a human symbol is more likely that species' gene (fly ``dpp``, ``CkIIbeta``;
#: zebrafish ``abca1a``; worm ``daf-16``) than a human alias (``dpp`` -> DSPP).
_NOMENCLATURE: dict[str, re.Pattern[str]] = {
    # lower case, or capitalized with lower case letters after (not UPPER with a suffix like TNF-a)
    "7227": re.compile(r"^(?:[a-z][a-z0-9]*(?:[-:.][A-Za-z0-9]+)*|[A-Z][a-z]+[A-Za-z0-9]*(?:[-:.][A-Za-z0-9]+)*)$"),
    "7955": re.compile(r"^[a-z][a-z0-9]*\d[a-z]?(?:[-.][a-z0-9]+)*$|^[a-z]{3,}[a-z0-9]*$"),
    "6239": re.compile(r"^[a-z]{3,4}-\d+(?:\.\d+)?$"),
}


def looks_like_species_gene(text: str, taxa: Sequence[Taxon]) -> tuple[Taxon, ...]:
    """The species among ``taxa`` (lexicons not embedded) whose nomenclature ``text`` fits.

    Only shapes that human symbols never take count: human symbols are upper case (with a
    lower-case orf/ suffix at most), so a lower-case or capitalized word is not one.
    """
    if not text or not any(c.islower() for c in text[1:] or text):
        return ()
    return tuple(t for t in taxa if (rx := _NOMENCLATURE.get(t.taxon_id)) is not None and rx.match(text))


# --- keywords only: species lexicons of a data update ----------------------------------------

def lexicon_fields(text: str, taxa: Sequence[str], resolver: Resolver, *,
                   synonyms: bool) -> dict[str, Any] | None:
    """The fields of a keyword found in the lexicon of one of ``taxa`` (species the record
    names whose lexicon ``pfocr-genes data update`` installed): its species' symbol and NCBI
    id, and the human ortholog NCBI's gene_orthologs gives. Exact symbols only, unless
    ``synonyms`` (the keyword is written in that species' nomenclature); several genes or
    species: the first species that has exactly one."""
    lex = lexicons_for(resolver.snapshot.data_dir)
    for tid in taxa:
        found = [g for g in lex.lookup(text, tid) if g.match == "symbol" or (synonyms and g.match == "synonym")]
        if len(found) != 1:
            continue
        g = found[0]
        ortholog = None
        if g.human_entrez_id:
            row = resolver.snapshot.row_of_entrez(g.human_entrez_id)
            hg = resolver.snapshot.gene(row) if row is not None else None
            ortholog = Ortholog(symbol=hg.symbol if hg else (g.human_symbol or ""), hgnc_id=hg.hgnc_id if hg else None,
                                entrez_id=g.human_entrez_id, source="NCBI gene_orthologs (data update)")
        name = species_name(tid)
        return {"kind": "gene", "species": name, "taxon_id": tid, "symbol": g.symbol, "entrez_id": g.entrez_id,
                "hgnc_id": None, "name": g.name, "locus_type": g.type_of_gene or None,
                "match": "symbol" if g.match == "symbol" else "NCBI synonym", "human_ortholog": ortholog,
                "why": f"{name} gene {g.symbol} (NCBI Gene {g.entrez_id}) in the species lexicon of the snapshot "
                       f"in use ({g.match} {g.matched or text}); the record's organism recognition names {name}",
                "source": f"NCBI Gene {name} lexicon ({g.match}), from pfocr-genes data update"}
    return None
