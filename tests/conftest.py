"""Shared fixtures. Tests over ../shared/pfocr-dev skip when that folder is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE = REPO / "examples" / "PMC11580516__12943_2024_2165_Fig4_HTML.md"
DEV = REPO.parent / "shared" / "pfocr-dev"


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    if not (DEV / "labels.tsv").exists():
        pytest.skip("../shared/pfocr-dev is not present")
    return DEV


@pytest.fixture(autouse=True, scope="session")
def _private_mygene_cache(tmp_path_factory):
    """No test writes the user's real MyGene.info cache, even by mistake."""
    mp = pytest.MonkeyPatch()
    mp.setenv("PFOCR_GENES_CACHE", str(tmp_path_factory.mktemp("mygene") / "mygene.sqlite"))
    yield
    mp.undo()
