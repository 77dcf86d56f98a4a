"""Disease, chemical, organism and other terms (MeSH, DOID, curated groundings).

Loaded lazily from ``terms.json.gz`` the first time a keyword is classified (~0.7 s), kept
apart from the gene snapshot so that resolving genes alone never pays for it.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from collections.abc import Iterable
from functools import cache, cached_property, lru_cache
from pathlib import Path

import attrs

from pfocr_genes.snapshot import SnapshotError, default_data_dir
from pfocr_genes.textnorm import CACHED_KEY_LENGTH, clean_text, lookup_key


@attrs.frozen(slots=True)
class Term:
    """A vocabulary term. ``cls``: disease, chemical, organism, cell, anatomy, process, other.

    ``mesh_id`` is the MeSH id (the term's own, or DOID's MeSH cross-reference); ``drug``
    says why a chemical counts as a drug, empty when it does not.
    """

    id: str
    label: str
    cls: str
    drug: str
    mesh_id: str | None
    #: First MeSH tree number (of the term, or of the descriptor it maps to): ``B01.650``
    #: plants, ``B01.300`` fungi, ``B03`` bacteria... Empty when there is none.
    tree: str = ""

    @property
    def source(self) -> str:
        if self.id.startswith("DOID:"):
            return "Disease Ontology"
        if self.id[:1] == "D" and self.id[1:].isdigit():
            return "MeSH descriptor"
        if self.id[:1] == "C" and self.id[1:].isdigit():
            return "MeSH supplementary concept"
        return "FamPlex/INDRA grounding map"


@attrs.frozen(slots=True)
class TermMatch:
    """Terms found for a text, and how: ``exact`` (as written), ``key`` (case and
    punctuation ignored), ``singular`` (plural s removed), ``part`` (one word of it)."""

    terms: tuple[Term, ...]
    how: str
    matched: str


_WORD_SPLIT = re.compile(r"[\s/,()\[\]]+|-")


class TermIndex:
    """Lookup of keyword text in the term vocabularies of one snapshot folder."""

    def __init__(self, data_dir: str | Path | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        # re-entrant: the tables popped out of the document load the document first
        self._lock = threading.RLock()
        # results are immutable and caption words repeat across figures: cache per text
        self._cached_lookup = lru_cache(maxsize=1 << 14)(self._lookup)

    @cached_property
    def _doc(self) -> dict:
        path = self.data_dir / "terms.json.gz"
        with self._lock:
            try:
                with gzip.open(path, "rt", encoding="utf-8") as fh:
                    return json.load(fh)
            except (OSError, ValueError) as exc:
                raise SnapshotError(f"{path}: cannot read term vocabulary ({exc})") from exc

    @cached_property
    def _rows(self) -> list[str]:
        """One tab-separated line per term (split when a look-up returns it).

        Kept as strings on purpose: as 270k five-item lists the vocabulary took ~100 MB
        more, the difference between a worker process under and over 300 MB.
        """
        with self._lock:
            raw = self._doc.pop("terms", "")
        return raw.split("\n") if isinstance(raw, str) else ["\t".join(r) for r in raw]

    @cached_property
    def _descriptors(self) -> dict[str, tuple[str, str]]:
        """MeSH descriptor id -> (preferred label, first tree number)."""
        out = {}
        for line in self._rows:
            if line[:1] == "D" and line[1:2].isdigit():
                tid, label, _cls, _drug, tree = line.split("\t")
                out[tid] = (label, tree)
        return out

    def _terms(self, ids: str) -> tuple[Term, ...]:
        rows = self._rows
        out = []
        for i in ids.split(","):
            tid, label, cls, drug, extra = rows[int(i)].split("\t")
            mesh = tid if tid[:1] in "DC" and tid[1:].isdigit() else (extra or None)
            if tid.startswith("DOID:") and mesh:
                # report MeSH's preferred label with the MeSH id; the DOID id stays as term id
                label = self._descriptors.get(mesh, (label, ""))[0]
            tree = extra if tid == mesh else self._descriptors.get(mesh or "", ("", ""))[1]
            if tree[:1] == "D" and tree[1:].isdigit():
                # a supplementary concept stores the descriptor it is indexed under: its tree
                # places the concept (Komagataella phaffii -> Pichia, a fungus). A descriptor
                # id is D and digits only; a chemical's own tree number (D12.125...) is not one
                # and stays
                tree = self._descriptors.get(tree, ("", ""))[1]
            out.append(Term(id=tid, label=label, cls=cls, drug=drug, mesh_id=mesh, tree=tree))
        # MeSH first (the id the contract reports), then DOID, then groundings
        order = {"MeSH descriptor": 0, "MeSH supplementary concept": 1, "Disease Ontology": 2}
        return tuple(sorted(out, key=lambda t: order.get(t.source, 3)))

    def misgrounded(self, text: str) -> tuple[str, ...]:
        """HGNC ids INDRA's curators list as a known wrong reading of ``text`` (NETs -> EPHB1)."""
        return tuple(self._doc.get("misgrounding", {}).get(lookup_key(text), ()))

    @cached_property
    def _place(self) -> tuple[frozenset[str], frozenset[str]]:
        with self._lock:
            keys, short = self._doc.pop("place", None), self._doc.pop("place_exact", "")
        if keys is None:  # a snapshot built before the table: every text may place
            return frozenset(), frozenset()
        return frozenset(keys.split("\n")), frozenset(short.split("\n"))

    @property
    def place_keys(self) -> frozenset[str]:
        """Keys whose :meth:`may_place` holds (plurals aside): a set figure texts are
        scanned against (``frozenset()`` for a snapshot built before the table)."""
        return self._place[0]

    def may_place(self, text: str, key: str | None = None) -> bool:
        """Whether :meth:`lookup` of ``text`` (whole, no parts) can reach an organism, cell or
        anatomy term: a set look-up, so figure texts are scanned without term look-ups.
        ``key`` is ``lookup_key(text)`` when the caller has it."""
        return self.may_place_key(lookup_key(text) if key is None else key) or text in self._place[1]

    def may_place_key(self, key: str) -> bool:
        """:meth:`may_place` by key alone: the key, or its singular, is a placing key."""
        keys = self._place[0]
        if not keys:  # a snapshot built before the table: every text may place
            return True
        return key in keys or (key[-1:] == "S" and (
            (len(key) > 4 and key[:-1] in keys) or (key[-2:] == "ES" and len(key) > 5 and key[:-2] in keys)))

    def placing(self, grams: Iterable[tuple[str, str]]) -> set[str]:
        """The texts of ``(text, key)`` pairs for which :meth:`may_place` holds."""
        return {g for g, k in grams if self.may_place(g, k)}

    def cell_acronym(self, text: str) -> tuple[tuple[str, str], ...]:
        """``(MeSH label, id)`` of the cell types ``text`` abbreviates by their initials,
        plural or not (CAFs -> Cancer-Associated Fibroblasts, TAM -> Tumor-Associated
        Macrophages); at most two, ``()`` for none."""
        table = self._doc.get("acronyms", {})
        key = lookup_key(text)
        return _entries(table.get(key) or (table.get(key[:-1]) if key[-1:] == "S" and text[-1:] in "sS" else None))

    def foreign(self, text: str) -> tuple[tuple[str, str, str], ...]:
        """``(kingdom, MeSH label, MeSH id)`` of viral, bacterial, fungal, plant, protozoan
        and archaeal proteins whose short name is ``text`` (NSP1 -> "NSP1 protein, SARS-CoV-2")."""
        return _entries(self._doc.get("foreign", {}).get(lookup_key(text)))

    @cached_property
    def _ignored(self) -> frozenset[str]:
        return frozenset(self._doc.get("ignore", ()))

    def ignored(self, text: str) -> bool:
        """Whether INDRA's curators list ``text`` as a word never to ground (``net``, ``acid``)."""
        return lookup_key(text) in self._ignored

    def knows(self, text: str) -> bool:
        """Whether ``text`` is a term as written or by its key (no singular, no parts)."""
        return text in self._doc["exact"] or lookup_key(text) in self._doc["index"]

    def exact(self, text: str) -> TermMatch | None:
        """Terms written exactly like ``text`` (case-sensitive; short forms only)."""
        ids = self._doc["exact"].get(text)
        return TermMatch(self._terms(ids), "exact", text) if ids else None

    def lookup(self, text: str, *, parts: bool = True) -> TermMatch | None:
        """Best term evidence for ``text`` (short texts cached; see :meth:`_lookup`)."""
        if len(text) <= CACHED_KEY_LENGTH:
            return self._cached_lookup(text, parts)
        return self._lookup(text, parts)

    def _lookup(self, text: str, parts: bool = True) -> TermMatch | None:
        """Best term evidence for ``text``: exact, then key, singular, then one word of it.

        Words of a multi-word keyword are tried when the whole is unknown, because figure
        keywords glue names together ("DMAPP isoprene", "VB-solanine", "(3S)-Linalool").
        """
        found = self.exact(text)
        if found:
            return found
        text = clean_text(text)
        index = self._doc["index"]
        key = lookup_key(text)
        if not key:
            return None
        if key in index:
            return TermMatch(self._terms(index[key]), "key", text)
        for cut in ("S", "ES"):
            if key.endswith(cut) and key[: -len(cut)] in index and len(key) > len(cut) + 3:
                return TermMatch(self._terms(index[key[: -len(cut)]]), "singular", text)
        words = [w for w in _WORD_SPLIT.split(text) if len(w) > 3 and not w.isdigit()] if parts else []
        if len(words) > 1 or (words and words[0] != text):
            for w in words:
                sub = self._cached_lookup(w, False)
                if sub:
                    return TermMatch(sub.terms, "part", w)
        return None


@lru_cache(maxsize=1 << 14)
def _entries(raw: str | None) -> tuple[tuple[str, ...], ...]:
    """A snapshot table value ``"field<TAB>field|field<TAB>field"`` as tuples (``()`` for none).
    Cached: a word such as NS1 names hundreds of viral proteins, asked for per gene."""
    return tuple(tuple(e.split("\t")) for e in raw.split("|")) if raw else ()


@cache
def default_terms() -> TermIndex:
    """The process-wide term index of the embedded snapshot."""
    return TermIndex()
