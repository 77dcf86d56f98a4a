"""``normalize_figure()``: a clean, typed, explained account of one figure's keywords.

The result is a frozen :class:`FigureResult`; ``to_dict()`` is the stable contract other
tools parse (documented in ``docs/result.md``): one entry per keyword of the record, in
record order, ``text`` exactly as in the record, fields that do not apply set to null.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from pfocr_genes.caption import NON_ANIMAL, CaptionIndex, OrganismContext, organism_context
from pfocr_genes.classify import classify
from pfocr_genes.flags import ROUTE_OF_SOURCE
from pfocr_genes.lexicons import lexicons_for
from pfocr_genes.model import Candidate, Ortholog
from pfocr_genes.records import FigureRecord, Hit, RecordError, hits_path_for, load_hits, load_record
from pfocr_genes.resolver import Resolver, default_resolver
from pfocr_genes.rules.species import species_verdict
from pfocr_genes.scoring import check_threshold
from pfocr_genes.species import MOUSE, SpeciesIndex, record_species
from pfocr_genes.species_genes import lexicon_fields, table_species_fields, word_table_fields
from pfocr_genes.suspects import FigureEvidence, Flag, assess
from pfocr_genes.taxa import HUMAN, MAX_PAPER_ORGANISMS, FigureSpecies, figure_species, taxon
from pfocr_genes.taxa import MOUSE as MOUSE_TAXON
from pfocr_genes.taxa import RAT as RAT_TAXON
from pfocr_genes.terms import TermIndex, default_terms

HUMAN_NAME = "Homo sapiens"

if TYPE_CHECKING:  # the online modes load requests-cache (~0.2 s): only when used
    from pfocr_genes.mygene_client import MyGeneClient
    from pfocr_genes.online import OnlineCheck


@attrs.frozen(slots=True)
class KeywordResult:
    """One keyword of the record, classified and explained.

    ``why`` says why it got its ``kind``; for genes ``source`` says which table supports
    the match, ``candidates`` keeps every other gene the text could mean, ``ocr_words`` the
    OCR words that produced it (when a hits table was given) and ``caption_evidence`` the
    places where the gene is named in the title or caption. ``suspect``, ``score``,
    ``reasons`` and ``alternative`` are filled by the suspect-hit rules.

    Genes of every species: ``species``/``taxon_id`` name the gene's species (``Homo
    sapiens``/``9606`` for human genes), ``symbol`` and ``entrez_id`` are that species' own,
    ``hgnc_id`` is set for human genes only and ``human_ortholog`` links another species' gene
    to its human counterpart (with the source of that link). A keywords-only gene of a species
    without an offline lexicon has no species: ``species_candidates`` lists the taxa it may be.
    """

    text: str
    kind: str
    why: str
    species: str | None = None
    taxon_id: str | None = None
    symbol: str | None = None
    hgnc_id: str | None = None
    entrez_id: str | None = None
    name: str | None = None
    locus_type: str | None = None
    match: str | None = None
    source: str | None = None
    family: str | None = None
    candidates: tuple[Candidate, ...] = ()
    mesh_id: str | None = None
    label: str | None = None
    term_id: str | None = None
    drug: bool | None = None
    drug_reason: str | None = None
    alternatives: tuple[str, ...] = ()
    ocr_words: tuple[str, ...] = ()
    caption_evidence: tuple[str, ...] = ()
    suspect: bool | None = None
    score: float | None = None
    reasons: tuple[str, ...] | None = None
    alternative: str | None = None
    flags: tuple[Flag, ...] = ()
    #: what speaks for the gene after the rules ran (title/caption mentions the flags do not
    #: read otherwise); a supported gene keeps half of the hand-set score
    support: tuple[str, ...] = ()
    human_ortholog: Ortholog | None = None
    species_candidates: tuple[str, ...] = ()
    #: MyGene.info's check of the gene (online and verify modes only; see :mod:`pfocr_genes.online`)
    online: OnlineCheck | None = None

    def _repr_html_(self) -> str:
        """Jupyter's view: one keyword row, kind in colour, ids linked, reasons and score."""
        from pfocr_genes.review import keyword_html  # noqa: PLC0415 - review imports this module

        return keyword_html(self)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "text": self.text, "kind": self.kind, "species": self.species, "taxon_id": self.taxon_id,
            "symbol": self.symbol,
            "hgnc_id": self.hgnc_id, "entrez_id": self.entrez_id, "match": self.match,
            "mesh_id": self.mesh_id, "label": self.label, "suspect": self.suspect, "score": self.score,
            "reasons": list(self.reasons) if self.reasons is not None else None,
            "alternative": self.alternative, "why": self.why, "name": self.name,
            "locus_type": self.locus_type, "source": self.source, "family": self.family,
            "candidates": [{"symbol": c.symbol, "hgnc_id": c.hgnc_id, "entrez_id": c.entrez_id,
                            "match": c.match, "source": c.source} for c in self.candidates],
            "term_id": self.term_id, "drug": self.drug, "drug_reason": self.drug_reason,
            "alternatives": list(self.alternatives), "ocr_words": list(self.ocr_words),
            "caption_evidence": list(self.caption_evidence),
            "flags": [f.to_dict() for f in self.flags],
            "support": list(self.support),
            "human_ortholog": self.human_ortholog.to_dict() if self.human_ortholog is not None else None,
            "species_candidates": list(self.species_candidates),
            "online": self.online.to_dict() if self.online is not None else None,
        }
        return d


@attrs.frozen(slots=True)
class Group:
    """Keywords that denote the same gene or term (``id``: HGNC/NCBI or MeSH/DOID id)."""

    kind: str
    id: str
    label: str
    keywords: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "label": self.label, "keywords": list(self.keywords)}


@attrs.frozen(slots=True)
class FigureResult:
    """The cleaned keywords of one figure record."""

    figid: str | None
    pmcid: str | None
    figtitle: str | None
    papertitle: str | None
    path: str | None
    keywords: tuple[KeywordResult, ...]
    hits_used: bool
    #: which word table was used: its path, ``genes: block of the record`` (older layout),
    #: ``given`` (passed by the caller), or ``None`` (keywords only)
    hits_source: str | None = None

    @cached_property
    def groups(self) -> tuple[Group, ...]:
        """Keywords that denote the same gene or term. Derived from ``keywords`` on first use:
        a batch export that never reads them does not pay for them."""
        return _groups(self.keywords)

    @cached_property
    def unclassified(self) -> tuple[str, ...]:
        """The keywords that are neither a gene, family, disease, chemical nor organism."""
        return tuple(k.text for k in self.keywords if k.kind == "other")

    def _repr_html_(self) -> str:
        """Jupyter's view: the figure's card (title linked to PMC, caption with the gene words
        highlighted when the record file is at hand, one row per keyword)."""
        from pfocr_genes.review import figure_html  # noqa: PLC0415 - review imports this module

        record = None
        if self.path:
            with contextlib.suppress(RecordError):
                record = load_record(self.path)
        return figure_html(self, record=record)

    def by_kind(self, kind: str) -> tuple[KeywordResult, ...]:
        return tuple(k for k in self.keywords if k.kind == kind)

    def to_dict(self) -> dict[str, Any]:
        return {
            "figid": self.figid, "pmcid": self.pmcid, "figtitle": self.figtitle,
            "papertitle": self.papertitle, "path": self.path, "hits_used": self.hits_used,
            "hits_source": self.hits_source,
            "keywords": [k.to_dict() for k in self.keywords],
            "groups": [g.to_dict() for g in self.groups],
            "unclassified": list(self.unclassified),
        }

    def to_frame(self):
        """One row per keyword as a pandas DataFrame (needs ``pip install pandas``)."""
        try:
            import pandas as pd  # noqa: PLC0415 - optional dependency
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_frame() needs pandas: pip install pandas") from exc
        rows = []
        for k in self.keywords:
            d = k.to_dict()
            d["candidates"] = [c["symbol"] for c in d["candidates"]]  # lists stay lists: a reason may hold "; "
            rows.append({"figid": self.figid, **d})
        return pd.DataFrame(rows)


def _gene_fields(c: Candidate) -> dict[str, Any]:
    return {"symbol": c.symbol, "hgnc_id": c.hgnc_id, "entrez_id": c.entrez_id, "name": c.name,
            "locus_type": c.locus_type, "match": c.match, "source": c.source}


@cache
def _default_species() -> SpeciesIndex:
    return SpeciesIndex()


def _keyword_fields(text: str, species: frozenset[str], caption: CaptionIndex, words_by_symbol: Mapping[str, list[str]],
                    *, resolver: Resolver, terms: TermIndex) -> tuple[dict[str, Any], int | None]:
    """The keyword's fields, and the snapshot row of the gene it was resolved to (if one).

    Fields, not a :class:`KeywordResult`: the suspect verdict is added before the frozen
    result is built, once (``attrs.evolve`` per keyword was a tenth of the run time).
    """
    base, row = _decided_fields(text, species, resolver, terms, _default_species())
    fields = dict(base)
    if fields["kind"] in ("gene", "family"):
        symbol = fields.get("symbol")
        if words_by_symbol:
            words = [w for s in ({text, symbol} if symbol else {text}) for w in words_by_symbol.get(s, ())]
            fields["ocr_words"] = tuple(dict.fromkeys(words))
        if row is not None:
            fields["caption_evidence"] = caption.evidence(resolver.snapshot.gene(row))
    return fields, row


@lru_cache(maxsize=1 << 14)
def _decided_fields(text: str, species: frozenset[str], resolver: Resolver, terms: TermIndex,
                    sp_index: SpeciesIndex) -> tuple[Mapping[str, Any], int | None]:
    """What a keyword is, whatever the figure: its classification and resolved gene (cached;
    the same keywords recur across a corpus). Callers copy the fields before adding to them."""
    d = classify(text, resolver, terms, sp_index, species)
    res = d.resolution
    fields: dict[str, Any] = {"text": text, "kind": d.kind, "why": d.why, "alternatives": d.alternatives}
    lexicon = _from_lexicons(text, d, species, resolver) if species else None
    if lexicon is not None:
        fields.update(lexicon, candidates=tuple(res.candidates), ocr_words=())
        return fields, None
    if d.kind in ("gene", "family"):
        chosen: Candidate | None = None
        row: int | None = None
        if d.species:  # a mouse or rat symbol (MGI/RGD tables)
            tid = MOUSE_TAXON if d.species == MOUSE else RAT_TAXON
            fields.update(table_species_fields(text, tid, d.ortholog_rows, resolver))
            fields["candidates"] = tuple(res.candidates)
        elif d.species_candidates:  # a gene of a species without an embedded lexicon
            fields.update(species_candidates=tuple(t.taxon_id for t in d.species_candidates),
                          match="nomenclature", source="organisms_ner + gene nomenclature",
                          candidates=tuple(res.candidates))
        else:
            chosen = next((c for c in res.candidates if c.symbol == text and c.match == "approved"), None)
            if chosen is None and res.unique and res.kind == "gene":
                chosen = res.best
            fields.update(species=HUMAN_NAME, taxon_id=HUMAN)
            if chosen is not None:
                row = chosen.row
                fields.update(_gene_fields(chosen))
                fields["candidates"] = tuple(c for c in res.candidates if c is not chosen)
            else:
                fields["candidates"] = tuple(res.candidates)
                fields["match"] = res.best.match if res.best else None
            fields["family"] = res.family
        fields["ocr_words"] = ()
        return fields, row
    if d.term is not None:
        t = d.term.terms[0]
        fields.update(mesh_id=t.mesh_id, label=t.label, term_id=t.id, source=t.source,
                      match=d.term.how)
        if d.kind == "chemical":
            fields.update(drug=bool(t.drug), drug_reason=t.drug or None)
    return fields, None


def _from_lexicons(text: str, d: Any, species: frozenset[str], resolver: Resolver) -> dict[str, Any] | None:
    """A keyword found in the installed lexicon of a species the record names (after
    ``pfocr-genes data update``): not for words written exactly as a human symbol, nor for
    vocabulary terms unless written in that species' nomenclature."""
    have = lexicons_for(resolver.snapshot.data_dir).taxa()
    if not have:
        return None  # the embedded snapshot: no lexicons
    taxa = [t.taxon_id for t in map(lambda n: taxon(name=n), species) if t is not None and t.taxon_id in have]
    if not taxa or any(c.symbol == text and c.match == "approved" for c in d.resolution.candidates):
        return None
    if d.kind not in ("gene", "family", "other") and not d.species_candidates:
        return None
    return lexicon_fields(text, taxa, resolver, synonyms=bool(d.species_candidates))


def _groups(results: Sequence[KeywordResult]) -> tuple[Group, ...]:
    groups: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for k in results:
        if k.kind == "gene" and k.symbol:
            gid = k.hgnc_id or f"NCBIGene:{k.entrez_id}"
            key, label = ("gene", gid), k.symbol
        elif k.kind in ("disease", "chemical", "organism") and (k.mesh_id or k.term_id):
            key, label = (k.kind, k.mesh_id or k.term_id or ""), k.label or k.text
        else:
            continue
        groups.setdefault(key, (label, []))[1].append(k.text)
    return tuple(Group(kind=kind, id=gid, label=label, keywords=tuple(kws))
                 for (kind, gid), (label, kws) in groups.items())


def with_keywords(result: FigureResult, keywords: Sequence[KeywordResult]) -> FigureResult:
    """``result`` with new keyword results (groups and unclassified recomputed)."""
    kws = tuple(keywords)
    return attrs.evolve(result, keywords=kws)


def _resolve_hits(record: FigureRecord, original: Any, hits: Any) -> tuple[tuple[Hit, ...] | None, str | None]:
    """The word table to use and where it came from (see :attr:`FigureResult.hits_source`)."""
    if hits is False:
        return None, None
    if hits is None:
        if isinstance(original, (str, Path)):
            for p in _hits_paths(original, record.figid):
                if p.exists():
                    return load_hits(p), str(p)
        return (record.hits, GENES_BLOCK) if record.hits is not None else (None, None)
    if isinstance(hits, (str, Path)):
        return load_hits(hits), str(hits)
    return tuple(hits), "given"


#: :attr:`FigureResult.hits_source` of hits listed inside the record (older layout)
GENES_BLOCK = "genes: block of the record"


def _hits_paths(path: str | Path, figid: str | None) -> list[Path]:
    """Where the word table of a record file may be: ``<figid>-genes.tsv`` beside it (the
    PFOCR database's name), then ``<file name>-genes.tsv``."""
    by_name = hits_path_for(path)
    if figid and "/" not in figid and figid != Path(path).stem:
        return [by_name.with_name(f"{figid}-genes.tsv"), by_name]
    return [by_name]


@lru_cache(maxsize=1 << 12)
def _paper_kingdoms(organisms: tuple[str, ...], terms: TermIndex) -> frozenset[str]:
    """The non-animal kingdoms of a paper's organisms (few distinct lists recur across a corpus)."""
    return frozenset(organism_context((), terms, titles=organisms).kingdoms & NON_ANIMAL)


def _figure_species(rec: FigureRecord, organisms: OrganismContext, terms: TermIndex) -> FigureSpecies:
    """Which species the figure is about (:func:`pfocr_genes.taxa.figure_species`), with the
    kingdoms its caption reading and its paper-level organisms place it in."""
    # a tie of plant and animal words ("plant cell" reads as a cell) goes to the plant here: a
    # species decision needs only that the kingdom is a subject of the figure
    kingdoms = set(organisms.kingdoms & NON_ANIMAL) if 0 < organisms.animal_mentions <= organisms.non_animal_mentions \
        else set((organisms.non_animal or "").split(", ")) - {""}
    if 0 < len(rec.organisms) <= MAX_PAPER_ORGANISMS:
        kingdoms |= _paper_kingdoms(rec.organisms, terms)
    return figure_species(title=rec.figtitle, caption=rec.caption, papertitle=rec.papertitle,
                          organisms=rec.organisms, kingdoms=kingdoms)


class _FigureContext:
    """What a figure's texts say about organisms, read once and shared by every rule that
    asks (lazily: a figure without gene keywords never needs it)."""

    def __init__(self, rec: FigureRecord, terms: TermIndex) -> None:
        self.rec = rec
        self.terms = terms

    @cached_property
    def organisms(self) -> OrganismContext:
        rec = self.rec
        return organism_context((rec.caption,), self.terms, titles=(rec.figtitle, rec.papertitle))

    @cached_property
    def species(self) -> FigureSpecies:
        return _figure_species(self.rec, self.organisms, self.terms)


def _flag_suspects(pairs: Sequence[tuple[dict[str, Any], int | None]], ctx: _FigureContext, *,
                   hits: Sequence[Hit] | None, human_hits: Sequence[Hit] | None, caption: CaptionIndex,
                   resolver: Resolver, terms: TermIndex, threshold: float) -> tuple[KeywordResult, ...]:
    """The keyword results, with the suspect verdict (``suspect``, ``score``, ``reasons``,
    ``flags``, ``alternative``) on every gene keyword resolved to one gene of its species;
    ``suspect`` is ``score >= threshold``.

    Human genes go through the human rules (:func:`pfocr_genes.suspects.assess`) with the
    human hits only: a word read as a human gene and as its fly counterpart is one gene seen in
    two lexicons, not an alias collision. Genes of other species go through
    :func:`pfocr_genes.rules.species.species_verdict`.
    """
    snap = resolver.snapshot
    genes = [snap.gene(row) for f, row in pairs if row is not None and f["kind"] == "gene"]
    foreign = [f for f, row in pairs if f["kind"] == "gene" and row is None and _other_species(f)]
    if not genes and not foreign:
        return tuple(KeywordResult(**f) for f, _ in pairs)
    rec = ctx.rec
    organisms = ctx.organisms
    if foreign:
        fsp = ctx.species
        word_genes = _species_word_genes(hits)
        for f in foreign:
            v = species_verdict(f, fsp, organisms_ner=rec.organisms_ner, terms=terms, caption_keys=caption.word_keys,
                                word_genes=word_genes, resolver=resolver)
            f.update(suspect=v.score >= threshold, score=v.score, reasons=v.reasons, flags=v.flags,
                     alternative=v.alternative, support=v.support)
    if not genes:
        return tuple(KeywordResult(**f) for f, _ in pairs)
    ev = FigureEvidence(genes, human_hits, caption=caption, organisms=organisms, resolver=resolver, terms=terms)
    out = []
    for f, row in pairs:
        if row is not None and f["kind"] == "gene":
            routes = ev.routes.get(f["text"]) or ev.routes.get(f.get("symbol") or "") or ()
            v = assess(snap.gene(row), routes, ev, f.get("caption_evidence", ()))
            f.update(suspect=v.score >= threshold, score=v.score, reasons=v.reasons, flags=v.flags,
                     alternative=v.alternative, support=v.support)
        out.append(KeywordResult(**f))
    return tuple(out)


def _species_word_genes(hits: Sequence[Hit] | None) -> dict[tuple[str, str], dict[str, str]]:
    """(taxon, OCR word) -> {gene symbol of that taxon: how the word reached it}, other species only."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for h in hits or ():
        if not h.human:
            out.setdefault((h.taxon_id, h.word), {})[h.symbol] = ROUTE_OF_SOURCE.get(h.source, "alias")
    return out


def _other_species(f: Mapping[str, Any]) -> bool:
    return bool(f.get("species_candidates")) or (f.get("taxon_id") or HUMAN) != HUMAN


def normalize_figure(record: Any, *, hits: Any = None, resolver: Resolver | None = None,
                     terms: TermIndex | None = None, online: bool | str = False,
                     client: MyGeneClient | None = None, threshold: float | None = None) -> FigureResult:
    """Classify and resolve every keyword of one figure record.

    Args:
        record: a path to a ``.md`` record (YAML front matter), ``.yaml``/``.yml`` or
            ``.json`` file, a ``dict`` with the record fields, or a list of keywords.
        hits: PFOCR word-level hits. ``None`` (default): ``<figid>-genes.tsv`` next to a
            record file when there is one, else ``<file name>-genes.tsv``, else the hits the
            record lists itself (older layout); ``False``: keywords only; a path: that
            table; or an iterable of :class:`~pfocr_genes.records.Hit`.
        resolver: a :class:`~pfocr_genes.resolver.Resolver` (default: embedded snapshot).
        terms: a :class:`~pfocr_genes.terms.TermIndex` (default: embedded snapshot).
        online: ``False``/``"offline"`` (default: no network), ``True``/``"online"``
            (MyGene.info first, snapshot fallback) or ``"verify"`` (report disagreements
            only); see :mod:`pfocr_genes.online`.
        client: the :class:`~pfocr_genes.mygene_client.MyGeneClient` for the online modes
            (default: one per process, cache in the user's cache directory).
        threshold: a gene keyword is ``suspect`` when its ``score`` (the fitted probability
            that the hit is wrong) is at least this; ``None``: 0.5. Lower it to catch more
            wrong hits at the cost of more right ones flagged.

    Raises:
        RecordError: the record or hits table cannot be read (names file and problem).
        ValueError: ``threshold`` is not a number from 0 to 1.
    """
    cutoff = check_threshold(threshold)
    if online is not False and online != "offline":
        from pfocr_genes.online import check_results, default_client, parse_mode  # noqa: PLC0415

        mode = parse_mode(online)
    else:
        mode = "offline"
    rec = load_record(record)
    hit_rows, hits_source = _resolve_hits(rec, record, hits)
    resolver = resolver or default_resolver()
    terms = terms or default_terms()
    species = record_species(rec.figtitle, rec.caption, rec.papertitle,
                             organisms=rec.organisms + rec.organisms_ner)
    caption = CaptionIndex(title=rec.figtitle, caption=rec.caption, papertitle=rec.papertitle)
    words_by_symbol: dict[str, list[str]] = {}
    other_hits: dict[str, list[Hit]] = {}
    human_by_word: dict[str, list[Hit]] = {}
    human_hits: list[Hit] | None = [] if hit_rows is not None else None
    for h in hit_rows or ():
        if h.taxon_id == HUMAN:
            human_hits.append(h)  # type: ignore[union-attr]
            words_by_symbol.setdefault(h.symbol, []).append(h.word)
            human_by_word.setdefault(h.word, []).append(h)
        else:
            other_hits.setdefault(h.symbol, []).append(h)
    ctx = _FigureContext(rec, terms)
    pairs = []
    for text in rec.keywords:
        if text in other_hits and text not in words_by_symbol:
            pairs.append((word_table_fields(text, other_hits[text], human_by_word, ctx.species,
                                            species=_default_species(), resolver=resolver), None))
        else:
            pairs.append(_keyword_fields(text, species, caption, words_by_symbol, resolver=resolver, terms=terms))
    results = _flag_suspects(pairs, ctx, hits=hit_rows, human_hits=human_hits, caption=caption, resolver=resolver,
                             terms=terms, threshold=cutoff)
    result = FigureResult(
        figid=rec.figid, pmcid=rec.pmcid, figtitle=rec.figtitle, papertitle=rec.papertitle,
        path=rec.path, keywords=results,
        hits_used=hit_rows is not None, hits_source=hits_source,
    )
    if mode == "offline":
        return result
    return check_results([result], client or default_client(), mode)[0]
