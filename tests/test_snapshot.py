"""Building a snapshot from source tables and loading it back."""

import gzip
import json

import pytest

from pfocr_genes import Resolver, Snapshot, SnapshotError
from pfocr_genes.build.data import build, read_hgnc
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    out = tmp_path_factory.mktemp("snap")
    build(FIXTURES / "sources", out)
    return out


def test_build_from_fixture_tables(tiny):
    manifest = json.loads((tiny / "manifest.json").read_text())
    assert manifest["genes"] >= 17 and manifest["families"] == 1
    assert "hgnc_entries.tsv" in manifest["sources"]
    r = Resolver(Snapshot(tiny))
    assert r.resolve("tp53").best.hgnc_id == "HGNC:11998"
    assert r.resolve("VEGF").kind == "family"
    assert r.resolve("E-cadherin").best.symbol == "CDH1"  # from the FamPlex grounding map
    assert r.resolve("ATPSBL2").best.match == "withdrawn"
    assert r.resolve("EOS").best.symbol == "EOS"  # NCBI-only locus
    assert r.resolve("EOS").best.hgnc_id is None


def test_build_is_deterministic(tiny, tmp_path):
    build(FIXTURES / "sources", tmp_path)
    for name in ("genes.tsv.gz", "gene_index.json.gz", "families.json.gz", "manifest.json"):
        assert (tmp_path / name).read_bytes() == (tiny / name).read_bytes(), name


def test_hgnc_complete_set_layout_is_accepted():
    rows = read_hgnc(FIXTURES / "hgnc_complete_set.txt")
    by = {r["symbol"]: r for r in rows}
    assert by["SEPTIN1"]["prev"] == ["DIFF6", "SEPT1"]
    assert by["TP53"]["entrez"] == "7157"
    assert by["OLDGENE"]["status"] == "Entry Withdrawn"


def test_missing_or_stale_snapshot_is_a_clear_error(tmp_path, tiny):
    with pytest.raises(SnapshotError, match="manifest"):
        Snapshot(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"key_version": -1}))
    with pytest.raises(SnapshotError, match="key version"):
        Snapshot(tmp_path)
    (tmp_path / "manifest.json").write_text((tiny / "manifest.json").read_text())
    (tmp_path / "genes.tsv.gz").write_bytes(b"not gzip")
    with pytest.raises(SnapshotError, match=r"genes\.tsv\.gz"):
        Snapshot(tmp_path).gene(0)


def test_embedded_snapshot_rows_are_consistent():
    snap = Snapshot()
    with gzip.open(snap.data_dir / "genes.tsv.gz", "rt") as fh:
        n = sum(1 for _ in fh)
    assert len(snap) == n == snap.manifest["genes"]


def test_optional_tables_absent_or_broken(tmp_path):
    import gzip  # noqa: PLC0415

    from pfocr_genes.snapshot import SnapshotError, read_optional_json  # noqa: PLC0415

    assert read_optional_json(tmp_path / "missing.json.gz") is None  # an older snapshot: no table
    (tmp_path / "bad.json.gz").write_bytes(gzip.compress(b"{not json"))
    with pytest.raises(SnapshotError, match=r"bad\.json\.gz"):
        read_optional_json(tmp_path / "bad.json.gz")
    (tmp_path / "ok.json.gz").write_bytes(gzip.compress(b'{"a": 1}'))
    assert read_optional_json(tmp_path / "ok.json.gz") == {"a": 1}
