"""How long a curator waits for the review page (issue 16): a timing, not a unit test.

Run by hand from the repository root:
``PYTHONPATH=. python benchmarks/review.py [RECORDS_FOLDER]`` (default: the 426 unlabeled dev
records, ``../shared/pfocr-dev/unlabeled``; exits 2 without them).

Measures:

1. seconds for the real command, ``report FOLDER -o review.html``, run as a new process, to
   write the page (reading, cleaning, rendering, writing): target < 10 s;
2. the page's size, and the size it extrapolates to for 1,000 figures: target < 10 MB;
3. when Chromium and chromedriver are installed (and Selenium), seconds for headless
   Chromium to open the page from a file:// URL until its script has run: target < 3 s;
   and the milliseconds the "suspect only" filter takes, style and layout included.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "pfocr-dev" / "unlabeled"
WRITE_TARGET_S = 10.0
OPEN_TARGET_S = 3.0
SIZE_TARGET_MB = 10.0

#: Time the suspect filter: the change event, then a forced style and layout of the page.
FILTER_JS = """
const box = document.getElementById('c-sus'), t0 = performance.now();
box.checked = true; box.dispatchEvent(new Event('change'));
document.body.getBoundingClientRect(); void document.body.offsetHeight;
return performance.now() - t0;
"""


def write_page(folder: Path, out: Path) -> float:
    """Seconds for ``report FOLDER -o OUT`` in a new process."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "pfocr_genes.cli.review", "report", str(folder), "-o", str(out)],
                       check=False, capture_output=True, text=True, env=env, cwd=REPO)
    seconds = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        sys.exit(f"the report command failed ({p.returncode}): {p.stderr}")
    print(p.stderr.strip())
    return seconds


def open_page(page: Path) -> tuple[float, float] | None:
    """Seconds for headless Chromium to open ``page`` (its script run), and milliseconds of the
    suspect filter; ``None`` when no browser is installed."""
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    try:
        from selenium import webdriver  # noqa: PLC0415 - optional: the timing runs without it
        from selenium.webdriver.chrome.service import Service  # noqa: PLC0415
    except ImportError:
        return None
    if chromium is None or driver_path is None:
        return None
    os.environ["SE_OFFLINE"] = "true"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(arg)
    d = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        t0 = time.perf_counter()
        d.get(page.as_uri())  # returns once the page has loaded (its inline script has run)
        assert d.execute_script("return document.getElementById('count').textContent")
        seconds = time.perf_counter() - t0
        return seconds, d.execute_script(FILTER_JS)
    finally:
        d.quit()


def verdict(value: float, target: float) -> str:
    return "ok" if value < target else "OVER TARGET"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT, help=f"record folder (default {DEFAULT})")
    args = ap.parse_args()
    if not args.folder.is_dir():
        print(f"benchmarks/review.py: {args.folder} is missing (the dev records, ../shared/pfocr-dev)",
              file=sys.stderr)
        return 2
    n = sum(1 for p in args.folder.rglob("*.md") if not p.name.startswith("README"))
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "review.html"
        seconds = write_page(args.folder, page)
        size = page.stat().st_size / 1e6
        per_1000 = size * 1000 / max(n, 1)
        print(f"write: {seconds:.2f} s for {n} records (target < {WRITE_TARGET_S:.0f} s: "
              f"{verdict(seconds, WRITE_TARGET_S)})")
        print(f"size: {size:.2f} MB, {per_1000:.2f} MB for 1,000 such figures (target < {SIZE_TARGET_MB:.0f} MB: "
              f"{verdict(per_1000, SIZE_TARGET_MB)})")
        opened = open_page(page)
        if opened is None:
            print("open: skipped (needs chromium, chromedriver and selenium)")
        else:
            load, filter_ms = opened
            print(f"open: {load:.2f} s in headless Chromium (target < {OPEN_TARGET_S:.0f} s: "
                  f"{verdict(load, OPEN_TARGET_S)}); suspect filter {filter_ms:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
