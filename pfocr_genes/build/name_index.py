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
  see :mod:`~pfocr_genes.build.names`);
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

from pfocr_genes.build.names import mesh_names
from pfocr_genes.name_keys import name_key
from pfocr_genes.snapshot import NAME_CODES
from pfocr_genes.textnorm import lookup_key

_RANK = {c: i for i, c in enumerate(NAME_CODES)}
#: A one-word name whose word occurs in the names of more genes than this is a class word.
MAX_GENES_OF_ONE_WORD_NAME = 3
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

    def add_name(name: str, ident: str, code: str) -> None:
        if (ident, name) not in exclude:
            add(name_key(name), ident, code)

    descriptions = _ncbi_descriptions(sources)
    by_hgnc: dict[str, str] = {}
    for g in genes:
        ident = identity(g)
        if ident is None or g[4] == "withdrawn":
            continue
        if g[0]:
            by_hgnc[g[0]] = ident
            if g[2]:
                add_name(g[2], ident, "H")
        desc = descriptions.get(g[7]) if g[7] else None
        if desc:
            add_name(desc, ident, "D")
    if (sources / "mesh_supplementary.tsv").exists():
        symbols = {g[0]: lookup_key(g[1]) for g in genes if g[0]}
        concepts = mesh_names(sources, genes, _same_name)
        for hgnc_id, names in _named_concepts(sources, genes).items():
            concepts.setdefault(hgnc_id, ([], []))[0].extend(names)
        for hgnc_id, (own, desc) in concepts.items():
            ident = by_hgnc.get(hgnc_id)
            if ident is None:
                continue
            for n in own:
                if (ident, n) in exclude:
                    continue
                sym = symbol_form(n)
                if sym is not None:
                    if lookup_key(sym) != symbols.get(hgnc_id):
                        add(lookup_key(sym), ident, "Z", sym)
                else:
                    add(name_key(n), ident, "X")
            for n in desc:
                if symbol_form(n) is None:
                    add_name(n, ident, "Y")
    # a one-word name is kept only when the word is specific: "osteocalcin", not what is left
    # of "mitochondrial protein" or "adaptor protein" (words of many genes' names)
    genes_of_word: dict[str, set[str]] = defaultdict(set)
    for k, v in entries.items():
        if not _symbol_key(k):
            for w in set(k.split()):
                genes_of_word[w].update(v)
    return {k: ",".join(f"{i} {c}" for i, c in sorted(v.items(), key=lambda ic: (_RANK[ic[1][0]], ic[0])))
            for k, v in sorted(entries.items())
            if _symbol_key(k) or " " in k or len(genes_of_word[k]) <= MAX_GENES_OF_ONE_WORD_NAME}


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
