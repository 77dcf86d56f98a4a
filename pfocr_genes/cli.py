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
#: Extra TSV columns in the online and verify modes: MyGene.info's answer for the keyword.
ONLINE_COLUMNS = ("mygene_status", "mygene_symbol", "mygene_entrez_id", "mygene_source")
#: Records cleaned before their genes are checked online together (one batch of requests).
ONLINE_CHUNK = 500


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        value = "; ".join(map(str, value))
    return str(value).replace("\t", " ").replace("\n", " ")


def tsv_rows(result: FigureResult, online: bool = False) -> Iterator[str]:
    """One TSV line per keyword (columns :data:`TSV_COLUMNS`, then :data:`ONLINE_COLUMNS`)."""
    for k in result.keywords:
        d = k.to_dict()
        d["figid"], d["keyword"] = result.figid, k.text
        cells = [_cell(d[c]) for c in TSV_COLUMNS]
        if online:
            o = k.online
            cells += [_cell(v) for v in ((o.status, o.symbol, o.entrez_id, o.source) if o else (None,) * 4)]
        yield "\t".join(cells) + "\n"


def _expand(paths: Iterable[str]) -> Iterator[Path]:
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(x for x in p.rglob("*.md") if not x.name.startswith("README"))
        else:
            yield p


def _client(args: argparse.Namespace):
    from pfocr_genes.mygene_client import DEFAULT_URL, MyGeneClient  # noqa: PLC0415 - online modes only

    return MyGeneClient(args.mygene_url or DEFAULT_URL, **({"cache": args.cache} if args.cache else {}))


def _normalize(args: argparse.Namespace, out: TextIO) -> int:
    failed = 0
    online = args.mode != "offline"
    if args.format == "tsv":
        out.write("\t".join(TSV_COLUMNS + (ONLINE_COLUMNS if online else ())) + "\n")
    client = _client(args) if online else None

    def write(results: list[FigureResult]) -> None:
        if client is not None:
            from pfocr_genes.online import check_results  # noqa: PLC0415

            results = check_results(results, client, args.mode)
        for result in results:
            if args.format == "tsv":
                out.writelines(tsv_rows(result, online))
            else:
                out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")

    pending: list[FigureResult] = []
    for path in _expand(args.paths):
        try:
            pending.append(normalize_figure(path, hits=False if args.no_hits else None))
        except RecordError as exc:
            failed += 1
            print(f"pfocr-genes: {exc}", file=sys.stderr)
            continue
        if len(pending) >= (ONLINE_CHUNK if online else 1):
            write(pending)
            pending = []
    write(pending)
    if client is not None:
        st = client.stats
        print(f"pfocr-genes: MyGene.info: {st.requests} requests, {st.from_service} terms answered, "
              f"{st.from_cache} from the cache, {st.from_snapshot} from the snapshot (service unavailable)",
              file=sys.stderr)
        client.close()
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


def _online_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("MyGene.info (see docs/online.md)")
    modes = g.add_mutually_exclusive_group()
    modes.add_argument("--offline", dest="mode", action="store_const", const="offline",
                       help="embedded snapshot only, no network (default)")
    modes.add_argument("--online", dest="mode", action="store_const", const="online",
                       help="MyGene.info first (renamed symbols, merged ids), snapshot when it is unreachable")
    modes.add_argument("--verify", dest="mode", action="store_const", const="verify",
                       help="keep the snapshot's answers, report where MyGene.info disagrees")
    p.set_defaults(mode="offline")
    g.add_argument("--mygene-url", metavar="URL", help="MyGene.info v3 root (default https://mygene.info/v3)")
    g.add_argument("--cache", metavar="PATH", help="SQLite cache file (default: the user's cache directory)")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="pfocr-genes", description="Clean the gene keywords of PFOCR figures.")
    sub = ap.add_subparsers(dest="command", required=True)
    n = sub.add_parser("normalize", help="classify and resolve the keywords of figure records",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="example:\n  pfocr-genes normalize examples/PMC11580516__12943_2024_2165_Fig4_HTML.md")
    n.add_argument("paths", nargs="+", help="record files (.md/.yaml/.json) or folders")
    n.add_argument("-f", "--format", choices=("tsv", "jsonl"), default="tsv")
    n.add_argument("--no-hits", action="store_true", help="ignore <figid>-genes.tsv next to records")
    _online_arguments(n)
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
