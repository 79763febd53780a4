"""The end-to-end path: documents -> parsed sentences -> events -> Parquet rows.

:func:`code_inputs` is what ``eventcoder code`` runs; the batch workflow and the Dask mode call
the same functions on each shard.  Everything streams: documents are read, parsed (or taken
from the parse cache), coded and written in batches, so memory does not grow with the input.
"""
from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..version import __version__
from ..coding.coder import Coder
from ..io.conllu import read_conllu_documents, write_document
from .diagnostics import Diagnostics, diagnostics_path_for
from .rows import RowMaker
from ..dictionaries.model import Dictionaries
from ..io.documents import CONLLU_SUFFIXES, Problems, read_documents
from ..errors import ModelNotFoundError
from ..model import Document, Sentence
from ..io.atomic import atomic_text, write_json_atomic
from ..io.events import EventWriter
from ..parsing import ParseCache, find_models, one_line, parse_documents
from .options import Options
from ..run.progress import Progress, estimate_documents

log = logging.getLogger("eventcoder")

#: events buffered before a Parquet row group is written: small enough that a run's memory stops
#: growing after a few tens of thousands of sentences, large enough for fast column reads
ROW_GROUP_ROWS = 10_000


@dataclass
class RunStats:
    """What a run read, skipped and produced; written beside the output as JSON."""

    documents: int = 0
    sentences: int = 0
    events: int = 0
    sentences_with_events: int = 0
    skipped: int = 0
    skipped_reasons: dict = field(default_factory=dict)
    repaired_reasons: dict = field(default_factory=dict)
    failed_inputs: list = field(default_factory=list)
    roots: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    parse_cache_hits: int = 0
    parsed_documents: int = 0
    inputs: list = field(default_factory=list)
    output: str = ""
    parse_source: str = ""

    def to_dict(self) -> dict:
        return {
            "documents": self.documents, "sentences": self.sentences, "events": self.events,
            "sentences_with_events": self.sentences_with_events, "skipped": self.skipped,
            "skipped_reasons": dict(self.skipped_reasons), "repaired_reasons": dict(self.repaired_reasons),
            "failed_inputs": list(self.failed_inputs), "events_by_root": dict(sorted(self.roots.items())),
            "seconds": round(self.seconds, 3), "parse_cache_hits": self.parse_cache_hits,
            "parsed_documents": self.parsed_documents, "inputs": [str(i) for i in self.inputs],
            "output": self.output, "coder_version": __version__, "parse_source": self.parse_source,
        }


def split_inputs(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """(CoNLL-U inputs, raw document inputs)."""
    conllu, raw = [], []
    for p in map(Path, paths):
        (conllu if p.suffix.lower() in CONLLU_SUFFIXES else raw).append(p)
    return conllu, raw


def parsed_documents(paths: Iterable[str | Path], problems: Problems, options: Options, *,
                     stats: RunStats | None = None, parser=None) -> Iterator[tuple[Document | None, list[Sentence]]]:
    """Every input as (document, sentences): CoNLL-U inputs are read, raw documents parsed or cached.

    ``parser`` is an already built :class:`eventcoder.parsing.Parser` to reuse (the Dask workers
    keep one per process); without it the process's shared one is used when a document needs parsing.
    A document the parser fails on is reported to ``problems`` (reason ``parse failed``) and skipped;
    with ``options.strict`` it stops the run.  Afterwards ``problems.failed_inputs()`` names the
    files that gave no document."""
    conllu, raw = split_inputs(paths)
    for sentences in read_conllu_documents(conllu, problems, default_date=options.date):
        yield None, sentences
    if raw:
        docs = read_documents(raw, problems, max_chars=options.max_chars, default_date=options.date)
        spec = parser.spec if parser is not None else find_models(options.stanza_dir)
        cache = ParseCache(options.cache)

        def parse_failed(doc: Document, exc: BaseException) -> None:
            problems.report(doc.origin or "input", f"document {doc.id!r} could not be parsed ({one_line(exc)})",
                            "parse failed")

        try:
            yield from parse_documents(docs, spec, cache=cache, threads=options.threads, parser=parser,
                                       max_tokens=options.max_tokens, on_error=parse_failed)
        finally:
            if stats is not None:
                stats.parse_cache_hits += cache.hits
                stats.parsed_documents += cache.misses
            cache.close()


def coder_for(dictionaries: Dictionaries, options: Options) -> Coder:
    """The coder of a run: the rules the dictionaries are written for, with the run's choices
    (``dyadic_only``: no one-sided events; ``story``: read a story's sentences together)."""
    return Coder(dictionaries, one_sided=not options.dyadic_only, story_context=options.story)


def code_inputs(paths: list[str | Path], output: str | Path, dictionaries: Dictionaries,
                options: Options = Options(), *, ontology=None, explain: bool = False,
                summary_path: str | Path | None = None, coder: Coder | None = None, parser=None,
                diagnostics: bool = True, diagnostics_path: str | Path | None = None) -> RunStats:
    """Code every input into one Parquet event table at ``output``; returns the run's statistics
    and writes them as JSON beside the output (``<output stem>.summary.json``), with what could not
    be coded (``<output stem>.diagnostics.json``) unless ``diagnostics`` is off."""
    started = time.monotonic()
    coder = coder or coder_for(dictionaries, options)
    rows = RowMaker(dictionaries, ontology)
    diag = Diagnostics(coder) if diagnostics else None
    problems = Problems(strict=options.strict)
    stats = RunStats(inputs=list(paths), output=str(output))
    meter = Progress("coding", total=estimate_documents(paths) if options.progress else None, enabled=options.progress)
    with EventWriter(output, row_group_size=ROW_GROUP_ROWS) as writer:
        for doc, sentences in parsed_documents(paths, problems, options, stats=stats, parser=parser):
            stats.documents += 1
            n_events = 0
            stats.sentences += len(sentences)
            for a, events in _read_story(coder, doc, sentences, problems):
                if diag is not None:
                    diag.add(a, events)
                if events:
                    stats.sentences_with_events += 1
                    n_events += len(events)
                    for e in events:
                        stats.roots[e.code[:2]] += 1
                        if explain:
                            log.info("%s\n%s", a.sentence.text, e.explain())
                    writer.write(rows.rows(events))
            stats.events += n_events
            meter.update(documents=1, sentences=len(sentences), events=n_events)
    meter.close()
    _finish(stats, problems, started)
    summary = Path(summary_path) if summary_path else summary_path_for(output)
    write_json_atomic(summary, stats.to_dict())
    if diag is not None:
        diag.write(Path(diagnostics_path) if diagnostics_path else diagnostics_path_for(output))
    return stats


def parse_inputs(paths: list[str | Path], output: str | Path, options: Options = Options(), *,
                 summary_path: str | Path | None = None) -> RunStats:
    """Parse every input into one CoNLL-U file at ``output``, streaming: each document is written as
    soon as it is parsed, to a temporary file beside ``output`` that is renamed into place at the
    end (an interrupted run leaves the old file, or none).  The statistics are written as JSON to
    ``summary_path`` when given."""
    started = time.monotonic()
    problems = Problems(strict=options.strict)
    stats = RunStats(inputs=list(paths), output=str(output))
    meter = Progress("parsing", total=estimate_documents(paths) if options.progress else None, enabled=options.progress)
    try:
        with atomic_text(output) as fh:
            for doc, sentences in parsed_documents(paths, problems, options, stats=stats):
                first = sentences[0] if sentences else None
                write_document(fh, doc.id if doc else first.doc_id,
                               doc.date if doc else (first.doc_date if first else None),
                               doc.source if doc else (first.doc_source if first else None), sentences)
                stats.documents += 1
                stats.sentences += len(sentences)
                meter.update(documents=1, sentences=len(sentences))
    finally:
        meter.close()
    _finish(stats, problems, started)
    if summary_path:
        write_json_atomic(summary_path, stats.to_dict())
    return stats


def _read_story(coder: Coder, doc: Document | None, sentences: list[Sentence], problems: Problems) -> list:
    """Each sentence of one story as the coder read it, with its events (:meth:`Coder.read_story`);
    a story the coder fails on is reported (reason ``coding failed``) and gives none, so one bad
    document never costs the rest of the run."""
    try:
        return coder.read_story(sentences)
    except Exception as exc:  # noqa: BLE001 - any failure inside the coder costs only this story
        where = (doc.origin if doc else None) or (sentences[0].doc_id if sentences else "input")
        doc_id = doc.id if doc else (sentences[0].doc_id if sentences else "?")
        log.debug("coding %s failed", doc_id, exc_info=True)
        problems.report(where, f"document {doc_id!r} could not be coded ({one_line(exc)})", "coding failed")
        return []


def _finish(stats: RunStats, problems: Problems, started: float) -> None:
    stats.skipped = problems.skipped
    stats.skipped_reasons = dict(problems.reasons)
    stats.repaired_reasons = dict(problems.repairs)
    stats.failed_inputs = [tally.why() for tally in problems.failed_inputs()]
    stats.seconds = time.monotonic() - started


def summary_path_for(output: str | Path) -> Path:
    output = Path(output)
    return output.with_name(output.stem + ".summary.json")


__all__ = ["RunStats", "code_inputs", "parse_inputs", "parsed_documents", "summary_path_for", "ModelNotFoundError"]
