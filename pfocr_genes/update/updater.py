"""``pfocr-genes data update|status|use``: a current snapshot, and other species' lexicons.

``data update`` downloads HGNC's complete set, NCBI Gene's gene_info files (human and the
species asked for) and NCBI's gene_orthologs; checks each (:mod:`pfocr_genes.update.source_files`);
builds a snapshot from them in a NEW folder of the user's data folder
(:mod:`pfocr_genes.update.rebuild`); and only when that snapshot is complete and loads, switches to
it by rewriting the pointer ``current.json`` atomically (:mod:`pfocr_genes.user_data`).
Anything that goes wrong before the switch (a download, a check, a full disk, Ctrl-C) leaves
the snapshot in use as it was, and a partial download is resumed by the next run.
``data status`` says which snapshot is in use and what it was built from; ``data use
embedded|DIR`` switches (both in :mod:`pfocr_genes.update.status`). The embedded snapshot
always stays, as the fallback.

Exit status: 0 done; 1 the update failed (the snapshot in use is unchanged); 2 a usage
mistake (bad option, a folder that is not a snapshot); 128 + signal when interrupted.

Run as ``python -m pfocr_genes.update.updater ...``; :func:`add_parser` and :func:`run` put the
same commands under ``pfocr-genes data``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import partial
from pathlib import Path
from typing import Any

import attrs

from pfocr_genes.build.data import Writer
from pfocr_genes.cli import interrupts
from pfocr_genes.snapshot import Snapshot, SnapshotError, embedded_data_dir
from pfocr_genes.update.downloads import Download, Downloader, DownloadError
from pfocr_genes.update.rebuild import UpdateInputs, durable_write, rebuild
from pfocr_genes.update.source_files import (
    MIN_ROWS,
    SourceError,
    TableInfo,
    check_dates,
    check_hgnc,
    read_gene_info,
    read_orthologs,
)
from pfocr_genes.update.sources import (
    DEFAULT_SPECIES,
    EMBEDDED_DATES,
    GENE_INFO,
    HUMAN,
    Source,
    SpeciesFile,
    SpeciesOptionError,
    base_url,
    parse_species,
    plan,
)
from pfocr_genes.update.status import UsageError, format_status, prepare_home, status, unchanged, use
from pfocr_genes.user_data import (
    DOWNLOADS_DIR,
    HOME_ENV,
    SNAPSHOTS_DIR,
    Pointer,
    data_home,
    read_manifest,
    read_pointer,
    snapshot_problem,
    write_pointer,
)

PROG = "pfocr-genes data"
DESCRIPTION = ("Build a current gene snapshot, with other species' lexicons, from HGNC and NCBI Gene (needs a "
               "network); show which snapshot is in use and what it was built from; switch. See docs/data.md.")
_BUILDING = ".building-"
_LOCK = "update.lock"


class UpdateError(Exception):
    """The update failed (exit 1); the message says where and why."""


@attrs.frozen(slots=True)
class UpdateResult:
    """The snapshot an update switched to (or found current), and its manifest."""

    folder: Path
    manifest: dict
    built: bool = True


# -- the update ---------------------------------------------------------------------------

def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (POSIX). Elsewhere it cannot be asked safely: assume so."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextlib.contextmanager
def _update_lock(home: Path) -> Iterator[None]:
    """One update at a time per data folder: they share the download cache."""
    lock = home / _LOCK
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            try:
                pid = int(lock.read_text(encoding="ascii").strip() or "0")
            except (OSError, ValueError):
                pid = 0
            if pid and _alive(pid):
                raise UpdateError(f"another data update is running in {home} (process {pid}); "
                                  f"if it is not, delete {lock}") from None
            lock.unlink(missing_ok=True)  # left by an update that was killed
    else:
        raise UpdateError(f"cannot take the lock {lock}")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(str(os.getpid()))
        yield
    finally:
        lock.unlink(missing_ok=True)


def _remove_unfinished(home: Path) -> None:
    """Folders of builds that were killed (under the lock no other build runs)."""
    for p in (home / SNAPSHOTS_DIR).glob(f"{_BUILDING}*"):
        shutil.rmtree(p, ignore_errors=True)


def _newest_dates(manifest: dict) -> dict[str, date]:
    out: dict[str, date] = {}
    for key, d in (manifest.get("update", {}).get("downloads", {}) or {}).items():
        with contextlib.suppress(TypeError, ValueError, AttributeError):
            out[key] = date.fromisoformat(d["newest_date"])
    return out


def _baseline(pointer: Pointer | None) -> dict[str, date]:
    """Dates a new download must not be older than: the embedded sources', or those of the
    updated snapshot in use when newer."""
    dates = dict(EMBEDDED_DATES)
    if pointer is not None and pointer.target is not None and pointer.problem is None:
        for key, d in _newest_dates(read_manifest(pointer.target)).items():
            if key in dates and d > dates[key]:
                dates[key] = d
    return dates


def _http_date(value: str | None) -> str | None:
    try:
        return parsedate_to_datetime(value).date().isoformat() if value else None
    except (TypeError, ValueError):
        return None


def _floor(key: str, min_rows: int | None) -> int:
    if min_rows is not None:
        return min_rows
    return MIN_ROWS.get(key, MIN_ROWS[key.split(":", maxsplit=1)[0]])


def check_downloads(sources: Sequence[Source], downloads: dict[str, Download], *, min_rows: int | None = None,
                    baseline: dict[str, date] | None = None) -> tuple[UpdateInputs, dict[str, TableInfo]]:
    """Check every download (raises :class:`SourceError`) and return the build's inputs and
    what the checks found. Species tables are checked here and read again when built, one at
    a time (see :data:`pfocr_genes.build.lexicons.SpeciesTables`)."""
    baseline = EMBEDDED_DATES if baseline is None else baseline
    infos: dict[str, TableInfo] = {}
    species: dict[str, tuple[str, Callable]] = {}
    human = None
    for s in sources:
        d = downloads[s.key]
        if s.key == "hgnc":
            infos[s.key] = check_hgnc(d.path, s.file, _floor(s.key, min_rows))
        elif s.species is not None:
            read = partial(read_gene_info, d.path, s.species.taxon_id, s.species.row_taxa, name=s.file,
                           min_rows=_floor(s.key, min_rows))
            table = read()
            infos[s.key] = table.info
            if s.species.taxon_id == HUMAN:
                human = table
            else:
                species[s.species.taxon_id] = (s.species.name, read)
        else:
            continue
        check_dates(s.file, infos[s.key].newest, baseline.get(s.key))
    orth = next(s for s in sources if s.key == "orthologs")
    orthologs = read_orthologs(downloads[orth.key].path, species, name=orth.file,
                               min_rows=_floor(orth.key, min_rows))
    infos[orth.key] = orthologs.info
    if human is None:
        raise UpdateError("no human gene_info among the downloads")  # plan() always has one
    return UpdateInputs(downloads["hgnc"].path, human, species, orthologs), infos


def _snapshot_name(home: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder, n = home / SNAPSHOTS_DIR / stamp, 1
    while folder.exists():
        n += 1
        folder = home / SNAPSHOTS_DIR / f"{stamp}-{n}"
    return folder


def _verify(folder: Path) -> None:
    """Load the new snapshot as the library will, before switching to it."""
    problem = snapshot_problem(folder)
    if problem:
        raise UpdateError(f"the new snapshot is incomplete: {problem}")
    from pfocr_genes.lexicons import Lexicons  # noqa: PLC0415 - only needed here

    try:
        snap = Snapshot(folder).load()
        if len(snap) == 0:
            raise UpdateError(f"the new snapshot in {folder} has no genes")
        snap.gene(len(snap) - 1)
        Lexicons(folder).taxa()
    except SnapshotError as exc:
        raise UpdateError(f"the new snapshot does not load: {exc}") from exc


def _same_as(folder: Path | None, downloads: dict[str, Download], species: Sequence[SpeciesFile]) -> bool:
    """Whether ``folder`` was built from exactly these files for these species."""
    if folder is None:
        return False
    got = read_manifest(folder).get("update", {})
    have = {k: d.get("sha256") for k, d in (got.get("downloads") or {}).items() if isinstance(d, dict)}
    return have == {k: d.sha256 for k, d in downloads.items()} and sorted(got.get("species", [])) == sorted(
        s.taxon_id for s in species)


def update(home: Path, species: Sequence[SpeciesFile], *, base: str | None = None, min_rows: int | None = None,
           force: bool = False, write: Writer | None = None, downloader: Downloader | None = None,
           say: Callable[[str], None] = lambda _m: None) -> UpdateResult:
    """Download, check, build and switch (see the module docstring).

    Raises :class:`DownloadError`, :class:`SourceError`, :class:`UpdateError`,
    :class:`UsageError`, ``OSError`` from ``write`` (a full disk) and ``KeyboardInterrupt``;
    in every case the pointer, and so the snapshot in use, is unchanged and no unfinished
    folder is left behind.
    """
    home = prepare_home(home)
    with _update_lock(home):
        _remove_unfinished(home)
        pointer = read_pointer(home)
        sources = plan(species, base)
        downloader = downloader or Downloader(home / DOWNLOADS_DIR)
        downloads: dict[str, Download] = {}
        for s in sources:
            say(f"downloading {s.file} from {s.url}")
            downloads[s.key] = downloader.fetch(s.url, s.file)
            d = downloads[s.key]
            say(f"  {s.file}: {d.size / 1e6:.1f} MB" + (" (unchanged, cached copy)" if d.reused else "")
                + (" (resumed)" if d.resumed else ""))
        current = pointer.target if pointer is not None and pointer.problem is None else None
        if not force and _same_as(current, downloads, species):
            say(f"already up to date: {current} was built from these very files")
            return UpdateResult(current, read_manifest(current), built=False)
        say("checking the downloads")
        inputs, infos = check_downloads(sources, downloads, min_rows=min_rows, baseline=_baseline(pointer))
        record = {
            "built": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "tool": f"pfocr-genes {_version()}",
            "base_url": base,
            "species": [s.taxon_id for s in species],
            "downloads": {k: {**downloads[k].to_dict(), **infos[k].to_dict(),
                              "server_date": _http_date(downloads[k].last_modified)} for k in downloads},
        }
        building = home / SNAPSHOTS_DIR / f"{_BUILDING}{os.getpid()}"
        try:
            building.mkdir()
            say(f"building the snapshot in {building}")
            manifest = rebuild(embedded_data_dir(), inputs, building, write=write or durable_write, record=record)
            _verify(building)
            folder = _snapshot_name(home)
            building.rename(folder)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        write_pointer(home, folder)
        say(f"switched to {folder}")
        return UpdateResult(folder, manifest)


def _version() -> str:
    from pfocr_genes import __version__  # noqa: PLC0415

    return __version__


# -- command line --------------------------------------------------------------------------

def _add_commands(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="data_command", required=True, metavar="{update,status,use}")
    u = sub.add_parser(
        "update", help="download HGNC and NCBI Gene, build a current snapshot with other species' lexicons, use it",
        description="Download HGNC's complete set and NCBI Gene's gene_info and gene_orthologs, check them, build a "
                    "snapshot in a new folder of the data folder, and switch to it. The snapshot in use is left "
                    "unchanged when anything fails; an interrupted download resumes on the next run. See docs/data.md.")
    u.add_argument("--species", metavar="LIST", default=",".join(DEFAULT_SPECIES),
                   help="species whose lexicons to build: NCBI taxon ids or names, comma-separated; "
                        "TAXID=Group/Genus_species for one not listed below (default: %(default)s; known: "
                        + ", ".join(k for k in GENE_INFO if k != HUMAN) + ")")
    u.add_argument("--base-url", metavar="URL",
                   help="one root for every download, replacing HGNC's and NCBI's (a mirror; default: "
                        "$PFOCR_GENES_UPDATE_URL, else the real sites)")
    u.add_argument("--min-rows", type=int, metavar="N",
                   help="accept files with at least N rows (default: what a real file has; for mirrors of a subset)")
    u.add_argument("--force", action="store_true", help="build even when the snapshot in use has the same sources")
    u.add_argument("-q", "--quiet", action="store_true", help="no progress messages (errors still shown)")
    s = sub.add_parser("status", help="which snapshot is in use, and what it was built from")
    s.add_argument("--json", action="store_true", help="as one JSON object")
    w = sub.add_parser("use", help="switch to the embedded snapshot or to another one",
                       description="Switch the snapshot in use (atomically): `embedded`, or a snapshot folder.")
    w.add_argument("target", metavar="embedded|DIR", help="`embedded`, or a snapshot folder (or its name under "
                                                          "the data folder's snapshots/)")
    for c in (u, s, w):
        c.add_argument("--dir", metavar="DIR", type=Path,
                       help=f"the data folder (default: ${HOME_ENV}, else the user's data folder)")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``data`` (with ``update``, ``status``, ``use``) to a CLI's subparsers; the parsed
    arguments go to :func:`run`."""
    p = subparsers.add_parser("data", help="update the gene snapshot and other species' lexicons; show or switch it",
                              description=DESCRIPTION)
    _add_commands(p)
    p.set_defaults(func=run)
    return p


def _progress(quiet: bool) -> Callable[[str], None]:
    """Messages on stderr, each with the seconds since the start (an update takes minutes)."""
    start = time.monotonic()
    if quiet:
        return lambda _m: None
    return lambda m: print(f"{PROG}: [{time.monotonic() - start:5.1f} s] {m}", file=sys.stderr, flush=True)


def _notes(home: Path) -> None:
    """Say when the library will not follow what was just done in ``home``."""
    if os.environ.get("PFOCR_GENES_DATA"):
        print("note: PFOCR_GENES_DATA is set and comes first: unset it to use this snapshot")
    elif home.resolve() != data_home().resolve():
        print(f"note: the library reads {data_home()}; set {HOME_ENV}={home} to use this folder")


def run(args: argparse.Namespace) -> int:
    """Carry out a parsed ``data`` command; returns the exit status. Never a traceback for a
    download, a check, a full disk or a usage mistake: one message naming the file."""
    home = args.dir if args.dir is not None else data_home()
    err = partial(print, file=sys.stderr)
    try:
        if args.data_command == "status":
            st = status(home)
            print(json.dumps(st, indent=1) if args.json else format_status(st))
            return 0
        if args.data_command == "use":
            folder = use(home, args.target)
            print(f"now using {folder or 'the embedded snapshot'}")
            _notes(home)
            return 0
        try:
            species = parse_species(args.species)
        except SpeciesOptionError as exc:
            raise UsageError(f"--species {exc}") from None
        if args.min_rows is not None and args.min_rows < 1:
            raise UsageError(f"--min-rows must be at least 1, got {args.min_rows}")
        say = _progress(args.quiet)
        result = update(home, species, base=base_url(args.base_url), min_rows=args.min_rows, force=args.force,
                        say=say)
        print(f"in use: {result.folder}" if result.built else f"already up to date: {result.folder}")
        _notes(home)
        return 0
    except UsageError as exc:
        err(f"{PROG}: {exc}")
        return 2
    except (DownloadError, SourceError, UpdateError) as exc:
        err(f"{PROG} {args.data_command}: {exc}\n  {unchanged(home)}")
        return 1
    except OSError as exc:  # writing the new snapshot: a full disk, permissions
        where = f" ({exc.filename})" if exc.filename else ""
        err(f"{PROG} {args.data_command}: cannot write the new snapshot: {exc.strerror or exc}{where}\n"
            f"  {unchanged(home)}")
        return 1
    except SnapshotError as exc:
        err(f"{PROG} {args.data_command}: {exc}")
        return 2
    except KeyboardInterrupt as exc:
        err(f"{PROG} {args.data_command}: interrupted; {unchanged(home)}"
            + ("; a partial download is kept and resumes on the next run" if args.data_command == "update" else ""))
        return 128 + getattr(exc, "signum", signal.SIGINT)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION)
    _add_commands(ap)
    return ap


def main(argv: list[str] | None = None) -> int:
    """``python -m pfocr_genes.update.updater update|status|use ...``."""
    args = build_parser().parse_args(argv)
    try:
        with interrupts.installed():
            return run(args)
    except KeyboardInterrupt as exc:  # between two handlers
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 128 + getattr(exc, "signum", signal.SIGINT)


if __name__ == "__main__":
    raise SystemExit(main())
