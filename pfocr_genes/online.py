"""Offline, online and verify modes: what MyGene.info adds to a cleaned figure.

The keyword classification and the suspect rules always run on the embedded snapshot
(they need the whole lexicon, not one answer per term). The modes differ in what happens
to the gene identities afterwards:

- ``offline`` (default): nothing; no network at all.
- ``online``: MyGene.info first. Each resolved gene is fetched by its Entrez id: a symbol
  renamed since the snapshot, or an id merged into another, updates the keyword; a gene
  the snapshot could not pin down (ambiguous alias, unknown word) is looked up as an exact
  symbol and filled in when MyGene.info names exactly one gene. Mouse and rat keywords get
  their own species' gene next to the human ortholog.
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

from pfocr_genes.mygene_client import GeneRecord, Lookup, MyGeneClient, Source

Mode = Literal["offline", "online", "verify"]
Status = Literal["agrees", "renamed", "merged", "withdrawn", "added", "species_gene", "ambiguous", "notfound",
                 "unchecked"]
_TAXA = {"Mus musculus": "10090", "Rattus norvegicus": "10116"}


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
    (the snapshot had no single gene, MyGene.info names one); ``species_gene`` (the
    mouse/rat gene itself); ``ambiguous``/``notfound`` (MyGene.info cannot pin it down
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
    status: Status = "species_gene" if species else "added"
    what = f"{where} gene" if species else "gene (not pinned down by the snapshot)"
    return OnlineCheck(status, "mygene", f"MyGene.info {what}: {g.symbol}, NCBI Gene {g.id}",
                       g.symbol, g.entrez_id or g.id, g.hgnc_id, g.name, cached=lk.cached)


def _apply(k: Any, c: OnlineCheck) -> Any:
    """The keyword with MyGene.info's identity (online mode)."""
    if c.status in ("renamed", "merged"):
        return attrs.evolve(k, symbol=c.symbol, entrez_id=c.entrez_id, hgnc_id=c.hgnc_id or k.hgnc_id,
                            name=c.name or k.name, source=f"{k.source}; {c.note}", online=c)
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
    by_species: dict[str | None, list[str]] = {}
    for r in results:
        for k in r.keywords:
            if k.kind == "gene" and k.species:
                by_species.setdefault(k.species, []).append(k.text)
            elif k.kind == "gene" and k.entrez_id:
                ids.append(k.entrez_id)
            elif k.kind in ("gene", "other"):
                by_species.setdefault(None, []).append(k.text)
    genes = client.genes(ids) if ids else {}
    found = {sp: client.query(terms, scopes=("symbol",), species=_TAXA.get(sp or "", "human"))
             for sp, terms in by_species.items()}
    from pfocr_genes.figure import with_keywords  # noqa: PLC0415 - figure imports this module

    out = []
    for r in results:
        kws = []
        for k in r.keywords:
            if k.kind == "gene" and k.species:
                c = _by_symbol(k, found[k.species][k.text], k.species)
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
