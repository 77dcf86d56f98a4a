"""The pfocr-genes command, run as a real process on real files."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, REPO


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    exe = shutil.which("pfocr-genes", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "pfocr_genes.cli"]
    env = {**os.environ, "PYTHONPATH": str(REPO)} if not exe else None
    return subprocess.run([*cmd, *args], check=False, capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def test_normalize_example_tsv():
    p = run("normalize", str(EXAMPLE))
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0].split("\t")[:3] == ["figid", "keyword", "kind"]
    assert len(lines) == 1 + 54
    row = next(line.split("\t") for line in lines if "\tTNF-a\t" in line)
    assert row[2:6] == ["gene", "TNF", "HGNC:11892", "7124"]


def test_normalize_jsonl_and_a_broken_record(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    (tmp_path / "broken.md").write_text("---\nfigid: [oops\n---\n")
    p = run("normalize", "-f", "jsonl", str(tmp_path))
    assert p.returncode == 1
    assert "broken.md" in p.stderr and "malformed YAML" in p.stderr
    docs = [json.loads(line) for line in p.stdout.splitlines()]
    assert [d["figid"] for d in docs] == ["PMC11580516__12943_2024_2165_Fig4_HTML"]


def test_resolve_command():
    p = run("resolve", "NET", "TNF-α")
    assert p.returncode == 0
    assert "not unique" in p.stdout and "ELK3" in p.stdout and "TNF\tHGNC:11892" in p.stdout


def test_usage_errors_exit_2():
    assert run().returncode == 2
    assert run("frobnicate").returncode == 2


def test_installed_package_finds_its_data(tmp_path):
    """From outside the repository, the package must find its own data (wheel install)."""
    code = "import pfocr_genes.snapshot as s; print(s.default_data_dir()); print(s.Snapshot().manifest['genes'])"
    p = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=tmp_path,
                       env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PFOCR_GENES_DATA")})
    if "No module named" in p.stderr:
        pytest.skip("pfocr_genes is not installed in this interpreter (source checkout only)")
    assert p.returncode == 0, p.stderr
    data_dir, genes = p.stdout.split()
    assert (Path(data_dir) / "genes.tsv.gz").exists() and int(genes) > 40000


def test_normalize_online_and_verify_with_a_local_server(tmp_path):
    from tests.mygene_server import MyGeneServer  # noqa: PLC0415

    srv = MyGeneServer(renamed={"7124": "TNFX"})
    srv.start()
    cache = tmp_path / "mygene.sqlite"
    try:
        p = run("normalize", "--verify", "--mygene-url", srv.url, "--cache", str(cache), str(EXAMPLE))
        again = run("normalize", "--online", "--mygene-url", srv.url, "--cache", str(cache), str(EXAMPLE))
    finally:
        srv.stop()
    assert p.returncode == 0 and again.returncode == 0, p.stderr + again.stderr
    header, *rows = (line.split("\t") for line in p.stdout.splitlines())
    assert header[-4:] == ["mygene_status", "mygene_symbol", "mygene_entrez_id", "mygene_source"]
    tnf = next(r for r in rows if r[1] == "TNF-a")
    assert (tnf[3], tnf[-4], tnf[-3]) == ("TNF", "renamed", "TNFX")  # verify: reported, not applied
    tnf = next(r.split("\t") for r in again.stdout.splitlines() if "\tTNF-a\t" in r)
    assert tnf[3] == "TNFX"  # online: applied
    assert srv.count() == 1  # the second process answered everything from the cache file
    assert "0 requests" in again.stderr


def test_online_without_a_service_still_writes_everything(tmp_path):
    import socket  # noqa: PLC0415

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = run("normalize", "--online", "--mygene-url", f"http://127.0.0.1:{port}/v3", "--cache",
            str(tmp_path / "c.sqlite"), str(EXAMPLE))
    assert p.returncode == 0, p.stderr
    rows = [line.split("\t") for line in p.stdout.splitlines()[1:]]
    assert len(rows) == 54
    assert {r[-4] for r in rows if r[2] == "gene"} == {"unchecked"}
    assert {r[-1] for r in rows if r[2] == "gene"} == {"snapshot"}
