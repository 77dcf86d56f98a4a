"""``data update|status|use`` against a local server: the new snapshot, the species
lexicons, the pointer, and every fault leaving the snapshot in use working.

No test touches the internet or the user's data folder: the server runs on 127.0.0.1
(:mod:`tests.data_server`) and ``PFOCR_GENES_HOME`` points at a temporary folder.
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from pfocr_genes import lexicons
from pfocr_genes.lexicons import Lexicons
from pfocr_genes.resolver import Resolver
from pfocr_genes.snapshot import Snapshot, embedded_data_dir, snapshot_origin
from pfocr_genes.species import MOUSE, SpeciesIndex
from pfocr_genes.update import status as data_status
from pfocr_genes.update import updater as data_update
from pfocr_genes.update.sources import parse_species
from pfocr_genes.user_data import POINTER_NAME, PointerWarning, pointed_snapshot, read_pointer
from tests.conftest import FIXTURES, REPO
from tests.data_server import HTML_ERROR, DataServer

UPDATE = FIXTURES / "update"
HUMAN_GZ = "/GENE_INFO/Mammalia/Homo_sapiens.gene_info.gz"
FLY_GZ = "/GENE_INFO/Invertebrates/Drosophila_melanogaster.gene_info.gz"
HGNC_TXT = "/hgnc_complete_set.txt"
ORTHO_GZ = "/gene_orthologs.gz"
SPECIES = "7227,7955"


@pytest.fixture(scope="module")
def server():
    srv = DataServer(UPDATE)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(autouse=True)
def _clean(server, monkeypatch):
    """Faults and env of one test do not leak into the next."""
    server.reset()
    for var in ("PFOCR_GENES_DATA", "PFOCR_GENES_UPDATE_URL"):
        monkeypatch.delenv(var, raising=False)
    lexicons.default_lexicons.cache_clear()
    yield
    server.reset()
    lexicons.default_lexicons.cache_clear()


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PFOCR_GENES_DATA", "PFOCR_GENES_UPDATE_URL")}
    return {**env, "PFOCR_GENES_HOME": str(home), "PYTHONPATH": str(REPO), **extra}


def cli(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """``python -m pfocr_genes.update.updater ...`` as a real process."""
    return subprocess.run([sys.executable, "-m", "pfocr_genes.update.updater", *args], env=_env(home, **env),
                          capture_output=True, text=True, timeout=120, cwd=REPO, check=False)


def python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``python -c code``: a fresh process, which finds the snapshot the way a user's does."""
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=REPO,
                          timeout=120, check=False)


def update_args(server: DataServer, *extra: str) -> list[str]:
    return ["update", "--species", SPECIES, "--base-url", server.url, "--min-rows", "10", "-q", *extra]


def _status(home: Path) -> dict:
    p = cli(home, "status", "--json")
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


@pytest.fixture(scope="module")
def updated(server, tmp_path_factory) -> Path:
    """A data folder after one successful update (read-only: tests that change it copy it)."""
    home = tmp_path_factory.mktemp("home")
    p = cli(home, *update_args(server))
    assert p.returncode == 0, p.stderr
    return home


def _folder(home: Path) -> Path:
    pointer = read_pointer(home)
    assert pointer is not None and pointer.problem is None and pointer.target is not None
    return pointer.target


@pytest.fixture
def home(updated, tmp_path, monkeypatch) -> Path:
    """A copy of the updated data folder, which the library follows in this process too."""
    h = tmp_path / "home"
    shutil.copytree(updated, h)
    monkeypatch.setenv("PFOCR_GENES_HOME", str(h))
    return h


# -- the new snapshot -------------------------------------------------------------------

def test_update_records_sources_in_the_manifest(updated, server):
    folder = _folder(updated)
    assert folder.parent == updated / "snapshots"
    m = json.loads((folder / "manifest.json").read_text())
    up = m["update"]
    assert up["species"] == ["7227", "7955"] and up["base_url"] == server.url
    assert set(up["downloads"]) == {"hgnc", "gene_info:9606", "gene_info:7227", "gene_info:7955", "orthologs"}
    fly = up["downloads"]["gene_info:7227"]
    served = server.content(FLY_GZ)
    assert fly["url"] == server.url + FLY_GZ[1:] and fly["size"] == len(served)
    assert fly["sha256"] == __import__("hashlib").sha256(served).hexdigest()
    assert fly["newest_date"] == "2025-06-20" and fly["server_date"] == "2025-07-15" and fly["rows"] == 77
    assert up["downloads"]["hgnc"]["newest_date"] == "2025-07-15"
    assert m["sources"]["hgnc_complete_set.txt"] == up["downloads"]["hgnc"]["sha256"]
    assert m["species_lexicons"]["7227"] == {"name": "Drosophila melanogaster", "genes": 77,
                                             "with_human_ortholog": 43, "newest_date": "2025-06-20"}
    assert m["species_lexicons"]["7955"]["with_human_ortholog"] == 17
    # HGNC's complete set lists approved genes only: the embedded withdrawn entries are kept
    assert m["carried_over"]["withdrawn_entries"] > 5000
    assert not list((updated / "snapshots").glob(".building*")) and not (updated / "update.lock").exists()
    # every data file of the embedded snapshot is there: rebuilt, remapped or copied
    embedded = embedded_data_dir()
    for f in embedded.iterdir():
        if f.suffix != ".md":
            assert (folder / f.name).is_file(), f.name
    for name in m["carried_over"]["copied_unchanged"]:
        assert (folder / name).read_bytes() == (embedded / name).read_bytes(), name
    assert "terms.json.gz" in m["carried_over"]["copied_unchanged"]
    assert m["mesh_terms"] == json.loads((embedded / "manifest.json").read_text())["mesh_terms"]


def test_lexicons_find_fly_and_zebrafish_genes(updated):
    lex = Lexicons(_folder(updated))
    assert lex.taxa() == {"7227", "7955"}
    (rl,) = lex.lookup("rl", "7227")
    assert (rl.symbol, rl.entrez_id, rl.name, rl.match) == ("rl", "3354888", "rolled", "symbol")
    assert (rl.human_entrez_id, rl.human_symbol) == ("5594", "MAPK1")
    assert rl.human_orthologs == (("5594", "MAPK1"), ("5595", "MAPK3"))
    (by_syn,) = lex.lookup("ERK", 7227)
    assert by_syn.symbol == "rl" and by_syn.match == "synonym" and by_syn.matched == "ERK"
    assert [g.symbol for g in lex.lookup("CG12559", "7227")] == ["rl"]  # locus tag without Dmel_
    # case tells fly genes apart: exact case first, other case only when nothing matches exactly
    assert [(g.symbol, g.match) for g in lex.lookup("SA", "7227")] == [("SA", "symbol")]
    assert [(g.symbol, g.match) for g in lex.lookup("sa", "7227")] == [("sa", "symbol")]
    assert [(g.symbol, g.match) for g in lex.lookup("Sa", "7227")] == [("SA", "symbol_nocase"),
                                                                        ("sa", "symbol_nocase")]
    assert {g.symbol for g in lex.lookup("RAS", "7227")} == {"Ras85D", "Ras64B"}  # a synonym of both
    assert [(g.symbol, g.match) for g in lex.lookup("Ras", "7227")] == [("ras", "symbol_nocase")]
    assert [(g.symbol, g.match) for g in lex.lookup("erk", "7227")] == [("rl", "synonym_nocase")]
    (il1b,) = lex.lookup("il1b", "7955")
    assert (il1b.entrez_id, il1b.human_symbol, il1b.human_entrez_id) == ("405770", "IL1B", "3553")
    assert lex.lookup("rl", "7955") == () and lex.lookup("rl", "6239") == () and lex.lookup("", "7227") == ()
    assert lex.gene(3354888, 7227).symbol == "rl" and lex.gene("1", "7227") is None
    assert lex.species_name(7955) == "Danio rerio"


def test_module_level_lexicons_follow_the_snapshot_in_use(home):
    assert lexicons.taxa() == {"7227", "7955"}
    assert lexicons.lookup("Dsor1", 7227)[0].human_symbol == "MAP2K1"


def test_embedded_snapshot_has_no_lexicons():
    lex = Lexicons(embedded_data_dir())
    assert lex.taxa() == frozenset() and lex.lookup("rl", "7227") == ()


def test_renamed_symbol_resolves_to_the_new_one(updated):
    code = ("import pfocr_genes; r = pfocr_genes.resolve('C2orf69'); "
            "print(r.best.symbol, r.best.match, r.unique)")
    new = python(code, _env(updated))
    assert new.stdout.split() == ["MCOXR1", "previous", "True"], new.stderr
    old = python(code, _env(updated, PFOCR_GENES_DATA=str(embedded_data_dir())))
    assert old.stdout.split() == ["C2orf69", "approved", "True"], old.stderr


def test_carried_over_rows_point_at_the_same_genes(updated):
    new, old = Snapshot(_folder(updated)), Snapshot(embedded_data_dir())
    have = {g.hgnc_id for g in new.genes() if g.hgnc_id}
    for part in ("families", "groundings"):
        for key, rows in new.families[part].items():
            got = {new.gene(r).hgnc_id or new.gene(r).entrez_id for r in rows}
            want = {old.gene(r).hgnc_id or old.gene(r).entrez_id for r in old.families[part][key]}
            assert got == {w for w in want if w in have}, (part, key)
    r = Resolver(new)
    assert {c.symbol for c in r.resolve("VEGF").candidates} == {"VEGFA", "VEGFB", "VEGFC", "PGF"}
    assert r.resolve("E-cadherin").best.symbol == "CDH1"  # curated grounding, re-indexed
    assert r.resolve("ATPSBL2").best.match == "withdrawn"  # a carried-over withdrawn entry
    species = SpeciesIndex(_folder(updated)).match("Trp53", frozenset({MOUSE}))
    assert species is not None and [new.gene(i).symbol for i in species[1]] == ["TP53"]


def test_status_reports_the_snapshot_in_use(updated, server):
    st = _status(updated)
    u = st["in_use"]
    assert u["path"] == str(_folder(updated)) and u["chosen_by"] == "pointer" and u["check"].startswith("loads")
    assert u["downloads"]["hgnc"]["url"] == server.url + "hgnc_complete_set.txt"
    assert set(u["species_lexicons"]) == {"7227", "7955"} and st["pointer"]["problem"] is None
    text = cli(updated, "status").stdout
    assert str(_folder(updated)) in text and "7227 Drosophila melanogaster (77 genes" in text
    assert "hgnc_complete_set.txt" in text and "dated 2025-07-15" in text


def test_use_switches_to_embedded_and_back(home):
    folder = _folder(home)
    p = cli(home, "use", "embedded")
    assert p.returncode == 0 and "embedded" in p.stdout
    assert snapshot_origin() == (embedded_data_dir(), "embedded")
    assert _status(home)["in_use"]["chosen_by"] == "embedded"
    p = cli(home, "use", folder.name)  # a name under snapshots/ is enough
    assert p.returncode == 0, p.stderr
    assert snapshot_origin() == (folder, "pointer")
    assert json.loads((home / POINTER_NAME).read_text())["snapshot"] == f"snapshots/{folder.name}"


def test_environment_variable_comes_first(home, monkeypatch):
    monkeypatch.setenv("PFOCR_GENES_DATA", str(embedded_data_dir()))
    assert snapshot_origin() == (embedded_data_dir(), "PFOCR_GENES_DATA")
    st = data_status.status(home)
    assert st["in_use"]["chosen_by"] == "PFOCR_GENES_DATA"
    assert "PFOCR_GENES_DATA is set" in data_status.format_status(st)


def test_unchanged_sources_are_not_downloaded_or_built_again(home, server):
    before = sorted((home / "snapshots").iterdir())
    p = cli(home, *update_args(server))
    assert p.returncode == 0 and "already up to date" in p.stdout, p.stderr
    assert sorted((home / "snapshots").iterdir()) == before
    p = cli(home, *update_args(server, "--force"))  # the files are current in the cache: 304s
    assert p.returncode == 0, p.stderr
    assert len(list((home / "snapshots").iterdir())) == len(before) + 1
    assert all(d["reused"] for d in _status(home)["in_use"]["downloads"].values())


# -- faults: the snapshot in use keeps working --------------------------------------------

def assert_unchanged(home: Path, pointer_bytes: bytes, folder: Path) -> None:
    """The pointer, the snapshot folders and what the library resolves are as before."""
    assert (home / POINTER_NAME).read_bytes() == pointer_bytes
    assert sorted(p.name for p in (home / "snapshots").iterdir()) == [folder.name]
    assert not (home / "update.lock").exists()
    st = _status(home)
    assert st["in_use"]["path"] == str(folder) and st["in_use"]["check"].startswith("loads"), st
    assert Resolver(Snapshot(snapshot_origin()[0])).resolve("C2orf69").best.symbol == "MCOXR1"


@pytest.fixture
def before(home) -> tuple[Path, bytes, Path]:
    return home, (home / POINTER_NAME).read_bytes(), _folder(home)


def _fails(before, p: subprocess.CompletedProcess, *words: str) -> None:
    home, pointer, folder = before
    assert p.returncode == 1, (p.returncode, p.stderr)
    assert "Traceback" not in p.stderr and all(w in p.stderr for w in words), p.stderr
    assert f"the snapshot in use is unchanged: {folder}" in p.stderr
    assert_unchanged(home, pointer, folder)


def test_dropped_connection_fails_cleanly_then_resumes(before, server):
    home = before[0]
    for f in ("Homo_sapiens.gene_info.gz", "Homo_sapiens.gene_info.gz.json"):
        (home / "downloads" / f).unlink()  # not cached yet: it has to come over the network
    server.cut[HUMAN_GZ] = 3000  # every response stops after 3,000 bytes
    _fails(before, cli(home, *update_args(server, "--force")), "Homo_sapiens.gene_info.gz", "connection",
           "run the update again to resume")
    part = home / "downloads" / "Homo_sapiens.gene_info.gz.part"
    kept = part.stat().st_size
    assert kept == 9000  # three attempts, each continuing the last
    assert server.ranges(HUMAN_GZ) == ["bytes=3000-", "bytes=6000-"]
    server.reset()
    p = cli(home, *update_args(server, "--force"))
    assert p.returncode == 0, p.stderr
    assert server.ranges(HUMAN_GZ) == [f"bytes={kept}-"]
    got = (home / "downloads" / "Homo_sapiens.gene_info.gz").read_bytes()
    assert got == server.content(HUMAN_GZ) and not part.exists()
    assert _status(home)["in_use"]["downloads"]["gene_info:9606"]["resumed"] is True


def test_a_drop_within_a_run_is_resumed_in_that_run(home, server):
    (home / "downloads" / "Drosophila_melanogaster.gene_info.gz").unlink()
    server.cut[FLY_GZ], server.cut_left[FLY_GZ] = 500, 1
    p = cli(home, *update_args(server, "--force"))
    assert p.returncode == 0, p.stderr
    assert server.ranges(FLY_GZ) == ["bytes=500-"]


def test_html_error_page(before, server):
    server.files[ORTHO_GZ] = HTML_ERROR
    _fails(before, cli(before[0], *update_args(server, "--force")), "gene_orthologs.gz: an HTML page")


def test_wrong_columns(before, server):
    server.files[HGNC_TXT] = b"gene\tsymbol_name\nHGNC:5\tA1BG\n"
    _fails(before, cli(before[0], *update_args(server, "--force")),
           "hgnc_complete_set.txt: not HGNC's complete set: missing columns hgnc_id, symbol")


def test_truncated_gzip(before, server):
    whole = server.content(FLY_GZ)
    server.files[FLY_GZ] = whole[: len(whole) // 2]
    _fails(before, cli(before[0], *update_args(server, "--force")),
           "Drosophila_melanogaster.gene_info.gz: truncated or corrupt gzip")


def test_missing_file_on_the_server(before, server):
    server.status[FLY_GZ] = 404
    _fails(before, cli(before[0], *update_args(server, "--force")), "Drosophila_melanogaster.gene_info.gz: HTTP 404")


def test_server_error_is_retried_then_reported(before, server):
    server.status[ORTHO_GZ] = 503
    _fails(before, cli(before[0], *update_args(server, "--force")), "gene_orthologs.gz: HTTP 503", "3 attempts")
    assert server.count(ORTHO_GZ) == 3


def test_implausibly_few_rows(before, server):
    args = [a for a in update_args(server, "--force") if a not in ("--min-rows", "10")]
    _fails(before, cli(before[0], *args), "hgnc_complete_set.txt: only 266 rows", "at least 30000")


def test_another_species_file(before, server):
    server.files[FLY_GZ] = server.content(HUMAN_GZ)
    _fails(before, cli(before[0], *update_args(server, "--force")),
           "Drosophila_melanogaster.gene_info.gz: no rows of taxon 7227; its rows are of taxon 9606")


def test_stale_and_future_dates(before, server):
    text = (UPDATE / "hgnc_complete_set.txt").read_text()
    server.files[HGNC_TXT] = text.replace("\t2025-", "\t2023-").replace("\t2024-", "\t2023-").encode()
    _fails(before, cli(before[0], *update_args(server, "--force")),
           "hgnc_complete_set.txt: newest entry dated 2023-11-05, older than the snapshot's 2025-07-15")
    server.files[HGNC_TXT] = text.replace("\t2025-07-15", "\t2099-07-15").encode()
    _fails(before, cli(before[0], *update_args(server, "--force")), "dated 2099-07-15, in the future")


def _run_main(server, capsys, write) -> tuple[int, str]:
    """``main`` in this process, with the snapshot writer replaced."""
    mp = pytest.MonkeyPatch()
    mp.setattr(data_update, "durable_write", write)
    try:
        code = data_update.main(update_args(server, "--force"))
    finally:
        mp.undo()
    return code, capsys.readouterr().err


def test_full_disk_while_building(before, server, capsys):
    written: list[str] = []

    def full_disk(path: Path, data: bytes) -> None:
        if len(written) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        written.append(path.name)
        path.write_bytes(data)

    code, err = _run_main(server, capsys, full_disk)
    home, pointer, folder = before
    assert code == 1 and written == ["genes.tsv.gz", "gene_index.json.gz", "families.json.gz"]
    assert "cannot write the new snapshot: No space left on device" in err and "species.json.gz" in err, err
    assert f"the snapshot in use is unchanged: {folder}" in err and "Traceback" not in err
    assert_unchanged(home, pointer, folder)


def test_interrupt_while_building(before, server, capsys):
    def interrupted(path: Path, data: bytes) -> None:
        if path.name == "terms.json.gz":
            raise KeyboardInterrupt
        path.write_bytes(data)

    code, err = _run_main(server, capsys, interrupted)
    home, pointer, folder = before
    assert code == 130 and "interrupted" in err and str(folder) in err, err
    assert_unchanged(home, pointer, folder)


def test_ctrl_c_during_a_download_keeps_the_partial_file(before, server):
    home = before[0]
    (home / "downloads" / "hgnc_complete_set.txt").unlink()
    server.slow[HGNC_TXT] = 0.1  # 4 kB each 0.1 s: ~3 s for the file
    proc = subprocess.Popen([sys.executable, "-m", "pfocr_genes.update.updater", *update_args(server, "--force")],
                            env=_env(home), stderr=subprocess.PIPE, text=True, cwd=REPO)
    deadline = time.monotonic() + 30
    while not server.count(HGNC_TXT) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "interrupted" in err and "resumes on the next run" in err, err
    assert "Traceback" not in err
    part = home / "downloads" / "hgnc_complete_set.txt.part"
    assert 0 < part.stat().st_size < len(server.content(HGNC_TXT))
    kept = part.stat().st_size
    assert_unchanged(*before)
    server.reset()
    assert cli(home, *update_args(server, "--force")).returncode == 0
    assert server.ranges(HGNC_TXT) == [f"bytes={kept}-"]


def test_a_running_update_is_not_disturbed(before, server):
    home = before[0]
    (home / "update.lock").write_text(str(os.getpid()))  # this process is alive
    p = cli(home, *update_args(server, "--force"))
    assert p.returncode == 1 and "another data update is running" in p.stderr
    (home / "update.lock").write_text("999999999")  # a dead process: its lock is taken over
    assert cli(home, *update_args(server, "--force")).returncode == 0


# -- the pointer ---------------------------------------------------------------------------

@pytest.mark.parametrize("breakage", ["garbage", "missing folder", "missing file", "key version"])
def test_broken_pointer_falls_back_to_embedded(home, breakage):
    folder = _folder(home)
    if breakage == "garbage":
        (home / POINTER_NAME).write_bytes(b"\x00not json{")
    elif breakage == "missing folder":
        shutil.rmtree(folder)
    elif breakage == "missing file":
        (folder / "gene_index.json.gz").unlink()
    else:
        m = json.loads((folder / "manifest.json").read_text())
        (folder / "manifest.json").write_text(json.dumps({**m, "key_version": 999}))
    with pytest.warns(PointerWarning):
        assert pointed_snapshot(home) is None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PointerWarning)
        assert snapshot_origin() == (embedded_data_dir(), "embedded")
    p = cli(home, "status")
    assert p.returncode == 0 and "is broken" in p.stdout and "Traceback" not in p.stderr
    code = "import pfocr_genes; print(pfocr_genes.resolve('C2orf69').best.symbol)"
    r = python(code, _env(home))
    assert r.stdout.strip() == "C2orf69" and "PointerWarning" in r.stderr
    assert cli(home, "use", "embedded").returncode == 0 and read_pointer(home).problem is None


# -- usage mistakes: one line, exit 2 ------------------------------------------------------

@pytest.mark.parametrize(("args", "words"), [
    (["update", "--species", "unicorn"], "'unicorn': no NCBI gene_info file known"),
    (["update", "--species", "4577=Zea_mays"], "write TAXID=Group/Genus_species"),
    (["update", "--min-rows", "0"], "--min-rows must be at least 1"),
    (["use", "/nonexistent/snapshot"], "/nonexistent/snapshot: not a snapshot"),
])
def test_usage_mistakes(tmp_path, args, words):
    p = cli(tmp_path / "home", *args)
    assert p.returncode == 2 and words in p.stderr and "Traceback" not in p.stderr, p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_data_folder_that_is_a_file(tmp_path, server):
    (tmp_path / "file").write_text("x")
    p = cli(tmp_path, *update_args(server), "--dir", str(tmp_path / "file"))
    assert p.returncode == 2 and "cannot use" in p.stderr and "Traceback" not in p.stderr


def test_use_refuses_an_incomplete_folder(home):
    bad = home / "half"
    bad.mkdir()
    (bad / "manifest.json").write_text("{}")
    p = cli(home, "use", str(bad))
    assert p.returncode == 2 and "lacks genes.tsv.gz" in p.stderr


def test_species_option():
    assert [s.taxon_id for s in parse_species("fly, zebrafish,4932,9606,7227")] == ["7227", "7955", "559292"]
    (maize,) = parse_species("4577=Plants/Zea_mays")
    assert maize.path == "GENE_INFO/Plants/Zea_mays.gene_info.gz" and maize.name == "Zea mays"


def test_cli_parser_can_be_mounted_under_another_command():
    import argparse  # noqa: PLC0415

    ap = argparse.ArgumentParser(prog="pfocr-genes")
    data_update.add_parser(ap.add_subparsers(dest="command"))
    args = ap.parse_args(["data", "status", "--json", "--dir", "/x"])
    assert args.func is data_update.run and args.data_command == "status" and args.dir == Path("/x")


def test_gzip_fixture_is_served_deterministically(server):
    assert gzip.decompress(server.content(FLY_GZ)).startswith(b"#tax_id\tGeneID")
    assert server.content(FLY_GZ) == server.content(FLY_GZ)


# -- the lexicons at work: keywords-only figures, resolve(species=), the real command -------

FLY_FIGURE = {"figid": "fly", "figtitle": "Dpp and Wingless patterning in the Drosophila wing disc",
              "organisms_ner": ["Drosophila melanogaster", "Homo sapiens"], "keywords": ["dpp", "wg", "Dsor1", "TP53"]}


def test_keywords_only_fly_figure_gets_fly_ids_and_orthologs_after_update(updated):
    record = json.dumps(FLY_FIGURE)
    code = (f"import json, pfocr_genes; r = pfocr_genes.normalize_figure(json.loads({record!r})); "
            "print(json.dumps([[k.text, k.taxon_id, k.symbol, k.entrez_id, "
            "k.human_ortholog.symbol if k.human_ortholog else None, k.suspect] for k in r.keywords]))")
    after = python(code, _env(updated))
    assert after.returncode == 0, after.stderr
    rows = {r[0]: r for r in json.loads(after.stdout)}
    assert rows["dpp"][1:4] == ["7227", "dpp", "33432"] and rows["dpp"][5] is False
    assert rows["Dsor1"][1:4] == ["7227", "Dsor1", "31872"] and rows["Dsor1"][4]  # a human ortholog (MAP2K1/2)
    assert rows["wg"][3] == "34009"
    assert rows["TP53"][1:3] == ["9606", "TP53"]  # human symbols stay human
    before = python(code, _env(updated, PFOCR_GENES_DATA=str(embedded_data_dir())))
    rows = {r[0]: r for r in json.loads(before.stdout)}
    assert rows["dpp"][1] is None and rows["dpp"][3] is None  # offline: species unknown, no id


def test_resolve_in_a_species_lexicon(updated):
    code = ("import pfocr_genes; r = pfocr_genes.resolve('rl', species='7227'); "
            "print(r.kind, r.best.symbol, r.best.entrez_id, 'MAPK1' in r.best.source); "
            "n = pfocr_genes.resolve('rl', species='Danio rerio'); print(n.kind)")
    p = python(code, _env(updated))
    assert p.stdout.split() == ["gene", "rl", "3354888", "True", "none"], p.stderr
    q = python("import pfocr_genes; print(pfocr_genes.resolve('rl', species='7227').note)",
               _env(updated, PFOCR_GENES_DATA=str(embedded_data_dir())))
    assert "data update --species 7227" in q.stdout


def test_data_command_is_part_of_pfocr_genes(updated):
    p = subprocess.run([sys.executable, "-m", "pfocr_genes.cli.commands", "data", "status"], env=_env(updated),
                       capture_output=True, text=True, timeout=120, cwd=REPO, check=False)
    assert p.returncode == 0 and "Drosophila melanogaster" in p.stdout, (p.stdout, p.stderr)
