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
