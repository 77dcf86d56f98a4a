"""Output formats: cells never break a TSV/GMT line; GMT and TSV of the example figure."""

from hypothesis import given
from hypothesis import strategies as st

from pfocr_genes import normalize_figure
from pfocr_genes.cli.batch import parse_stdin_line
from pfocr_genes.exports import TSV_COLUMNS, cell, gene_set, gmt_line, keyword_rows, tsv_rows
from tests.conftest import EXAMPLE


@given(st.text())
def test_cell_is_always_one_line_without_tabs(text):
    c = cell(text)
    assert "\t" not in c and len(c.splitlines()) <= 1
    if not any(ch in text for ch in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
        assert c == text  # text without tabs or line breaks is written as it is


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\t\n\r;,", blacklist_categories=("Cs",)))
                .map(str.strip).filter(bool), min_size=1, max_size=10)
       .filter(lambda ws: not ws[0].startswith("{")))
def test_stdin_keyword_lines_round_trip(words):
    # a line that starts with "{" is a JSON record (a broken one is reported, never read as
    # keywords): see test_stdin_lines_never_crash and the CLI docs
    assert parse_stdin_line("\t".join(words) + "\n", "<stdin>:1") == words
    assert parse_stdin_line(", ".join(words), "<stdin>:1") == words


@given(st.text())
def test_stdin_lines_never_crash(line):
    try:
        parse_stdin_line(line, "<stdin>:1")
    except ValueError as exc:  # RecordError
        assert "<stdin>:1" in str(exc)


def test_example_rows_and_gene_set():
    r = normalize_figure(EXAMPLE)
    rows = list(keyword_rows(r))
    assert len(rows) == len(r.keywords) and all(tuple(row) == TSV_COLUMNS for row in rows)
    lines = list(tsv_rows(r))
    assert all(line.count("\t") == len(TSV_COLUMNS) - 1 and line.endswith("\n") for line in lines)
    genes = gene_set(r)
    assert genes and len(genes) == len(set(genes))
    name, _desc, *ids = gmt_line(r).rstrip("\n").split("\t")
    assert (name, ids) == (r.figid, genes)
    assert gmt_line(normalize_figure(["CANCER", "breast Cancer"])) == ""  # no gene: no set


def _row(result, text):
    import json  # noqa: PLC0415

    line = next(x for x in tsv_rows(result) if x.split("\t")[1] == text)
    row = dict(zip(TSV_COLUMNS, line.rstrip("\n").split("\t"), strict=True))
    return {k: (json.loads(v) if k in ("reasons", "candidates", "ocr_words", "support") and v else v)
            for k, v in row.items()}


def test_tsv_shows_what_a_curator_needs():
    net = _row(normalize_figure({"figid": "x", "keywords": ["NET", "TNF"]}), "NET")
    assert net["symbol"] == "" and {"ELK3", "SLC6A2", "EPHB1"} <= {c.split()[0] for c in net["candidates"]}
    assert net["why"]  # ambiguous: every candidate and why, not a blank
    r = normalize_figure(EXAMPLE)
    pigf = _row(r, "PIGF")  # suspect: reasons as a JSON list, the better gene, the OCR words
    assert pigf["suspect"] == "true" and isinstance(pigf["reasons"], list) and pigf["alternative"] == "PGF"
    assert pigf["ocr_words"] and pigf["word_table"].endswith("-genes.tsv")
    kept = [_row(r, k.text) for k in r.keywords if k.kind == "gene" and k.suspect is False]
    assert kept and not any(any(x.startswith("no_support:") for x in row["reasons"] or []) for row in kept)
    assert any(row["support"] for row in kept)  # what supports a kept gene: the caption naming it


@given(st.lists(st.text(), max_size=5))
def test_list_cells_split_unambiguously(items):
    import json  # noqa: PLC0415

    c = cell(items)
    assert "\t" not in c and len(c.splitlines()) <= 1
    assert (json.loads(c) if c else []) == items
