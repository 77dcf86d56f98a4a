"""Build ``gene_names.json.gz``: the other names of each human gene, for the rules that ask
whether a caption's long form names this gene.

HGNC keeps one approved name per gene, but captions spell genes out the way papers do:
"apoptosis signal-regulating kinase 1" (MAP3K5), "C/EBP homologous protein" (DDIT3),
"melanoma differentiation-associated gene 5" (IFIH1). MeSH records those names: each human
protein has a supplementary concept "<SYMBOL> protein, human" with synonyms, mapped to a
descriptor ("Transcription Factor CHOP") with synonyms of its own. This module collects, per
HGNC id, the concept's and its descriptor's names (", human" dropped). Keyed by HGNC id, not
by row, so the file stays valid when the gene table is rebuilt.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

_HUMAN_PROTEIN = re.compile(r"^(\S+) protein, human$")
#: Descriptors that name many proteins at once (a family or a class): their names would
#: match any member's long form, so a concept mapped to one is taken alone.
_MAX_CONCEPTS_PER_DESCRIPTOR = 3


def _names(value: str) -> list[str]:
    return [n.removesuffix(", human").strip() for n in value.split("|") if n.strip()]


def mesh_names(sources: Path, genes: list[list[str]],
               same_name: Callable[[str, Sequence[str]], bool] | None = None,
               *, classes_by_tree: bool = False) -> dict[str, tuple[list[str], list[str]]]:
    """HGNC id -> (names of the gene's own MeSH concept, names of the descriptors it maps to),
    ", human" dropped. A descriptor mapped from more than a few concepts names a class and is
    left out, unless ``same_name(descriptor name, the gene's own names)`` says one of its
    names is this gene's own (LDLR's "low density lipoprotein receptor" is a name of
    "Receptors, LDL", to which LDL-related proteins map too): then it names this gene.
    ``classes_by_tree``: a descriptor with narrower descriptors below it is a class too, however
    few human concepts map to it ("NF-kappa B", to which TONSL's concept maps, holds "NF-kappa B
    p50 Subunit"; "Growth Hormone" holds "Human Growth Hormone")."""
    symbol_id = {g[1]: g[0] for g in genes if g[0].startswith("HGNC:") and len(g) > 4 and g[4] == "approved"}
    found = mesh_descriptors(sources)
    descriptors = {d: [label, *(n.removesuffix(", human").strip() for n in synonyms)]
                   for d, (label, synonyms, _) in found.items()}
    trees = {d: t for d, (_, _, t) in found.items()}
    narrower = tree_parents(t for ts in trees.values() for t in ts) if classes_by_tree else set()
    concepts: list[tuple[str, list[str], list[str]]] = []
    per_descriptor: dict[str, int] = {}
    with open(sources / "mesh_supplementary.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            m = _HUMAN_PROTEIN.match(row[1]) if len(row) > 1 else None
            if m is None or m.group(1) not in symbol_id:
                continue
            mapped = [d.lstrip("*") for d in (row[3].split("|") if len(row) > 3 else []) if d]
            for d in mapped:
                per_descriptor[d] = per_descriptor.get(d, 0) + 1
            concepts.append((symbol_id[m.group(1)], _names(row[2]) if len(row) > 2 else [], mapped))
    out: dict[str, tuple[list[str], list[str]]] = {}
    approved = {g[0]: g[2] for g in genes if g[0]}
    for hgnc_id, own, mapped in concepts:
        have = out.setdefault(hgnc_id, ([], []))
        have[0].extend(own)
        for d in mapped:
            names = descriptors.get(d, [])
            is_class = per_descriptor[d] > _MAX_CONCEPTS_PER_DESCRIPTOR or any(
                t in narrower for t in trees.get(d, ()))
            if not is_class or (
                    same_name is not None and any(same_name(n, [approved.get(hgnc_id, ""), *own]) for n in names)):
                have[1].extend(names)
    return out


def mesh_descriptors(sources: Path) -> dict[str, tuple[str, list[str], list[str]]]:
    """Descriptor id -> (label, synonyms, tree numbers) of ``mesh_descriptors.tsv``."""
    out: dict[str, tuple[str, list[str], list[str]]] = {}
    with open(sources / "mesh_descriptors.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) >= 3:
                out[row[0]] = (row[1], [n.strip() for n in row[2].split("|") if n.strip()],
                               row[3].split("|") if len(row) >= 4 and row[3] else [])
    return out


def tree_parents(tree_numbers: Iterable[str]) -> set[str]:
    """The MeSH tree numbers that have narrower ones below them (``D12.776`` of
    ``D12.776.124``): descriptors at those places name classes."""
    out: set[str] = set()
    for t in tree_numbers:
        head, dot, _ = t.rpartition(".")
        if dot:
            out.add(head)
    return out


def build_gene_names(sources: Path, genes: list[list[str]]) -> dict[str, list[str]]:
    """HGNC id -> other names from MeSH (supplementary concept, mapped descriptor)."""
    out: dict[str, list[str]] = {}
    for hgnc_id, (own, desc) in mesh_names(sources, genes).items():
        kept = list(dict.fromkeys(n for n in own + desc if len(n) > 3))
        if kept:
            out[hgnc_id] = kept
    return out


def write_gene_names(sources: Path, out: Path, genes: list[list[str]]) -> int:
    """Write ``gene_names.json.gz`` into ``out``: HGNC id -> its names joined by ``|`` (one
    string a gene: a third of the memory of a list of strings once loaded; MeSH splits its
    synonyms on ``|``, so no name holds one). Returns the number of genes with names."""
    names = {k: "|".join(v) for k, v in build_gene_names(sources, genes).items()}
    with open(out / "gene_names.json.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(json.dumps(names, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return len(names)
