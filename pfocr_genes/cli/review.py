"""``pfocr-genes report PATH... -o review.html``: one static page to review a batch's verdicts.

The inputs are those of ``normalize`` (files, folders, globs, ``-`` for stdin, listed by
:func:`pfocr_genes.cli.batch.expand`); each record is cleaned in this process (a page is for a
curator: hundreds of figures, a few seconds) and rendered by :func:`pfocr_genes.review.report_html`.
The page is written through :func:`pfocr_genes.cli.output.open_output`: atomically, never over
one of the inputs.

Exit status: 0 success; 1 if some records failed (the page is still written with the others
and lists the failures, which stderr names too); 2 usage errors (bad options, an output that
cannot be written, an unusable snapshot); 128 + the signal's number when interrupted (130 for
Ctrl-C; no page written).
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
from pathlib import Path
from typing import Any

from pfocr_genes.cli.batch import Item, Outcome, expand
from pfocr_genes.cli.output import OutputError, check_not_input, open_output
from pfocr_genes.records import FigureRecord, RecordError, hits_path_for, load_record
from pfocr_genes.review import DEFAULT_TITLE, FIGLINK_RE, report_html
from pfocr_genes.snapshot import SnapshotError

EXAMPLES = """examples:
  pfocr-genes report examples/PMC11580516__12943_2024_2165_Fig4_HTML.md -o review.html
  pfocr-genes report figures/ -o review.html --title 'PFOCR 2024 batch'
  pfocr-genes report 'figures/**/*.md' -o review.html --no-hits     # keywords only
"""

#: The record's ``figlink`` (not a field of :class:`~pfocr_genes.records.FigureRecord`): a
#: top-level YAML key or a JSON member. Read from the text, not parsed: only a value of the
#: strict PMC shape is ever used, and a record without one links to its article page.
_FIGLINK_FIELD = re.compile(r"""(?:^figlink:[ \t]*['"]?|"figlink"[ \t]*:[ \t]*")([^'"\s]+)""", re.M)


class UsageError(Exception):
    """A problem with the command line or the output path (exit status 2)."""


def add_parser(subparsers: Any) -> None:
    """Add the ``report`` command to ``subparsers`` (from ``ArgumentParser.add_subparsers``)."""
    p = subparsers.add_parser(
        "report", help="write one static HTML page to review the verdicts of figure records",
        description="Clean figure records and write one self-contained HTML page (no network) to review "
                    "them: a summary, then one card per figure with its caption, kept and dropped keywords "
                    "and the reasons; filters, search, sorting and j/k navigation.",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EXAMPLES)
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="record files (.md/.yaml/.json), folders (recursive), globs, or - for stdin "
                        "(as for normalize)")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="the page to write (atomically; - for stdout)")
    p.add_argument("--no-hits", action="store_true", help="ignore <figid>-genes.tsv next to records")
    p.add_argument("--title", default=DEFAULT_TITLE, metavar="T", help=f"the page's title (default: {DEFAULT_TITLE})")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr (failures still shown)")


def _say(msg: str) -> None:
    print(f"pfocr-genes: {msg}", file=sys.stderr)


def read_figlink(path: str) -> str | None:
    """The ``figlink`` of a record file when it has the PMC figure-page shape, else ``None``."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None
    m = _FIGLINK_FIELD.search(text)
    return m.group(1) if m and FIGLINK_RE.fullmatch(m.group(1)) else None


class _Figures:
    """The cleaned figures of a run, with their records and figure links, and the failures."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.results: list[Any] = []
        self.records: list[FigureRecord | None] = []
        self.figlinks: list[str | None] = []
        self.errors = errors

    def add(self, it: Item, hits: bool) -> None:
        """Clean one input; a record that cannot be cleaned becomes a failure, named on stderr.
        An unusable snapshot stops the run (every record would fail the same way)."""
        from pfocr_genes.figure import normalize_figure  # noqa: PLC0415 - loads the snapshot code

        try:
            if it.path is not None:
                record = load_record(it.path)
                result = normalize_figure(it.path, hits=None if hits else False)
            else:
                record = load_record(it.record)
                result = normalize_figure(record, hits=False)
        except SnapshotError:
            raise
        except RecordError as exc:
            self.fail(it.label, exc.problem)
            return
        except Exception as exc:  # one record's bug must not lose the others
            self.fail(it.label, f"internal error {type(exc).__name__}: {exc} (please report)")
            return
        self.results.append(result)
        self.records.append(record)
        self.figlinks.append(read_figlink(it.path) if it.path is not None else None)

    def fail(self, label: str, problem: str) -> None:
        self.errors.append((label, problem))
        _say(f"{label}: {problem}")


def _inputs(items: list[Item]) -> list[str]:
    """The files the run reads (records and the word tables beside them): never overwritten."""
    return [p for it in items if it.path is not None for p in (it.path, str(hits_path_for(it.path)))]


def _write(args: argparse.Namespace, figures: _Figures) -> None:
    page = report_html(figures.results, figures.records, title=args.title, figlinks=figures.figlinks,
                       errors=figures.errors)
    try:
        with open_output(args.output) as out:
            out.write(page)
    except OutputError as exc:
        raise UsageError(str(exc)) from None


def _report(args: argparse.Namespace) -> int:
    inputs = list(expand(args.paths))
    items = [x for x in inputs if isinstance(x, Item)]
    if args.output != "-":
        try:
            check_not_input(args.output, _inputs(items))
        except OutputError as exc:
            raise UsageError(str(exc)) from None
    figures = _Figures([])
    for x in inputs:
        if isinstance(x, Outcome):
            figures.fail(x.label, x.error or "")
    for it in items:
        figures.add(it, hits=not args.no_hits)
    _write(args, figures)
    if not args.quiet:
        where = "standard output" if args.output == "-" else args.output
        failed = f", {len(figures.errors)} failed" if figures.errors else ""
        _say(f"{len(figures.results)} figures written to {where}{failed}")
    return 1 if figures.errors else 0


def main(argv: list[str] | None = None) -> int:
    """``python -m pfocr_genes.cli.review report ...``: the command on its own parser (the
    ``pfocr-genes`` command adds it with :func:`add_parser` and calls :func:`run`)."""
    ap = argparse.ArgumentParser(prog="pfocr-genes")
    add_parser(ap.add_subparsers(dest="command", required=True))
    return run(ap.parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """Run ``report`` with parsed ``args``; the exit status (see the module docstring)."""
    try:
        return _report(args)
    except (UsageError, SnapshotError) as exc:
        _say(str(exc))
        return 2
    except KeyboardInterrupt as exc:  # Ctrl-C, or a signal the pfocr-genes command turns into one
        _say("interrupted; no page was written")
        return 128 + getattr(exc, "signum", signal.SIGINT)


if __name__ == "__main__":
    raise SystemExit(main())
