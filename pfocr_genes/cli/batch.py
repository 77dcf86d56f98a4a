"""Clean many figure records in worker processes, in input order, losing none.

Why processes: ``normalize_figure`` is pure Python, so threads would share one core. Each
worker loads the snapshot lazily itself (~0.8 s, in parallel): preloading in the parent
and forking would share the pages at first, but every worker's resident size would start
at the parent's and grow from there, and reference counting copies the shared pages back
anyway. Records travel in chunks, each
worker formats its own output (strings, or rows for parquet) and the parent only writes,
so the parent never becomes the bottleneck. A record that fails is returned as an error
(source and reason) and the others go on.
"""

from __future__ import annotations

import contextlib
import glob
import multiprocessing as mp
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import attrs

from pfocr_genes import exports
from pfocr_genes.cli.interrupts import check, deferred, mark_forced
from pfocr_genes.figure import FigureResult, normalize_figure
from pfocr_genes.records import RecordError, load_json_text, load_record
from pfocr_genes.snapshot import SnapshotError

#: Record files in folders and globs (``.txt``: the same front-matter format as ``.md``).
RECORD_SUFFIXES = (".md", ".txt", ".yaml", ".yml", ".json")
#: Records per task sent to a worker (amortizes inter-process traffic).
CHUNK = 64
#: Records per online check when there is one worker (one batch of MyGene.info requests).
ONLINE_CHUNK = 500


@attrs.frozen(slots=True)
class Item:
    """One record to clean: a file path, or a record read from stdin (``label`` names it)."""

    label: str
    path: str | None = None
    record: Any = None


@attrs.frozen(slots=True)
class Options:
    """How to clean and format every record (sent once to each worker)."""

    format: str = "tsv"
    hits: bool = True
    mode: str = "offline"
    mygene_url: str | None = None
    cache: str | None = None
    gmt_ids: str = "entrez"
    keep_suspects: bool = False
    #: GMT: only this taxon's gene sets (``None``: one set per species found)
    gmt_species: str | None = None
    #: GMT: genes of other species join the human set through their human ortholog
    orthologs: bool = False
    #: a gene keyword is suspect when its score is at least this (``None``: 0.5)
    threshold: float | None = None


@attrs.frozen(slots=True)
class Outcome:
    """A cleaned record's output (text or parquet rows), or the problem that stopped it
    (``error``: what went wrong, without the record's name: ``label`` says which)."""

    label: str
    text: str = ""
    rows: tuple[dict, ...] = ()
    error: str | None = None
    #: where the figure's word table came from (see ``FigureResult.hits_source``)
    hits_source: str | None = None

    @property
    def message(self) -> str:
        """``label: error``, as shown on stderr."""
        return f"{self.label}: {self.error}"


def _is_record(p: Path) -> bool:
    """A record file of a folder or glob. A ``.txt`` file counts only when it opens with the
    front matter's ``---`` line (notes and READMEs in ``.txt`` are common beside records)."""
    suffix = p.suffix.lower()
    if suffix not in RECORD_SUFFIXES or p.name.startswith(("README", "LABELING", ".")):
        return False
    if suffix == ".txt":
        try:
            with open(p, "rb") as fh:
                return fh.read(3) == b"---"
        except OSError:
            return False
    return True


def expand(paths: Iterable[str]) -> Iterator[Item | Outcome]:
    """Files, folders (recursive, record files only, sorted), globs and ``-`` (stdin).

    A path that does not exist, or a glob that matches nothing, is yielded as an
    :class:`Outcome` with an error, so that it is reported like a bad record.
    """
    seen: set[str] = set()

    def once(path: str) -> Iterator[Item]:
        """A file named twice (``a.md a.md``, a folder and a glob over it) is read once."""
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            yield Item(path, path=path)

    for arg in paths:
        if arg == "-":
            yield from stdin_items()
            continue
        p = Path(arg)
        if p.is_dir():
            # sorted by parts (what Path ordering compares), without Path comparisons: 10x faster
            found = sorted((x.parts, str(x)) for x in p.rglob("*") if _is_record(x) and x.is_file())
            for _, s in found:
                yield from once(s)
        elif p.exists():
            yield from once(arg)
        elif glob.has_magic(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            files = [m for m in matches if Path(m).is_file() and _is_record(Path(m))]
            if not files:
                yield Outcome(arg, error="no record files match this pattern")
            for m in files:
                yield from once(m)
        else:
            yield Outcome(arg, error="no such file or folder")


def parse_stdin_line(line: str, label: str) -> Any:
    """One stdin line: a JSON record (``{...}``), a JSON keyword list (``[...]``), or keywords
    separated by tabs (else by commas or semicolons). Raises :class:`RecordError`."""
    text = line.strip()
    if text.startswith(("{", "[")):
        try:
            value = load_json_text(text, label)
        except RecordError:
            if text.startswith("{"):
                raise
            value = None  # "[Ca2+]i, IP3": keywords that happen to start with a bracket
        if isinstance(value, (dict, list)):
            return value
    sep = "\t" if "\t" in text else ";" if ";" in text else ","
    return [w.strip() for w in text.split(sep) if w.strip()]


def stdin_items() -> Iterator[Item | Outcome]:
    import sys  # noqa: PLC0415

    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        label = f"<stdin>:{n}"
        try:
            rec = parse_stdin_line(line, label)
        except RecordError as exc:
            yield Outcome(label, error=exc.problem)
            continue
        if isinstance(rec, list):
            rec = {"figid": f"stdin-{n}", "keywords": rec}
        else:
            rec.setdefault("figid", f"stdin-{n}")
        yield Item(label, record=rec)


# -- the work of one process -------------------------------------------------------------

_opts = Options()
_client: Any = None


def _init(opts: Options) -> None:
    global _opts, _client
    _opts, _client = opts, None
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool


def online_client(opts: Options) -> Any:
    """This process's MyGene.info client (one per process: they share the cache file)."""
    global _client
    if _client is None:
        from pfocr_genes.mygene_client import DEFAULT_URL, MyGeneClient  # noqa: PLC0415

        _client = MyGeneClient(opts.mygene_url or DEFAULT_URL, **({"cache": opts.cache} if opts.cache else {}))
    return _client


def _format(result: FigureResult, label: str, opts: Options) -> Outcome:
    online = opts.mode != "offline"
    src = result.hits_source
    if opts.format == "tsv":
        return Outcome(label, text="".join(exports.tsv_rows(result, online)), hits_source=src)
    if opts.format == "jsonl":
        return Outcome(label, text=exports.jsonl_line(result), hits_source=src)
    if opts.format == "gmt":
        return Outcome(label, text=exports.gmt_line(result, opts.gmt_ids, opts.keep_suspects,  # type: ignore[arg-type]
                                                    opts.gmt_species, opts.orthologs), hits_source=src)
    return Outcome(label, rows=tuple(exports.keyword_rows(result, online)), hits_source=src)


def work(items: list[Item], opts: Options | None = None) -> list[Outcome]:
    """Clean and format ``items`` (one task). Never raises for a bad record."""
    opts = opts or _opts
    done: list[tuple[Item, FigureResult | None, str | None]] = []
    for it in items:
        try:
            if it.path is not None:
                # the word table is looked up beside the file: <figid>-genes.tsv, then
                # <file name>-genes.tsv, then the record's own genes: block
                res = normalize_figure(it.path, hits=None if opts.hits else False, threshold=opts.threshold)
            else:
                res = normalize_figure(load_record(it.record), hits=False, threshold=opts.threshold)
            done.append((it, res, None))
        except RecordError as exc:
            done.append((it, None, exc.problem))
        except SnapshotError as exc:
            done.append((it, None, str(exc)))
        except Exception as exc:  # one record's bug must not lose the others
            done.append((it, None, f"internal error {type(exc).__name__}: {exc} (please report)"))
    if opts.mode != "offline":
        from pfocr_genes.online import check_results  # noqa: PLC0415

        ok = [r for _, r, _ in done if r is not None]
        checked = iter(check_results(ok, online_client(opts), opts.mode))  # type: ignore[arg-type]
        done = [(it, next(checked) if r is not None else None, e) for it, r, e in done]
    return [Outcome(it.label, error=err) if r is None else _format(r, it.label, opts) for it, r, err in done]


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for it in items:
        chunk.append(it)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _task(items: list[Item], opts: Options | None = None) -> tuple[list[Outcome], dict[str, int]]:
    """One worker task: the outcomes, and what the MyGene.info client did meanwhile."""
    before = attrs.asdict(_client.stats) if _client is not None else {}
    outs = work(items, opts)
    after = attrs.asdict(_client.stats) if _client is not None else {}
    return outs, {k: v - before.get(k, 0) for k, v in after.items()}


def run(items: Iterable[Item], opts: Options, workers: int,
        stats: dict[str, int] | None = None) -> Iterator[Outcome]:
    """Outcomes in input order. ``workers`` processes (1: in this process); ``stats``
    (if given) adds up the MyGene.info client counters of every process."""
    size = ONLINE_CHUNK if opts.mode != "offline" and workers == 1 else CHUNK

    def tally(delta: dict[str, int]) -> None:
        if stats is not None:
            for k, v in delta.items():
                stats[k] = stats.get(k, 0) + v

    if workers <= 1:
        for chunk in _chunks(items, size):
            outs, delta = _task(chunk, opts)
            tally(delta)
            yield from outs
        return
    yield from _pooled(_chunks(items, size), opts, workers, tally)


def _pool(opts: Options, workers: int) -> ProcessPoolExecutor:
    """Workers started by a fork server (POSIX) or spawned: never forked from this process,
    which runs threads (the pool's manager, a progress bar), and forking a process with threads
    can deadlock the child (Python 3.12+ warns about it)."""
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        # the server imports the library once; each worker is forked from it (one thread)
        ctx.set_forkserver_preload(["pfocr_genes.cli.batch"])
    return ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init, initargs=(opts,))


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: end the workers, then cancel what waits (an interrupt must not wait
    for them, nor leave them blocked on the call queue for the exit-time join). Workers end
    before the pool lets go of its queues: a worker still starting up would otherwise fail
    to attach to their semaphores and print a traceback."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    for p in procs:
        with contextlib.suppress(Exception):
            p.terminate()
    for p in procs:
        with contextlib.suppress(Exception):
            p.join(0.5)
            if p.is_alive():
                p.kill()
    mark_forced()
    pool.shutdown(wait=False, cancel_futures=True)


def _lost(chunk: list[Item], why: str) -> list[Outcome]:
    return [Outcome(it.label, error=why) for it in chunk]


def _pooled(chunks: Iterator[list[Item]], opts: Options, workers: int, tally: Any) -> Iterator[Outcome]:
    """Chunks through a process pool, at most ``4 * workers`` in flight, in input order.

    Why not ``multiprocessing.Pool.imap``: when a worker process dies (killed, out of
    memory, a crash in a C extension) ``imap`` waits forever for its task. Here the pool
    reports itself broken; the unfinished chunks are run again one at a time in a new pool,
    so that only the chunk that kills a worker on its own is reported as failed records.
    """
    with deferred():  # a signal is raised by check() below, never inside the pool's locks
        pool = _pool(opts, workers)
        window: deque[tuple[list[Item], Future, bool]] = deque()
        isolate: deque[list[Item]] = deque()  # chunks in flight when a worker died
        done = False
        try:
            while True:
                check()
                if isolate:
                    if not window:
                        chunk = isolate.popleft()
                        window.append((chunk, pool.submit(_task, chunk), True))
                else:
                    while len(window) < 4 * workers and (chunk := next(chunks, None)) is not None:
                        window.append((chunk, pool.submit(_task, chunk), False))
                if not window:
                    done = True
                    return
                chunk, fut, alone = window[0]
                try:
                    outs, delta = _result(fut)
                except BrokenProcessPool:
                    window.popleft()
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = _pool(opts, workers)
                    if alone:
                        yield from _lost(chunk, "a worker process died while cleaning this chunk of records")
                    else:
                        isolate.extend([chunk, *(c for c, _, _ in window)])
                        window.clear()
                    continue
                window.popleft()
                tally(delta)
                yield from outs
        finally:
            if done:
                pool.shutdown(wait=True)
            else:  # interrupted, or the consumer stopped early
                _terminate(pool)


def _result(fut: Future) -> Any:
    """``fut.result()``, polled so that a signal noted meanwhile is raised within 0.1 s."""
    while True:
        check()
        try:
            return fut.result(timeout=0.1)
        except TimeoutError:
            continue
