"""Output formats: cells never break a TSV/GMT line; GMT and TSV of the example figure."""

from hypothesis import given
from hypothesis import strategies as st

from pfocr_genes import normalize_figure
from pfocr_genes.batch import parse_stdin_line
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
