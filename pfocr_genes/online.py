"""Offline, online and verify modes: what MyGene.info adds to a cleaned figure.

The keyword classification and the suspect rules always run on the embedded snapshot
(they need the whole lexicon, not one answer per term). The modes differ in what happens
to the gene identities afterwards:

- ``offline`` (default): nothing; no network at all.
- ``online``: MyGene.info first. Each resolved gene is fetched by its Entrez id: a symbol
  renamed since the snapshot, or an id merged into another, updates the keyword; a gene
  the snapshot could not pin down (ambiguous alias, unknown word) is looked up as an exact
  symbol and filled in when MyGene.info names exactly one gene. Genes of other species are
  looked up in their own species (``species=<taxon>``): the species' NCBI id (keywords-only
  mouse and rat symbols, and genes of a species without an offline lexicon whose record
  names it) and the human ortholog from the gene's HomoloGene group.
- ``verify``: the same look-ups, but the keyword keeps the snapshot's answer and carries a
  report of the disagreement (renamed, merged, withdrawn...).

Every keyword so checked carries an :class:`OnlineCheck` saying who answered (``mygene``
or, when the service was unreachable, ``snapshot``) and why. Look-ups are batched over
all the figures given, so a batch of 10,000 figures costs a few dozen requests.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, Literal

import attrs

from pfocr_genes.model import Ortholog
from pfocr_genes.mygene_client import GeneRecord, Lookup, MyGeneClient, Source
from pfocr_genes.taxa import HUMAN, species_name

Mode = Literal["offline", "online", "verify"]
Status = Literal["agrees", "renamed", "merged", "withdrawn", "added", "species_gene", "ambiguous", "notfound",
                 "unchecked"]
HUMAN_TAXON = 9606


def parse_mode(online: bool | str | None) -> Mode:
    """``False``/``None``/``"offline"`` -> offline, ``True``/``"online"`` -> online, ``"verify"``."""
    if online is None or online is False or online == "offline":
        return "offline"
    if online is True or online == "online":
        return "online"
    if online == "verify":
        return "verify"
    raise ValueError(f"online must be True, False, 'offline', 'online' or 'verify', not {online!r}")


@cache
def default_client() -> MyGeneClient:
    """The process-wide client for https://mygene.info/v3 (cache in the user's cache dir)."""
    return MyGeneClient()


@attrs.frozen(slots=True)
class OnlineCheck:
    """MyGene.info's view of one keyword's gene, next to the snapshot's.

    ``status``: ``agrees``; ``renamed`` (same id, new symbol); ``merged`` (the id now
    points to another gene); ``withdrawn`` (MyGene.info no longer has the id); ``added``
    (the snapshot had no single gene, MyGene.info names one); ``species_gene`` (the gene
    of another species itself, with ``taxon_id`` and its ``human_ortholog`` when its
    HomoloGene group has a human member); ``ambiguous``/``notfound`` (MyGene.info cannot pin it down
    either); ``unchecked`` (the service was unreachable: ``source`` is ``snapshot``).
    ``symbol``/``entrez_id``/``hgnc_id`` are MyGene.info's answer when there is one.
    """

    status: Status
    source: Source
    note: str
    symbol: str | None = None
    entrez_id: str | None = None
    hgnc_id: str | None = None
    name: str | None = None
    cached: bool = False
    taxon_id: str | None = None
    human_ortholog: Ortholog | None = None

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


def _by_id(k: Any, lk: Lookup) -> OnlineCheck:
    eid = k.entrez_id
    if lk.source == "snapshot":
        return OnlineCheck("unchecked", "snapshot", f"not checked: {lk.error}", k.symbol, eid, k.hgnc_id)
    if lk.notfound:
        return OnlineCheck("withdrawn", "mygene", f"MyGene.info has no gene {eid}: discontinued or withdrawn "
                           "since the snapshot; snapshot answer kept", cached=lk.cached)
    g = lk.genes[0]
    fields = {"symbol": g.symbol, "entrez_id": g.entrez_id or g.id, "hgnc_id": g.hgnc_id, "name": g.name,
              "cached": lk.cached}
    if g.id != eid:
        return OnlineCheck("merged", "mygene", f"NCBI Gene {eid} ({k.symbol}) now answers as {g.id} "
                           f"({g.symbol}): merged since the snapshot", **fields)
    if g.symbol != k.symbol:
        return OnlineCheck("renamed", "mygene", f"MyGene.info symbol of NCBI Gene {eid} is {g.symbol}, "
                           f"the snapshot's is {k.symbol}: renamed since the snapshot", **fields)
    return OnlineCheck("agrees", "mygene", f"MyGene.info agrees: NCBI Gene {eid} is {g.symbol}", **fields)


def _by_symbol(k: Any, lk: Lookup, species: str | None) -> OnlineCheck:
    if lk.source == "snapshot":
        return OnlineCheck("unchecked", "snapshot", f"not checked: {lk.error}")
    where = species or "human"
    exact = [g for g in lk.genes if (g.symbol or "").upper() == k.text.upper()] or list(lk.genes)
    if not exact:
        return OnlineCheck("notfound", "mygene", f"MyGene.info has no {where} gene with symbol {k.text}",
                           cached=lk.cached)
    if len(exact) > 1:
        return OnlineCheck("ambiguous", "mygene", f"MyGene.info has {len(exact)} {where} genes for {k.text}: "
                           + ", ".join(f"{g.symbol} ({g.id})" for g in exact[:5]), cached=lk.cached)
    g: GeneRecord = exact[0]
    if species:
        return _species_check(g, lk.cached, "symbol search")
    return OnlineCheck("added", "mygene", f"MyGene.info gene (not pinned down by the snapshot): {g.symbol}, "
                       f"NCBI Gene {g.id}", g.symbol, g.entrez_id or g.id, g.hgnc_id, g.name, cached=lk.cached)


def _species_check(g: GeneRecord, cached: bool, how: str) -> OnlineCheck:
    tid = str(g.taxid) if g.taxid is not None else None
    name = species_name(tid) if tid else "another species"
    return OnlineCheck("species_gene", "mygene", f"MyGene.info {how}: {name} gene {g.symbol}, NCBI Gene {g.id}",
                       g.symbol, g.entrez_id or g.id, None, g.name, cached=cached, taxon_id=tid)


def _with_ortholog(c: OnlineCheck, rec: GeneRecord | None, human: dict[str, Lookup]) -> OnlineCheck:
    """``c`` with the human member of the gene's HomoloGene group, when there is one."""
    hid = rec.homolog_in(HUMAN_TAXON) if rec is not None else None
    if hid is None:
        return c
    lk = human.get(hid)
    h = lk.genes[0] if lk is not None and lk.genes else None
    orth = Ortholog(symbol=h.symbol if h else "", hgnc_id=h.hgnc_id if h else None, entrez_id=hid,
                    source=f"MyGene.info homologene group of NCBI Gene {rec.id if rec else '?'}")
    return attrs.evolve(c, human_ortholog=orth)


def _is_other_species(k: Any) -> bool:
    return k.kind == "gene" and (bool(k.species_candidates) or (k.taxon_id or HUMAN) != HUMAN)


def _apply(k: Any, c: OnlineCheck) -> Any:
    """The keyword with MyGene.info's identity (online mode)."""
    if c.status in ("renamed", "merged"):
        return attrs.evolve(k, symbol=c.symbol, entrez_id=c.entrez_id, hgnc_id=c.hgnc_id or k.hgnc_id,
                            name=c.name or k.name, source=f"{k.source}; {c.note}", online=c)
    if c.status == "species_gene":
        tid = c.taxon_id or k.taxon_id
        return attrs.evolve(k, symbol=c.symbol or k.symbol, entrez_id=c.entrez_id or k.entrez_id,
                            taxon_id=tid, species=species_name(tid) if tid else k.species,
                            human_ortholog=c.human_ortholog or k.human_ortholog,
                            source=f"{k.source}; {c.note}", online=c)
    if c.status == "added":
        return attrs.evolve(k, kind="gene", symbol=c.symbol, entrez_id=c.entrez_id, hgnc_id=c.hgnc_id,
                            name=c.name, match="mygene", source=f"MyGene.info symbol search: {c.note}",
                            why=k.why if k.kind == "gene" else f"{c.note}; not in the snapshot's lexicon",
                            online=c)
    return attrs.evolve(k, online=c)


def check_results(results: Sequence[Any], client: MyGeneClient, mode: Mode) -> list[Any]:
    """``results`` (:class:`~pfocr_genes.figure.FigureResult`) with MyGene.info's checks.

    One batch of ``/v3/gene`` requests for every resolved gene and one ``/v3/query``
    batch per species for the rest, over all figures at once.
    """
    if mode == "offline":
        return list(results)
    ids: list[str] = []
    species_ids: list[str] = []
    by_species: dict[str | None, list[str]] = {}
    for r in results:
        for k in r.keywords:
            if _is_other_species(k) and k.entrez_id:
                species_ids.append(k.entrez_id)
            elif _is_other_species(k):
                by_species.setdefault(k.taxon_id or ",".join(k.species_candidates), []).append(k.text)
            elif k.kind == "gene" and k.entrez_id:
                ids.append(k.entrez_id)
            elif k.kind in ("gene", "other"):
                by_species.setdefault(None, []).append(k.text)
    genes = client.genes(ids) if ids else {}
    species_genes = client.genes(species_ids) if species_ids else {}
    found = {sp: client.query(terms, scopes=("symbol",), species=sp or "human") for sp, terms in by_species.items()}
    # the human members of the HomoloGene groups of the other-species genes, in one batch
    records = [lk.genes[0] for lk in species_genes.values() if lk.genes]
    records += [g for sp, lks in found.items() if sp for lk in lks.values() for g in lk.genes]
    human_ids = sorted({h for g in records if (h := g.homolog_in(HUMAN_TAXON))})
    human = client.genes(human_ids) if human_ids else {}
    from pfocr_genes.figure import with_keywords  # noqa: PLC0415 - figure imports this module

    out = []
    for r in results:
        kws = []
        for k in r.keywords:
            if _is_other_species(k) and k.entrez_id:
                lk = species_genes[k.entrez_id]
                rec = lk.genes[0] if lk.genes and lk.source == "mygene" else None
                if lk.source == "snapshot":  # the snapshot is human: its gene of that id is another gene
                    c = OnlineCheck("unchecked", "snapshot", f"not checked: {lk.error}")
                elif rec is None:
                    c = OnlineCheck("notfound", "mygene", f"MyGene.info has no gene {k.entrez_id}", cached=lk.cached)
                else:
                    c = _with_ortholog(_species_check(rec, lk.cached, "gene by id"), rec, human)
            elif _is_other_species(k):
                lk = found[k.taxon_id or ",".join(k.species_candidates)][k.text]
                c = _by_symbol(k, lk, k.species or "the species organism recognition names")
                rec = next((g for g in lk.genes if g.symbol == c.symbol), None) if c.status == "species_gene" else None
                c = _with_ortholog(c, rec, human)
            elif k.kind == "gene" and k.entrez_id:
                c = _by_id(k, genes[k.entrez_id])
            elif k.kind in ("gene", "other"):
                c = _by_symbol(k, found[None][k.text], None)
                if k.kind == "other" and c.status != "added":
                    kws.append(k)  # an ordinary word MyGene.info does not know either: no report
                    continue
            else:
                kws.append(k)
                continue
            kws.append(_apply(k, c) if mode == "online" else attrs.evolve(k, online=c))
        out.append(with_keywords(r, kws))
    return out
