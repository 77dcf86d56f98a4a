"""The MyGene.info client against a real HTTP server on 127.0.0.1 (never the internet).

Every test asserts the answers, the requests the server saw, and where each answer came
from (service, cache, snapshot fallback), not just that nothing raised.
"""

from __future__ import annotations

import socket
import sqlite3
import time
import warnings

import mygene
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pfocr_genes import normalize_figure
from pfocr_genes.mygene_client import MyGeneClient, _quote_terms
from pfocr_genes.online import parse_mode
from pfocr_genes.snapshot import default_snapshot
from pfocr_genes.termcache import CacheWarning
from tests.conftest import EXAMPLE
from tests.mygene_server import MyGeneServer, split_terms

MOUSE_TRP53 = {"_id": "22059", "symbol": "Trp53", "name": "transformation related protein 53",
               "entrezgene": 22059, "taxid": 10090, "type_of_gene": "protein-coding", "alias": ["p53", "bbl"]}


@pytest.fixture
def server():
    srv = MyGeneServer(others=[MOUSE_TRP53])
    srv.start()
    yield srv
    srv.stop()


def client(url: str, cache=None, **kw) -> MyGeneClient:
    kw.setdefault("backoff", 0.01)
    kw.setdefault("timeout", 5.0)
    return MyGeneClient(url, cache=cache, **kw)


def symbols(n: int) -> list[str]:
    """``n`` approved symbols of genes with an Entrez id, from the snapshot."""
    snap, out = default_snapshot(), []
    for g in snap.genes():
        if g.status == "approved" and g.entrez_id and g.symbol.isalnum():
            out.append(g.symbol)
            if len(out) == n:
                return out
    raise AssertionError("snapshot too small")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- protocol, batching, cache ------------------------------------------------------------

def test_batches_of_1000(server, tmp_path):
    terms = symbols(2500)
    c = client(server.url, tmp_path / "c.sqlite")
    got = c.query(terms, scopes=("symbol",))
    assert [n for _, n, _ in server.requests] == [1000, 1000, 500]
    assert list(got) == terms
    assert all(lk.source == "mygene" and not lk.cached and lk.genes[0].symbol == t for t, lk in got.items())
    assert c.stats.requests == 3 and c.stats.from_service == 2500


def test_second_run_makes_no_request(server, tmp_path):
    terms = [*symbols(300), "NET", "xyzzy-not-a-gene"]
    path = tmp_path / "c.sqlite"
    first = client(server.url, path).query(terms)
    assert server.count() == 1
    again = client(server.url, path)  # a new process would do the same: a new client on the same file
    second = again.query(terms)
    assert server.count() == 1 and again.stats.requests == 0
    assert all(lk.cached for lk in second.values())
    assert {t: lk.genes for t, lk in first.items()} == {t: lk.genes for t, lk in second.items()}
    assert second["xyzzy-not-a-gene"].notfound  # notfound is an answer too, cached like the others


def test_overlapping_batch_asks_only_new_terms(server, tmp_path):
    terms = symbols(1500)
    c = client(server.url, tmp_path / "c.sqlite")
    c.query(terms[:1000])
    got = c.query(terms[500:1500])
    assert [n for _, n, _ in server.requests] == [1000, 500]
    assert sum(lk.cached for lk in got.values()) == 500


def test_notfound_duplicates_and_shared_aliases(server):
    c = client(server.url)
    got = c.query(["TP53", "TP53", "NET", "xyzzy"])
    assert list(got) == ["TP53", "NET", "xyzzy"]
    assert server.requests[0][1] == 3  # the repeated term is sent once
    assert got["xyzzy"].notfound and got["xyzzy"].source == "mygene"
    assert {g.symbol for g in got["NET"].genes} == {"ELK3", "EPHB1", "SLC6A2"}  # one term, several hits
    tp53 = got["TP53"].genes[0]
    assert (tp53.entrez_id, tp53.hgnc_id, tp53.taxid) == ("7157", "HGNC:11998", 9606)
    assert "P53" in tp53.aliases


def test_species(server):
    c = client(server.url)
    mouse = c.query(["Trp53"], scopes=("symbol",), species="mouse")["Trp53"]
    assert [(g.symbol, g.entrez_id, g.taxid) for g in mouse.genes] == [("Trp53", "22059", 10090)]
    assert c.query(["Trp53"], scopes=("symbol",), species="human")["Trp53"].notfound
    human = c.query(["Trp53"], scopes=("symbol", "alias"), species="human")["Trp53"]
    assert [g.symbol for g in human.genes] == ["TP53"]  # TRP53 is a human alias of TP53


def test_genes_by_id(server):
    got = client(server.url).genes(["7157", 1017, "999999999"])
    assert got["7157"].genes[0].symbol == "TP53" and got["1017"].genes[0].symbol == "CDK2"
    assert got["999999999"].notfound
    assert server.count("/v3/gene") == 1


def test_official_mygene_client_speaks_to_the_same_server(server):
    mg = mygene.MyGeneInfo()
    mg.url = server.url  # mygene 3.2 takes no url argument; the attribute is its documented root
    hits = mg.querymany(["CDK2", "NET", "xyzzy"], scopes="symbol,alias", fields="symbol,entrezgene",
                        species="human", verbose=False)
    ours = client(server.url).query(["CDK2", "NET", "xyzzy"])
    assert [(h["query"], h["_id"]) for h in hits if not h.get("notfound")] == [
        (t, g.id) for t, lk in ours.items() for g in lk.genes]
    assert {"query": "xyzzy", "notfound": True} in hits
    assert [d["symbol"] for d in mg.getgenes(["1017", "7157"], fields="symbol")] == ["CDK2", "TP53"]


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters='"\r\n', blacklist_categories=("Cs",)),
                        min_size=1).map(str.strip).filter(bool), min_size=1, max_size=20))
def test_wire_format_round_trips(terms):
    assert split_terms(_quote_terms(terms)) == terms


# -- faults ----------------------------------------------------------------------------------

def test_500_then_success(server):
    server.faults.extend(["500"])
    c = client(server.url)
    got = c.query(["TP53"])["TP53"]
    assert got.source == "mygene" and got.genes[0].symbol == "TP53"
    assert server.count() == 2 and c.stats.retries == 1


def test_429_honours_retry_after(server):
    server.faults.extend([("429", 1)])
    c = client(server.url)
    got = c.query(["CDK2"])["CDK2"]
    assert got.source == "mygene"
    (_, _, t0), (_, _, t1) = server.requests
    assert t1 - t0 >= 0.95  # waited as told, not the 0.01 s backoff


def test_429_beyond_max_wait_falls_back_at_once(server):
    server.faults.extend([("429", 3600)])
    c = client(server.url, max_wait=5)
    got = c.query(["CDK2"])["CDK2"]
    assert server.count() == 1
    assert got.source == "snapshot" and "Retry-After" in got.error and got.genes[0].entrez_id == "1017"


def test_slow_response_times_out_then_retries(server):
    server.faults.extend([("slow", 1.5)])
    c = client(server.url, timeout=0.3, retries=1)
    got = c.query(["CDK2"])["CDK2"]
    assert got.source == "mygene" and server.count() == 2


def test_slow_response_without_retries_falls_back(server):
    server.faults.extend([("slow", 1.5)])
    c = client(server.url, timeout=0.3, retries=0)
    got = c.query(["CDK2"])["CDK2"]
    assert got.source == "snapshot" and "no answer within 0.3 s" in got.error
    assert [g.symbol for g in got.genes] == ["CDK2"]


@pytest.mark.parametrize(("fault", "message"), [("malformed", "malformed JSON"), ("shape", "unexpected shape")])
def test_bad_answers_fall_back_and_are_not_cached(server, tmp_path, fault, message):
    server.faults.append(fault)
    c = client(server.url, tmp_path / "c.sqlite")
    got = c.query(["CDK2"])["CDK2"]
    assert got.source == "snapshot" and message in got.error
    again = c.query(["CDK2"])["CDK2"]  # the bad answer was not kept: asked again, good answer
    assert again.source == "mygene" and server.count() == 2


def test_connection_refused_falls_back_to_snapshot():
    c = client(f"http://127.0.0.1:{free_port()}/v3", retries=1)
    got = c.query(["TP53", "NET", "not-a-gene-xyz"])
    assert all(lk.source == "snapshot" for lk in got.values())
    assert "cannot connect" in got["TP53"].error
    assert [g.entrez_id for g in got["TP53"].genes] == ["7157"]
    assert {g.symbol for g in got["NET"].genes} == {"ELK3", "EPHB1", "SLC6A2"}
    assert got["not-a-gene-xyz"].notfound
    ids = c.genes(["7157"])  # within the cooldown: straight to the snapshot
    assert ids["7157"].source == "snapshot" and ids["7157"].genes[0].symbol == "TP53"
    assert c.stats.from_snapshot == 4


def test_server_dying_mid_batch_keeps_what_was_answered(tmp_path):
    terms = symbols(2500)
    path = tmp_path / "c.sqlite"
    srv = MyGeneServer()
    srv.start()
    srv.faults.append("die")  # answers the first batch, then stops listening
    try:
        got = client(srv.url, path, retries=1).query(terms, scopes=("symbol",))
    finally:
        srv.stop()
    assert srv.count() == 1
    assert [lk.source for lk in got.values()] == ["mygene"] * 1000 + ["snapshot"] * 1500
    assert all(lk.genes[0].symbol == t for t, lk in got.items())  # the batch completed anyway
    back = MyGeneServer()
    back.port = srv.port
    back.start()
    try:
        again = client(back.url, path).query(terms, scopes=("symbol",))
    finally:
        back.stop()
    assert [n for _, n, _ in back.requests] == [1000, 500]  # only what was not answered before
    assert all(lk.source == "mygene" for lk in again.values())


def test_corrupt_cache_file_is_reported_and_bypassed(server, tmp_path):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"definitely not a database " * 200)
    with pytest.warns(CacheWarning, match="c.sqlite"):
        c = client(server.url, path)
    assert not c.store.persistent
    assert c.query(["TP53"])["TP53"].source == "mygene"
    assert c.query(["TP53"])["TP53"].cached and server.count() == 1  # still cached, in memory


def test_locked_cache_file_is_reported_and_bypassed(server, tmp_path):
    path = tmp_path / "c.sqlite"
    client(server.url, path).close()  # a valid cache file
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")  # another process writing, for longer than we wait
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            c = client(server.url, path, busy_timeout=0.2)
            got = c.query(["CDK2"])["CDK2"]
        assert any(issubclass(w.category, CacheWarning) for w in caught)
        assert got.source == "mygene" and got.genes[0].symbol == "CDK2"
    finally:
        holder.rollback()
        holder.close()


def test_expired_answers_are_asked_again(server, tmp_path):
    path = tmp_path / "c.sqlite"
    client(server.url, path, expire_after=0.5).query(["CDK2"])
    time.sleep(0.6)
    again = client(server.url, path, expire_after=0.5).query(["CDK2"])["CDK2"]
    assert not again.cached and server.count() == 2


# -- modes ----------------------------------------------------------------------------------

def test_parse_mode():
    assert [parse_mode(x) for x in (False, None, "offline", True, "online", "verify")] == [
        "offline", "offline", "offline", "online", "online", "verify"]
    with pytest.raises(ValueError, match="verify"):
        parse_mode("sometimes")


def test_offline_mode_makes_no_request(server):
    r = normalize_figure(EXAMPLE, client=client(server.url))
    assert server.count() == 0 and all(k.online is None for k in r.keywords)
    assert r.to_dict()["keywords"][0]["online"] is None


def test_verify_reports_and_online_applies():
    srv = MyGeneServer(renamed={"7124": "TNFX"}, merged={"4318": "1017"}, withdrawn={"6387"})
    srv.start()
    try:
        c = client(srv.url)
        offline = {k.text: k for k in normalize_figure(EXAMPLE).keywords}
        verify = {k.text: k for k in normalize_figure(EXAMPLE, online="verify", client=c).keywords}
        online = {k.text: k for k in normalize_figure(EXAMPLE, online=True, client=c).keywords}
    finally:
        srv.stop()
    assert srv.count("/v3/gene") == 1  # every gene of the figure in one request; the rest from cache
    assert verify["TNF-a"].online.status == "renamed" and verify["TNF-a"].symbol == "TNF"
    assert online["TNF-a"].symbol == "TNFX" and "renamed since the snapshot" in online["TNF-a"].source
    assert verify["MMP9"].online.status == "merged" and verify["MMP9"].entrez_id == "4318"
    assert (online["MMP9"].entrez_id, online["MMP9"].symbol) == ("1017", "CDK2")
    assert verify["CXCL12"].online.status == online["CXCL12"].online.status == "withdrawn"
    assert online["CXCL12"].entrez_id == "6387"  # kept, with the report
    assert verify["VEGFA"].online.status == "agrees" and verify["VEGFA"].online.source == "mygene"
    for text, k in offline.items():  # verify changes no identity
        assert (verify[text].kind, verify[text].symbol, verify[text].entrez_id) == (k.kind, k.symbol, k.entrez_id)


def test_online_mode_unreachable_keeps_the_snapshot_answer():
    c = client(f"http://127.0.0.1:{free_port()}/v3", retries=0)
    offline = normalize_figure(EXAMPLE)
    online = normalize_figure(EXAMPLE, online=True, client=c)
    checked = [k for k in online.keywords if k.online is not None]
    assert checked and all(k.online.status == "unchecked" and k.online.source == "snapshot" for k in checked)
    assert "cannot connect" in checked[0].online.note
    assert [(k.symbol, k.entrez_id) for k in online.keywords] == [(k.symbol, k.entrez_id) for k in offline.keywords]


def test_species_keyword_gets_its_own_gene(server):
    rec = {"figid": "mouse_fig", "figtitle": "p53 signalling in mouse liver", "keywords": ["Trp53", "Il6"]}
    r = normalize_figure(rec, online="verify", client=client(server.url))
    k = next(k for k in r.keywords if k.text == "Trp53")
    assert (k.species, k.taxon_id, k.symbol, k.hgnc_id) == ("Mus musculus", "10090", "Trp53", None)
    assert k.human_ortholog.symbol == "TP53" and "MGI" in k.human_ortholog.source  # offline: HGNC's MGI link
    assert (k.online.status, k.online.symbol, k.online.entrez_id) == ("species_gene", "Trp53", "22059")
    assert k.entrez_id is None  # verify reports, does not apply
    online = normalize_figure(rec, online=True, client=client(server.url))
    k = next(k for k in online.keywords if k.text == "Trp53")
    assert (k.symbol, k.entrez_id, k.taxon_id, k.hgnc_id) == ("Trp53", "22059", "10090", None)
