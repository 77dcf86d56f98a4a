"""The ``pfocr-genes`` command line.

``pfocr-genes normalize PATH...`` cleans figure records (files, folders, globs, ``-`` for
stdin) into TSV, JSON lines, GMT gene sets or parquet, in worker processes;
``pfocr-genes resolve TOKEN...`` looks tokens up, with reasons.

Exit status: 0 success, 1 if any record failed (the others are still written, the
failures listed on stderr and in the error file), 2 usage errors (bad options, output
that cannot be written), 130 interrupted. With ``-o`` the output is written to a hidden
``.partial`` file beside the target and renamed only when complete, so an interrupted
run never leaves a truncated file that looks finished.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from pfocr_genes import exports
from pfocr_genes.batch import CHUNK, Options, expand, run
from pfocr_genes.resolver import resolve
from pfocr_genes.snapshot import SnapshotError

# kept importable from here for existing callers
TSV_COLUMNS = exports.TSV_COLUMNS
ONLINE_COLUMNS = exports.ONLINE_COLUMNS
tsv_rows = exports.tsv_rows

PARQUET_ROWS = 50_000  # rows per parquet row group


class UsageError(Exception):
    """A problem with the command line or the output path (exit status 2)."""


def _say(msg: str, bar: Any = None) -> None:
    if bar is not None:
        bar.write(msg, file=sys.stderr)
    else:
        print(msg, file=sys.stderr)


@contextlib.contextmanager
def _atomic(path: str | None, binary: bool = False) -> Iterator[tuple[IO[Any] | None, str | None]]:
    """``(stream, temp path)``: a hidden temp file beside ``path`` renamed onto it on success,
    removed on any failure or interruption; stdout when ``path`` is ``None`` or ``-``."""
    if path in (None, "-"):
        yield (sys.stdout.buffer if binary else sys.stdout), None
        return
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"cannot write {target}: it is a folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent or ".")
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    ok = False
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as fh:
            yield fh, tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        ok = True
    finally:
        if not ok:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _error_file(args: argparse.Namespace) -> str | None:
    if args.errors:
        return args.errors
    if args.output and args.output != "-":
        return f"{args.output}.errors.tsv"
    return None


def _progress(args: argparse.Namespace, total: int) -> Any:
    if args.quiet or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm  # noqa: PLC0415
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    return tqdm(total=total, unit="rec", file=sys.stderr, dynamic_ncols=True)


def _normalize(args: argparse.Namespace) -> int:
    if args.workers < 1:
        raise UsageError(f"--workers must be at least 1, got {args.workers}")
    if args.format == "parquet":
        try:
            import pyarrow as pa  # noqa: PLC0415
            import pyarrow.parquet as pq  # noqa: PLC0415
        except ImportError:
            raise UsageError("-f parquet needs pyarrow: pip install 'pfocr-genes[parquet]'") from None
        if args.output in (None, "-"):
            raise UsageError("-f parquet writes a binary file: give it with -o FILE")
    try:
        gmt_species = exports.parse_species(args.gmt_species) if args.gmt_species else None
    except ValueError as exc:
        raise UsageError(f"--gmt-species: {exc}") from None
    if args.orthologs and gmt_species != "9606":
        raise UsageError("--orthologs maps genes of other species to human: use it with --gmt-species human")
    opts = Options(format=args.format, hits=not args.no_hits, mode=args.mode, mygene_url=args.mygene_url,
                   cache=args.cache, gmt_ids=args.gmt_ids, keep_suspects=args.keep_suspects,
                   gmt_species=gmt_species, orthologs=args.orthologs)
    online = args.mode != "offline"
    inputs = list(expand(args.paths))
    items = [x for x in inputs if not hasattr(x, "error")]
    errors: list[tuple[str, str]] = [(x.label, x.error) for x in inputs if hasattr(x, "error")]
    for _, msg in errors:
        _say(f"pfocr-genes: {msg}")
    bar = _progress(args, len(items))
    stats: dict[str, int] = {}
    # a pool costs a fork and a warm-up: not worth it for a handful of records
    workers = max(1, min(args.workers, -(-len(items) // CHUNK)))
    written = 0
    with _atomic(args.output, binary=args.format == "parquet") as (out, _tmp):
        assert out is not None  # _atomic always yields a stream
        writer = None
        pending: list[dict] = []
        if args.format == "tsv":
            out.write(exports.header(online))
        if args.format == "parquet":
            schema = exports.parquet_schema(online)
            writer = pq.ParquetWriter(out, schema)
        for o in run(items, opts, workers, stats):
            if bar is not None:
                bar.update(1)
            if o.error is not None:
                errors.append((o.label, o.error))
                _say(f"pfocr-genes: {o.error}", bar)
                continue
            written += 1
            if writer is not None:
                pending.extend(o.rows)
                if len(pending) >= PARQUET_ROWS:
                    writer.write_table(pa.Table.from_pylist(pending, schema=schema))
                    pending = []
            else:
                out.write(o.text)
        if writer is not None:
            if pending:
                writer.write_table(pa.Table.from_pylist(pending, schema=schema))
            writer.close()
    if bar is not None:
        bar.close()
    _write_errors(args, errors)
    if online and not args.quiet:
        _say(f"pfocr-genes: MyGene.info: {stats.get('requests', 0)} requests, {stats.get('from_service', 0)} "
             f"terms answered, {stats.get('from_cache', 0)} from the cache, {stats.get('from_snapshot', 0)} "
             "from the snapshot (service unavailable)")
    if errors and not args.quiet:
        _say(f"pfocr-genes: {written} records written, {len(errors)} failed"
             + (f" (listed in {_error_file(args)})" if _error_file(args) else ""))
    return 1 if errors else 0


def _write_errors(args: argparse.Namespace, errors: list[tuple[str, str]]) -> None:
    """The side file of failed records (``source<TAB>problem``); a stale one is removed."""
    path = _error_file(args)
    if path is None:
        return
    if not errors:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        return
    with _atomic(path) as (fh, _):
        assert fh is not None
        fh.write("source\tproblem\n")
        fh.writelines(f"{exports.cell(src)}\t{exports.cell(msg)}\n" for src, msg in errors)


def _resolve(args: argparse.Namespace) -> int:
    out = sys.stdout
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


NORMALIZE_EXAMPLES = """examples:
  pfocr-genes normalize examples/PMC11580516__12943_2024_2165_Fig4_HTML.md
  pfocr-genes normalize figures/ -o clean.tsv --workers 2
  pfocr-genes normalize 'figures/**/*.md' -f gmt -o pfocr.gmt          # gene sets, suspects left out
  pfocr-genes normalize figures/ -f parquet -o clean.parquet           # needs pyarrow
  printf 'TP53,NET,CAFs\\n' | pfocr-genes normalize - -f jsonl          # keyword lists on stdin
"""


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="pfocr-genes", description="Clean the gene keywords of PFOCR figures.")
    sub = ap.add_subparsers(dest="command", required=True)
    n = sub.add_parser("normalize", help="classify and resolve the keywords of figure records",
                       description="Classify, resolve and flag the keywords of figure records.",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=NORMALIZE_EXAMPLES)
    n.add_argument("paths", nargs="+", metavar="PATH",
                   help="record files (.md/.yaml/.json), folders (recursive), globs, or - for stdin "
                        "(one keyword list per line, separated by tabs, commas or semicolons; or one JSON "
                        "record per line)")
    n.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")
    n.add_argument("-f", "--format", choices=exports.FORMATS, default="tsv",
                   help="tsv: one row per keyword; jsonl: one figure per line; gmt: gene sets per figure and species; "
                        "parquet: the tsv rows (needs pyarrow)")
    n.add_argument("--gmt-ids", choices=("entrez", "symbol"), default="entrez", help="gene ids in GMT output")
    n.add_argument("--keep-suspects", action="store_true", help="keep suspect genes in GMT gene sets")
    n.add_argument("--gmt-species", metavar="SPECIES",
                   help="GMT: only this species' gene sets (human, mouse, fly..., or an NCBI taxon id); "
                        "default: one set per figure and species")
    n.add_argument("--orthologs", action="store_true",
                   help="GMT with --gmt-species human: genes of other species join the human set through "
                        "their human ortholog")
    n.add_argument("--no-hits", action="store_true", help="ignore <figid>-genes.tsv next to records")
    n.add_argument("-j", "--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="worker processes (default: the number of cores)")
    n.add_argument("--errors", metavar="FILE",
                   help="list failed records here (default: OUTPUT.errors.tsv with -o; else stderr only)")
    n.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary (errors still shown)")
    _online_arguments(n)
    r = sub.add_parser("resolve", help="look up gene-like tokens, with reasons",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="example:\n  pfocr-genes resolve TNF-α NET SMAD2/3 1-Mar\n"
                              "  pfocr-genes resolve --json HIF-1 | jq .candidates")
    r.add_argument("tokens", nargs="+")
    r.add_argument("--json", action="store_true", help="one JSON object per token")
    return ap


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    old = signal.signal(signal.SIGTERM, _interrupt)  # kill: clean up like Ctrl-C
    try:
        if args.command == "normalize":
            return _normalize(args)
        return _resolve(args)
    except UsageError as exc:
        print(f"pfocr-genes: {exc}", file=sys.stderr)
        return 2
    except SnapshotError as exc:
        print(f"pfocr-genes: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("pfocr-genes: interrupted; no output file was written", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. piped into head
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # silence the flush at exit
        return 0
    finally:
        signal.signal(signal.SIGTERM, old)


if __name__ == "__main__":
    raise SystemExit(main())
