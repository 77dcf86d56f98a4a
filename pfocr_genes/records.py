"""Load PFOCR figure records and word-level hit tables, exactly as written.

A record is a Markdown file with YAML front matter (the PFOCR database format), a YAML or
JSON file with the same fields, a ``dict``, or a bare list of keywords.

Why a loader of our own: YAML 1.1 (PyYAML's default) turns the keywords ``NO`` (nitric
oxide), ``ON``, ``OFF``, ``YES`` into booleans, ``1e5`` and ``0x1F`` into numbers, ``12:30``
into a sexagesimal int and ``2-Sep``-like dates into dates. :class:`StringLoader` is
PyYAML's safe loader (C-accelerated when available) with every implicit type resolver
removed, so each plain scalar stays the exact string in the file; it constructs no
arbitrary objects (only str, list and dict; ``!!python/...`` tags are errors).

Every problem with the input raises :class:`RecordError` naming the file and the problem.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

#: Largest record file read. PFOCR records are a few kB (the largest of ~100k under 100 kB);
#: parsing costs ~80 bytes of memory per byte of YAML, so this bounds a record's memory too.
MAX_RECORD_BYTES = 2 * 1024 * 1024
_FIELDS = ("figid", "pmcid", "figtitle", "caption", "papertitle", "organisms", "organisms_ner", "keywords")

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StringLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML loader that never types a plain scalar: everything stays a ``str``."""


StringLoader.yaml_implicit_resolvers = {}


class RecordError(ValueError):
    """A record or hits table could not be read. ``source`` and ``problem`` say why."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


@attrs.frozen(slots=True)
class FigureRecord:
    """The fields of a figure record that pfocr-genes uses; ``keywords`` as written."""

    keywords: tuple[str, ...]
    figid: str | None = None
    pmcid: str | None = None
    figtitle: str | None = None
    caption: str | None = None
    papertitle: str | None = None
    organisms: tuple[str, ...] = ()
    organisms_ner: tuple[str, ...] = ()
    paper_keywords: str | None = None
    path: str | None = None
    #: word-level hits listed inside the record (older database layout: a ``genes:`` block);
    #: ``None`` when the record has none (current layout: a separate ``-genes.tsv``)
    hits: tuple[Hit, ...] | None = None


@attrs.frozen(slots=True)
class Hit:
    """One row of a PFOCR word-level hits table: OCR ``word`` -> gene, through ``source``.

    ``entrez_id`` is the NCBI Gene id in the hit's own species (``taxon_id``, ``organism``):
    current PFOCR tables match words against the lexicons of every species their organism
    recognition found, and say which one each hit came from. Tables without the organism
    columns are human (the older database layout and the rebuilt collections).
    """

    word: str
    match: str
    symbol: str
    entrez_id: str
    source: str
    taxon_id: str = "9606"
    organism: str = "Homo sapiens"

    @property
    def human(self) -> bool:
        return self.taxon_id == "9606"


#: Document-end markers after the last document (``---`` or ``...`` lines): a YAML record
#: file ending in a ``---`` line is one document, not two.
_TRAILING_MARKERS = re.compile(r"(?:\n(?:---|\.\.\.)[ \t]*)+\s*\Z")


def load_yaml_text(text: str, source: str, line_offset: int = 0) -> Any:
    """Parse YAML with :class:`StringLoader`; errors become :class:`RecordError` naming the
    line (``line_offset``: lines of the file before ``text``) and the problem."""
    text = _TRAILING_MARKERS.sub("\n", text)
    try:
        try:
            return _plain_yaml(text)
        except _NotPlain:
            return yaml.load(text, Loader=StringLoader)
    except yaml.YAMLError as exc:
        raise RecordError(source, yaml_problem(exc, line_offset)) from None


_PYYAML_NAME = ' in "<unicode string>"'


def yaml_problem(exc: yaml.YAMLError, line_offset: int = 0) -> str:
    """PyYAML's error in one line, with the file's line and column (PyYAML names the text
    ``"<unicode string>"``, which says nothing to a user)."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    if problem is None:
        said = " ".join(str(exc).replace(_PYYAML_NAME, "").split())
        return f"malformed YAML ({said})"
    where = f" at line {mark.line + 1 + line_offset}, column {mark.column + 1}" if mark is not None else ""
    context = getattr(exc, "context", None)
    return f"malformed YAML{where}: {problem}" + (f" ({context})" if context else "")


class _NotPlain(Exception):
    """The document uses tags, anchors or several documents: read it the general way."""


_STR_TAG = "tag:yaml.org,2002:str"
_NO_KEY = object()


def _plain_yaml(text: str) -> Any:
    """What ``yaml.load(text, Loader=StringLoader)`` gives, for a document of plain strings,
    lists and mappings (every PFOCR record), built straight from the parser's events: a
    third faster than composing nodes and constructing them. Anything else raises
    :class:`_NotPlain`."""
    root: Any = None
    stack: list[list[Any]] = []  # [container, pending mapping key]
    documents = 0
    for ev in yaml.parse(text, Loader=StringLoader):
        kind = type(ev)
        if kind is yaml.ScalarEvent:
            if ev.anchor is not None or (ev.tag is not None and ev.tag != _STR_TAG):
                raise _NotPlain
            value: Any = ev.value
        elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            if ev.anchor is not None or ev.tag is not None:
                raise _NotPlain
            stack.append([[] if kind is yaml.SequenceStartEvent else {}, _NO_KEY])
            continue
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            value = stack.pop()[0]
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _NotPlain
            continue
        elif kind is yaml.AliasEvent:
            raise _NotPlain
        else:  # stream start and end, document end
            continue
        if not stack:
            root = value
            continue
        top = stack[-1]
        container = top[0]
        if type(container) is list:
            container.append(value)
        elif top[1] is _NO_KEY:
            if type(value) is not str:
                raise _NotPlain  # a list or mapping as a key
            top[1] = value
        else:
            container[top[1]] = value
            top[1] = _NO_KEY
    return root


def split_front_matter(text: str, source: str) -> str:
    """The YAML between the opening ``---`` line and the next ``---`` line."""
    if not text.startswith("---"):
        raise RecordError(source, "no YAML front matter (the file must start with a '---' line)")
    body = text[3:]
    end = body.find("\n---")
    if end < 0:
        raise RecordError(source, "front matter is not closed by a '---' line")
    return body[:end]


def _read_text(path: Path) -> str:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_RECORD_BYTES:
            raise RecordError(source, f"file is {size:,} bytes; a figure record is at most "
                                      f"{MAX_RECORD_BYTES:,} (is this a record?)")
        data = path.read_bytes()
    except OSError as exc:
        raise RecordError(source, f"cannot read file ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordError(source, f"not UTF-8 text (byte {exc.start})") from None


def _str_or_none(value: Any, field: str, source: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    raise RecordError(source, f"field {field!r} must be text, not {type(value).__name__}")


def _str_list(value: Any, field: str, source: str) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        raise RecordError(source, f"field {field!r} must be a list, not {type(value).__name__}")
    out = []
    for i, v in enumerate(value):
        if not isinstance(v, str):
            hint = (" (YAML 1.1 turns NO/ON/OFF/YES into booleans: load the file with "
                    "pfocr_genes.load_record, or quote the keyword)") if isinstance(v, bool) else ""
            raise RecordError(source, f"{field} item {i + 1} is {type(v).__name__} {v!r}, not text{hint}")
        out.append(v)
    return tuple(out)


def record_from_mapping(meta: Mapping, source: str = "<dict>", path: str | None = None) -> FigureRecord:
    """Build a :class:`FigureRecord` from parsed fields.

    Figure keywords are ``schema-jsonld.keywords`` (PFOCR); a top-level ``keywords`` *list*
    is accepted too (a top-level string is the paper's keywords, as in PFOCR).
    """
    if not isinstance(meta, Mapping):
        raise RecordError(source, f"a record must be a mapping of fields, not {type(meta).__name__}")
    schema = meta.get("schema-jsonld")
    if schema is not None and not isinstance(schema, Mapping):
        raise RecordError(source, "field 'schema-jsonld' must be a mapping")
    top_kw = meta.get("keywords")
    if schema is not None and "keywords" in schema:
        keywords = _str_list(schema.get("keywords"), "schema-jsonld.keywords", source)
    elif isinstance(top_kw, list):
        keywords = _str_list(top_kw, "keywords", source)
    else:
        raise RecordError(source, "no figure keywords (expected a list at schema-jsonld.keywords)")
    return FigureRecord(
        keywords=keywords,
        hits=_embedded_hits(meta.get("genes"), source),
        figid=_str_or_none(meta.get("figid"), "figid", source),
        pmcid=_str_or_none(meta.get("pmcid"), "pmcid", source),
        figtitle=_str_or_none(meta.get("figtitle"), "figtitle", source),
        caption=_str_or_none(meta.get("caption"), "caption", source),
        papertitle=_str_or_none(meta.get("papertitle"), "papertitle", source),
        organisms=tuple(o for o in _str_list(meta.get("organisms"), "organisms", source) if o != "NA"),
        organisms_ner=_str_list(meta.get("organisms_ner"), "organisms_ner", source),
        paper_keywords=_str_or_none(top_kw, "keywords", source) if not isinstance(top_kw, list) else None,
        path=path,
    )


def _embedded_hits(value: Any, source: str) -> tuple[Hit, ...] | None:
    """The older database layout's ``genes:`` block: one mapping per hit with ``word``,
    ``symbol`` (the lexicon entry the word matched), ``source``, ``hgnc_symbol`` (the gene)
    and ``entrez``. Human lexicon only."""
    if value is None or value == "":
        return None
    if not isinstance(value, list):
        raise RecordError(source, f"field 'genes' must be a list of word hits, not {type(value).__name__}")
    out = []
    for i, g in enumerate(value):
        if not isinstance(g, Mapping) or not isinstance(g.get("word"), str):
            raise RecordError(source, f"genes item {i + 1} is not a word hit (a mapping with 'word', "
                                      "'hgnc_symbol', 'entrez', 'source')")
        symbol = g.get("hgnc_symbol") or g.get("symbol")
        if not isinstance(symbol, str):
            raise RecordError(source, f"genes item {i + 1} has no gene symbol ('hgnc_symbol')")
        match = g.get("symbol") if isinstance(g.get("symbol"), str) else symbol
        out.append(Hit(word=g["word"], match=match, symbol=symbol, entrez_id=str(g.get("entrez") or ""),
                       source=str(g.get("source") or "")))
    return tuple(out)


def load_json_text(text: str, source: str) -> Any:
    """Parse JSON with numbers kept as their text (``1e5`` stays ``"1e5"``, as in YAML: a
    keyword is text); errors become :class:`RecordError` naming line and column."""
    try:
        return json.loads(text, parse_int=str, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as exc:
        raise RecordError(source, f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None


def parse_record_text(text: str, source: str, suffix: str = ".md") -> FigureRecord:
    """Parse the text of a record file; ``suffix`` picks the format (.md, .yaml/.yml, .json)."""
    if suffix == ".json":
        meta = load_json_text(text, source)
    elif suffix in (".yaml", ".yml"):
        meta = load_yaml_text(text, source)
    else:
        meta = load_yaml_text(split_front_matter(text, source), source)  # starts on the opening line
    if isinstance(meta, list):
        return FigureRecord(keywords=_str_list(meta, "keywords", source), path=source)
    return record_from_mapping(meta, source, path=source)


def load_record(record: str | Path | Mapping | list | tuple | FigureRecord) -> FigureRecord:
    """Any supported input -> :class:`FigureRecord`. Raises :class:`RecordError` only."""
    if isinstance(record, FigureRecord):
        return record
    if isinstance(record, (list, tuple)):
        return FigureRecord(keywords=_str_list(list(record), "keywords", "<list>"))
    if isinstance(record, Mapping):
        return record_from_mapping(record)
    if isinstance(record, (str, Path)):
        path = Path(record)
        return parse_record_text(_read_text(path), str(path), path.suffix.lower())
    raise RecordError("<input>", f"cannot read a record from {type(record).__name__}")


def hits_path_for(path: str | Path) -> Path:
    """Where PFOCR puts the word-level hits of a record: ``<figid>-genes.tsv`` beside it."""
    p = Path(path)
    return p.with_name(f"{p.stem}-genes.tsv")


def load_hits(path: str | Path) -> tuple[Hit, ...]:
    """Read a PFOCR ``<figid>-genes.tsv`` table (columns word, match, ncbigene_symbol...)."""
    p = Path(path)
    text = _read_text(p)
    reader = csv.DictReader(io.StringIO(text), delimiter="\t")
    need = {"word", "ncbigene_symbol"}
    if not reader.fieldnames or not need <= set(reader.fieldnames):
        raise RecordError(str(p), f"not a PFOCR hits table (needs columns {', '.join(sorted(need))})")
    return tuple(
        Hit(word=r.get("word") or "", match=r.get("match") or "", symbol=r.get("ncbigene_symbol") or "",
            entrez_id=r.get("ncbigene_id") or "", source=r.get("source") or "",
            taxon_id=r.get("organism_id") or "9606", organism=r.get("organism_name") or "Homo sapiens")
        for r in reader
    )
