"""The parts of ``data update`` on their own: parsers (with hypothesis: no crash on any text),
the downloader's resume rules, row carry-over, the pointer, the lexicon look-up."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pfocr_genes.build.data import build, read_ncbi
from pfocr_genes.build.lexicons import lexicon_doc
from pfocr_genes.lexicons import LEXICON_FILE, Lexicons
from pfocr_genes.resolver import Resolver
from pfocr_genes.snapshot import Snapshot
from pfocr_genes.update.carry_over import remap_families, remap_species, row_map
from pfocr_genes.update.downloads import Downloader, DownloadError, parse_content_range
from pfocr_genes.update.source_files import (
    GENE_INFO_COLUMNS,
    SourceError,
    check_dates,
    parse_gene_info,
    parse_hgnc,
    parse_orthologs,
    read_gene_info,
    read_orthologs,
)
from pfocr_genes.update.sources import SpeciesOptionError, parse_species, plan
from pfocr_genes.user_data import POINTER_NAME, read_pointer, snapshot_problem, write_pointer
from tests.conftest import FIXTURES
from tests.data_server import DataServer

UPDATE = FIXTURES / "update"
FLY = UPDATE / "GENE_INFO/Invertebrates/Drosophila_melanogaster.gene_info"
HEADER = "\t".join(("#tax_id", "GeneID", "Symbol", "LocusTag", "Synonyms", "dbXrefs", "chromosome", "map_location",
                    "description", "type_of_gene", "Symbol_from_nomenclature_authority",
                    "Full_name_from_nomenclature_authority", "Nomenclature_status", "Other_designations",
                    "Modification_date", "Feature_type"))
ORTHO_HEADER = "#tax_id\tGeneID\trelationship\tOther_tax_id\tOther_GeneID"
lines = st.lists(st.text(max_size=80), max_size=12)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


# -- parsers: never crash, keep what they should -----------------------------------------

@FAST
@given(lines, st.booleans())
def test_gene_info_parser_never_crashes(body, with_header):
    try:
        t = parse_gene_info(([HEADER] if with_header else []) + body, "7227")
    except SourceError:
        return
    assert all(g.taxon_id == "7227" and g.entrez_id.isdigit() for g in t.genes)


@FAST
@given(lines, st.booleans())
def test_ortholog_parser_never_crashes(body, with_header):
    try:
        t = parse_orthologs(([ORTHO_HEADER] if with_header else []) + body, {"7227"})
    except SourceError:
        return
    assert set(t.human) <= {"7227"}


@FAST
@given(lines)
def test_hgnc_check_never_crashes(body):
    try:
        parse_hgnc(["hgnc_id\tsymbol\tname\tlocus_type\tstatus\talias_symbol\tprev_symbol\tentrez_id", *body])
    except SourceError:
        pass


gene_rows = st.lists(st.tuples(st.integers(1, 10**9), st.from_regex(r"[A-Za-z][A-Za-z0-9\-]{0,8}", fullmatch=True),
                               st.lists(st.from_regex(r"[A-Za-z0-9]{1,6}", fullmatch=True), max_size=3)),
                     min_size=1, max_size=20, unique_by=lambda r: r[0])


@FAST
@given(gene_rows)
def test_gene_info_rows_round_trip(rows):
    body = [f"7227\t{gid}\t{sym}\t-\t{'|'.join(syn) or '-'}\t-\t-\t-\tdesc {sym}\tprotein-coding\t{sym}\t-\t-\t-\t"
            f"20250101\t-" for gid, sym, syn in rows]
    t = parse_gene_info([HEADER, *body], "7227")
    assert [(g.entrez_id, g.symbol, g.synonyms, g.name) for g in t.genes] == [
        (str(gid), sym, tuple(syn), f"desc {sym}") for gid, sym, syn in rows]
    assert t.info.newest.isoformat() == "2025-01-01"


def test_gene_info_checks():
    with pytest.raises(SourceError, match="missing columns"):
        parse_gene_info(["GeneID\tSymbol", "1\tA"], "7227", name="x.gz")
    good = FLY.read_text().splitlines()
    with pytest.raises(SourceError, match="only 77 rows, a real file has at least 1000"):
        parse_gene_info(good, "7227", min_rows=1000)
    broken = [good[0], *[line.replace("\t", " ", 2) for line in good[1:40]], *good[40:]]
    with pytest.raises(SourceError, match="39 malformed rows"):
        parse_gene_info(broken, "7227")
    assert [c for c in GENE_INFO_COLUMNS if c not in good[0].split("\t")] == []
    fly = parse_gene_info(good, "7227")
    rl = next(g for g in fly.genes if g.symbol == "rl")
    assert rl.spellings() == ("ERK", "D-ERK", "MAPK", "Erk", "CG12559", "Dmel_CG12559") and rl.name == "rolled"
    (dpp,) = (g for g in fly.genes if g.symbol == "dpp")
    assert dpp.spellings()[-2:] == ("Dmel_CG9885", "CG9885")  # the locus tag, and without Dmel_


def test_orthologs_either_way_round_and_only_wanted_species():
    t = parse_orthologs([ORTHO_HEADER, "9606\t5594\tOrtholog\t7227\t3354888", "7227\t3354888\tOrtholog\t9606\t5595",
                         "9606\t7157\tOrtholog\t10090\t22059", "10090\t1\tOrtholog\t10116\t2",
                         "9606\t1\tPotential ortholog\t7227\t9"], {"7227"})
    assert t.human == {"7227": {"3354888": ("5594", "5595")}} and t.human_pairs == 3 and t.info.rows == 5


def test_dates():
    from datetime import date  # noqa: PLC0415

    check_dates("f", date(2025, 1, 1), date(2024, 7, 23), today=date(2025, 2, 1))
    with pytest.raises(SourceError, match="no modification date"):
        check_dates("f", None)
    with pytest.raises(SourceError, match="in the future"):
        check_dates("f", date(2025, 3, 1), today=date(2025, 2, 1))
    with pytest.raises(SourceError, match="older than the snapshot's 2024-07-23"):
        check_dates("f", date(2023, 1, 1), date(2024, 7, 23))


def test_files_that_are_not_tables(tmp_path):
    cases = {"empty.gz": b"", "page.gz": b"<!DOCTYPE html><html>", "plain.gz": b"#tax_id\tGeneID\n",
             "cut.gz": gzip.compress(FLY.read_bytes())[:500], "binary.gz": gzip.compress(b"\xff\xfe\x00" * 100)}
    expect = {"empty.gz": "empty", "page.gz": "HTML page", "plain.gz": "not a gzip file",
              "cut.gz": "truncated or corrupt gzip", "binary.gz": "not UTF-8"}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(SourceError, match=expect[name]) as err:
            read_gene_info(tmp_path / name, "7227")
        assert str(err.value).startswith(f"{name}: ")
    (tmp_path / "o.gz").write_bytes(gzip.compress(b"#tax_id\tGeneID\trelationship\tOther_tax_id\tOther_GeneID\n"))
    with pytest.raises(SourceError, match=r"o\.gz: only 0 rows"):
        read_orthologs(tmp_path / "o.gz", {"7227"})


# -- the builder takes the downloaded layouts --------------------------------------------

def test_builder_accepts_complete_set_and_gene_info(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(FIXTURES / "sources" / "famplex", sources / "famplex")
    shutil.copy(UPDATE / "hgnc_complete_set.txt", sources)
    (sources / "Homo_sapiens.gene_info.gz").write_bytes(
        gzip.compress((UPDATE / "GENE_INFO/Mammalia/Homo_sapiens.gene_info").read_bytes()))
    ncbi = read_ncbi(sources / "Homo_sapiens.gene_info.gz")
    assert ncbi["7157"]["symbol"] == "TP53" and ncbi["7157"]["synonyms"][:2] == ["BCC7", "BMFS5"]
    assert all(n["type"] != "biological-region" for n in ncbi.values())
    manifest = build(sources, tmp_path / "out")
    assert {"hgnc_complete_set.txt", "Homo_sapiens.gene_info.gz"} <= set(manifest["sources"])
    r = Resolver(Snapshot(tmp_path / "out"))
    assert r.resolve("C2orf69").best.symbol == "MCOXR1" and r.resolve("p53").best.symbol == "TP53"


# -- carrying rows over ------------------------------------------------------------------

def test_rows_follow_their_genes():
    old = [["HGNC:1", "A"], ["HGNC:2", "B"], ["", "X", "", "", "ncbi", "", "", "99"], ["HGNC:3", "C"]]
    new = [["HGNC:3", "C"], ["", "X", "", "", "ncbi", "", "", "99"], ["HGNC:1", "A2"]]
    mapping = row_map(old, new)
    assert mapping == [2, None, 1, 0]
    doc = {"families": {"F1": [0, 1], "F2": [1]}, "names": {"F1": ["F1"], "F2": ["F2"], "BOTH": ["F1", "F2"]},
           "groundings": {"x": [2, 3]}}
    fams, stats = remap_families(doc, mapping)
    assert fams == {"families": {"F1": [2]}, "names": {"F1": ["F1"], "BOTH": ["F1"]}, "groundings": {"x": [0, 1]}}
    assert (stats.kept, stats.dropped, stats.emptied) == (3, 2, 1)
    species, _ = remap_species({"mouse": {"Aa": [0], "Bb": [1], "Cc": [7]}}, mapping)
    assert species == {"mouse": {"Aa": [2], "Bb": [], "Cc": []}}


# -- the pointer -------------------------------------------------------------------------

@FAST
@given(st.binary(max_size=200))
def test_any_pointer_file_is_read_without_crashing(tmp_path_factory, data):
    home = tmp_path_factory.mktemp("p")
    (home / POINTER_NAME).write_bytes(data)
    p = read_pointer(home)
    assert p is not None and (p.problem is not None or p.target is None)


def test_pointer_round_trip(tmp_path):
    assert read_pointer(tmp_path) is None
    snap = tmp_path / "snapshots" / "s1"
    shutil.copytree(FIXTURES.parent.parent / "data", snap, ignore=shutil.ignore_patterns("*.md"))
    assert snapshot_problem(snap) is None
    write_pointer(tmp_path, snap)
    assert json.loads((tmp_path / POINTER_NAME).read_text())["snapshot"] == "snapshots/s1"
    assert read_pointer(tmp_path).target == snap.resolve()
    write_pointer(tmp_path, None)
    p = read_pointer(tmp_path)
    assert p.target is None and p.problem is None
    assert not [f for f in tmp_path.iterdir() if f.name.endswith(".tmp")]


# -- downloads ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server():
    srv = DataServer(UPDATE)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(autouse=True)
def _reset(request):
    yield
    if "server" in request.fixturenames:
        request.getfixturevalue("server").reset()


def test_resume_is_refused_when_the_file_changed(server, tmp_path):
    path = "/GENE_INFO/Mammalia/Homo_sapiens.gene_info.gz"
    server.cut[path] = 4000
    dl = Downloader(tmp_path, attempts=1)
    with pytest.raises(DownloadError, match=r"connection (lost|closed) after 4,000 bytes of 12,710 bytes"):
        dl.fetch(server.url + path[1:], "h.gz")
    server.reset()
    server.files[path] = gzip.compress(b"#tax_id\tGeneID\n" * 5000)  # the server's file changed meanwhile
    got = dl.fetch(server.url + path[1:], "h.gz")
    assert server.ranges(path) == ["bytes=4000-"]  # asked to resume, got the whole new file (If-Range)
    assert got.path.read_bytes() == server.files[path] and not got.resumed


def test_a_complete_part_is_finished_not_downloaded_again(server, tmp_path):
    """A run killed after the last byte but before the rename: the server answers 416 with
    the total size, which equals the part's, and the part becomes the file."""
    path = "/gene_orthologs.gz"
    body = server.content(path)
    etag = '"' + hashlib.sha1(body).hexdigest() + '"'  # the server's validator (If-Range must match it)
    (tmp_path / "o.gz.part").write_bytes(body)
    (tmp_path / "o.gz.part.json").write_text(json.dumps({"url": server.url + path[1:], "etag": etag}))
    got = Downloader(tmp_path).fetch(server.url + path[1:], "o.gz")
    assert got.path.read_bytes() == body and server.ranges(path) == [f"bytes={len(body)}-"]
    assert not (tmp_path / "o.gz.part").exists()


def test_disk_errors_name_the_file(server, tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(DownloadError, match="cannot create the download folder"):
        Downloader(tmp_path / "file" / "sub").fetch(server.url + "gene_orthologs.gz", "o.gz")


@FAST
@given(st.text(max_size=40))
def test_content_range_never_crashes(value):
    start, total = parse_content_range(value)
    assert all(x is None or isinstance(x, int) for x in (start, total))


def test_content_range_values():
    assert parse_content_range("bytes 100-199/1000") == (100, 1000)
    assert parse_content_range("bytes */1000") == (None, 1000)
    assert parse_content_range("bytes 5-9/*") == (5, None)
    assert parse_content_range(None) == (None, None)


# -- species and plan --------------------------------------------------------------------

@FAST
@given(st.text(max_size=40))
def test_species_option_never_crashes(value):
    try:
        out = parse_species(value)
    except SpeciesOptionError as exc:
        assert str(exc)
        return
    assert all(s.path.startswith("GENE_INFO/") and s.path.endswith(".gene_info.gz") for s in out)


def test_plan_uses_one_base_url():
    srcs = plan(parse_species("7227"), "http://127.0.0.1:1/")
    assert [s.url for s in srcs] == [
        "http://127.0.0.1:1/hgnc_complete_set.txt", "http://127.0.0.1:1/GENE_INFO/Mammalia/Homo_sapiens.gene_info.gz",
        "http://127.0.0.1:1/GENE_INFO/Invertebrates/Drosophila_melanogaster.gene_info.gz",
        "http://127.0.0.1:1/gene_orthologs.gz"]
    real = plan(parse_species("7227"))
    assert real[0].url.startswith("https://storage.googleapis.com/") and real[-1].url.startswith(
        "https://ftp.ncbi.nlm.nih.gov/gene/DATA/")


# -- lexicon look-up on any text -----------------------------------------------------------

@pytest.fixture(scope="module")
def lexicon_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lex")
    fly = parse_gene_info(FLY.read_text().splitlines(), "7227")
    orth = parse_orthologs((UPDATE / "gene_orthologs").read_text().splitlines(), {"7227"})
    doc, counts = lexicon_doc({"7227": ("Drosophila melanogaster", lambda: fly)}, orth, {"5594": "MAPK1"})
    (folder / LEXICON_FILE).write_bytes(gzip.compress(json.dumps(doc).encode()))
    assert counts["7227"]["with_human_ortholog"] == 1  # only MAPK1 is in the symbol table given
    return folder


@FAST
@given(st.text(max_size=30), st.sampled_from(["7227", "7955", "", "x\x00", 7227]))
def test_lookup_never_crashes(lexicon_dir, text, taxon):
    for g in Lexicons(lexicon_dir).lookup(text, taxon):
        assert g.taxon_id == "7227" and g.match in ("symbol", "synonym", "symbol_nocase", "synonym_nocase")


def test_a_corrupt_lexicon_file_is_a_clear_error(tmp_path):
    from pfocr_genes.snapshot import SnapshotError  # noqa: PLC0415

    (tmp_path / LEXICON_FILE).write_bytes(b"not gzip")
    with pytest.raises(SnapshotError, match="species lexicons"):
        Lexicons(tmp_path).taxa()


def test_an_unreachable_server_is_named(tmp_path):
    import socket  # noqa: PLC0415

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DownloadError, match=rf"o\.gz: cannot connect to 127\.0\.0\.1:{port} \(Connection refused\)"):
        Downloader(tmp_path, attempts=2, backoff=0).fetch(f"http://127.0.0.1:{port}/o.gz", "o.gz")
