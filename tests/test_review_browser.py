"""The review page in a real headless Chromium (issue 16), opened from a file:// URL.

Needs the Debian packages ``chromium`` and ``chromium-driver`` and ``pip install selenium``
(the ``test`` extra); skips, saying which is missing, without them. Selenium is given the
driver and the browser explicitly and ``SE_OFFLINE=true``: Selenium Manager never downloads
anything.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pfocr_genes import normalize_figure
from pfocr_genes.review import reason_line
from tests.conftest import EXAMPLE, REPO
from tests.review_helpers import report, write_hostile

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists()
                                                else None)
DOCS_SCREENSHOT = REPO / "docs" / "review.png"

#: One keyword row as the browser shows it.
ROWS_JS = """
const art = arguments[0], sec = arguments[1];
return [...art.querySelectorAll('tbody.' + sec + ' tr.k')].map(r => ({
  cells: [...r.cells].map(c => c.textContent),
  species: getComputedStyle(r.cells[2], '::after').content,
  reasons: [...r.querySelectorAll('li')].map(l => l.textContent),
  links: [...r.querySelectorAll('a')].map(a => a.href),
  dropped: r.classList.contains('d')}));
"""


def _missing() -> str | None:
    if CHROMIUM is None or CHROMEDRIVER is None:
        return ("headless browser tests need Chromium and its driver: apt-get install chromium chromium-driver "
                f"(chromium: {CHROMIUM or 'not found'}, chromedriver: {CHROMEDRIVER or 'not found'})")
    try:
        import selenium  # noqa: F401, PLC0415
    except ImportError:
        return "headless browser tests need Selenium: pip install selenium (in the 'test' extra)"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


@pytest.fixture(scope="module")
def driver():
    from selenium import webdriver  # noqa: PLC0415
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415

    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager: never download a browser or a driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100"):
        options.add_argument(arg)
    d = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield d
    d.quit()


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    """The page of a hostile record (card ``f0``) and the example figure (``f1``), written by
    the real command."""
    folder = tmp_path_factory.mktemp("review")
    out = folder / "review.html"
    p = report(str(write_hostile(folder)), str(EXAMPLE), "-o", str(out))
    assert p.returncode == 0, p.stderr
    return out


@pytest.fixture
def opened(driver, page):
    driver.get(page.as_uri())
    return driver


SEED, HOSTILE = "#f1", "#f0"


def _seed(d):
    return d.find_element("css selector", SEED)


def _visible(d, selector: str) -> list[bool]:
    return d.execute_script("return [...document.querySelectorAll(arguments[0])].map(e => e.checkVisibility())",
                            selector)


def test_cards_are_there_and_nothing_from_a_record_ran(opened):
    d = opened
    assert len(d.find_elements("css selector", "#figs > article.fig")) == 2
    assert d.find_element("id", "count").text == "2 of 2 figures"
    assert d.execute_script("return window.__pwned") is None
    caption = d.find_element("css selector", f"{HOSTILE} .cap").text
    assert "<script>window.__pwned=1</script>" in caption
    assert 'onerror="window.__pwned=2"' in caption
    assert d.find_elements("css selector", "#figs img, #figs script") == []


def test_seed_figure_shows_every_keyword_as_the_result_has_it(opened):
    d = opened
    want = normalize_figure(EXAMPLE).to_dict()["keywords"]
    art = _seed(d)
    shown = d.execute_script(ROWS_JS, art, "dr") + d.execute_script(ROWS_JS, art, "kp")
    expected = [k for k in want if k["suspect"] is True] + [k for k in want if k["suspect"] is not True]
    assert len(shown) == len(expected) == 54
    for row, k in zip(shown, expected, strict=True):
        cells = row["cells"] + [""] * (8 - len(row["cells"]))
        assert cells[0].split(" ← ")[0] == k["text"]
        assert cells[1] == k["kind"]
        assert row["dropped"] == (k["suspect"] is True)
        assert cells[2].startswith(k["symbol"] or k["label"] or "")
        assert cells[3] == (k["hgnc_id"] or "") and cells[4] == (k["entrez_id"] or "")
        assert cells[5] == (f"{k['score']:.2f}" if k["score"] is not None else "")
        assert row["reasons"] == [reason_line(r, k["symbol"]) for r in k["reasons"] or []]
        assert cells[7] == (k["alternative"] or "")
        if k["species"]:
            assert row["species"] == f'" {k["species"]}"'
        if k["hgnc_id"]:
            assert f"https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/{k['hgnc_id']}" in row["links"]
            assert f"https://www.ncbi.nlm.nih.gov/gene/{k['entrez_id']}" in row["links"]
    dropped = [r for r in shown if r["dropped"]]
    assert dropped and all(r["reasons"] for r in dropped)
    title = art.find_element("css selector", "h2 a").get_attribute("href")
    assert title == "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC11580516/figure/F4/"


def test_suspect_filter_hides_the_kept_keywords(opened):
    d = opened
    d.find_element("id", "c-sus").click()
    assert _visible(d, f"{SEED} tr.k.d") and all(_visible(d, f"{SEED} tr.k.d"))
    assert not any(_visible(d, "#figs tr.k:not(.d)"))
    assert d.find_element("id", "count").text == "1 of 2 figures"  # the hostile figure drops nothing
    d.find_element("id", "c-sus").click()
    assert all(_visible(d, f"{SEED} tr.k"))


def test_flag_and_search_filters(opened):
    from selenium.webdriver.support.ui import Select  # noqa: PLC0415

    d = opened
    Select(d.find_element("id", "c-flag")).select_by_value("alias_collision")
    rows = d.find_elements("css selector", "#figs tr.k")
    shown = [r.get_attribute("data-f") for r, v in zip(rows, _visible(d, "#figs tr.k"), strict=True) if v]
    assert len(shown) == 5 and all("alias_collision" in f.split() for f in shown)
    Select(d.find_element("id", "c-flag")).select_by_value("")
    d.find_element("id", "c-q").send_keys("window.__pwned")
    d.execute_script("return new Promise(r => setTimeout(r, 300))")
    assert d.find_element("id", "count").text == "1 of 2 figures"
    assert _visible(d, "#figs > article.fig") == [True, False]  # the hostile card


def test_keyboard_moves_between_figures(opened):
    from selenium.webdriver.common.action_chains import ActionChains  # noqa: PLC0415
    from selenium.webdriver.common.keys import Keys  # noqa: PLC0415

    d = opened

    def current() -> str:
        return d.execute_script("const a = document.querySelector('article.cur'); return a && a.id")

    ActionChains(d).send_keys("j").perform()
    assert current() == "f0"
    ActionChains(d).send_keys("j").perform()
    assert current() == "f1"
    ActionChains(d).send_keys("j").perform()  # the last stays
    assert current() == "f1"
    ActionChains(d).send_keys(Keys.ARROW_UP).perform()
    assert current() == "f0"
    ActionChains(d).send_keys(Keys.ARROW_DOWN).perform()
    assert current() == "f1"
    assert d.execute_script("return document.activeElement.id") == "f1"


def test_sorting_by_score_puts_the_highest_first(opened):
    from selenium.webdriver.support.ui import Select  # noqa: PLC0415

    d = opened
    Select(d.find_element("id", "c-sort")).select_by_value("score")
    order = d.execute_script("return [...document.querySelectorAll('#figs > article')].map(a => a.id)")
    assert order == ["f1", "f0"]  # the seed figure's 0.97 before the hostile one's 0
    scores = d.execute_script(f"return [...document.querySelectorAll('{SEED} tbody.kp tr.k')]"
                              ".map(r => r.cells.length > 5 ? parseFloat(r.cells[5].textContent) : -1)")
    assert scores == sorted(scores, reverse=True) and scores != sorted(scores)
    Select(d.find_element("id", "c-sort")).select_by_value("")
    order = d.execute_script("return [...document.querySelectorAll('#figs > article')].map(a => a.id)")
    assert order == ["f0", "f1"]
    first = d.execute_script(f"return document.querySelector('{SEED} tbody.kp tr.k').cells[0].textContent")
    assert first.startswith("IL1B")  # record order again


def test_screenshot(opened, tmp_path):
    d = opened
    d.execute_script(f"document.querySelector('{SEED}').scrollIntoView({{block: 'start'}}); "
                     "window.scrollBy(0, -document.querySelector('.bar-top').offsetHeight - 8)")
    shot = tmp_path / "review.png"
    assert d.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("PFOCR_GENES_UPDATE_DOCS"):  # refresh docs/review.png on request only: a test run
        shutil.copyfile(shot, DOCS_SCREENSHOT)  # must not change tracked files
