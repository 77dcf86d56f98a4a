"""Resolve a gene-like token to HGNC / NCBI genes, families or lists, with reasons.

Order of evidence, and why:

1. **Direct lookup** of the normalized key (:func:`~pfocr_genes.textnorm.lookup_key`):
   approved symbols, previous symbols, HGNC aliases, NCBI synonyms, approved names, curated
   grounding texts (one index built from the snapshot), and MeSH synonyms written like
   symbols ("alpha-SMA": ``mesh_symbols.json.gz``) unless the key is an approved symbol.
   The genes reached are ordered by :mod:`pfocr_genes.ranking` (approved symbol, curated
   grounding, approved name, then the spelling as written and how much each gene is studied),
   and the note says why the first is first.
2. **HGNC approved symbol wins**: HGNC guarantees an approved symbol names one gene, so a
   token equal to one is ``unique`` even when it is also some other gene's alias (IL25 is
   an alias of MYDGF); the alias genes stay listed after it.
3. **FamPlex family or complex** (VEGF, AKT, NF-κB, mTORC1) comes before any alias: these
   words name a group, and picking the one member whose alias they are (VEGF -> VEGFA)
   would be an arbitrary choice. Candidates are all member genes.
4. **Names** however written ("matrix metalloproteinase-2", "LDL receptor", "alpha-synuclein":
   :mod:`pfocr_genes.name_keys`, ``name_index.json.gz``), also with a bracketed abbreviation
   dropped or taken ("interleukin (IL)-17E"), a species or form word in front ("human IL-6",
   "cleaved caspase-3") or generic words after a symbol ("IL-8 gene promoter"); then a symbol
   with words around it (:meth:`Resolver._symbol_in_name`: "P2Y12 receptor", "IL-2 receptor
   alpha") and a receptor named after its ligand (:meth:`Resolver._receptor`).
5. **Variants**, tried only when nothing matched as written: ALL-CAPS spelled Greek (and the
   reverse, NCBI's "PKC-ZETA"), ``y`` for gamma, plural ``s``, spreadsheet dates, Roman
   numerals (``repaired``), species and form affixes (``hSERCA2``, ``rhBMP2``, yeast
   ``Gar1p``: ``affix``, only when the bare form is a gene), and finally lists and ranges
   (``SMAD2/3``, ``TGF-β1-3``, ``PKC isoforms alpha, delta and zeta``), where a fragment that
   means nothing without its list head (``A1`` in ``CRYBA3/A1``) takes the head or is left out.

:meth:`Resolver.resolve` then asks whether the word is a gene at all: an ion, a chemical or
lab abbreviation (``ATP``, ``DNA``, ``Fig``), an English function word (``was``, ``can``) or
a lower-case word that only reaches genes through symbols the lexicons write in capitals
(``via``, ``red``) is ``chemical`` or ``other``, its gene readings kept as ``alternatives``.
:meth:`Resolver.lookup` gives the lexicons' readings without that step (the suspect rules
weigh a word's other meanings themselves).

Ambiguous tokens keep every candidate and ``unique`` is ``False``: the resolver never
picks one silently.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

import attrs

from pfocr_genes import ranking, variants
from pfocr_genes.lexicons import resolve_in_species
from pfocr_genes.model import Candidate, Resolution
from pfocr_genes.name_keys import name_key, name_words, query_forms
from pfocr_genes.non_genes import not_a_gene
from pfocr_genes.snapshot import MATCH_CODES, NAME_CODES, Gene, Snapshot, default_snapshot
from pfocr_genes.textnorm import SPELLED_GREEK, clean_text, lookup_key

#: The numbered tail of a family member's symbol (IRF3, SOX17A).
NUMBERED_TAIL = re.compile(r"\d{1,2}[A-Z]?")

#: Tokens longer than this are sentences, not gene names (the longest HGNC approved name
#: is shorter); they resolve to ``none`` without lookups.
MAX_TOKEN_LENGTH = 160
_UPPER_GREEK = tuple(n.upper() for n in SPELLED_GREEK)
#: A lower-case word of four or more letters (not a Greek letter's name): a text with one is
#: a phrase or a name, resolved as a list only when every part is a gene.
_PHRASE_WORD = re.compile(r"(?<![A-Za-z])(?!(?:alpha|beta|gamma|delta|epsilon|zeta|theta|iota|kappa|lambda|omega)"
                          r"(?![a-z]))[a-z]{4,}")
_LONG_WORD = re.compile(r"[A-Za-z]{5,}")
#: "<ligand> receptor": the receptor named after its ligand.
_RECEPTOR = re.compile(r"(?P<head>\S.*?)[\s-]+receptors?", re.IGNORECASE)
_SPELLED_LOWER = re.compile(r"(?<![A-Za-z])(?:" + "|".join(SPELLED_GREEK) + r")(?![a-z])", re.IGNORECASE)
_GREEK_CHAR = re.compile("[\u0391-\u03a9\u03b1-\u03c9]")
#: Index code -> the field of :attr:`Gene.keys` that holds the spelling it matched.
_KEYED_FIELDS = {"P": "previous symbol", "L": "alias", "N": "NCBI synonym"}


def _greek_name(m: re.Match[str]) -> str:
    """A Greek letter's name in capitals ("α" -> "ALPHA"), as NCBI spells it in synonyms."""
    return unicodedata.name(m.group(), "").rsplit(" ", 1)[-1]


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
        self._lookup_cached: Callable[[str], Resolution] = lru_cache(maxsize=cache_size)(self._lookup)
        self._members: dict[str, tuple[str, tuple[Candidate, ...]]] = {}

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
            return resolve_in_species(self.snapshot.data_dir, token, str(species))
        return self._cached(token)

    def lookup(self, token: str) -> Resolution:
        """What the human lexicons read into ``token``, before asking whether the word is a
        gene at all: ``lookup("ATP")`` lists the genes an alias reaches, where
        :meth:`resolve` says ``chemical``. The suspect rules and the keyword classifier use
        this (they weigh the word's other meanings themselves)."""
        if not isinstance(token, str):
            raise TypeError(f"lookup() takes a str, got {type(token).__name__}")
        return self._lookup_cached(token)

    # -- direct evidence -------------------------------------------------------------

    def _hits(self, key: str) -> list[tuple[int, str]]:
        raw = self.snapshot.index.get(key)
        if not raw:
            return []
        return [(int(r), c) for r, c in (item.split(" ") for item in raw.split(","))]

    def _matched_spelling(self, gene: Gene, code: str, key: str, text: str) -> str:
        if code in "ASW":
            return gene.symbol
        field = _KEYED_FIELDS.get(code)
        if field is not None:  # the gene's own keyed spellings, computed once per gene
            for what, spelled, k in gene.keys:
                if what == field and k == key:
                    return spelled
        elif code in "QM":
            spelled = (gene.ncbi_symbol or "") if code == "Q" else gene.name
            if lookup_key(spelled) == key:
                return spelled
        return text  # curated grounding texts are not stored per gene

    def _gene_candidates(self, key: str, text: str) -> list[tuple[str, Candidate]]:
        """(code, candidate) for every gene the key reaches directly, best first
        (:func:`pfocr_genes.ranking.order`). Unless the key is an approved symbol, MeSH
        synonyms written like symbols join in ("alpha-SMA" is ACTA2's; the key ASMA is also
        an NCBI synonym of ACTA1)."""
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
            if code == "M" and " " in matched and not any(c in text for c in " -_"):
                continue  # "proteins" is not the name "protein S": a name is written with its spaces
            if code == "W":
                source = f"HGNC withdrawn entry {gene.hgnc_id} ({gene.name}), no replacement"
            elif code in "PQLNMG":
                source = f"{source} of {gene.symbol}"
            cand = _candidate(gene, match, source, matched)
            if _gene_id(cand) not in seen:
                seen.add(_gene_id(cand))
                out.append((code, cand))
        if not any(code in "AS" for code, _ in out):
            for gene, code, spelled in self._name_hits(key, self.snapshot.mesh_symbols):
                cand = _candidate(gene, "mesh_synonym", f"MeSH synonym {spelled} of {gene.symbol} "
                                  "(a MeSH supplementary concept of the human gene)", spelled)
                if _gene_id(cand) not in seen:
                    seen.add(_gene_id(cand))
                    out.append((code, cand))
        if len(out) > 1:
            out = ranking.order(out, ranking.spelling(text), self._grounded(key), self.pubmed_counts)
        return out

    def _grounded(self, key: str) -> frozenset[int]:
        return frozenset(self.snapshot.families.get("groundings", {}).get(key, ()))

    def _name_hits(self, key: str, table: dict[str, str]) -> list[tuple[Gene, str, str]]:
        """(gene, code, spelling) of the entries under ``key`` of a name table
        (:attr:`~pfocr_genes.snapshot.Snapshot.names` or ``mesh_symbols``)."""
        raw = table.get(key) if key else None
        if not raw:
            return []
        out = []
        for item in raw.split(","):
            ident, _, rest = item.partition(" ")
            code, _, spelled = rest.partition(" ")
            row = self.snapshot.row_of_identity(ident)
            if row is not None:
                out.append((self.snapshot.gene(row), code, spelled))
        return out

    @property
    def pubmed_counts(self) -> dict[str, int]:
        """NCBI Gene id -> linked PubMed articles: the prior that orders the genes an alias
        reaches (:attr:`pfocr_genes.snapshot.Snapshot.pubmed_counts`)."""
        return self.snapshot.pubmed_counts

    def _family(self, key: str) -> tuple[str, list[Candidate]] | None:
        fids = self.snapshot.families["names"].get(key)
        if not fids:
            return None
        found = self._members.get(key)
        if found is None:  # the same for every spelling of the family word: built once
            found = self._members[key] = self._family_members(fids)
        return found[0], list(found[1])

    def _family_members(self, fids: list[str]) -> tuple[str, tuple[Candidate, ...]]:
        fams = self.snapshot.families["families"]
        cands: list[Candidate] = []
        seen: set[int] = set()
        for fid in fids:
            for row in fams.get(fid, ()):
                if row not in seen:
                    seen.add(row)
                    cands.append(_candidate(self.snapshot.gene(row), "family_member",
                                            f"FamPlex {fid}: member gene", fid, family=fid))
        # the most studied member first: a family word's best guess is its best-known gene
        # (VEGF -> VEGFA, AKT -> AKT1); the family stays not unique
        prior = self.pubmed_counts
        cands.sort(key=lambda c: -prior.get(c.entrez_id or "", 0))
        return "|".join(fids), tuple(cands)

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
        written = ranking.spelling(text)
        # HGNC gives an approved or previous symbol to one gene: unique unless another gene
        # holds the same kind of symbol (as written, when several do)
        unique = len(cands) == 1 or (top in "AP" and (
            len(top_group) == 1 or sum(ranking.spelling(c.matched) == written for c in top_group) == 1))
        if note:
            why = note
        elif len(cands) == 1:
            why = f"{cands[0].match} match: {cands[0].source}"
        elif unique:
            why = f"{MATCH_CODES[top][1]} of {cands[0].symbol} (HGNC symbols are unique); " \
                f"also alias of " + ", ".join(c.symbol for c in cands[1:])
        else:
            why = (f"ambiguous: {len(cands)} genes share this symbol or alias; "
                   + ranking.why_first(genes, written, self._grounded(key), self.pubmed_counts))
        return Resolution(token=token, kind="gene", candidates=cands, unique=unique, key=key, note=why)

    def _by_name(self, token: str, text: str) -> Resolution | None:
        """A full name of a gene, however written (:mod:`pfocr_genes.name_keys`): HGNC and
        NCBI names and the MeSH names of ``name_index.json.gz``."""
        if len(text) < 4 or not any(c.islower() or c == " " for c in text) or (
                " " not in text and not _LONG_WORD.search(text)):
            return None  # symbols ("1-Dec", "Il6") are short and capitalized; names have words
        nkey = name_key(text)
        hits = self._name_hits(nkey, self.snapshot.names) if nkey else []
        if not hits:
            return None
        prior = self.pubmed_counts if len(hits) > 1 else {}
        hits.sort(key=lambda h: ("HDXYU".index(h[1]), -prior.get(h[0].entrez_id or "", 0)))
        cands: list[Candidate] = []
        seen: set[str] = set()
        for gene, code, _ in hits:
            cand = _candidate(gene, "name", f"{NAME_CODES[code][1]} of {gene.symbol} (words compared in any "
                              "order, Greek letters, plurals and spelling variants as one)", text)
            if _gene_id(cand) not in seen:
                seen.add(_gene_id(cand))
                cands.append(cand)
        top = hits[0][1]
        unique = len(cands) == 1 or (top == "H" and sum(h[1] == "H" for h in hits) == 1)
        if len(cands) == 1:
            why = f"name match: {cands[0].source}"
        elif unique:
            why = f"{NAME_CODES[top][1]} of {cands[0].symbol}; also a name of " + ", ".join(c.symbol for c in cands[1:])
        else:
            why = (f"ambiguous: {len(cands)} genes share this name ({NAME_CODES[top][1]}); {cands[0].symbol} first: "
                   + (f"its {NAME_CODES[top][1]}" if hits[1][1] != top else "the most studied of them"))
        return Resolution(token=token, kind="gene", candidates=tuple(cands), unique=unique, key=nkey, note=why)

    # -- variants --------------------------------------------------------------------

    def _single(self, token: str, text: str) -> Resolution | None:
        """Direct lookup, then the one-token variants (no list splitting)."""
        key = lookup_key(text)
        if not key:
            return None
        res = self._direct(token, text, key, "") or self._by_name(token, text)
        if res is not None:
            return res
        for alt, why in query_forms(text):
            res = self._direct(token, alt, lookup_key(alt), "") or self._by_name(token, alt)
            if res is not None:
                return attrs.evolve(res, note=f"{why} ({alt!r}); {res.note}")
        res = self._symbol_in_name(token, text) or self._receptor(token, text)
        if res is not None:
            return res
        rewrites: list[tuple[str, str]] = []
        if not any(c.islower() for c in text) and any(g in key for g in _UPPER_GREEK):
            rewrites.append((text.lower(), "spelled-out Greek letter in capitals"))
        elif any(c.isupper() or c.isdigit() for c in text):  # "PKC zeta", "p38alpha"
            # NCBI writes some synonyms with the letter's name in capitals (PKC-ZETA): its key
            # keeps the name, so "PKC zeta" is tried that way too
            spelled = _SPELLED_LOWER.sub(lambda m: m.group().upper(), text)
            spelled = _GREEK_CHAR.sub(_greek_name, spelled)  # "p38α" as "p38ALPHA"
            if spelled != text:
                rewrites.append((spelled, "Greek letter name as NCBI writes it, in capitals"))
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
                if why == "spreadsheet date":
                    # spreadsheets turned official symbols into dates: the gene whose
                    # (previous) symbol it was comes first (DEC1 -> DELEC1, not alias BHLHE40)
                    res = attrs.evolve(res, candidates=tuple(sorted(
                        res.candidates, key=lambda c: c.match not in ("approved", "previous"))))
                return _repaired(res, f"{why} {text!r} read as {alt}")
        for alt, why in variants.affixes(text):
            res = self._direct(token, alt, lookup_key(alt), "")
            if res is not None:
                return _repaired(res, f"{why}: {text!r} read as {alt}", match="affix")
        return None

    def _symbol_in_name(self, token: str, text: str) -> Resolution | None:
        """A symbol with words around it. The words may belong to the symbol's gene ("Kv3.4
        potassium channel", "P2Y11 receptor", "ring ligase PRAJA2": every word is in its name,
        which also picks the gene among those an alias reaches), or the symbol may stand for
        its gene's name inside another gene's ("IL-2 receptor alpha" is "interleukin 2
        receptor alpha", IL2RA)."""
        if " " not in text:
            return None
        words = text.split(" ")
        for leading, sym, rest in ((True, words[0], " ".join(words[1:])), (False, words[-1], " ".join(words[:-1]))):
            if not any(c.isupper() or c.isdigit() for c in sym) or not _PHRASE_WORD.search(rest):
                continue
            first = self._direct(sym, sym, lookup_key(sym), "")
            if first is None or first.kind != "gene":
                continue
            said = set(name_words(rest))
            named = [c for c in first.candidates if said and said <= set(name_words(c.name))]
            if named:
                others = tuple(c for c in first.candidates if c not in named)
                return attrs.evolve(
                    first, token=token, candidates=tuple(named) + others, unique=len(named) == 1,
                    note=f"{sym!r} with words of its gene's name ({rest!r}): " + ", ".join(c.symbol for c in named)
                    + (f"; {sym!r} alone: {first.note}" if others else ""))
            if leading and first.unique and first.candidates[0].name:
                gene = first.candidates[0]
                alt = f"{gene.name} {rest}"
                res = self._by_name(token, alt)
                if res is not None:
                    return attrs.evolve(res, note=f"{sym!r} read as the name of {gene.symbol} ({alt!r}); {res.note}")
        return None

    def _receptor(self, token: str, text: str) -> Resolution | None:
        """"<ligand> receptor" as the receptor's symbol, the ligand's symbol or alias with R:
        "keratinocyte growth factor receptor" -> FGF7's alias KGF -> KGFR (FGFR2). Tried only
        when nothing else matched: receptors are mostly named this way in HGNC already."""
        m = _RECEPTOR.fullmatch(text) if "ecepto" in text.lower() else None
        if m is None:
            return None
        head = m["head"]
        ligand = self._direct(head, head, lookup_key(head), "") or self._by_name(head, head)
        keys = [lookup_key(head)]
        if ligand is not None and ligand.kind == "gene":
            for c in ligand.candidates[:3]:
                if c.row is not None:
                    keys += [k for _, _, k in self.snapshot.gene(c.row).keys]
        for k in dict.fromkeys(k for k in keys if k):
            res = self._direct(token, k + "R", k + "R", "")
            if res is not None and res.kind == "gene":
                via = f"the ligand {ligand.candidates[0].symbol}'s " if ligand is not None and ligand.candidates else ""
                return attrs.evolve(res, note=f"receptor of {head!r} read as {via}symbol or alias {k} + R; {res.note}")
        return None

    def numbered(self, key: str) -> tuple[str, ...]:
        """Approved symbols that are ``key`` plus a number (IRF -> IRF1 ... IRF9, SOX -> SOX2 ...):
        the members of the gene family ``key`` abbreviates."""
        if not key or key[-1].isdigit():
            return ()
        keys = self.snapshot.approved_keys
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
        keys = self.snapshot.approved_keys
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
        parts, fragments = variants.list_parts(text)
        if not parts and not fragments:
            parts = variants.expand_range(text)
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
        if missing and _PHRASE_WORD.search(text):
            # a name with commas ("collagen, type II, alpha 1") or a phrase, not a list of symbols
            return None
        note = f"list of {len(parts)}: {', '.join(parts)}" + (
            f"; not resolved: {', '.join(missing)}" if missing else "") + (
            f"; left out, meaningless without a list head: {', '.join(fragments)}" if fragments else "")
        return Resolution(token=token, kind="list", candidates=tuple(cands), unique=False,
                          key=lookup_key(text), note=note, parts=tuple(parts))

    def _resolve(self, token: str) -> Resolution:
        """:meth:`lookup`, then whether the word is a gene at all (:mod:`pfocr_genes.non_genes`)."""
        res = self._lookup_cached(token)
        return not_a_gene(token, res) or res

    def _lookup(self, token: str) -> Resolution:
        if len(token) > MAX_TOKEN_LENGTH:
            return Resolution(token=token, kind="none", candidates=(), unique=False, key="",
                              note=f"longer than {MAX_TOKEN_LENGTH} characters: not a gene name")
        text = clean_text(token)
        key = lookup_key(text)
        raw = self.snapshot.index.get(key)
        if raw is not None and raw[-2:] == " A" and "," not in raw:
            # the common case, one gene by its approved symbol: what _direct would build
            gene = self.snapshot.gene(int(raw[:-2]))
            cand = _candidate(gene, "approved", MATCH_CODES["A"][1], gene.symbol)
            return Resolution(token=token, kind="gene", candidates=(cand,), unique=True, key=key,
                              note=f"approved match: {cand.source}")
        res = self._single(token, text) or self._list(token, text)
        if res is not None:
            return res
        return Resolution(token=token, kind="none", candidates=(), unique=False,
                          key=key, note="no gene, family or list matches")


def _repaired(res: Resolution, why: str, match: str = "repaired") -> Resolution:
    cands = tuple(attrs.evolve(c, match=match, source=f"{why}; {c.source}") for c in res.candidates)
    return attrs.evolve(res, candidates=cands, note=f"{why}; {res.note}")


@cache
def default_resolver() -> Resolver:
    """The process-wide resolver over the embedded snapshot (created on first use)."""
    return Resolver()


def resolve(token: str, species: str | None = None) -> Resolution:
    """Resolve ``token`` with the snapshot in use (human, or ``species``' lexicon). See
    :meth:`Resolver.resolve`."""
    return default_resolver().resolve(token, species)
