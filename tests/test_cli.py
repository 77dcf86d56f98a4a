"""The pfocr-genes command, run as a real process on real files."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, REPO


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    exe = shutil.which("pfocr-genes", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "pfocr_genes.cli.commands"]
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


# -- batch cleaning (issue 6) ----------------------------------------------------------------

def corpus(folder: Path, n: int) -> list[Path]:
    """``n`` copies of the example record under new figure ids."""
    text = EXAMPLE.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"fig{i:05d}.md"
        p.write_text(text.replace("PMC11580516__12943_2024_2165_Fig4_HTML", f"fig{i:05d}", 1), encoding="utf-8")
        out.append(p)
    return out


def test_help_shows_examples():
    p = run("normalize", "--help")
    assert p.returncode == 0 and "examples:" in p.stdout and "-f gmt" in p.stdout
    p = run("resolve", "--help")
    assert p.returncode == 0 and "example:" in p.stdout


def test_bad_format_and_output_path_exit_2(tmp_path):
    p = run("normalize", "--format", "xml", str(EXAMPLE))
    assert p.returncode == 2 and "invalid choice" in p.stderr
    p = run("normalize", "-o", str(tmp_path / "no" / "such" / "dir" / "out.tsv"), str(EXAMPLE))
    assert p.returncode == 2 and "cannot write" in p.stderr and "Traceback" not in p.stderr
    assert not (tmp_path / "no").exists()


def test_unwritable_output_folder(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if os.access(ro, os.W_OK):  # root ignores permissions
            pytest.skip("running as root: permissions are not enforced")
        p = run("normalize", "-o", str(ro / "out.tsv"), str(EXAMPLE))
        assert p.returncode == 2 and "cannot write" in p.stderr and "Permission denied" in p.stderr
    finally:
        ro.chmod(0o700)


def test_output_is_a_folder(tmp_path):
    p = run("normalize", "-o", str(tmp_path), str(EXAMPLE))
    assert p.returncode == 2 and "is a folder" in p.stderr


def test_folder_with_a_broken_record_writes_the_others(tmp_path):
    recs = corpus(tmp_path / "in", 3)
    (tmp_path / "in" / "sub").mkdir()
    (tmp_path / "in" / "sub" / "broken.md").write_text("---\nkeywords: [a, b\n---\n")
    (tmp_path / "in" / "notes.txt").write_text("not a record")
    out = tmp_path / "out.tsv"
    p = run("normalize", "-o", str(out), "--workers", "2", str(tmp_path / "in"))
    assert p.returncode == 1
    assert "broken.md" in p.stderr and "malformed YAML" in p.stderr
    figids = {line.split("\t")[0] for line in out.read_text().splitlines()[1:]}
    assert figids == {r.stem for r in recs}
    errors = (tmp_path / "out.tsv.errors.tsv").read_text().splitlines()
    assert errors[0] == "source\tproblem" and len(errors) == 2
    source, problem = errors[1].split("\t")
    assert source.endswith("broken.md") and "broken.md" not in problem
    assert problem.startswith("malformed YAML at line 3")
    fixed = run("normalize", "-o", str(out), *map(str, recs))  # a clean re-run empties the stale list
    assert fixed.returncode == 0 and (tmp_path / "out.tsv.errors.tsv").read_text() == "source\tproblem\n"


def test_missing_paths_and_empty_globs_are_errors_not_crashes(tmp_path):
    p = run("normalize", str(EXAMPLE), str(tmp_path / "nope.md"), str(tmp_path / "*.yaml"))
    assert p.returncode == 1
    assert "nope.md: no such file or folder" in p.stderr and "no record files match" in p.stderr
    assert len(p.stdout.splitlines()) == 1 + 54  # the good record is still written


def test_globs_and_workers_give_the_same_output(tmp_path):
    corpus(tmp_path / "in", 150)
    one = run("normalize", "-f", "jsonl", "--workers", "1", str(tmp_path / "in" / "*.md"))
    two = run("normalize", "-f", "jsonl", "--workers", "2", str(tmp_path / "in"))
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert one.stdout == two.stdout
    assert [json.loads(line)["figid"] for line in two.stdout.splitlines()] == [f"fig{i:05d}" for i in range(150)]


def test_stdin_keyword_lists_and_json_records():
    lines = "TP53, NET, CAFs\nVEGFA\tHIF-1\n{\"figid\": \"mine\", \"keywords\": [\"IL25\", \"MYDGF\"]}\n{oops\n"
    p = run_input(lines, "normalize", "-", "-f", "jsonl")
    assert p.returncode == 1 and "<stdin>:4" in p.stderr and "malformed JSON" in p.stderr
    docs = [json.loads(line) for line in p.stdout.splitlines()]
    assert [d["figid"] for d in docs] == ["stdin-1", "stdin-2", "mine"]
    assert [k["text"] for k in docs[0]["keywords"]] == ["TP53", "NET", "CAFs"]
    assert [k["symbol"] for k in docs[2]["keywords"]] == ["IL25", "MYDGF"]


def run_input(data: str, *args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("pfocr-genes", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "pfocr_genes.cli.commands"]
    env = {**os.environ, "PYTHONPATH": str(REPO)} if not exe else None
    return subprocess.run([*cmd, *args], input=data, check=False, capture_output=True, text=True, cwd=REPO,
                          env=env, timeout=120)


def parse_gmt(text: str) -> dict[str, tuple[str, list[str]]]:
    """A plain GMT reader: name, description, genes; tab-separated, one set per line."""
    sets = {}
    for line in text.splitlines():
        name, desc, *genes = line.split("\t")
        assert name and genes and all(g and g.strip() == g for g in genes)
        sets[name] = (desc, genes)
    return sets


def test_gmt_leaves_out_suspects(tmp_path):
    from pfocr_genes import normalize_figure  # noqa: PLC0415

    res = normalize_figure(EXAMPLE)
    human = [k for k in res.keywords if k.kind == "gene" and k.entrez_id and k.taxon_id == "9606"]
    suspects = {k.entrez_id for k in human if k.suspect}
    clean = {k.entrez_id for k in human if not k.suspect}
    assert suspects and clean
    out = tmp_path / "sets.gmt"
    assert run("normalize", "-f", "gmt", "-o", str(out), str(EXAMPLE)).returncode == 0
    desc, genes = parse_gmt(out.read_text())[res.figid]
    assert desc == res.figtitle
    assert set(genes) == clean and len(genes) == len(clean)  # no repeats, no suspect
    assert {"7124", "4318"} <= set(genes)  # TNF, MMP9
    keep = run("normalize", "-f", "gmt", "--keep-suspects", "--gmt-ids", "symbol", str(EXAMPLE))
    kept = parse_gmt(keep.stdout)[res.figid][1]
    assert {"PIGF", "ELK3", "COL1A1", "TNF"} <= set(kept)
    assert set(kept) == {k.symbol for k in human}


def test_parquet(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "clean.parquet"
    p = run("normalize", "-f", "parquet", "-o", str(out), str(EXAMPLE))
    assert p.returncode == 0, p.stderr
    table = pq.read_table(out)
    assert table.num_rows == 54 and table.column_names[:3] == ["figid", "keyword", "kind"]
    rows = table.to_pylist()
    tnf = next(r for r in rows if r["keyword"] == "TNF-a")
    assert (tnf["symbol"], tnf["suspect"], isinstance(tnf["score"], float)) == ("TNF", False, True)
    assert run("normalize", "-f", "parquet", str(EXAMPLE)).returncode == 2  # binary needs -o


def test_interrupted_run_leaves_no_complete_looking_output(tmp_path):
    corpus(tmp_path / "in", 1500)
    out = tmp_path / "out.tsv"
    out.write_text("previous complete output\n")
    exe = shutil.which("pfocr-genes", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "pfocr_genes.cli.commands"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([*cmd, "normalize", "-o", str(out), "--workers", "1", str(tmp_path / "in")],
                            cwd=REPO, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until it is part-way through writing
        partial = list(tmp_path.glob(".out.tsv.*.partial"))
        if partial and partial[0].stat().st_size > 10_000:
            break
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("the run never started writing")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and "interrupted after" in err and "Traceback" not in err
    assert out.read_text() == "previous complete output\n"  # untouched, never half-replaced
    assert not list(tmp_path.glob(".out.tsv.*.partial"))  # and no leftovers
