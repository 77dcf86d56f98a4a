"""Loading records exactly as written, and clear errors for bad input."""

import json

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pfocr_genes import RecordError, load_record
from pfocr_genes.records import hits_path_for, load_hits, parse_record_text
from tests.conftest import EXAMPLE

YAML11_TRAPS = ["NO", "ON", "OFF", "YES", "no", "Off", "y", "n", "NA", "1e5", "0x1F", "12:30", "2-Sep",
                "2024-01-01", "~", "null", "true", ".inf", "0o17", "1_000", "+1", "010"]


def md(keywords_yaml: str, extra: str = "") -> str:
    return f"---\nfigid: F1\n{extra}schema-jsonld:\n  keywords:\n{keywords_yaml}---\n"


def test_example_record_fields():
    r = load_record(EXAMPLE)
    assert r.figid == "PMC11580516__12943_2024_2165_Fig4_HTML"
    assert r.keywords[0] == "TBX1" and r.keywords[-1] == "breast Cancer" and len(r.keywords) == 54
    assert r.organisms == () and r.organisms_ner == ("Homo sapiens",)  # "NA" dropped
    assert r.caption.startswith("Molecular Mechanisms") and r.pmcid == "PMC11580516"
    assert r.paper_keywords is None  # '' in the file


def test_yaml_11_traps_stay_strings():
    text = md("".join(f"  - {k}\n" for k in YAML11_TRAPS))
    assert parse_record_text(text, "t.md").keywords == tuple(YAML11_TRAPS)
    # the trap is real: plain safe_load would have changed them
    assert yaml.safe_load("- NO\n- 1e5\n- 12:30") != ["NO", "1e5", "12:30"]


# plain YAML scalars that need no quoting: letters, digits and the usual gene punctuation
_plain = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9\-\.\+:_/]{0,15}", fullmatch=True).filter(
    lambda s: not s.endswith(":") and ": " not in s)


@settings(max_examples=300, deadline=None)
@given(st.lists(_plain, min_size=1, max_size=8))
def test_plain_keywords_round_trip_exactly(keywords):
    text = md("".join(f"  - {k}\n" for k in keywords))
    assert parse_record_text(text, "t.md").keywords == tuple(keywords)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=20), min_size=1, max_size=6))
def test_any_text_dumped_by_yaml_round_trips(keywords):
    text = "---\n" + yaml.safe_dump({"schema-jsonld": {"keywords": keywords}}) + "---\n"
    try:
        assert parse_record_text(text, "t.md").keywords == tuple(keywords)
    except RecordError as exc:
        # a dumped string containing a line of '---' closes the front matter early
        assert "\n---" in text[4:-4], exc


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_gives_a_record_or_a_record_error(text):
    try:
        parse_record_text(text, "t.md")
    except RecordError as exc:
        assert exc.source == "t.md" and exc.problem


@pytest.mark.parametrize(("content", "problem"), [
    ("no front matter here", "no YAML front matter"),
    ("---\nfigid: [unclosed\n---\n", "malformed YAML"),
    ("---\nfigid: x\n", "not closed"),
    ("---\n- just\n- a list\n---\n", None),
    ("---\nfigid: x\nschema-jsonld:\n  keywords: TP53\n---\n", None),
    ("---\nfigid: x\nschema-jsonld:\n  keywords: {a: b}\n---\n", "must be a list"),
    ("---\nfigid: x\n---\n", "no figure keywords"),
    ("---\nfigid: x\nschema-jsonld: 5\n---\n", "must be a mapping"),
    ("---\n!!python/object/apply:os.system [ls]\n---\n", "malformed YAML"),
    ("---\nschema-jsonld:\n  keywords:\n  - [nested]\n---\n", "not text"),
])
def test_bad_records(tmp_path, content, problem):
    p = tmp_path / "rec.md"
    p.write_text(content)
    if problem is None:
        assert load_record(p).keywords
        return
    with pytest.raises(RecordError) as info:
        load_record(p)
    assert str(p) in str(info.value) and problem in info.value.problem


def test_not_utf8_huge_and_missing_files(tmp_path):
    p = tmp_path / "latin1.md"
    p.write_bytes("---\nfigid: café\n---\n".encode("latin-1"))
    with pytest.raises(RecordError, match="not UTF-8"):
        load_record(p)
    big = tmp_path / "big.md"
    with open(big, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB without writing them
    with pytest.raises(RecordError, match="at most"):
        load_record(big)
    with pytest.raises(RecordError, match="cannot read"):
        load_record(tmp_path / "missing.md")


def test_json_yaml_dict_and_list_inputs(tmp_path):
    rec = {"figid": "F2", "caption": "x", "schema-jsonld": {"keywords": ["NO", "TP53"]}}
    (tmp_path / "r.json").write_text(json.dumps(rec))
    (tmp_path / "r.yaml").write_text("figid: F2\ncaption: x\nschema-jsonld:\n  keywords: [NO, TP53]\n")
    for r in (load_record(tmp_path / "r.json"), load_record(tmp_path / "r.yaml"), load_record(rec)):
        assert (r.figid, r.keywords) == ("F2", ("NO", "TP53"))
    assert load_record(["NO", "TP53"]).keywords == ("NO", "TP53")
    with pytest.raises(RecordError, match="bool"):
        load_record({"keywords": [False, "TP53"]})  # what yaml.safe_load makes of NO
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(RecordError, match="malformed JSON"):
        load_record(tmp_path / "bad.json")
    with pytest.raises(RecordError, match="cannot read a record"):
        load_record(42)  # type: ignore[arg-type]


def test_hits_table():
    hits = load_hits(hits_path_for(EXAMPLE))
    assert hits[0].word == "CAFS" and hits[0].symbol == "TBX1" and hits[0].source == "ncbigene_synonym"
    assert {h.word for h in hits if h.symbol == "SLC6A2"} == {"NET"}


def test_bad_hits_table(tmp_path):
    p = tmp_path / "x-genes.tsv"
    p.write_text("a\tb\n1\t2\n")
    with pytest.raises(RecordError, match="not a PFOCR hits table"):
        load_hits(p)


# no control characters or line separators: PyYAML itself does not round-trip those
_TEXT = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
_TREES = st.recursive(
    st.text(_TEXT, max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(_TEXT, max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _general(text: str):
    """The general reading the fast path must agree with: nodes constructed by PyYAML, after
    the one documented change (document markers after the last document are dropped: a
    record file ending in a ``---`` line is one document)."""
    from pfocr_genes.records import _TRAILING_MARKERS, StringLoader  # noqa: PLC0415

    try:
        return ("ok", yaml.load(_TRAILING_MARKERS.sub("\n", text), Loader=StringLoader))
    except yaml.YAMLError:
        return ("error", None)


def _fast(text: str):
    from pfocr_genes.records import load_yaml_text  # noqa: PLC0415

    try:
        return ("ok", load_yaml_text(text, "<test>"))
    except RecordError:
        return ("error", None)


@given(_TREES, st.booleans(), st.sampled_from([None, '"', "'", "|", ">"]))
def test_fast_yaml_reading_agrees_with_pyyaml_on_dumped_documents(tree, flow, style):
    text = yaml.safe_dump(tree, default_flow_style=flow, default_style=style, allow_unicode=True)
    assert _fast(text) == _general(text) == ("ok", tree)


@pytest.mark.parametrize("text", [
    "a: &x [1, 2]\nb: *x\n", "a: !!int 5\n", "? [a, b]\n: c\n", "--- a\n--- b\n", "a: !custom x\n",
    "", "---\n...\n", "a: b\na: c\n", "<<: {a: b}\n",
])
def test_fast_yaml_reading_falls_back_or_agrees_on_the_rest_of_yaml(text):
    assert _fast(text) == _general(text)


def test_recursive_yaml_is_read_the_general_way_and_is_no_record(tmp_path):
    status, value = _fast("x: &r\n  - *r\n")
    assert status == "ok" and value["x"][0] is value["x"]
    p = tmp_path / "loop.md"
    p.write_text("---\nschema-jsonld:\n  keywords: &r\n    - *r\n---\n", encoding="utf-8")
    with pytest.raises(RecordError, match="keywords item 1 is list"):
        load_record(p)


@given(st.text(alphabet="ab:-[]{}&*!|>'\"#,? \n.", max_size=60))
@example("\n---")
@example("a: b\n---\n")
@example("a: b\n...\n")
def test_fast_yaml_reading_agrees_with_pyyaml_on_arbitrary_text(text):
    assert _fast(text) == _general(text)
