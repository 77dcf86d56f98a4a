"""See a figure's verdicts: an HTML card per figure (notebooks) and one static review page (a batch).

A curator decides whether a dropped gene really was an OCR misreading; that needs the
figure's caption, the words that matched and the reasons side by side, not a TSV row. So:

- :func:`figure_html` renders one :class:`~pfocr_genes.figure.FigureResult` as a card:
  title linked to the PMC figure page, the caption with the gene words highlighted, and one
  row per keyword (kind, gene, species, ids linked to HGNC and NCBI Gene, suspect score as a
  bar, reasons, the better gene). Dropped (suspect) keywords and kept ones are separate
  sections, every dropped one with its reasons.
- :func:`keyword_html` renders one :class:`~pfocr_genes.figure.KeywordResult`.
- :func:`report_html` renders a batch as ONE self-contained page (inline CSS and script, no
  network): a summary with small SVG bar charts, then the cards, with filters, search,
  sorting and j/k navigation.

Why strings rather than a template engine: no dependency, and one place to see that every
text of a record goes through :func:`esc` (captions hold ``<``, ``&``, quotes, and a record
is untrusted input: a ``<script>`` in a caption must show as text). Links point only to the
fixed sites below and are built only from ids that match strict patterns; anything else is
shown as text.

Why the markup is terse: a page of 1,000 figures holds ~20,000 keyword rows and must stay
under 10 MB, so a row carries only its content, its links and the few classes and ``data-``
attributes the page filters on (optional end tags left out, the species name and the score
bar drawn by the stylesheet). The page filters by writing one CSS rule and toggling
``hidden`` on the cards, never by rebuilding markup.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pfocr_genes.figure import FigureResult, KeywordResult
    from pfocr_genes.records import FigureRecord

NCBI = "https://www.ncbi.nlm.nih.gov/"
PMC_ARTICLE_URL = NCBI + "pmc/articles/{pmcid}/"
PMC_FIGURE_URL = NCBI + "pmc/articles/{pmcid}/figure/{figure}/"
HGNC_URL = "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/{hgnc_id}"
NCBI_GENE_URL = NCBI + "gene/{entrez_id}"

#: ASCII digits only (``\\d`` would accept other scripts' digits): an id that does not match
#: is shown as text, never put into a link, a class or a selector.
PMCID_RE = re.compile(r"PMC[0-9]{1,10}")
FIGID_RE = re.compile(r"(PMC[0-9]{1,10})__[A-Za-z0-9_.\-]{1,200}")
FIGLINK_RE = re.compile(r"/pmc/articles/(PMC[0-9]{1,10})/figure/([A-Za-z0-9_.\-]{1,64})/?")
HGNC_ID_RE = re.compile(r"HGNC:[0-9]{1,7}")
NCBI_GENE_ID_RE = re.compile(r"[0-9]{1,12}")
TAXON_RE = re.compile(r"[0-9]{1,9}")
#: what may become a CSS class or a token of a ``data-`` attribute list (kinds, flag names)
_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z0-9_\-]{0,40}")

KINDS = ("gene", "family", "disease", "chemical", "organism", "other")
DEFAULT_TITLE = "pfocr-genes review"
#: rows of the summary charts
TOP_FLAGS = 12
TOP_SPECIES = 8
#: caption words shorter than this are not highlighted (panel letters)
MIN_HIGHLIGHT = 2

#: The reason the suspect rules give a gene its caption never names, word for word (see
#: :mod:`pfocr_genes.suspects`). Four genes in five carry it: the page says it shortly.
NO_SUPPORT_REASON = "no_support: neither {symbol}, its aliases nor its name occur in the title or caption"
NO_SUPPORT_SHORT = "no_support: not named in the title or caption"


def esc(text: object) -> str:
    """``text`` safe inside an element or a double- or single-quoted attribute."""
    return html.escape(str(text), quote=True)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: every character but letters, digits and spaces as a
    six-digit escape, so no quote, backslash, line break or ``</style>`` can end it."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x}" for c in text) + '"'


def _token(value: str | None, default: str = "") -> str:
    """``value`` when it is a safe class/attribute token, else ``default``."""
    return value if value is not None and _TOKEN_RE.fullmatch(value) else default


# -- links: only to the fixed sites, only from validated ids ------------------------------

def _link(url: str, text: str) -> str:
    """A plain anchor: the review page opens links in a new tab through its ``<base>``
    (``target="_blank"`` implies ``noopener``) and sends no referrer, so each link carries
    only its URL (links are a quarter of a page's bytes)."""
    return f'<a href="{esc(url)}">{esc(text)}</a>'


def figure_url(pmcid: str | None, figid: str | None = None, figlink: str | None = None) -> str | None:
    """The PMC page of the figure: its figure page when ``figlink`` (the record's
    ``/pmc/articles/PMC…/figure/F4/``) validates and names the same article, else the article
    page; ``None`` when no PMCID validates (from ``pmcid``, else the ``PMC…__file`` figid)."""
    pmc = pmcid if pmcid and PMCID_RE.fullmatch(pmcid) else None
    if pmc is None and figid and (m := FIGID_RE.fullmatch(figid)):
        pmc = m.group(1)
    link = FIGLINK_RE.fullmatch(figlink) if figlink else None
    if link is not None and pmc in (None, link.group(1)):
        return PMC_FIGURE_URL.format(pmcid=link.group(1), figure=link.group(2))
    return PMC_ARTICLE_URL.format(pmcid=pmc) if pmc else None


def hgnc_link(hgnc_id: str | None) -> str:
    """The HGNC id linked to its HGNC page; an id that does not validate as text."""
    if not hgnc_id:
        return ""
    return _link(HGNC_URL.format(hgnc_id=hgnc_id), hgnc_id) if HGNC_ID_RE.fullmatch(hgnc_id) else esc(hgnc_id)


def ncbi_link(entrez_id: str | None) -> str:
    """The NCBI Gene id linked to its NCBI Gene page; an id that does not validate as text."""
    if not entrez_id:
        return ""
    if NCBI_GENE_ID_RE.fullmatch(entrez_id):
        return _link(NCBI_GENE_URL.format(entrez_id=entrez_id), entrez_id)
    return esc(entrez_id)


def _relative_to_ncbi(markup: str) -> str:
    """Links to NCBI relative to the review page's ``<base href>`` (NCBI's site): ``gene/7124``.
    Only the page's own anchors hold ``href="`` (record text is escaped: a quote becomes
    ``&quot;``), and every link of the page goes to one of the fixed sites."""
    return markup.replace(f'href="{NCBI}', 'href="')


# -- one keyword ---------------------------------------------------------------------------

def dropped(k: KeywordResult) -> bool:
    """Whether the result drops the keyword: a gene the suspect rules call wrong."""
    return k.suspect is True


def _flag_names(k: KeywordResult) -> list[str]:
    """The keyword's flags, once each, as safe tokens (they become a ``data-f`` list)."""
    return list(dict.fromkeys(t for f in k.flags if (t := _token(f.name))))


def _taxon(k: KeywordResult) -> str | None:
    """The keyword's taxon id when it has a species and the id validates (it becomes a class)."""
    return k.taxon_id if k.species and k.taxon_id and TAXON_RE.fullmatch(k.taxon_id) else None


def species_style(species: Mapping[str, str]) -> str:
    """Rules that write each species' name (``{taxon id: name}``) after the gene of rows of
    class ``t<taxon>``: the name is in the page once per species, not once per row."""
    rules = "".join(f".pfg tr.t{t}>td:nth-child(3)::after{{content:{css_string(' ' + name)}}}"
                    for t, name in species.items() if TAXON_RE.fullmatch(t))
    return f"<style>{rules}</style>" if rules else ""


def _meaning(k: KeywordResult) -> str:
    """What the keyword was read as: the gene (its species follows, drawn by the stylesheet),
    the family, or the term's label."""
    if k.kind not in ("gene", "family"):
        return esc(k.label or "")
    parts = [esc(k.symbol or "")]
    if k.symbol is None and k.candidates:
        more = "…" if len(k.candidates) > 5 else ""
        parts.append(f"one of {esc(', '.join(c.symbol for c in k.candidates[:5]))}{more}")
    if k.family:
        parts.append(f"family {esc(k.family)}")
    if k.species and _taxon(k) is None:
        parts.append(f"<small>{esc(k.species)}</small>")
    elif not k.species and k.species_candidates:
        parts.append(f"<small>taxon {esc(' or '.join(k.species_candidates))}?</small>")
    if k.human_ortholog is not None:
        parts.append(f"<small>human {esc(k.human_ortholog.symbol)}</small>")
    return " ".join(p for p in parts if p)


def _score_cell(score: float | None) -> str:
    """The score as text over a bar that the stylesheet draws from ``--w``."""
    if score is None:
        return "<td>"
    width = round(100 * min(max(score, 0.0), 1.0))
    return f'<td style="--w:{width}%">{score:.2f}' if width else f"<td>{score:.2f}"


def reason_line(reason: str, symbol: str | None) -> str:
    """A reason as the page shows it: as given, except the ``no_support`` sentence, the same
    for every gene but its symbol (which the row shows): ``no_support: not named in the title
    or caption``. It was a fifth of a page's bytes."""
    if symbol is not None and reason == NO_SUPPORT_REASON.format(symbol=symbol):
        return NO_SUPPORT_SHORT
    return reason


def _reasons(k: KeywordResult) -> str:
    """One line per reason (:func:`reason_line`), its flag name in bold."""
    if not k.reasons:
        return ""
    items = []
    for r in k.reasons:
        line = reason_line(r, k.symbol)
        flag, sep, rest = line.partition(":")
        items.append(f"<li><b>{esc(flag)}</b>{esc(sep + rest)}" if sep and _token(flag) else f"<li>{esc(line)}")
    return f'<ul>{"".join(items)}</ul>'


def _keyword(k: KeywordResult) -> str:
    """The keyword as written, and the OCR words it came from when they differ from it."""
    words = [w for w in k.ocr_words if w != k.text]
    return f"{esc(k.text)}<i> ← {esc(', '.join(words))}</i>" if words else esc(k.text)


def _row(k: KeywordResult) -> str:
    """One keyword as a table row. Its classes (``k``, the kind, ``d`` when dropped,
    ``t<taxon>``) and ``data-f`` (the flags) are what the page filters on. The rule behind
    the kind (``why``) is a tooltip for the other kinds only: for a gene it restates the match.
    Optional end tags and trailing empty cells are left out, as HTML allows.
    """
    kind = _token(k.kind, "other")
    classes = f"k {kind}" + (" d" if dropped(k) else "") + (f" t{t}" if (t := _taxon(k)) else "")
    flags = " ".join(_flag_names(k))
    attrs = f'class="{classes}"' + (f' data-f="{flags}"' if flags else "")
    why = f' title="{esc(k.why)}"' if kind != "gene" and k.why else ""
    cells = [f"<td>{_keyword(k)}", f"<td{why}>{kind}", f"<td>{_meaning(k)}", f"<td>{hgnc_link(k.hgnc_id)}",
             f"<td>{ncbi_link(k.entrez_id)}", _score_cell(k.score), f"<td>{_reasons(k)}",
             f"<td>{esc(k.alternative or '')}"]
    while cells[-1] == "<td>":
        cells.pop()
    return f"<tr {attrs}>{''.join(cells)}"


_HEAD = ("<thead><tr><th>keyword<th>kind<th>read as<th>HGNC<th>NCBI Gene<th>score<th>reasons<th>better gene"
         "</thead>")


def _species_of(keywords: Iterable[KeywordResult]) -> dict[str, str]:
    return {t: k.species for k in keywords if (t := _taxon(k)) and k.species}


def keyword_html(k: KeywordResult) -> str:
    """One keyword as a small self-contained table (its own styles): for a notebook's display
    of a :class:`~pfocr_genes.figure.KeywordResult`."""
    section = "dr" if dropped(k) else "kp"
    return (f'<div class="pfg">{STYLE}{species_style(_species_of([k]))}<table class="kws">{_HEAD}'
            f'<tbody class="{section}">{_row(k)}</tbody></table></div>')


# -- one figure ----------------------------------------------------------------------------

def _highlight_terms(keywords: Iterable[KeywordResult]) -> dict[str, str]:
    """Words that matched genes (keyword texts, symbols, OCR words) -> ``g`` (a kept gene's)
    or ``x`` (only dropped genes'): a word that one kept gene came from is marked kept."""
    terms: dict[str, str] = {}
    for k in keywords:
        if k.kind not in ("gene", "family"):
            continue
        cls = "x" if dropped(k) else "g"
        for word in (k.text, k.symbol, *k.ocr_words):
            w = (word or "").strip(".,;:")
            if len(w) >= MIN_HIGHLIGHT and terms.get(w) != "g":
                terms[w] = cls
    return terms


def highlight(text: str, terms: Mapping[str, str]) -> str:
    """``text`` escaped, with each whole-word occurrence of a term (case as written) in a
    ``<mark>`` of the term's class. Matching runs on the raw text and each piece is escaped
    on its own, so a term can never split an entity."""
    if not terms:
        return esc(text)
    alternation = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    pattern = re.compile(rf"(?<![A-Za-z0-9])(?:{alternation})(?![A-Za-z0-9])")
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(esc(text[last:m.start()]))
        out.append(f'<mark class="{terms[m.group()]}">{esc(m.group())}</mark>')
        last = m.end()
    out.append(esc(text[last:]))
    return "".join(out)


def _section(name: str, label: str, rows: list[str]) -> str:
    if not rows:
        return ""
    return f'<tbody class="{name}"><tr class="h"><th colspan="8">{label}: {len(rows)}{"".join(rows)}</tbody>'


def _word_table(result: FigureResult) -> str:
    """Where the gene hits came from, in words (the table's path is the record's own name)."""
    from pfocr_genes.figure import GENES_BLOCK  # noqa: PLC0415 - figure.py may import this module: no cycle

    if not result.hits_used:
        return "keywords only"
    return {GENES_BLOCK: "the record's genes: block", "given": "given word table"}.get(result.hits_source or "",
                                                                                       "word table")


def _meta(result: FigureResult, n_dropped: int) -> str:
    """The line under the title: ids, paper, what was dropped, where the hits came from."""
    bits = [esc(b) for b in (result.figid, result.pmcid) if b]
    if result.papertitle:
        bits.append(f"paper: <i>{esc(result.papertitle)}</i>")
    bits.append(f"{len(result.keywords)} keywords, {n_dropped} dropped")
    bits.append(_word_table(result))
    return f'<p class="m">{" · ".join(bits)}</p>'


def _card(result: FigureResult, caption: str | None, figlink: str | None, index: int) -> str:
    """The figure card without styles (the review page carries them once)."""
    rows = [(dropped(k), _row(k)) for k in result.keywords]
    gone = [r for d, r in rows if d]
    kept = [r for d, r in rows if not d]
    title = result.figtitle or result.figid or result.path or "untitled figure"
    url = figure_url(result.pmcid, result.figid, figlink)
    heading = _link(url, title) if url else esc(title)
    top = max((k.score for k in result.keywords if k.score is not None), default=0.0)
    cap = f'<p class="cap">{highlight(caption, _highlight_terms(result.keywords))}</p>' if caption else ""
    return (f'<article class="fig" id="f{index}" tabindex="-1" data-i="{index}" data-max="{top:.3f}" '
            f'data-nd="{len(gone)}"><h2>{heading}</h2>{_meta(result, len(gone))}{cap}'
            f'<table class="kws">{_HEAD}{_section("dr", "Dropped (suspect)", gone)}'
            f'{_section("kp", "Kept", kept)}</table></article>')


def _caption_of(caption: str | None, record: FigureRecord | None) -> str | None:
    return caption if caption is not None else (record.caption if record is not None else None)


def figure_html(result: FigureResult, caption: str | None = None, record: FigureRecord | None = None, *,
                figlink: str | None = None) -> str:
    """One figure as a self-contained card (its own styles, no script): for a notebook's
    display of a :class:`~pfocr_genes.figure.FigureResult`.

    The caption is not part of the result: give it as ``caption`` or through ``record``
    (:func:`pfocr_genes.load_record`) to see it with the gene words highlighted. ``figlink``
    (the record's ``figlink`` field) makes the title link to the figure's own PMC page.
    """
    card = _card(result, _caption_of(caption, record), figlink, 0)
    return f'<div class="pfg">{STYLE}{species_style(_species_of(result.keywords))}{card}</div>'


# -- the batch page ------------------------------------------------------------------------

def _short(label: str, width: int = 24) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def bar_chart(rows: Sequence[tuple[str, str, int]], *, control: str, colour: bool = False) -> str:
    """Horizontal bars as inline SVG, one per ``(label, value, count)`` (text escaped).
    Clicking a bar sets the page's ``control`` filter to ``value``; ``colour``: the value is
    a kind, coloured as in the tables."""
    if not rows:
        return '<p class="m">none</p>'
    top = max(n for _, _, n in rows) or 1
    height = 18 * len(rows)
    out = [f'<svg class="ch" width="400" height="{height}" viewBox="0 0 400 {height}">']
    for i, (label, value, n) in enumerate(rows):
        y, w = 18 * i, max(1, round(190 * n / top))
        cls = f' class="{_token(value)}"' if colour else ""
        out.append(f'<g{cls} data-set="{control}" data-v="{esc(value)}"><title>{esc(label)}: {n}</title>'
                   f'<text x="0" y="{y + 13}">{esc(_short(label))}</text>'
                   f'<rect x="170" y="{y + 3}" width="{w}" height="12" rx="2"></rect>'
                   f'<text x="{176 + w}" y="{y + 13}">{n}</text></g>')
    out.append("</svg>")
    return "".join(out)


class _Totals:
    """What the summary and the filter menus count, in one pass over the keywords."""

    def __init__(self, results: Sequence[FigureResult]) -> None:
        self.figures = len(results)
        self.kinds: Counter[str] = Counter()
        self.flags: Counter[str] = Counter()
        self.taxa: Counter[str] = Counter()
        self.names: dict[str, str] = {}
        self.genes = self.dropped = 0
        for r in results:
            for k in r.keywords:
                self.kinds[_token(k.kind, "other")] += 1
                self.flags.update(_flag_names(k))
                if k.kind == "gene":
                    self.genes += 1
                    self.dropped += dropped(k)
                if (t := _taxon(k)) and k.species:
                    self.taxa[t] += 1
                    self.names.setdefault(t, k.species)

    @property
    def keywords(self) -> int:
        return sum(self.kinds.values())

    def by_kind(self) -> list[tuple[str, str, int]]:
        return [(k, k, self.kinds[k]) for k in KINDS if self.kinds[k]]

    def by_flag(self, top: int | None = None) -> list[tuple[str, str, int]]:
        return [(f, f, n) for f, n in self.flags.most_common(top)]

    def by_species(self, top: int | None = None) -> list[tuple[str, str, int]]:
        return [(self.names[t], t, n) for t, n in self.taxa.most_common(top)]


def _share_bar(dropped_n: int, genes: int) -> str:
    pct = 100 * dropped_n / genes if genes else 0.0
    return (f'<svg class="ch" width="400" height="22" viewBox="0 0 400 22"><title>{dropped_n} of {genes} gene '
            f'keywords dropped</title><rect class="kept" x="0" y="4" width="360" height="14" rx="2"></rect>'
            f'<rect class="drop" x="0" y="4" width="{round(3.6 * pct)}" height="14" rx="2"></rect>'
            f'<text x="366" y="16">{pct:.0f}%</text></svg>')


def _summary(t: _Totals, errors: Sequence[tuple[str, str]]) -> str:
    failed = ""
    if errors:
        items = "".join(f"<li>{esc(src)}: {esc(msg)}" for src, msg in errors)
        failed = f'<details class="err" open><summary>{len(errors)} records failed</summary><ul>{items}</ul></details>'
    return (f'<section class="sum"><div><h3>Batch</h3><p><b>{t.figures}</b> figures, <b>{t.keywords}</b> '
            f'keywords, <b>{t.genes}</b> of them genes; <b>{t.dropped}</b> genes dropped as suspect</p>'
            f'<h3>Suspect share of gene keywords</h3>{_share_bar(t.dropped, t.genes)}{failed}</div>'
            f'<div><h3>Keywords by kind</h3>{bar_chart(t.by_kind(), control="kind", colour=True)}</div>'
            f'<div><h3>Flags that fired most</h3>{bar_chart(t.by_flag(TOP_FLAGS), control="flag")}</div>'
            f'<div><h3>Keywords by species</h3>{bar_chart(t.by_species(TOP_SPECIES), control="sp")}</div>'
            "</section>")


def _select(control: str, rows: Iterable[tuple[str, str, int]], everything: str) -> str:
    opts = "".join(f'<option value="{esc(v)}">{esc(label)} ({n})' for label, v, n in rows)
    return f'<select id="c-{control}" aria-label="{control}"><option value="">{everything}{opts}</select>'


def _toolbar(t: _Totals) -> str:
    return ('<nav class="bar-top"><label><input type="checkbox" id="c-sus"> suspect only</label>'
            f'{_select("flag", t.by_flag(), "every flag")}'
            f'{_select("sp", sorted(t.by_species()), "every species")}'
            f'{_select("kind", t.by_kind(), "every kind")}'
            '<input type="search" id="c-q" placeholder="search (/)" aria-label="search">'
            '<select id="c-sort" aria-label="sort"><option value="">record order'
            '<option value="score">highest score first<option value="nd">most dropped first</select>'
            '<span id="count"></span><span class="m">j/k or ↓/↑: next/previous figure · '
            "reasons: flag, then why; <b>no_support</b>: no mention of the gene's symbol, aliases or name"
            "</span></nav>")


#: Nothing is fetched: no image, font, frame or request; inline styles and script only.
#: (Record text is escaped: the policy is a second line of defence, not the first.)
CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       f"base-uri {NCBI}; form-action 'none'")


def _head(title: str, species: Mapping[str, str]) -> str:
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="referrer" content="no-referrer"><base href="{NCBI}" target="_blank">'
            f"<title>{esc(title)}</title>{STYLE}{species_style(species)}</head>")


def report_html(results: Sequence[FigureResult], records: Sequence[FigureRecord | None] | None = None,
                title: str = DEFAULT_TITLE, *, figlinks: Sequence[str | None] | None = None,
                errors: Sequence[tuple[str, str]] = ()) -> str:
    """One self-contained static page for a batch of figures (no network: inline styles and
    script). ``records`` and ``figlinks`` (each ``None`` or one entry per result) give the
    captions and figure links; ``errors`` (``(source, problem)``) are listed as failed records.
    """
    for name, seq in (("records", records), ("figlinks", figlinks)):
        if seq is not None and len(seq) != len(results):
            raise ValueError(f"{name} has {len(seq)} entries for {len(results)} results")
    totals = _Totals(results)
    cards = "".join(_card(r, _caption_of(None, records[i] if records else None), figlinks[i] if figlinks else None, i)
                    for i, r in enumerate(results))
    return (f'{_head(title, totals.names)}<body class="pfg"><header><h1>{esc(title)}</h1>'
            f'{_summary(totals, errors)}</header>{_toolbar(totals)}<main id="figs">{_relative_to_ncbi(cards)}</main>'
            '<p id="none" class="m" hidden>No figure matches the filters.</p>'
            f'<style id="dyn"></style><script>{SCRIPT}</script></body></html>')


STYLE = """<style>
.pfg{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2430}
.pfg .gene{--c:#1a7f37}.pfg .family{--c:#8250df}.pfg .disease{--c:#bc4c00}.pfg .chemical{--c:#0969da}
.pfg .organism{--c:#6e5b00}.pfg .other{--c:#7d8590}
.pfg .fig{border:1px solid #d0d7de;border-radius:8px;padding:10px 14px;margin:12px 0;background:#fff;
content-visibility:auto;contain-intrinsic-size:auto 500px}
.pfg .fig.cur{outline:3px solid #3b6fd8;outline-offset:1px}
.pfg h2{font-size:16px;margin:0 0 2px}.pfg h2 a{color:#0a3069}
.pfg .m{color:#57606a;font-size:12px;margin:0 0 6px}
.pfg .cap{font-size:13px;max-height:8.5em;overflow:auto;background:#f6f8fa;padding:6px 8px;border-radius:4px;
margin:4px 0}
.pfg mark.g{background:#ccebd4}.pfg mark.x{background:#f8d0d0;text-decoration:underline wavy #c22}
.pfg table.kws{border-collapse:collapse;width:100%;font-size:13px}
.pfg .kws th,.pfg .kws td{padding:3px 6px;text-align:left;vertical-align:top}
.pfg .kws tbody tr{border-top:1px solid #eaeef2}
.pfg .kws thead th{font-size:11px;color:#57606a;font-weight:600}
.pfg tr.h th{background:#eef1f4;font-size:12px}.pfg .dr tr.h th{background:#fde7e7;color:#9a1c1c}
.pfg tr.d>td:first-child{box-shadow:inset 3px 0 #d1242f;font-weight:600;color:#9a1c1c}
.pfg tr.k>td:nth-child(2){color:var(--c);font-weight:600}
.pfg tr.k>td:nth-child(3)::after{color:#57606a;font-size:12px}
.pfg tr.k>td[style]{white-space:nowrap}
.pfg tr.k>td[style]::before{content:"";display:inline-block;width:46px;height:8px;margin-right:4px;border-radius:2px;
vertical-align:middle;background:linear-gradient(90deg,var(--b,#8c959f) var(--w),#0000 0),
linear-gradient(90deg,#eaeef2 50%,#f4dada 50%)}
.pfg tr.d{--b:#d1242f}
.pfg .kws ul{margin:0;padding-left:1em}.pfg .kws li b{font:600 12px ui-monospace,SFMono-Regular,Menlo,monospace}
.pfg .kws td>i{color:#57606a;font-style:normal;font-size:12px}
.pfg small{color:#57606a}
.pfg header h1{font-size:20px;margin:8px 0}
.pfg .sum{display:flex;flex-wrap:wrap;gap:8px 28px}.pfg .sum h3{font-size:13px;margin:6px 0 2px}
.pfg .ch{font-size:11px;overflow:visible}.pfg .ch rect{fill:var(--c,#5a7bbd)}.pfg .ch g{cursor:pointer}
.pfg .ch g:hover rect{opacity:.75}.pfg .ch .drop{fill:#d1242f}.pfg .ch .kept{fill:#d8dee4}
.pfg .bar-top{position:sticky;top:0;z-index:2;background:#fffffff0;border-bottom:1px solid #d0d7de;padding:6px 0;
display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center}
.pfg .bar-top .m{margin:0}.pfg #count{font-weight:600}.pfg .err{color:#9a1c1c;font-size:12px}
</style>"""

#: Filtering writes one CSS rule hiding the rows that do not match (the browser applies it
#: in one style pass) and sets ``hidden`` on the cards left with no matching row.
SCRIPT = r"""(()=>{
const $=s=>document.querySelector(s),figs=[...document.querySelectorAll('#figs>article.fig')],main=$('#figs');
const c={sus:$('#c-sus'),flag:$('#c-flag'),sp:$('#c-sp'),kind:$('#c-kind'),q:$('#c-q'),sort:$('#c-sort')};
let hay=null,timer=0;
function sel(){let s='tr.k';if(c.sus.checked)s+='.d';
if(c.flag.value)s+='[data-f~="'+CSS.escape(c.flag.value)+'"]';
if(c.sp.value)s+='.'+CSS.escape('t'+c.sp.value);
if(c.kind.value)s+='.'+CSS.escape(c.kind.value);return s}
function apply(){const s=sel(),all=s==='tr.k',q=c.q.value.trim().toLowerCase();
$('#dyn').textContent=all?'':'#figs tr.k:not('+s+'){display:none}'+(c.sus.checked?'#figs tbody.kp{display:none}':'');
if(q&&!hay)hay=figs.map(f=>f.textContent.toLowerCase());
let n=0;figs.forEach((f,i)=>{const ok=(all||f.querySelector(s)!==null)&&(!q||hay[i].includes(q));f.hidden=!ok;n+=ok});
$('#count').textContent=n+' of '+figs.length+' figures';$('#none').hidden=n>0}
const num=(e,a)=>parseFloat(e.dataset[a]||'-1'),score=r=>r.cells.length>5?parseFloat(r.cells[5].textContent):-1;
function sort(){const by=c.sort.value,key=by==='score'?'max':by,order=figs.slice();
if(key)order.sort((a,b)=>num(b,key)-num(a,key)||num(a,'i')-num(b,'i'));
order.forEach(f=>main.appendChild(f));
main.querySelectorAll('tbody').forEach(tb=>{const rows=[...tb.querySelectorAll('tr.k')];
if(!tb._rows)tb._rows=rows.slice();
(by==='score'?rows.sort((a,b)=>score(b)-score(a)):tb._rows).forEach(r=>tb.appendChild(r))})}
for(const k of ['sus','flag','sp','kind'])c[k].addEventListener('change',apply);
c.sort.addEventListener('change',sort);
c.q.addEventListener('input',()=>{clearTimeout(timer);timer=setTimeout(apply,120)});
document.querySelectorAll('.ch g[data-set]').forEach(g=>g.addEventListener('click',()=>{
c[g.dataset.set].value=g.dataset.v;apply();main.scrollIntoView()}));
const KEYS={j:1,ArrowDown:1,k:-1,ArrowUp:-1};
function go(f){const o=$('article.cur');if(o)o.classList.remove('cur');f.classList.add('cur');
f.scrollIntoView({block:'start'});window.scrollBy(0,-$('.bar-top').offsetHeight);f.focus({preventScroll:true})}
document.addEventListener('keydown',e=>{if(e.ctrlKey||e.metaKey||e.altKey||e.target.closest('input,select,textarea'))return;
if(e.key==='/'){e.preventDefault();c.q.focus();return}
if(!Object.hasOwn(KEYS,e.key))return;
const vis=[...main.querySelectorAll(':scope>article.fig:not([hidden])')];if(!vis.length)return;
const at=vis.indexOf($('article.cur')),d=KEYS[e.key];
go(vis[at<0?(d>0?0:vis.length-1):Math.min(vis.length-1,Math.max(0,at+d))]);e.preventDefault()});
apply()})();"""
