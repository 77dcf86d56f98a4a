"""Resolve a gene-like token to HGNC / NCBI genes, families or lists, with reasons.

Order of evidence, and why:

1. **Direct lookup** of the normalized key (:func:`~pfocr_genes.textnorm.lookup_key`):
   approved symbols, previous symbols, HGNC aliases, NCBI synonyms, approved names and
   curated grounding texts, all in one index built from the snapshot.
2. **HGNC approved symbol wins**: HGNC guarantees an approved symbol names one gene, so a
   token equal to one is ``unique`` even when it is also some other gene's alias (IL25 is
   an alias of MYDGF); the alias genes stay listed after it.
3. **FamPlex family or complex** (VEGF, AKT, NF-κB, mTORC1) comes before any alias: these
   words name a group, and picking the one member whose alias they are (VEGF -> VEGFA)
   would be an arbitrary choice. Candidates are all member genes.
4. **Variants**, tried only when nothing matched as written: ALL-CAPS spelled Greek,
   ``y`` for gamma, plural ``s``, spreadsheet dates, Roman numerals (the last two are
   reported as ``repaired``), and finally OCR lists and ranges (``SMAD2/3``, ``TGF-β1-3``).

Ambiguous tokens keep every candidate and ``unique`` is ``False``: the resolver never
picks one silently.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import cache, cached_property, lru_cache

import attrs

from pfocr_genes import variants
from pfocr_genes.build_data import MATCH_CODES
from pfocr_genes.model import Candidate, Resolution
from pfocr_genes.snapshot import Gene, Snapshot, default_snapshot, read_optional_json
from pfocr_genes.textnorm import SPELLED_GREEK, clean_text, lookup_key

#: The numbered tail of a family member's symbol (IRF3, SOX17A).
NUMBERED_TAIL = re.compile(r"\d{1,2}[A-Z]?")

#: Tokens longer than this are sentences, not gene names (the longest HGNC approved name
#: is shorter); they resolve to ``none`` without lookups.
MAX_TOKEN_LENGTH = 160
_CODE_RANK = {c: i for i, c in enumerate(MATCH_CODES)}
#: Candidate order: HGNC/NCBI aliases and synonyms are one class, ranked by the prior.
_ORDER_RANK = {**_CODE_RANK, "N": _CODE_RANK["L"]}
_MATCH_ORDER = {m: min(_ORDER_RANK[c] for c, (mm, _) in MATCH_CODES.items() if mm == m)
                for m in {m for m, _ in MATCH_CODES.values()}} | {"family_member": -1, "repaired": 99}
_UPPER_GREEK = tuple(n.upper() for n in SPELLED_GREEK)


def _candidate(gene: Gene, match: str, source: str, matched: str, *, family: str | None = None,
               replaced_by: tuple[str, ...] = ()) -> Candidate:
    return Candidate(
        symbol=gene.symbol, hgnc_id=gene.hgnc_id, entrez_id=gene.entrez_id, name=gene.name,
        locus_type=gene.locus_type, match=match, source=source, matched=matched, family=family,
        replaced_by=replaced_by, row=gene.row,
    )


def _gene_id(c: Candidate) -> str:
    return c.hgnc_id or f"NCBIGene:{c.entrez_id}" or c.symbol


class Resolver:
    """Resolves tokens against one :class:`~pfocr_genes.snapshot.Snapshot`.

    Results are cached per token (``cache_size`` most recent), so re-resolving the
    keyword lists of a corpus costs one dictionary look-up per token.
    """

    def __init__(self, snapshot: Snapshot | None = None, cache_size: int = 1 << 15) -> None:
        self.snapshot = snapshot if snapshot is not None else default_snapshot()
        self._cached: Callable[[str], Resolution] = lru_cache(maxsize=cache_size)(self._resolve)

    def resolve(self, token: str, species: str | None = None) -> Resolution:
        """Resolve one token. Never raises for any ``str``; ``TypeError`` for non-strings.

        ``species``: an NCBI taxon id or scientific name (``"7227"``, ``"Drosophila
        melanogaster"``) to look the token up in that species' lexicon (installed by
        ``pfocr-genes data update``; candidates carry the species' NCBI ids, the source names
        the human ortholog) instead of the human lexicon.
        """
        if not isinstance(token, str):
            raise TypeError(f"resolve() takes a str, got {type(token).__name__}")
        if species is not None and str(species) not in ("9606", "human", "Homo sapiens"):
            return self._species(token, str(species))
        return self._cached(token)

    def _species(self, token: str, species: str) -> Resolution:
        from pfocr_genes.lexicons import lexicons_for  # noqa: PLC0415 - only for species look-ups
        from pfocr_genes.taxa import taxon  # noqa: PLC0415

        t = taxon(species if species.isdigit() else None, None if species.isdigit() else species)
        tid = t.taxon_id if t is not None else species
        lex = lexicons_for(self.snapshot.data_dir)
        key = lookup_key(token)
        if tid not in lex.taxa():
            return Resolution(token=token, kind="none", candidates=(), unique=False, key=key,
                              note=f"no lexicon of taxon {tid} in the snapshot in use "
                                   f"(pfocr-genes data update --species {tid} installs one)")
        found = lex.lookup(token, tid)
        cands = tuple(Candidate(
            symbol=g.symbol, hgnc_id=None, entrez_id=g.entrez_id, name=g.name, locus_type=g.type_of_gene,
            match="approved" if g.match.startswith("symbol") else "ncbi_synonym",
            source=f"NCBI Gene taxon {tid} {g.match}" + (
                f"; human ortholog {g.human_symbol} (NCBI Gene {g.human_entrez_id})" if g.human_entrez_id else ""),
            matched=g.matched or g.symbol) for g in found)
        note = (f"{len(cands)} gene(s) of taxon {tid} by {found[0].match}" if found
                else f"not in the lexicon of taxon {tid}")
        return Resolution(token=token, kind="gene" if cands else "none", candidates=cands,
                          unique=len(cands) == 1, key=key, note=note)

    # -- direct evidence -------------------------------------------------------------

    def _hits(self, key: str) -> list[tuple[int, str]]:
        raw = self.snapshot.index.get(key)
        if not raw:
            return []
        return [(int(r), c) for r, c in (item.split(" ") for item in raw.split(","))]

    def _matched_spelling(self, gene: Gene, code: str, key: str, text: str) -> str:
        fields = {
            "A": (gene.symbol,), "S": (gene.symbol,), "W": (gene.symbol,), "P": gene.previous,
            "Q": (gene.ncbi_symbol or "",), "L": gene.aliases, "N": gene.ncbi_synonyms,
            "M": (gene.name,),
        }.get(code, ())
        for s in fields:
            if lookup_key(s) == key:
                return s
        return text  # curated grounding texts are not stored per gene

    def _gene_candidates(self, key: str, text: str) -> list[tuple[str, Candidate]]:
        """(code, candidate) for every gene the key reaches directly, strongest first.

        Within one match type, a spelling equal to the token as written (ignoring case)
        comes first: the key drops punctuation, so MIR124-3 and MIR1243 share a key, but
        a token written ``MIR124-3`` means the first.
        """
        out: list[tuple[str, Candidate]] = []
        seen: set[str] = set()
        for row, code in self._hits(key):
            gene = self.snapshot.gene(row)
            match, source = MATCH_CODES[code]
            matched = self._matched_spelling(gene, code, key, text)
            if code == "W" and gene.replaced_by:
                for r in gene.replaced_by:
                    new = self.snapshot.gene(r)
                    cand = _candidate(new, "withdrawn",
                                      f"HGNC withdrawn symbol {gene.symbol} ({gene.hgnc_id}), "
                                      f"now {new.symbol}", matched)
                    if _gene_id(cand) not in seen:
                        seen.add(_gene_id(cand))
                        out.append((code, cand))
                continue
            if code == "W":
                source = f"HGNC withdrawn entry {gene.hgnc_id} ({gene.name}), no replacement"
            elif code in "PQLNMG":
                source = f"{source} of {gene.symbol}"
            cand = _candidate(gene, match, source, matched)
            if _gene_id(cand) not in seen:
                seen.add(_gene_id(cand))
                out.append((code, cand))
        written = text.upper()
        grounded = set(self.snapshot.families.get("groundings", {}).get(key, ())) if len(out) > 1 else set()
        pubmed = self.pubmed_counts if len(out) > 1 else {}
        # match type first (aliases and NCBI synonyms as one class); within it the spelling
        # as written, the gene curators ground this text to, then the most studied gene
        out.sort(key=lambda cc: (_ORDER_RANK[cc[0]], cc[1].matched.upper() != written, cc[1].row not in grounded,
                                 -pubmed.get(cc[1].entrez_id or "", 0)))
        return out

    @cached_property
    def pubmed_counts(self) -> dict[str, int]:
        """NCBI Gene id -> linked PubMed articles (``pubmed_counts.json.gz``; empty for a
        snapshot built without it): the prior that orders the genes an alias reaches."""
        return read_optional_json(self.snapshot.data_dir / "pubmed_counts.json.gz") or {}

    def _family(self, key: str) -> tuple[str, list[Candidate]] | None:
        fids = self.snapshot.families["names"].get(key)
        if not fids:
            return None
        fams = self.snapshot.families["families"]
        cands: list[Candidate] = []
        seen: set[int] = set()
        for fid in fids:
            for row in fams.get(fid, ()):
                if row not in seen:
                    seen.add(row)
                    cands.append(_candidate(self.snapshot.gene(row), "family_member",
                                            f"FamPlex {fid}: member gene", fid, family=fid))
        return "|".join(fids), cands

    def _direct(self, token: str, text: str, key: str, note: str) -> Resolution | None:
        """Direct evidence for ``key``, or ``None`` when there is none."""
        genes = self._gene_candidates(key, text)
        approved = [c for code, c in genes if code == "A"]
        fam = None if approved else self._family(key)
        if fam is not None:
            fid, members = fam
            member_ids = {_gene_id(c) for c in members}
            extra = [c for _, c in genes if _gene_id(c) not in member_ids]
            return Resolution(
                token=token, kind="family", candidates=tuple(members + extra),
                unique=len(members) + len(extra) == 1, key=key, family=fid,
                note=note or f"FamPlex family/complex {fid} ({len(members)} member genes)"
                + (f"; also an alias of {', '.join(c.symbol for c in extra)}" if extra else ""),
            )
        if not genes:
            return None
        cands = tuple(c for _, c in genes)
        top = genes[0][0]
        top_group = [c for code, c in genes if code == top]
        written = text.upper()
        unique = len(cands) == 1 or (top in "AP" and (
            len(top_group) == 1 or sum(c.matched.upper() == written for c in top_group) == 1))
        if note:
            why = note
        elif len(cands) == 1:
            why = f"{cands[0].match} match: {cands[0].source}"
        elif unique:
            why = f"{MATCH_CODES[top][1]} of {cands[0].symbol} (HGNC symbols are unique); " \
                f"also alias of " + ", ".join(c.symbol for c in cands[1:])
        else:
            why = f"ambiguous: {len(cands)} genes share this symbol or alias; {self._why_first(cands, key)}"
        return Resolution(token=token, kind="gene", candidates=cands, unique=unique, key=key, note=why)

    def _why_first(self, cands: tuple[Candidate, ...], key: str) -> str:
        """Why the first candidate of an ambiguous token is listed first, in words."""
        first, second = cands[0], cands[1]
        if _MATCH_ORDER[first.match] < _MATCH_ORDER[second.match]:
            return f"{first.symbol} first: its {first.match.replace('_', ' ')} match outranks " \
                f"{second.symbol}'s {second.match.replace('_', ' ')}"
        if first.row in set(self.snapshot.families.get("groundings", {}).get(key, ())):
            return f"{first.symbol} first: curators ground this text to it (FamPlex/INDRA grounding map)"
        n = self.pubmed_counts.get(first.entrez_id or "")
        if n:
            return f"{first.symbol} first: the most studied of them ({n:,} PubMed articles, NCBI gene2pubmed)"
        return f"{first.symbol} first by match type"

    # -- variants --------------------------------------------------------------------

    def _single(self, token: str, text: str) -> Resolution | None:
        """Direct lookup, then the one-token variants (no list splitting)."""
        key = lookup_key(text)
        if not key:
            return None
        res = self._direct(token, text, key, "")
        if res is not None:
            return res
        rewrites: list[tuple[str, str]] = []
        if not any(c.islower() for c in text) and any(g in key for g in _UPPER_GREEK):
            rewrites.append((text.lower(), "spelled-out Greek letter in capitals"))
        for fn, why in ((variants.gamma_y, "lowercase y read as γ"),
                        (variants.singular, "plural s removed")):
            alt = fn(text)
            if alt:
                rewrites.append((alt, why))
        for alt, why in rewrites:
            alt_key = lookup_key(alt)
            if alt_key and alt_key != key:
                res = self._direct(token, alt, alt_key, "")
                if res is not None:
                    return attrs.evolve(res, note=f"{why} ({alt!r}); {res.note}")
        for alt, why in [(a, "spreadsheet date") for a in variants.spreadsheet_date(text)] + [
            (a, "Roman numeral") for a in filter(None, [variants.roman_numeral(text)])
        ]:
            res = self._direct(token, alt, lookup_key(alt), "")
            if res is not None:
                return _repaired(res, f"{why} {text!r} read as {alt}")
        return None

    @cached_property
    def _approved_keys(self) -> list[str]:
        return sorted(k for k, v in self.snapshot.index.items() if " A" in v)

    def numbered(self, key: str) -> tuple[str, ...]:
        """Approved symbols that are ``key`` plus a number (IRF -> IRF1 ... IRF9, SOX -> SOX2 ...):
        the members of the gene family ``key`` abbreviates."""
        if not key or key[-1].isdigit():
            return ()
        keys = self._approved_keys
        i = bisect.bisect_left(keys, key)
        out = []
        while i < len(keys) and keys[i].startswith(key):
            if NUMBERED_TAIL.fullmatch(keys[i], len(key)):
                out.append(keys[i])
            i += 1
        return tuple(out)

    def _paralogs(self, part: str) -> list[Candidate]:
        """``WNT9`` -> WNT9A, WNT9B: approved symbols that are the part plus one letter."""
        key = lookup_key(part)
        if not key or not key[-1].isdigit():
            return []
        keys = self._approved_keys
        i = bisect.bisect_left(keys, key)
        out: list[Candidate] = []
        while i < len(keys) and keys[i].startswith(key):
            k = keys[i]
            if len(k) == len(key) + 1 and k[-1].isalpha():
                for row, code in self._hits(k):
                    if code == "A":
                        out.append(_candidate(self.snapshot.gene(row), "approved",
                                              f"HGNC approved symbol; {part!r} names its paralogs", part))
            i += 1
        return out

    def _list(self, token: str, text: str) -> Resolution | None:
        parts = variants.split_list(text) or variants.expand_range(text)
        if not parts:
            return None
        cands: list[Candidate] = []
        seen: set[str] = set()
        found: list[str] = []
        for p in parts:
            res = self._single(p, p)
            # a unique part contributes its gene, not the alias collisions listed after it
            got = ([] if res is None else
                   [res.candidates[0]] if res.unique and res.kind == "gene" else list(res.candidates))
            if not got:
                got = self._paralogs(p)
            if got:
                found.append(p)
            for c in got:
                if _gene_id(c) not in seen:
                    seen.add(_gene_id(c))
                    cands.append(c)
        if not cands:
            return None
        missing = [p for p in parts if p not in found]
        note = f"list of {len(parts)}: {', '.join(parts)}" + (
            f"; not resolved: {', '.join(missing)}" if missing else "")
        return Resolution(token=token, kind="list", candidates=tuple(cands), unique=False,
                          key=lookup_key(text), note=note, parts=tuple(parts))

    def _resolve(self, token: str) -> Resolution:
        if len(token) > MAX_TOKEN_LENGTH:
            return Resolution(token=token, kind="none", candidates=(), unique=False, key="",
                              note=f"longer than {MAX_TOKEN_LENGTH} characters: not a gene name")
        text = clean_text(token)
        res = self._single(token, text) or self._list(token, text)
        if res is not None:
            return res
        return Resolution(token=token, kind="none", candidates=(), unique=False,
                          key=lookup_key(text), note="no gene, family or list matches")


def _repaired(res: Resolution, why: str) -> Resolution:
    cands = tuple(attrs.evolve(c, match="repaired", source=f"{why}; {c.source}") for c in res.candidates)
    return attrs.evolve(res, candidates=cands, note=f"{why}; {res.note}")


@cache
def default_resolver() -> Resolver:
    """The process-wide resolver over the embedded snapshot (created on first use)."""
    return Resolver()


def resolve(token: str, species: str | None = None) -> Resolution:
    """Resolve ``token`` with the snapshot in use (human, or ``species``' lexicon). See
    :meth:`Resolver.resolve`."""
    return default_resolver().resolve(token, species)
