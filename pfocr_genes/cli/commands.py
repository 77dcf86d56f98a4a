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
from collections.abc import Iterator
from typing import IO, Any

from pfocr_genes import exports
from pfocr_genes.cli import interrupts
from pfocr_genes.cli import review as review_cli
from pfocr_genes.cli.batch import CHUNK, Item, Options, Outcome, expand, run
from pfocr_genes.cli.output import OutputError, check_not_input, open_output
from pfocr_genes.resolver import resolve
from pfocr_genes.scoring import check_threshold
from pfocr_genes.snapshot import SnapshotError
from pfocr_genes.update import updater as data_update

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


def _error_file(args: argparse.Namespace) -> str | None:
    if args.errors:
        return args.errors
    if args.output and args.output != "-":
        return f"{args.output}.errors.tsv"
    return None


def _progress(args: argparse.Namespace, total: int) -> Any:
    """A progress bar on a terminal stderr; none when the rows themselves go to the terminal
    (a bar redrawn between rows would mix with them)."""
    if args.quiet or not sys.stderr.isatty():
        return None
    if args.output in (None, "-") and sys.stdout.isatty():
        return None
    try:
        from tqdm import tqdm  # noqa: PLC0415
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    return tqdm(total=total, unit="rec", file=sys.stderr, dynamic_ncols=True)


#: Resident memory one worker needs at most (snapshot, vocabularies, bounded caches; see
#: docs/cli.md "Measured throughput"): the default and the cap of ``--workers`` allow for it.
WORKER_MB = 450


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def _available_mb() -> int | None:
    """Memory available to new processes (Linux ``MemAvailable``), or ``None`` if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError):
        pass
    return None


def worker_limit() -> tuple[int, str]:
    """How many worker processes this machine can run well, and why."""
    cores = _cores()
    mem = _available_mb()
    by_mem = max(1, mem // WORKER_MB) if mem is not None else cores
    why = f"{cores} cores" + (f", {mem / 1024:.1f} GB available memory at ~{WORKER_MB} MB a worker" if mem else "")
    return max(1, min(cores, by_mem)), why


def _workers(args: argparse.Namespace) -> int:
    limit, why = worker_limit()
    if args.workers is None:
        return limit
    if args.workers < 1:
        raise UsageError(f"--workers must be at least 1, got {args.workers}")
    if args.workers > limit:
        if not args.quiet:
            _say(f"pfocr-genes: --workers {args.workers} capped at {limit} ({why}); more would only compete "
                 "for them")
        return limit
    return args.workers


SNAPSHOT_FILES = ("genes.tsv.gz", "gene_index.json.gz", "families.json.gz", "terms.json.gz", "species.json.gz")


def _check_snapshot() -> None:
    """Fail once, before any record, when the snapshot cannot be used (a wrong
    PFOCR_GENES_DATA would otherwise fail every record with the same message)."""
    from pfocr_genes.snapshot import Snapshot  # noqa: PLC0415

    snap = Snapshot()
    missing = [n for n in SNAPSHOT_FILES if not (snap.data_dir / n).is_file()]
    if missing:
        raise SnapshotError(f"{snap.data_dir}: incomplete snapshot, missing {', '.join(missing)}")


def _inputs(items: list[Item]) -> list[str]:
    """The files a run reads: records and the word tables beside them."""
    from pfocr_genes.records import hits_path_for  # noqa: PLC0415

    out = []
    for it in items:
        if it.path is not None:
            out += [it.path, str(hits_path_for(it.path))]
    return out


def _normalize(args: argparse.Namespace) -> int:
    if args.format == "parquet":
        try:
            import pyarrow.parquet  # noqa: F401, PLC0415
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
    workers_wanted = _workers(args)
    _check_snapshot()
    opts = Options(format=args.format, hits=not args.no_hits, mode=args.mode, mygene_url=args.mygene_url,
                   cache=args.cache, gmt_ids=args.gmt_ids, keep_suspects=args.keep_suspects,
                   gmt_species=gmt_species, orthologs=args.orthologs, threshold=args.threshold)
    online = args.mode != "offline"
    inputs = list(expand(args.paths))
    items = [x for x in inputs if isinstance(x, Item)]
    errors: list[tuple[str, str]] = [(x.label, x.error or "") for x in inputs if isinstance(x, Outcome)]
    read = _inputs(items)
    for target in (args.output, _error_file(args)):
        if target not in (None, "-"):
            try:
                check_not_input(target, read)
            except OutputError as exc:
                raise UsageError(str(exc)) from None
    for label, msg in errors:
        _say(f"pfocr-genes: {label}: {msg}")
    stats: dict[str, int] = {}
    # a pool costs a process start and a warm-up: not worth it for a handful of records
    workers = max(1, min(workers_wanted, -(-len(items) // CHUNK)))
    bar = _progress(args, len(items))
    tally = _Tally(errors, bar)
    try:
        try:
            with open_output(args.output, binary=args.format == "parquet") as out:
                if args.format == "parquet":
                    _write_parquet(out, run(items, opts, workers, stats), tally, online)
                else:
                    if args.format == "tsv":
                        out.write(exports.header(online))
                    for o in run(items, opts, workers, stats):
                        tally.count(o)
                        if o.error is None:
                            out.write(o.text)
                    out.flush()
        except OutputError as exc:
            raise UsageError(str(exc)) from None
    except KeyboardInterrupt as exc:
        if bar is not None:
            bar.close()
        raise Stopped(getattr(exc, "signum", signal.SIGINT), _fate(args.output, tally.written)) from None
    if bar is not None:
        bar.close()
    _write_errors(args, errors)
    if not args.quiet:
        _summary(args, tally, stats if online else None)
    return 1 if errors else 0


class Stopped(Exception):
    """The run was interrupted; ``message`` says what became of the output. Exit status
    128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM)."""

    def __init__(self, signum: int, message: str) -> None:
        super().__init__(message)
        self.signum = signum
        self.message = message


def _fate(target: str | None, written: int) -> str:
    """What an interrupt after ``written`` records did to the output, in words."""
    if target in (None, "-"):
        what = "the rows of those records went to standard output"
    elif (os.path.lexists(target) and not os.path.isfile(target)) or target.startswith(("/dev/", "/proc/")):
        what = f"{target} received the rows of those records"
    else:
        what = f"{target} was not written (a previous file there is unchanged)"
    return f"interrupted after {written} records; {what}"


class _Tally:
    """What a run has done so far: records written, with a word table, failed."""

    def __init__(self, errors: list[tuple[str, str]], bar: Any) -> None:
        self.errors = errors
        self.bar = bar
        self.written = 0
        self.tables = 0

    def count(self, o: Outcome) -> None:
        if self.bar is not None:
            self.bar.update(1)
        if o.error is not None:
            self.errors.append((o.label, o.error))
            _say(f"pfocr-genes: {o.message}", self.bar)
            return
        self.written += 1
        self.tables += o.hits_source is not None


def _write_parquet(out: IO[Any], outcomes: Iterator[Outcome], tally: _Tally, online: bool) -> None:
    import pyarrow as pa  # noqa: PLC0415 - checked by _normalize
    import pyarrow.parquet as pq  # noqa: PLC0415

    schema = exports.parquet_schema(online)
    writer = pq.ParquetWriter(out, schema)
    pending: list[dict] = []
    try:
        for o in outcomes:
            tally.count(o)
            if o.error is None:
                pending.extend(o.rows)
                if len(pending) >= PARQUET_ROWS:
                    writer.write_table(pa.Table.from_pylist(pending, schema=schema))
                    pending = []
        if pending:
            writer.write_table(pa.Table.from_pylist(pending, schema=schema))
    finally:
        # closed here, while its file is still open: a writer left to the garbage collector
        # after an interrupt writes its footer into a closed file (a traceback at exit)
        with contextlib.suppress(Exception):
            writer.close()


def _summary(args: argparse.Namespace, tally: _Tally, stats: dict[str, int] | None) -> None:
    n, errors = tally.written, tally.errors
    if not args.no_hits and n:
        _say(f"pfocr-genes: {n} records cleaned: {tally.tables} with a word table (<figid>-genes.tsv "
             f"beside the record, or its genes: block), {n - tally.tables} from their keywords only")
    if stats is not None:
        fallback = stats.get("from_snapshot", 0)
        _say(f"pfocr-genes: MyGene.info: {stats.get('requests', 0)} requests, {stats.get('from_service', 0)} "
             f"terms answered, {stats.get('from_cache', 0)} from the cache"
             + (f", {fallback} from the snapshot (the service did not answer)" if fallback else ""))
    if errors:
        _say(f"pfocr-genes: {n} records written, {len(errors)} failed"
             + (f" (listed in {_error_file(args)})" if _error_file(args) else ""))


def _write_errors(args: argparse.Namespace, errors: list[tuple[str, str]]) -> None:
    """The side file of failed records (``source<TAB>problem``). Never removes a file: a
    clean run writes the header alone into a file named with ``--errors``, and into a stale
    default side file (so it no longer lists old failures); otherwise none is created."""
    path = _error_file(args)
    if path is None:
        return
    if not errors and not args.errors and not os.path.lexists(path):
        return
    try:
        with open_output(path) as fh:
            fh.write("source\tproblem\n")
            fh.writelines(f"{exports.cell(src)}\t{exports.cell(msg)}\n" for src, msg in errors)
    except OutputError as exc:
        _say(f"pfocr-genes: {exc}")


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


def _version() -> str:
    from pfocr_genes import __version__  # noqa: PLC0415

    return __version__


def _threshold(text: str) -> float:
    """``--threshold``: a number from 0 to 1 (argparse reports anything else, exit status 2)."""
    try:
        return check_threshold(float(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number from 0 to 1, got {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="pfocr-genes", description="Clean the gene keywords of PFOCR figures.")
    ap.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
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
    n.add_argument("--threshold", type=_threshold, default=None, metavar="P",
                   help="a gene keyword is suspect when its score (the fitted probability that the hit is wrong) "
                        "is at least P, from 0 to 1 (default 0.5); suspect genes are left out of GMT gene sets")
    n.add_argument("-j", "--workers", type=int, default=None, metavar="N",
                   help="worker processes (default and most: what the cores and the available memory allow, "
                        f"~{WORKER_MB} MB a worker)")
    n.add_argument("--errors", metavar="FILE",
                   help="list failed records here (default: OUTPUT.errors.tsv with -o; else stderr only)")
    n.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary (errors still shown)")
    _online_arguments(n)
    r = sub.add_parser("resolve", help="look up gene-like tokens, with reasons",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="example:\n  pfocr-genes resolve TNF-α NET SMAD2/3 1-Mar\n"
                              "  pfocr-genes resolve --json HIF-1 | jq .candidates")
    r.add_argument("tokens", nargs="+", metavar="TOKEN",
                   help="gene-like words as written in a figure (symbols, aliases, names, lists like SMAD2/3)")
    r.add_argument("--json", action="store_true", help="one JSON object per token")
    review_cli.add_parser(sub)
    data_update.add_parser(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    # kill and Ctrl-C: clean up, exit 128 + signal (tests send both to real processes)
    try:
        with interrupts.installed():
            return _command(args)
    except KeyboardInterrupt as exc:  # before any record was cleaned (start-up, listing the inputs)
        said = _fate(args.output, 0) if args.command == "normalize" else "interrupted"
        print(f"pfocr-genes: {said}", file=sys.stderr)
        return 128 + getattr(exc, "signum", signal.SIGINT)


def _command(args: argparse.Namespace) -> int:
    try:
        if args.command == "normalize":
            return _normalize(args)
        if args.command == "report":
            return review_cli.run(args)
        if args.command == "data":
            return data_update.run(args)
        return _resolve(args)
    except UsageError as exc:
        print(f"pfocr-genes: {exc}", file=sys.stderr)
        return 2
    except SnapshotError as exc:
        print(f"pfocr-genes: {exc}", file=sys.stderr)
        return 2
    except Stopped as exc:
        print(f"pfocr-genes: {exc.message}", file=sys.stderr)
        if interrupts.forced():
            # workers were terminated: end now, without multiprocessing's exit-time joins
            # (they may wait on queues whose readers are gone); output is already cleaned up
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(128 + exc.signum)
        return 128 + exc.signum
    except BrokenPipeError:  # e.g. piped into head
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # silence the flush at exit
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
