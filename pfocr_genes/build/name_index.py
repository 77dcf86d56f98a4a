"""Build ``name_index.json.gz``: every name of a human gene, keyed so that the ways a
biologist writes it meet (:func:`~pfocr_genes.name_keys.name_key`).

Why a second index: the gene index holds symbols, aliases and *one* name per gene (HGNC's
approved name, compared letter for letter). Papers and figures write "matrix
metalloproteinase-2", "prostate specific antigen", "osteocalcin", "LDL receptor",
"alpha-synuclein": names HGNC does not hold or holds in another order. Sources, strongest first
(the code stored with each gene):

- ``H`` HGNC approved name, ``D`` NCBI Gene description: the official names, here under the
  word-order- and spelling-tolerant key;
- ``X`` names of the gene's own MeSH supplementary concept ("<SYMBOL> protein, human" and its
  synonyms), ``Y`` names of the MeSH descriptor that concept maps to ("Prostate-Specific
  Antigen"; a descriptor mapped from more than three concepts names a class and is left out,
  see :mod:`~pfocr_genes.build.names`), and names of a descriptor that is one gene's product
  though no concept maps to it ("Factor IX": Christmas factor; found by a descriptor name equal
  to that gene's official name);
- ``U`` an HGNC approved name without its trailing number, for the (at most four) genes it
  numbers, where no gene has that name ("growth hormone": GH1, GH2);
- ``Z`` MeSH synonyms that are written like symbols ("alpha-SMA protein" -> alpha-SMA for
  ACTA2), stored under the symbol key (:func:`~pfocr_genes.textnorm.lookup_key`) in upper case,
  where no name key can be (name keys are lower case).

Genes are named by identity (HGNC id, or ``NCBIGene:<id>`` for a gene HGNC does not name), not
by row, so the file stays valid when ``data update`` rebuilds the gene table.
``exclude`` leaves (identity, name) pairs out: ``benchmarks/resolve.py`` measures the resolver
on MeSH names it has never seen that way.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from pathlib import Path

from pfocr_genes.build.names import mesh_descriptors, mesh_names, tree_parents
from pfocr_genes.name_keys import name_key
from pfocr_genes.snapshot import NAME_CODES
from pfocr_genes.textnorm import SPELLED_GREEK, lookup_key

_RANK = {c: i for i, c in enumerate(NAME_CODES)}
#: A one-word name whose word occurs in the names of more genes than this is a class word.
MAX_GENES_OF_ONE_WORD_NAME = 3
#: ... and a name written as that one word by a source ("Urokinase"), in this many ("Kinase",
#: a MeSH synonym of a class descriptor, is in thousands).
MAX_GENES_OF_WRITTEN_WORD = 10
#: A name without its trailing number names the genes numbered by it, if they are this few
#: (more are a family: "fibroblast growth factor" is FamPlex's FGF, not 22 candidates).
MAX_GENES_OF_UNNUMBERED_NAME = 4
_NUMBERED_NAME = re.compile(r"(?P<stem>\S.*\S)\s+\d{1,2}")
_SYMBOL_LIKE = re.compile(r"[^\s,]{2,15}")
#: Symbol-like synonyms need a capital or a digit ("alpha-SMA", "ACC1", "p62"): a single
#: lower-case word ("osteocalcin") is a name.
_HAS_CAP_OR_DIGIT = re.compile(r"[A-Z0-9]")


def identity(row: list[str]) -> str | None:
    """A gene's stable id: HGNC id, else ``NCBIGene:<id>``."""
    if row[0]:
        return row[0]
    return f"NCBIGene:{row[7]}" if len(row) > 7 and row[7] else None


def symbol_form(name: str) -> str | None:
    """The symbol a MeSH synonym stands for ("alpha-SMA protein" -> alpha-SMA), or None."""
    bare = name.removesuffix(" protein").strip()
    if all(w.lower() in SPELLED_GREEK or (len(w) >= 5 and w.isalpha() and w[1:].islower())
           for w in bare.split("-")):
        return None  # MeSH capitalizes its words: "Urokinase", "alpha-Synuclein" are names
    if _SYMBOL_LIKE.fullmatch(bare) and _HAS_CAP_OR_DIGIT.search(bare):
        return bare
    return None


def _same_name(name: str, own: Sequence[str]) -> bool:
    key = name_key(name)
    return bool(key) and " " in key and any(name_key(o) == key for o in own)


def _named_concepts(sources: Path, genes: list[list[str]]) -> dict[str, list[str]]:
    """HGNC id -> synonyms of the MeSH supplementary concepts labelled with the gene's approved
    name and no species ("cadherin 5": VE-cadherin, vascular endothelial cadherin, CD144
    antigen), for a name that only one gene has."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for g in genes:
        if g[0] and g[4] == "approved" and g[2]:
            by_name[name_key(g[2])].append(g[0])
    out: dict[str, list[str]] = defaultdict(list)
    with open(sources / "mesh_supplementary.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) < 3 or "," in row[1] or not row[2]:
                continue  # "<X> protein, human" / ", mouse": the species concepts are read elsewhere
            ids = by_name.get(name_key(row[1]))
            if ids and len(ids) == 1:
                out[ids[0]].extend(n.strip() for n in row[2].split("|") if n.strip())
    return out


#: MeSH trees whose descriptors can be one gene's product: hormones, enzymes, proteins and
#: peptides, biological factors.
_PROTEIN_TREES = ("D06.", "D08.", "D12.", "D23.")


def _named_descriptors(sources: Path, official: dict[str, set[str]]) -> dict[str, list[str]]:
    """Identity -> names of the MeSH descriptors that are one gene's product ("Factor IX":
    Christmas Factor, Factor 9; "Fibroblast Growth Factor 2": basic fibroblast growth factor,
    HBGF-2), found by a descriptor name equal (as a name key) to the official name of exactly
    one gene (``official``: name key -> identities), in the protein trees. A descriptor with
    narrower ones below it matches by a name of several words only ("Coagulation Factor IX",
    above "Factor IXa"): a one-word name of such a descriptor names a class ("Albumins" holds
    "Serum Albumin"), however gene-like it looks."""
    rows = mesh_descriptors(sources).values()
    parents = tree_parents(t for _, _, trees in rows for t in trees)
    out: dict[str, list[str]] = defaultdict(list)
    for label, synonyms, trees in rows:
        protein = [t for t in trees if t.startswith(_PROTEIN_TREES)]
        if not protein:
            continue
        leaf = not any(t in parents for t in protein)
        names = [label, *synonyms]
        genes = {i for n in names for k in (name_key(n),) if leaf or " " in k for i in official.get(k, ())}
        if len(genes) == 1:
            out[genes.pop()].extend(names)
    return out


def _ncbi_descriptions(sources: Path) -> dict[str, str]:
    path = sources / "ncbi_gene_human.tsv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["GeneID"]: r["description"] for r in csv.DictReader(fh, delimiter="\t")
                if r.get("description") and not r["description"].startswith("uncharacterized")}


def build_name_index(sources: Path, genes: list[list[str]],
                     exclude: Collection[tuple[str, str]] = ()) -> dict[str, str]:
    """Key -> ``"identity code,identity code"``, strongest code first, then by identity; a
    ``Z`` entry adds the synonym as MeSH spells it (``"HGNC:130 Z alpha-SMA"``)."""
    entries: dict[str, dict[str, str]] = defaultdict(dict)

    def add(key: str, ident: str, code: str, spelled: str = "") -> None:
        if not key:
            return
        have = entries[key].get(ident)
        if have is None or _RANK[code] < _RANK[have[0]]:
            entries[key][ident] = f"{code} {spelled}" if spelled else code

    one_word: set[str] = set()  # keys of names written as one word ("Urokinase", "osteocalcin")

    def add_name(name: str, ident: str, code: str) -> None:
        if (ident, name) not in exclude:
            key = name_key(name)
            add(key, ident, code)
            if " " not in name.strip():
                one_word.add(key)

    descriptions = _ncbi_descriptions(sources)
    by_hgnc: dict[str, str] = {}
    official: dict[str, set[str]] = defaultdict(set)  # name key -> HGNC genes so named (H, D)
    for g in genes:
        ident = identity(g)
        if ident is None or g[4] == "withdrawn":
            continue
        if g[0]:
            by_hgnc[g[0]] = ident
            if g[2]:
                add_name(g[2], ident, "H")
                official[name_key(g[2])].add(ident)
        desc = descriptions.get(g[7]) if g[7] else None
        if desc:
            add_name(desc, ident, "D")
            if g[0]:  # NCBI-only loci (LOC..., "elastin-like") name no MeSH protein
                official[name_key(desc)].add(ident)
    symbol_of = {identity(g): lookup_key(g[1]) for g in genes}

    def add_mesh(name: str, ident: str, code: str, *, symbols: bool = True) -> None:
        """A MeSH name of a gene: written like a symbol, under the symbol key (``Z``, unless it
        is the gene's own symbol, or ``symbols`` is off); else under its name key as ``code``."""
        sym = symbol_form(name)
        if sym is None:
            add_name(name, ident, code)
        elif symbols and (ident, name) not in exclude and lookup_key(sym) != symbol_of.get(ident):
            add(lookup_key(sym), ident, "Z", sym)

    if (sources / "mesh_descriptors.tsv").exists():
        for ident, names in _named_descriptors(sources, official).items():
            for n in names:
                add_mesh(n, ident, "Y")
    if (sources / "mesh_supplementary.tsv").exists():
        concepts = mesh_names(sources, genes, _same_name, classes_by_tree=True)
        for hgnc_id, names in _named_concepts(sources, genes).items():
            concepts.setdefault(hgnc_id, ([], []))[0].extend(names)
        for hgnc_id, (own, desc) in concepts.items():
            ident = by_hgnc.get(hgnc_id)
            if ident is None:
                continue
            for n in own:
                add_mesh(n, ident, "X")
            for n in desc:
                add_mesh(n, ident, "Y", symbols=False)
    # a name without the number of the genes it numbers ("isopentenyl-diphosphate delta
    # isomerase": IDI1, IDI2; "growth hormone": GH1, GH2), where no gene has it as a name
    unnumbered: dict[str, set[str]] = defaultdict(set)
    for g in genes:
        m = _NUMBERED_NAME.fullmatch(g[2]) if g[0] and g[4] == "approved" else None
        if m is not None and (g[0], m["stem"]) not in exclude:
            unnumbered[name_key(m["stem"])].add(g[0])
    for key, idents in unnumbered.items():
        if " " in key and len(idents) <= MAX_GENES_OF_UNNUMBERED_NAME and key not in entries:
            for ident in idents:
                add(key, ident, "U")
    # a one-word key is kept when the word is specific: not what is left of "mitochondrial
    # protein" or "adaptor protein" (words of many genes' names); a source that wrote the name
    # as that one word makes a word of a few genes' names enough ("urokinase": PLAU, PLAUR...)
    genes_of_word: dict[str, set[str]] = defaultdict(set)
    for k, v in entries.items():
        if not _symbol_key(k):
            for w in set(k.split()):
                genes_of_word[w].update(v)
    return {k: ",".join(f"{i} {c}" for i, c in sorted(v.items(), key=lambda ic: (_RANK[ic[1][0]], ic[0])))
            for k, v in sorted(entries.items())
            if _symbol_key(k) or " " in k or len(genes_of_word[k]) <= (
                MAX_GENES_OF_WRITTEN_WORD if k in one_word else MAX_GENES_OF_ONE_WORD_NAME)}


def split_index(index: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(names: ``H``/``D``/``X``/``Y`` under name keys, symbols: ``Z`` under symbol keys).
    Two files because the resolver needs them at different times: the symbol-like synonyms
    join every alias look-up, the names only a token no symbol matches."""
    names = {k: v for k, v in index.items() if not _symbol_key(k)}
    symbols = {k: v for k, v in index.items() if _symbol_key(k)}
    return names, symbols


def _symbol_key(key: str) -> bool:
    """A symbol key (:func:`~pfocr_genes.textnorm.lookup_key`: capitals and digits) rather than
    a name key (lower case, spaces)."""
    return key.isupper() or key.isdigit()


def _write(path: Path, doc: dict) -> None:
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def write_name_index(sources: Path, out: Path, genes: list[list[str]],
                     exclude: Collection[tuple[str, str]] = ()) -> int:
    """Write ``name_index.json.gz`` and ``mesh_symbols.json.gz`` into ``out`` (reproducible
    bytes); returns the key count."""
    index = build_name_index(sources, genes, exclude)
    names, symbols = split_index(index)
    _write(out / "name_index.json.gz", names)
    _write(out / "mesh_symbols.json.gz", symbols)
    return len(index)
