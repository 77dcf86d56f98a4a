"""How often ``resolve()`` names the right gene first, on mentions it never saw; and its speed.

Run by hand:  python benchmarks/resolve.py [--sources ../shared/sources] [--dev ../shared/pfocr-dev]

Quality (issue 15), on mentions built from sources we can cite, each *held out* of the lookup
while measuring (a random fifth, chosen by a hash of the text, so runs are repeatable):

- **MeSH**: synonyms of the "<SYMBOL> protein, human" supplementary concepts (", human" and a
  trailing "protein" dropped: "alpha-SMA", "acetyl-CoA carboxylase 1"); the held-out ones are
  left out of ``name_index.json.gz``, rebuilt for the run. Gold: the concept's gene.
- **mouse/rat MeSH**: synonyms of MeSH's "<Symbol> protein, mouse|rat" concepts (curated for
  the rodent protein, never in the lookup); gold: the human ortholog (HGNC's MGI/RGD link).
- **grounding**: texts of the FamPlex and INDRA grounding maps that name one gene ("COX-2",
  "SRC-1"); the held-out ones are taken out of the index and of the ranking's groundings.
- **labeled keywords**: keywords of the dev figures labeled as diseases, chemicals or other
  words: share that ``resolve()`` still calls a gene (lower is better; it has no vocabulary of
  diseases, so some remain).

Reported: top-1 (the first candidate is the gold gene), no answer (no candidate), wrong first;
for all mentions and for those not written exactly as a symbol, alias or name of the lexicons
(the harder part). Targets: top-1 >= 0.80, no answer <= 0.12.

Speed: snapshot load (fresh process), distinct tokens per second cold (empty result cache),
warm throughput. Targets: load <= 0.5 s, >= 100,000 distinct tokens/s cold.

Both numbers for another version of the code: run this script with ``PYTHONPATH`` pointing to
that version's checkout (it uses what that version has: without a name index, the MeSH mentions
are measured against the lexicons alone).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

HELD_OUT = 5  # one in five


def held_out(text: str) -> bool:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % HELD_OUT == 0


def tokens(dev: Path) -> list[str]:
    """Every figure keyword and OCR word of the dev records, in file order (speed tests)."""
    out: list[str] = []
    for md in sorted(dev.glob("*.md")) + sorted(dev.glob("unlabeled/*.md")):
        text = md.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        meta = yaml.safe_load(text[3:].split("\n---", 1)[0]) or {}
        out += [str(k) for k in (meta.get("schema-jsonld") or {}).get("keywords") or []]
        hits = md.with_name(md.stem + "-genes.tsv")
        if hits.exists():
            with open(hits, encoding="utf-8", newline="") as fh:
                out += [r["word"] for r in csv.DictReader(fh, delimiter="\t")]
    return out


def _genes(data: Path) -> list[list[str]]:
    with gzip.open(data / "genes.tsv.gz", "rt", encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if line.strip()]


def mesh_mentions(sources: Path, genes: list[list[str]]) -> list[tuple[str, str, str]]:
    """(mention, gold HGNC id, the MeSH name it came from) for the held-out MeSH synonyms."""
    try:
        from pfocr_genes.build.names import mesh_names  # noqa: PLC0415
    except ImportError:  # an older layout of the package (measuring the version before)
        from pfocr_genes.build_names import mesh_names  # noqa: PLC0415

    out = []
    for hgnc_id, (own, _) in mesh_names(sources, genes).items():
        for name in own:
            mention = name.removesuffix(" protein").strip()
            if len(mention) >= 2 and held_out(f"{hgnc_id} {name}"):
                out.append((mention, hgnc_id, name))
    return out


_RODENT_PROTEIN = re.compile(r"^(\S+) protein, (mouse|rat)$")


def rodent_mentions(sources: Path, data: Path, genes: list[list[str]]) -> list[tuple[str, str]]:
    """(mention, gold HGNC id) from the synonyms of MeSH's "<Symbol> protein, mouse|rat" concepts,
    a fifth of them: names curated for the mouse or rat protein, never in the lookup (only the
    human concepts are), gold = the human ortholog (HGNC's MGI/RGD link), when there is one."""
    species = json.loads(gzip.open(data / "species.json.gz").read())
    out = []
    with open(sources / "mesh_supplementary.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            m = _RODENT_PROTEIN.match(row[1]) if len(row) > 2 else None
            rows = species.get(m.group(2), {}).get(m.group(1)) if m else None
            if not rows or len(rows) != 1 or not genes[rows[0]][0]:
                continue
            for name in row[2].split("|"):
                mention = name.removesuffix(f", {m.group(2)}").removesuffix(" protein").strip()
                if len(mention) >= 2 and mention.upper() != m.group(1).upper() and held_out(mention):
                    out.append((mention, genes[rows[0]][0]))
    return sorted(set(out))


def grounding_mentions(sources: Path, genes: list[list[str]]) -> list[tuple[str, str]]:
    """(text, gold HGNC id) for held-out grounding-map texts that name one gene."""
    by_symbol = {g[1]: g[0] for g in genes if g[0] and g[4] == "approved"}
    by_uniprot: dict[str, str] = {}
    for g in genes:
        if g[0] and g[4] == "approved":
            for u in filter(None, g[12].split("|")):
                by_uniprot.setdefault(u, g[0])
    seen: dict[str, str] = {}
    for gm in (sources / "famplex" / "grounding_map.csv", sources / "indra_grounding" / "grounding_map.csv"):
        with open(gm, encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                if len(row) < 3 or not row[0]:
                    continue
                gold = by_symbol.get(row[2]) if row[1] == "HGNC" else by_uniprot.get(row[2]) if row[1] == "UP" else None
                if gold and held_out(row[0]):
                    seen.setdefault(row[0], gold)
    return sorted(seen.items())


def held_out_snapshot(data: Path, sources: Path, out: Path, genes: list[list[str]], *,
                      mesh: Iterable[tuple[str, str, str]], grounded: Iterable[tuple[str, str]]) -> None:
    """A copy of ``data`` without the held-out names and grounding texts."""
    from pfocr_genes.textnorm import lookup_key  # noqa: PLC0415

    shutil.copytree(data, out, dirs_exist_ok=True)
    keys = {lookup_key(t) for t, _ in grounded}
    fam = json.loads(gzip.open(data / "families.json.gz").read())
    for k in keys:
        fam.get("groundings", {}).pop(k, None)
    index = json.loads(gzip.open(data / "gene_index.json.gz").read())
    for k in keys & index.keys():
        kept = [e for e in index[k].split(",") if not e.endswith(" G")]
        if kept:
            index[k] = ",".join(kept)
        else:
            del index[k]
    for name, doc in (("families.json.gz", fam), ("gene_index.json.gz", index)):
        with gzip.open(out / name, "wt", encoding="utf-8") as fh:
            json.dump(doc, fh, separators=(",", ":"))
    try:
        from pfocr_genes.build.name_index import write_name_index  # noqa: PLC0415
    except ImportError:
        return  # a version without a name index
    write_name_index(sources, out, genes, exclude={(g, n) for _, g, n in mesh})


def lexical(resolver, text: str) -> bool:
    """Whether the text is written exactly (case and punctuation aside) as a symbol, alias or
    approved name of the lexicons: the easy part of the mentions."""
    from pfocr_genes.textnorm import lookup_key  # noqa: PLC0415

    return bool(resolver.snapshot.index.get(lookup_key(text)))


def score(resolver, mentions: Iterable[tuple[str, str]],
          gold_id: str = "hgnc_id") -> dict[str, tuple[int, int, int, int]]:
    """Group -> (mentions, top-1, no answer, wrong first) for all mentions and the hard part;
    ``gold_id``: the candidate field the gold ids are (``hgnc_id``, ``entrez_id``)."""
    out = {"all": [0, 0, 0, 0], "not written as in the lexicons": [0, 0, 0, 0]}
    for text, gold in mentions:
        res = resolver.resolve(text)
        best = getattr(res.candidates[0], gold_id) if res.candidates else None
        groups = ["all"] + ([] if lexical(resolver, text) else ["not written as in the lexicons"])
        for g in groups:
            c = out[g]
            c[0] += 1
            c[1] += best == gold
            c[2] += best is None
            c[3] += best is not None and best != gold
    return {g: tuple(c) for g, c in out.items()}


#: Word-table sources where PFOCR read the word as one gene (not a family expanded to members).
_ONE_GENE_SOURCES = {"hgnc_symbol", "hgnc_alias_symbol", "hgnc_prev_symbol", "ncbigene_symbol", "ncbigene_synonym"}


def figure_mentions(dev: Path) -> list[tuple[str, str]]:
    """(OCR word, NCBI Gene id) of the labelled human figures: the words PFOCR matched to a gene
    keyword that the labels accept (verdict ``ok``). PFOCR found them through the same lexicons,
    so nearly all are reachable: this part measures which gene comes first among those an OCR
    word reaches, on real figure text, not names never seen."""
    path = dev / "labels.tsv"
    if not path.exists():
        return []
    ok: dict[str, set[str]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            if r["kind"] == "gene" and r["verdict"] == "ok":
                ok.setdefault(r["figid"], set()).add(r["keyword"])
    out: dict[tuple[str, str], None] = {}
    for figid, keywords in sorted(ok.items()):
        table = dev / f"{figid}-genes.tsv"
        if not table.exists():
            continue
        with open(table, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                if (r["organism_id"] == "9606" and r["source"] in _ONE_GENE_SOURCES
                        and r["ncbigene_symbol"] in keywords and r["word"].strip()):
                    out[(r["word"].strip(), r["ncbigene_id"])] = None
    return list(out)


def keyword_kinds(dev: Path, resolver) -> tuple[int, int, list[str]]:
    """(non-gene keywords, of them resolved as genes, examples)."""
    path = dev / "labels.tsv"
    if not path.exists():
        return 0, 0, []
    n, genes, ex = 0, 0, []
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            if r["kind"] in ("disease", "chemical", "other"):
                n += 1
                if resolver.resolve(r["keyword"]).kind in ("gene", "family", "list"):
                    genes += 1
                    ex.append(r["keyword"])
    return n, genes, ex


def distinct_tokens(toks: list[str]) -> list[str]:
    return list(dict.fromkeys(toks))


def speed(toks: list[str], data: Path) -> None:
    load_code = ("import sys,time; t=time.perf_counter();"
                 "from pfocr_genes.snapshot import Snapshot; Snapshot(sys.argv[1]).load();"
                 "print(time.perf_counter()-t)")
    loads = [float(subprocess.check_output([sys.executable, "-c", load_code, str(data)], cwd=REPO))
             for _ in range(3)]
    from pfocr_genes.resolver import Resolver  # noqa: PLC0415
    from pfocr_genes.snapshot import Snapshot  # noqa: PLC0415

    snap = Snapshot(data).load()
    def cold(tokens: list[str]) -> float:
        """Best of 3 passes, each with a fresh resolver (empty result cache) over one snapshot."""
        best = float("inf")
        for _ in range(3):
            fresh = Resolver(snap)
            t = time.perf_counter()
            for tok in tokens:
                fresh.resolve(tok)
            best = min(best, time.perf_counter() - t)
        return best

    distinct = distinct_tokens(toks)
    best, corpus = cold(distinct), cold(toks)
    resolver = Resolver(snap)
    for tok in toks:
        resolver.resolve(tok)
    reps = 20
    t = time.perf_counter()
    for _ in range(reps):
        for tok in toks:
            resolver.resolve(tok)
    warm = (time.perf_counter() - t) / reps
    print(f"\nspeed: {len(toks)} tokens ({len(distinct)} distinct) of the dev records")
    print(f"snapshot load (fresh process, best of 3): {min(loads):.3f} s  [target <= 0.5 s]")
    print(f"cold, distinct tokens (empty cache, best of 3): {len(distinct) / best:10,.0f} tokens/s  "
          "[target >= 100,000]")
    print(f"cold, the corpus in file order (empty cache; repeats hit it): {len(toks) / corpus:10,.0f} tokens/s")
    print(f"warm (cache filled): {len(toks) / warm:10,.0f} tokens/s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sources", type=Path, default=REPO.parent / "shared" / "sources")
    ap.add_argument("--dev", type=Path, default=REPO.parent / "shared" / "pfocr-dev")
    ap.add_argument("--data", type=Path, default=None, help="snapshot folder (default: the one in use)")
    ap.add_argument("--speed-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.speed_only:
        from pfocr_genes.snapshot import default_data_dir  # noqa: PLC0415

        speed(tokens(args.dev), args.data or default_data_dir())
        return 0
    if not (args.sources / "mesh_supplementary.tsv").exists():
        print(f"error: {args.sources}: no source tables (../shared/sources, or give --sources)", file=sys.stderr)
        return 2
    from pfocr_genes.resolver import Resolver  # noqa: PLC0415
    from pfocr_genes.snapshot import Snapshot, default_data_dir  # noqa: PLC0415

    data = args.data or default_data_dir()
    genes = _genes(data)
    mesh = mesh_mentions(args.sources, genes)
    grounded = grounding_mentions(args.sources, genes)
    with tempfile.TemporaryDirectory() as tmp:
        held_out_snapshot(data, args.sources, Path(tmp), genes, mesh=mesh, grounded=grounded)
        resolver = Resolver(Snapshot(tmp))
        print(f"held-out mentions (1 in {HELD_OUT}, left out of the lookup): top-1 / no answer / wrong first")
        pooled = [0, 0, 0, 0]
        rodent = rodent_mentions(args.sources, data, genes)
        for what, mentions in (("MeSH synonyms", [(m, g) for m, g, _ in mesh]), ("grounding texts", grounded),
                               ("mouse/rat MeSH", rodent)):
            for group, (n, top, none, wrong) in score(resolver, mentions).items():
                if group == "all":
                    pooled = [a + b for a, b in zip(pooled, (n, top, none, wrong), strict=True)]
                if n:
                    print(f"  {what:16} {group:32} n={n:5d}  top-1 {top / n:.3f}  no answer {none / n:.3f}  "
                          f"wrong first {wrong / n:.3f}")
        n, top, none, wrong = pooled
        print(f"  {'pooled':16} {'all':32} n={n:5d}  top-1 {top / n:.3f}  no answer {none / n:.3f}  "
              f"wrong first {wrong / n:.3f}   [targets: top-1 >= 0.80, no answer <= 0.12]")
        if args.dev.is_dir():
            n, top, none, wrong = score(Resolver(Snapshot(data)), figure_mentions(args.dev), "entrez_id")["all"]
            if n:
                print(f"  {'figure OCR words':16} {'accepted by the labels':32} n={n:5d}  top-1 {top / n:.3f}  "
                      f"no answer {none / n:.3f}  wrong first {wrong / n:.3f}   (not pooled: PFOCR found these "
                      "through the same lexicons; it measures the order)")
            kn, kg, ex = keyword_kinds(args.dev, resolver)
            if kn:
                print(f"  labeled non-gene keywords (disease/chemical/other) resolved as genes: {kg}/{kn} "
                      f"({kg / kn:.3f}); e.g. {', '.join(ex[:8])}")
    if args.dev.is_dir():
        # in a fresh process: the quality part leaves tens of thousands of results behind,
        # whose garbage collection would be timed too
        sys.stdout.flush()
        subprocess.run([sys.executable, __file__, "--speed-only", "--dev", str(args.dev), "--data", str(data)],
                       check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
