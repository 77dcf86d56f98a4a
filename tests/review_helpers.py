"""Shared by the review page tests: the ``report`` command as a real process, a hostile
record, and a small parse of the page's markup with the standard library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import REPO

#: What a hostile record tries; each would set ``window.__pwned`` if it ran.
SCRIPT_CAPTION = ('TNF & IL6 in <script>window.__pwned=1</script> cells <img src=x onerror="window.__pwned=2"> '
                  "with \"quotes\" and 'single' ones; a<b c")
HOSTILE_KEYWORD = '"><img src=x onerror="window.__pwned=3">'
HOSTILE = {
    "figid": 'PMC1__x"><script>window.__pwned=4</script>',
    "pmcid": "javascript:window.__pwned=5",
    "figlink": "javascript:window.__pwned=6",
    "figtitle": "<script>window.__pwned=7</script> title <b onmouseover=\"window.__pwned=8\">bold</b>",
    "caption": SCRIPT_CAPTION,
    "papertitle": "A & B <i>paper</i>",
    "keywords": ["TNF", "IL6", "NET", HOSTILE_KEYWORD],
}


def write_hostile(folder: Path) -> Path:
    path = folder / "hostile.json"
    path.write_text(json.dumps(HOSTILE), encoding="utf-8")
    return path


def _command(args: tuple[str, ...]) -> list[str]:
    """``pfocr-genes report ARGS``, the real command line."""
    return [sys.executable, "-m", "pfocr_genes.cli.commands", "report", *args]


ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def report(*args: str, stdin: str | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """The command, run to its end in a new process."""
    return subprocess.run(_command(args), input=stdin, check=False, capture_output=True, text=True, cwd=cwd, env=ENV,
                          timeout=300)


def start_report(*args: str) -> subprocess.Popen:
    """The command started in a new process, its stdin and stderr pipes open."""
    return subprocess.Popen(_command(args), stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                            env=ENV)


class Page(HTMLParser):
    """Every start tag with its attributes, the text, and the keyword rows of the cards.

    The page leaves out optional end tags (``</td>``, ``</tr>``, ``</li>``), so a row and a
    cell end where the next one starts, as a browser reads them.
    """

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.rows: list[dict] = []
        self._row: dict | None = None
        self._in_script = False
        self.scripts: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        elif tag == "tr":
            classes = (a.get("class") or "").split()
            self._row = {"classes": classes, "attrs": a, "cells": [], "reasons": [], "links": []} \
                if "k" in classes else None
            if self._row is not None:
                self.rows.append(self._row)
        elif self._row is not None and tag == "td":
            self._row["cells"].append("")
        elif self._row is not None and tag == "li":
            self._row["reasons"].append("")
        elif self._row is not None and tag == "a":
            self._row["links"].append(a.get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        elif tag in ("tbody", "table"):
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
            return
        self.text.append(data)
        if self._row is not None and self._row["cells"]:
            self._row["cells"][-1] += data
            if self._row["reasons"] and len(self._row["cells"]) == 7:
                self._row["reasons"][-1] += data

    def hrefs(self) -> list[str]:
        return [a["href"] or "" for tag, a in self.tags if tag == "a"]

    def base(self) -> str | None:
        return next((a.get("href") for tag, a in self.tags if tag == "base"), None)
