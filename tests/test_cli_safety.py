"""The command with users' files and terminals (issue 13): real files, links, FIFOs, devices,
pseudo-terminals and signals sent to real processes."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import random
import re
import select
import shutil
import signal
import stat
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, REPO
from tests.test_cli import corpus, run

POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX files and signals")


def command() -> list[str]:
    exe = shutil.which("pfocr-genes", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "pfocr_genes.cli.commands"]


ENV = {**os.environ, "PYTHONPATH": str(REPO)}


# -- output paths -------------------------------------------------------------------------

def test_refuses_to_write_over_an_input(tmp_path):
    rec = tmp_path / "rec.md"
    shutil.copy(EXAMPLE, rec)
    before = rec.read_bytes()
    p = run("normalize", str(rec), "-o", str(rec))
    assert p.returncode == 2 and "refusing to write" in p.stderr and "inputs" in p.stderr
    assert rec.read_bytes() == before
    table = tmp_path / "rec-genes.tsv"
    shutil.copy(EXAMPLE.with_name(f"{EXAMPLE.stem}-genes.tsv"), table)
    p = run("normalize", str(rec), "-o", str(table))  # the word table is an input too
    assert p.returncode == 2 and table.read_text().startswith("organism_id")
    link = tmp_path / "link.md"
    link.symlink_to(rec)
    assert run("normalize", str(rec), "-o", str(link)).returncode == 2  # the same file through a link
    assert rec.read_bytes() == before and link.is_symlink()


def test_a_symlink_stays_a_link_and_its_target_is_replaced(tmp_path):
    target = tmp_path / "real.tsv"
    target.write_text("old\n")
    target.chmod(0o600)
    link = tmp_path / "link.tsv"
    link.symlink_to(target)
    p = run("normalize", str(EXAMPLE), "-o", str(link))
    assert p.returncode == 0, p.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text().startswith("figid\tkeyword")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # the replaced file keeps its mode
    assert not list(tmp_path.glob(".*partial"))


@POSIX
def test_dev_null_stays_a_device():
    if not os.access("/dev/null", os.W_OK):
        pytest.skip("no writable /dev/null")
    p = run("normalize", str(EXAMPLE), "-o", "/dev/null", "--errors", "/dev/null")
    assert p.returncode == 0, p.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@POSIX
def test_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    p = run("normalize", str(EXAMPLE), "-o", str(fifo))
    reader.join(30)
    assert p.returncode == 0, p.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert got and got[0].decode().startswith("figid\tkeyword") and got[0].count(b"\n") == 55


@POSIX
def test_dev_stdout_and_process_substitution():
    p = run("normalize", str(EXAMPLE), "-o", "/dev/stdout")
    assert p.returncode == 0 and p.stdout.startswith("figid\tkeyword"), p.stderr
    if not shutil.which("bash"):
        pytest.skip("no bash for >(...)")
    cmd = " ".join(map(str, command()))
    q = subprocess.run(["bash", "-c", f"{cmd} normalize {EXAMPLE} -o >(wc -l) ; wait"], capture_output=True,
                       text=True, env=ENV, timeout=120, check=False)
    assert q.returncode == 0 and "cannot write" not in q.stderr, q.stderr
    assert q.stdout.strip() == "55"


def test_errors_file_is_never_removed(tmp_path):
    errors = tmp_path / "errors.tsv"
    errors.write_text("stale\n")
    p = run("normalize", str(EXAMPLE), "-o", str(tmp_path / "out.tsv"), "--errors", str(errors))
    assert p.returncode == 0
    assert errors.read_text() == "source\tproblem\n"  # emptied, not deleted


# -- interrupts ---------------------------------------------------------------------------

@POSIX
def test_sigint_and_sigterm_stop_a_multi_worker_batch_cleanly(tmp_path):
    """Signals at random moments (start-up, mid-run) to a 2-worker batch, every format: exit
    within 5 s with 128 + signal, no traceback, no partial file, the previous output intact."""
    corpus(tmp_path / "in", 1500)
    rng = random.Random(13)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    formats = ["tsv", "jsonl", "gmt", "parquet"] if _has_pyarrow() else ["tsv", "jsonl", "gmt"]
    for i in range(8):
        fmt = formats[i % len(formats)]
        sig = (signal.SIGINT, signal.SIGTERM)[i % 2]
        out = out_dir / f"out.{fmt}"
        out.write_bytes(b"previous output\n")
        proc = subprocess.Popen([*command(), "normalize", "-q", "-f", fmt, "--workers", "2", "-o", str(out),
                                 str(tmp_path / "in")], env=ENV, stderr=subprocess.PIPE, text=True, cwd=REPO)
        time.sleep(rng.uniform(0.1, 2.5))
        sent = time.monotonic()
        if proc.poll() is not None:
            continue  # finished before the signal: nothing to check
        proc.send_signal(sig)
        try:
            _, err = proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail(f"run {i} ({fmt}, signal {sig}) still running 5 s after the signal")
        assert time.monotonic() - sent < 5
        if proc.returncode == 0:
            continue  # it finished as the signal came
        # -sig: the signal came while Python was still starting, before the command set its
        # handler (a shell reports 128 + sig for both); nothing was written then either
        assert proc.returncode in (128 + sig, -sig), (i, fmt, proc.returncode, err)
        assert "Traceback" not in err
        if proc.returncode > 0:
            assert "interrupted after" in err and "unchanged" in err, err
        assert out.read_bytes() == b"previous output\n"
        assert not [p for p in out_dir.iterdir() if p.name.endswith(".partial")]


def test_stdout_interrupt_message_is_true(tmp_path):
    corpus(tmp_path / "in", 1500)
    proc = subprocess.Popen([*command(), "normalize", "--workers", "1", str(tmp_path / "in")], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    assert proc.stdout is not None
    proc.stdout.read(20_000)  # rows are coming
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 130
    assert b"went to standard output" in err and b"no output file" not in err


def test_workers_start_without_fork_warnings(tmp_path):
    corpus(tmp_path / "in", 200)
    p = subprocess.run([*command(), "normalize", "-q", "--workers", "2", str(tmp_path / "in")], env={
        **ENV, "PYTHONWARNINGS": "always"}, capture_output=True, text=True, timeout=120, check=False)
    assert p.returncode == 0 and "fork" not in p.stderr.lower(), p.stderr[-2000:]


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


# -- terminals ----------------------------------------------------------------------------

def _in_pty(args: list[str], stdout_tty: bool) -> tuple[str, str]:
    """Run the command with stderr (and stdout, if asked) on a pseudo-terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a real terminal has a size
    proc = subprocess.Popen([*command(), *args], env={**ENV, "COLUMNS": "100"}, stdin=subprocess.DEVNULL,
                            stdout=slave if stdout_tty else subprocess.PIPE, stderr=slave, cwd=REPO)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    out = proc.stdout.read().decode() if proc.stdout else ""
    proc.wait(60)
    os.close(master)
    return b"".join(chunks).decode(errors="replace"), out


@POSIX
def test_progress_bar_never_mixes_with_rows_on_a_terminal(tmp_path):
    tty, _ = _in_pty(["normalize", str(EXAMPLE)], stdout_tty=True)
    lines = tty.replace("\r\n", "\n").splitlines()
    assert lines[0].startswith("figid\tkeyword") and "%|" not in tty and "rec/s" not in tty
    assert sum(1 for x in lines if x.startswith("PMC11580516")) == 54
    corpus(tmp_path / "in", 200)
    tty, _ = _in_pty(["normalize", "--workers", "1", "-o", str(tmp_path / "o.tsv"), str(tmp_path / "in")],
                     stdout_tty=True)
    assert "100%" in tty and "figid\tkeyword" not in tty  # rows in the file, a bar on the terminal


def test_workers_are_capped_with_a_note(tmp_path):
    corpus(tmp_path / "in", 3)
    p = run("normalize", "--workers", "64", "-o", str(tmp_path / "o.tsv"), str(tmp_path / "in"))
    assert p.returncode == 0 and "capped at" in p.stderr and "cores" in p.stderr
    assert run("normalize", "--workers", "0", str(EXAMPLE)).returncode == 2


# -- records ------------------------------------------------------------------------------

def test_txt_records_in_folders_and_globs(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "seed.txt")
    (tmp_path / "notes.txt").write_text("not a record, just notes\n")
    for arg in (str(tmp_path), str(tmp_path / "*.txt")):
        p = run("normalize", "-f", "jsonl", arg)
        assert p.returncode == 0, p.stderr
        assert [json.loads(x)["figid"] for x in p.stdout.splitlines()] == [EXAMPLE.stem]


def test_word_table_found_by_figid_and_reported(tmp_path):
    rec = tmp_path / "renamed.md"
    shutil.copy(EXAMPLE, rec)
    shutil.copy(EXAMPLE.with_name(f"{EXAMPLE.stem}-genes.tsv"), tmp_path / f"{EXAMPLE.stem}-genes.tsv")
    p = run("normalize", "-f", "jsonl", str(rec))
    doc = json.loads(p.stdout)
    assert doc["hits_used"] and doc["hits_source"].endswith(f"{EXAMPLE.stem}-genes.tsv")
    assert "1 with a word table" in p.stderr


def test_same_path_twice_is_read_once(tmp_path):
    p = run("normalize", "-f", "jsonl", str(EXAMPLE), str(EXAMPLE), str(EXAMPLE.parent))
    assert p.returncode == 0 and len(p.stdout.splitlines()) == 1


def test_trailing_document_marker_and_json_numbers(tmp_path):
    (tmp_path / "a.yaml").write_text("figid: a\nkeywords: [TP53, 1e5]\n---\n")
    (tmp_path / "b.json").write_text('{"figid": "b", "keywords": ["TP53", 1e5, 12]}')
    p = run("normalize", "-f", "jsonl", str(tmp_path / "a.yaml"), str(tmp_path / "b.json"))
    assert p.returncode == 0, p.stderr
    docs = [json.loads(x) for x in p.stdout.splitlines()]
    assert [k["text"] for k in docs[0]["keywords"]] == ["TP53", "1e5"]
    assert [k["text"] for k in docs[1]["keywords"]] == ["TP53", "1e5", "12"]


def test_oversized_record_is_refused_with_its_size(tmp_path):
    big = tmp_path / "big.md"
    big.write_text("---\nkeywords: [" + ", ".join(["TP53"] * 600_000) + "]\n---\n")
    p = run("normalize", str(big))
    assert p.returncode == 1 and "big.md" in p.stderr and "at most" in p.stderr


# -- messages -----------------------------------------------------------------------------

def test_version_and_resolve_help():
    v = run("--version")
    assert v.returncode == 0 and v.stdout.startswith("pfocr-genes ")
    h = run("resolve", "--help")
    assert "TOKEN" in h.stdout and "gene-like words" in h.stdout


def test_a_wrong_snapshot_folder_is_said_once(tmp_path):
    corpus(tmp_path / "in", 5)
    p = subprocess.run([*command(), "normalize", str(tmp_path / "in")], env={**ENV, "PFOCR_GENES_DATA": str(
        tmp_path / "nowhere")}, capture_output=True, text=True, timeout=120, check=False)
    assert p.returncode == 2 and len(p.stderr.splitlines()) == 1 and "PFOCR_GENES_DATA" in p.stderr, p.stderr


def test_error_messages_name_line_and_column(tmp_path):
    (tmp_path / "bad.json").write_text('{"keywords": ["a",]}')
    (tmp_path / "bad.md").write_text("---\nkeywords: [a, b\n---\n")
    p = run("normalize", str(tmp_path / "bad.json"), str(tmp_path / "bad.md"))
    assert re.search(r"bad\.json: malformed JSON at line 1, column \d+: \w", p.stderr) and "at at" not in p.stderr
    assert "malformed YAML at line 3" in p.stderr and "<unicode string>" not in p.stderr
