"""Token rewrites: spreadsheet dates, Roman numerals, lists, ranges, y-for-gamma, plurals."""

from hypothesis import given
from hypothesis import strategies as st

from pfocr_genes import variants


def test_spreadsheet_dates_both_orders():
    assert variants.spreadsheet_date("1-Mar") == ["MARCH1", "MARCHF1"]
    assert variants.spreadsheet_date("Sep-02") == ["SEPT2", "SEPTIN2"]
    assert variants.spreadsheet_date("1-DEC") == ["DEC1"]
    assert variants.spreadsheet_date("1-Foo") == []
    assert variants.spreadsheet_date("IL-6") == []


def test_roman_numerals():
    assert variants.roman_numeral("TGFBRII") == "TGFBR2"
    assert variants.roman_numeral("TGFBRI") == "TGFBR1"
    assert variants.roman_numeral("BMPR-I") == "BMPR1"
    assert variants.roman_numeral("TGFBR-III") == "TGFBR3"
    # a final I that is not apart and not after R is a letter, not a numeral
    assert variants.roman_numeral("CDKI") is None
    assert variants.roman_numeral("II") is None


def test_lists_and_ranges():
    assert variants.split_list("LRP5/6") == ["LRP5", "LRP6"]
    assert variants.split_list("SMAD2/3") == ["SMAD2", "SMAD3"]
    assert variants.split_list("HIF1A/B") == ["HIF1A", "HIF1B"]
    assert variants.split_list("IL-4/IL-13") == ["IL-4", "IL-13"]
    assert variants.split_list("TP53") == []
    assert variants.expand_range("TGF-β1-3") == ["TGF-B1", "TGF-B2", "TGF-B3"]
    assert variants.expand_range("NKX2-1") == []  # descending: a symbol, not a range
    assert variants.expand_range("IL1-99") == []  # too long to be a figure range


def test_gamma_and_plural():
    assert variants.gamma_y("IFNy") == "IFNγ"
    assert variants.gamma_y("IFN-y") == "IFN-γ"
    assert variants.gamma_y("Dy") is None
    assert variants.singular("MMPs") == "MMP"
    assert variants.singular("cells") is None


@given(st.text(max_size=60))
def test_variants_never_raise(s):
    variants.spreadsheet_date(s)
    variants.roman_numeral(s)
    variants.expand_range(s)
    variants.gamma_y(s)
    variants.singular(s)
    parts = variants.split_list(s)
    assert len(parts) <= 12
