"""The user's data folder: updated snapshots, and the pointer to the one in use.

``pfocr-genes data update`` builds each snapshot into a NEW folder under
``<home>/snapshots/`` and only then switches to it by rewriting one small file,
``<home>/current.json``, through a temporary file and :func:`os.replace`. Why this shape: a
reader (any process importing the library) sees the old pointer or the new one, never half
of one, and an update that fails or is interrupted before the switch leaves the pointer, and
so the snapshot in use, exactly as it was. Snapshot folders are never modified once built.

``<home>`` is ``$PFOCR_GENES_HOME`` or the user's data folder
(``platformdirs.user_data_dir("pfocr-genes")``). This module imports nothing of
:mod:`pfocr_genes.snapshot`, so that :func:`pfocr_genes.snapshot.default_data_dir` can follow
the pointer.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import warnings
from datetime import UTC, datetime
from pathlib import Path

import attrs

from pfocr_genes.textnorm import KEY_VERSION

#: Environment variable naming the data folder (tests point it at a temporary folder).
HOME_ENV = "PFOCR_GENES_HOME"
POINTER_NAME = "current.json"
SNAPSHOTS_DIR = "snapshots"
DOWNLOADS_DIR = "downloads"
#: The pointer's target for "use the snapshot shipped with the package".
EMBEDDED = "embedded"
#: Files every snapshot folder has (``species_lexicons.json.gz`` is optional).
REQUIRED_FILES = ("manifest.json", "genes.tsv.gz", "gene_index.json.gz", "families.json.gz", "terms.json.gz",
                  "species.json.gz")
#: A pointer larger than this is not one of ours (read no further).
MAX_POINTER_BYTES = 64 * 1024


class PointerWarning(UserWarning):
    """The pointer names no usable snapshot: the library falls back to the embedded one."""


def data_home() -> Path:
    """``$PFOCR_GENES_HOME``, else ``platformdirs.user_data_dir("pfocr-genes")``."""
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env)
    import platformdirs  # noqa: PLC0415 - only needed when no folder is given

    return Path(platformdirs.user_data_dir("pfocr-genes"))


def read_manifest(folder: Path) -> dict:
    """A snapshot's ``manifest.json``; ``{}`` when it is missing or not a JSON object."""
    try:
        doc = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def snapshot_problem(folder: Path) -> str | None:
    """Why ``folder`` is not a usable snapshot (files missing, manifest unreadable or built
    for another key version), or ``None`` when it is one. Never raises."""
    try:
        if not folder.is_dir():
            return f"{folder} is not a folder"
        missing = [n for n in REQUIRED_FILES if not (folder / n).is_file()]
    except OSError as exc:
        return f"{folder}: cannot be read ({exc})"
    if missing:
        return f"{folder} lacks {', '.join(missing)}"
    manifest = read_manifest(folder)
    if not manifest:
        return f"{folder}: cannot read its manifest.json (missing, or not a JSON object)"
    if manifest.get("key_version") != KEY_VERSION:
        return f"{folder}: built with key version {manifest.get('key_version')!r}, this library needs {KEY_VERSION}"
    return None


@attrs.frozen(slots=True)
class Pointer:
    """What ``current.json`` says. ``target`` is ``None`` for the embedded snapshot;
    ``problem`` says why it cannot be followed (``None``: it can)."""

    path: Path
    target: Path | None
    switched: str | None = None
    problem: str | None = None


def read_pointer(home: Path | None = None) -> Pointer | None:
    """The pointer of ``home`` (default :func:`data_home`), or ``None`` when there is none.

    Never raises: an unreadable or malformed pointer, or one naming a folder that is not a
    valid snapshot, comes back with ``problem`` set.
    """
    home = data_home() if home is None else home
    path = home / POINTER_NAME
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_POINTER_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return Pointer(path, None, problem=f"cannot read it ({exc.strerror or exc})")
    try:
        doc = json.loads(raw.decode("utf-8")) if len(raw) <= MAX_POINTER_BYTES else None
    except (UnicodeDecodeError, ValueError):
        doc = None
    target = doc.get("snapshot") if isinstance(doc, dict) else None
    if not isinstance(target, str) or not target:
        return Pointer(path, None, problem="not a pointer file (expected JSON with a \"snapshot\" entry)")
    switched = doc.get("switched") if isinstance(doc.get("switched"), str) else None
    if target == EMBEDDED:
        return Pointer(path, None, switched)
    try:
        folder = Path(target) if Path(target).is_absolute() else home / target
    except (ValueError, OSError) as exc:  # e.g. a NUL byte in the name
        return Pointer(path, None, switched, problem=f"names an impossible path ({exc})")
    return Pointer(path, folder, switched, snapshot_problem(folder))


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``path`` so that readers see the old content or the new one, never a mix:
    a temporary file in the same folder, flushed to disk, then :func:`os.replace`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def write_pointer(home: Path, target: Path | None) -> Pointer:
    """Switch to ``target`` (``None``: the embedded snapshot), atomically.

    A folder inside ``home`` is stored relative to it, so the data folder can be moved.
    """
    if target is None:
        name = EMBEDDED
    else:
        target = target.resolve()
        try:
            name = target.relative_to(home.resolve()).as_posix()
        except ValueError:
            name = str(target)
    switched = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    atomic_write_text(home / POINTER_NAME, json.dumps({"snapshot": name, "switched": switched}, indent=1) + "\n")
    return Pointer(home / POINTER_NAME, target, switched)


_warned: set[tuple[str, str]] = set()


def pointed_snapshot(home: Path | None = None) -> Path | None:
    """The snapshot folder the user's pointer names when it is valid, else ``None``.

    ``None`` also when there is no pointer or it names the embedded snapshot. A broken
    pointer gives one :class:`PointerWarning` per process and ``None``: an update must not be
    able to stop the library from working.
    """
    try:
        pointer = read_pointer(home)
    except Exception as exc:  # e.g. no home folder can be determined at all
        warnings.warn(f"cannot read the data pointer ({exc}); using the embedded snapshot", PointerWarning,
                      stacklevel=3)
        return None
    if pointer is None:
        return None
    if pointer.problem is not None:
        key = (str(pointer.path), pointer.problem)
        if key not in _warned:
            _warned.add(key)
            warnings.warn(f"{pointer.path}: {pointer.problem}; using the embedded snapshot "
                          "(`pfocr-genes data status` explains, `pfocr-genes data use` switches)",
                          PointerWarning, stacklevel=3)
        return None
    return pointer.target
