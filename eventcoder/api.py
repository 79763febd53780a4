"""The library face of eventcoder: what a notebook user calls, and what each CLI command wraps.

>>> import eventcoder
>>> events = eventcoder.code(["Russia accused Turkey of sending mercenaries."], date="2020-10-08")
>>> events.to_pandas()[["source_code", "event_code", "target_code"]]      # doctest: +SKIP

* :func:`code`: documents or texts -> an event table (``pyarrow.Table``, the Parquet schema);
* :func:`parse`: documents or texts -> parsed sentences;
* :func:`code_sentences`: parsed sentences (e.g. read from CoNLL-U) -> an event table;
* :func:`load_dictionaries`: the project's dictionaries, another directory, or a classic set;
* :func:`read_events`: an event table written by ``eventcoder code`` (file or dataset directory);
* :func:`code_to_file` / :func:`parse_to_file`: the ``code`` and ``parse`` commands (files in,
  Parquet or CoNLL-U out, with a run summary).

Nothing is written unless a function says so; the stanza pipeline is built once per process
(:mod:`eventcoder.run.parsers`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa

from .errors import InputError
from .io.events import EVENT_SCHEMA, read_events
from .model import Document, Sentence
from .run.options import Options

DocumentLike = "str | dict | Document"


def load_dictionaries(path: str | Path | None = None, petrarch: str | Path | None = None):
    """The project's dictionaries (or the project-format set in ``path``), or the classic
    TABARI/PETRARCH set in the directory ``petrarch``."""
    if petrarch is not None:
        from .dictionaries.petrarch import load_petrarch_dictionaries

        return load_petrarch_dictionaries(petrarch)
    from .dictionaries import load_dictionaries as load_project
    from .dictionaries.ontology import DICTIONARY_DIR

    return load_project(path or DICTIONARY_DIR)


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{value!r} is not a date (use YYYY-MM-DD)") from None


def documents(items: "DocumentLike | Iterable[DocumentLike]", date=None) -> list[Document]:
    """Documents from texts, dicts (``id``, ``text``, ``date``, ``source``) or Documents; texts and
    records without a date get ``date``, records without an id ``doc-1``, ``doc-2`` ..."""
    if isinstance(items, (str, dict, Document)):
        items = [items]
    default = _as_date(date)
    out = []
    for i, item in enumerate(items, 1):
        where = f"item {i}"
        if isinstance(item, Document):
            out.append(item)
        elif isinstance(item, str):
            out.append(Document(f"doc-{i}", default, item, origin=where))
        elif isinstance(item, dict):
            text = item.get("text")
            if not isinstance(text, str):
                raise InputError(f"{where}: a record needs a 'text' string")
            out.append(Document(str(item.get("id") or f"doc-{i}"), _as_date(item.get("date")) or default, text,
                                item.get("source"), item.get("url"), item.get("title"), where))
        else:
            raise InputError(f"{where}: expected a text, a dict or a Document, not {type(item).__name__}")
    return out


def parse(items, *, stanza_dir: str | Path | None = None, date=None, options: Options | None = None) -> list[Sentence]:
    """Parse texts or documents with stanza into sentences (cached when ``options.cache`` is set)."""
    from .parsing import ParseCache, find_models, parse_documents
    from .run.parsers import shared_parser

    options = _options(options, stanza_dir, date)
    spec = find_models(options.stanza_dir)
    cache = ParseCache(options.cache)
    try:
        return [s for _, sentences in parse_documents(documents(items, options.date), spec, cache=cache,
                                                       parser=shared_parser(spec, options.threads,
                                                                            options.max_tokens))
                for s in sentences]
    finally:
        cache.close()


def code(items, *, dictionaries=None, stanza_dir: str | Path | None = None, date=None,
         options: Options | None = None) -> pa.Table:
    """Code texts or documents into an event table (the schema of the Parquet file; nothing is
    written).  ``dictionaries``: a loaded set (default: the project's own)."""
    return code_sentences(parse(items, stanza_dir=stanza_dir, date=date, options=options), dictionaries=dictionaries,
                          options=options)


def code_sentences(sentences: Iterable[Sentence], *, dictionaries=None, options: Options | None = None) -> pa.Table:
    """Code parsed sentences into an event table (nothing written); the sentences of one document
    (consecutive sentences with the same ``doc_id``) are read as one story."""
    from itertools import groupby

    from .run.pipeline import coder_for
    from .run.rows import RowMaker

    dictionaries = dictionaries or load_dictionaries()
    coder = coder_for(dictionaries, options or Options())
    rows = RowMaker(dictionaries)
    out: list[dict] = []
    for _, story in groupby(sentences, key=lambda s: s.doc_id):
        out.extend(rows.rows(coder.code_story(list(story))))
    return pa.Table.from_pylist(out, schema=EVENT_SCHEMA)


def code_to_file(inputs, output, *, dictionaries=None, options: Options | None = None, **kwargs):
    """The ``code`` command: input files (JSONL, CSV, Parquet, .txt or CoNLL-U) -> one Parquet
    event table at ``output``, with ``<stem>.summary.json`` and ``<stem>.diagnostics.json``
    beside it.  Returns the run statistics."""
    from .parsing import find_models
    from .run.parsers import shared_parser
    from .run.pipeline import code_inputs, split_inputs

    options = options or Options()
    paths = [Path(p) for p in inputs]
    parser = None
    if split_inputs(paths)[1]:
        parser = shared_parser(find_models(options.stanza_dir), options.threads, options.max_tokens)
    return code_inputs(paths, output, dictionaries or load_dictionaries(), options, parser=parser, **kwargs)


def parse_to_file(inputs, output, options: Options | None = None, **kwargs):
    """The ``parse`` command: input files -> one CoNLL-U file at ``output``; returns the statistics."""
    from .run.pipeline import parse_inputs

    return parse_inputs([Path(p) for p in inputs], output, options or Options(), **kwargs)


def _options(options: Options | None, stanza_dir, date) -> Options:
    options = options or Options()
    changes = {}
    if stanza_dir is not None:
        changes["stanza_dir"] = str(stanza_dir)
    if date is not None:
        changes["date"] = _as_date(date)
    return options.but(**changes) if changes else options


__all__ = ["code", "parse", "code_sentences", "code_to_file", "parse_to_file", "load_dictionaries", "read_events",
           "documents", "Options"]
