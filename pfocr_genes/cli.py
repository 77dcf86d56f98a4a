"""The ``pfocr-genes`` command line.

``pfocr-genes normalize RECORD...`` cleans figure records (TSV or JSON lines);
``pfocr-genes resolve TOKEN...`` looks tokens up, with reasons.
Exit status: 0 success, 1 if any record failed (the others are still written), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from pfocr_genes.figure import FigureResult, normalize_figure
from pfocr_genes.records import RecordError
from pfocr_genes.resolver import resolve
from pfocr_genes.snapshot import SnapshotError

TSV_COLUMNS = ("figid", "keyword", "kind", "symbol", "hgnc_id", "entrez_id", "match", "suspect", "score",
               "reasons", "mesh_id", "label")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        value = "; ".join(map(str, value))
    return str(value).replace("\t", " ").replace("\n", " ")


def tsv_rows(result: FigureResult) -> Iterator[str]:
    """One TSV line per keyword (columns :data:`TSV_COLUMNS`)."""
    for k in result.keywords:
        d = k.to_dict()
        d["figid"], d["keyword"] = result.figid, k.text
        yield "\t".join(_cell(d[c]) for c in TSV_COLUMNS) + "\n"


def _expand(paths: Iterable[str]) -> Iterator[Path]:
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(x for x in p.rglob("*.md") if not x.name.startswith("README"))
        else:
            yield p


def _normalize(args: argparse.Namespace, out: TextIO) -> int:
    failed = 0
    if args.format == "tsv":
        out.write("\t".join(TSV_COLUMNS) + "\n")
    for path in _expand(args.paths):
        try:
            result = normalize_figure(path, hits=False if args.no_hits else None)
        except RecordError as exc:
            failed += 1
            print(f"pfocr-genes: {exc}", file=sys.stderr)
            continue
        if args.format == "tsv":
            out.writelines(tsv_rows(result))
        else:
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    return 1 if failed else 0


def _resolve(args: argparse.Namespace, out: TextIO) -> int:
    for tok in args.tokens:
        r = resolve(tok)
        if args.json:
            out.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
            continue
        out.write(f"{tok}\t{r.kind}\t{'unique' if r.unique else 'not unique'}\t{r.note}\n")
        for c in r.candidates:
            out.write(f"  {c.symbol}\t{c.hgnc_id or '-'}\tEntrez {c.entrez_id or '-'}\t{c.match}\t{c.source}\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="pfocr-genes", description="Clean the gene keywords of PFOCR figures.")
    sub = ap.add_subparsers(dest="command", required=True)
    n = sub.add_parser("normalize", help="classify and resolve the keywords of figure records",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="example:\n  pfocr-genes normalize examples/PMC11580516__12943_2024_2165_Fig4_HTML.md")
    n.add_argument("paths", nargs="+", help="record files (.md/.yaml/.json) or folders")
    n.add_argument("-f", "--format", choices=("tsv", "jsonl"), default="tsv")
    n.add_argument("--no-hits", action="store_true", help="ignore <figid>-genes.tsv next to records")
    r = sub.add_parser("resolve", help="look up gene-like tokens, with reasons",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="example:\n  pfocr-genes resolve TNF-α NET SMAD2/3 1-Mar")
    r.add_argument("tokens", nargs="+")
    r.add_argument("--json", action="store_true", help="one JSON object per token")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "normalize":
            return _normalize(args, sys.stdout)
        return _resolve(args, sys.stdout)
    except SnapshotError as exc:
        print(f"pfocr-genes: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into head
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
