"""Parsing documents with stanza into :class:`Sentence` objects, with a parse cache.

* The model directory comes from ``--stanza-dir``, else ``EVENTCODER_STANZA_DIR``, else stanza's
  default resources directory.  Two layouts are understood: a stanza resources directory
  (``resources.json`` and ``en/...``, as ``stanza.download`` makes), or a flat folder of
  ``*_tokenizer.pt``, ``*_mwt.pt``, ``*_tagger.pt``, ``*_lemmatizer.pt``, ``*_parser.pt``
  (and optionally ``*_ner.pt``) files such as the offline test models.  Nothing is ever
  downloaded.
* Documents are parsed in batches (``bulk_process``), and every parse is stored in a cache
  keyed by the document's text and the model, so re-coding never re-parses.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .io.conllu import format_sentence, parse_conllu_lines
from .errors import ModelNotFoundError
from .model import Document, Sentence, Word

log = logging.getLogger("eventcoder")

ENV_MODEL_DIR = "EVENTCODER_STANZA_DIR"
DEFAULT_CACHE = Path("outputs/cache/parses.sqlite")

HOW_TO_GET_A_MODEL = (
    "give --stanza-dir DIR (a folder of stanza .pt models, e.g. ../shared/models/stanza-en) or set "
    f"{ENV_MODEL_DIR}=DIR; or, on a machine with internet, download stanza's English models once with "
    "`.venv/bin/python -c \"import stanza; stanza.download('en')\"` (they go to ~/stanza_resources)"
)

_FLAT_FILES = {
    "tokenize": ("*tokenizer*.pt",),
    "mwt": ("*mwt*.pt",),
    "pos": ("*tagger*.pt", "*pos*.pt"),
    "lemma": ("*lemmatizer*.pt", "*lemma*.pt"),
    "depparse": ("*parser*.pt",),
    "ner": ("*ner*.pt",),
}


@dataclass
class ModelSpec:
    """Where the stanza models are, and the keyword arguments that build the pipeline."""

    directory: Path
    kwargs: dict
    processors: list[str]

    @property
    def has_ner(self) -> bool:
        return "ner" in self.processors

    @property
    def fingerprint(self) -> str:
        h = hashlib.sha256()
        h.update(",".join(self.processors).encode())
        for key in sorted(self.kwargs):
            if key.endswith("_model_path"):
                p = Path(self.kwargs[key])
                st = p.stat()
                h.update(f"{p.name}:{st.st_size}:{int(st.st_mtime)}".encode())
        if not any(k.endswith("_model_path") for k in self.kwargs):
            h.update(str(self.directory).encode())
        return h.hexdigest()[:16]


def _find(directory: Path, globs: tuple[str, ...]) -> Path | None:
    for g in globs:
        hits = sorted(p for p in directory.glob(g) if "checkpoint" not in p.name)
        if g == "*parser*.pt":
            hits = [p for p in hits if "constituency" not in p.name]
        if hits:
            return hits[0]
    return None


def find_models(directory: str | Path | None = None) -> ModelSpec:
    """Locate stanza English models; raise :class:`ModelNotFoundError` saying how to get one."""
    given = directory or os.environ.get(ENV_MODEL_DIR)
    candidates = [Path(given)] if given else [Path(os.environ.get("STANZA_RESOURCES_DIR", Path.home() / "stanza_resources"))]
    for d in candidates:
        d = d.expanduser()
        if not d.is_dir():
            continue
        files = {name: _find(d, globs) for name, globs in _FLAT_FILES.items()}
        required = ("tokenize", "pos", "lemma", "depparse")
        if all(files[r] for r in required):
            processors = [p for p in ("tokenize", "mwt", "pos", "lemma", "depparse", "ner") if files[p]]
            kwargs = {f"{p}_model_path": str(files[p]) for p in processors}
            return ModelSpec(d, kwargs, processors)
        if (d / "resources.json").exists() and (d / "en").is_dir():
            processors = ["tokenize", "mwt", "pos", "lemma", "depparse"]
            if (d / "en" / "ner").is_dir():
                processors.append("ner")
            return ModelSpec(d, {"dir": str(d)}, processors)
    where = given or candidates[0]
    raise ModelNotFoundError(f"no stanza English model found in {where}: {HOW_TO_GET_A_MODEL}")


class Parser:
    """A stanza pipeline built once; :meth:`parse` turns documents into sentences."""

    def __init__(self, spec: ModelSpec, threads: int | None = None, batch_size: int = 32):
        import stanza
        import torch

        if threads:
            torch.set_num_threads(threads)
        self.spec = spec
        self.batch_size = batch_size
        kwargs = dict(spec.kwargs)
        if "dir" not in kwargs:
            res = Path(tempfile.mkdtemp(prefix="eventcoder-stanza-")) / "resources.json"
            res.write_text("{}")
            kwargs.update(resources_filepath=str(res), allow_unknown_language=True)
        logging.getLogger("stanza").setLevel(logging.ERROR)
        try:
            self.nlp = stanza.Pipeline(lang="en", processors=",".join(spec.processors), download_method=None,
                                       use_gpu=False, logging_level="ERROR", **kwargs)
        except Exception as exc:  # stanza raises many kinds for missing or broken model files
            raise ModelNotFoundError(f"could not load the stanza models in {spec.directory} ({exc}); {HOW_TO_GET_A_MODEL}") from None

    def parse_texts(self, texts: list[str]) -> list[list[tuple[str, list[Word]]]]:
        """Parse texts in one batch; for each text, its sentences as (text, words)."""
        import stanza

        docs = self.nlp.bulk_process([stanza.Document([], text=_for_parser(t)) for t in texts])
        return [[(" ".join((s.text or _sentence_text(_words(s))).split()), _words(s)) for s in doc.sentences] for doc in docs]


def _for_parser(text: str) -> str:
    """Typographic apostrophes as ASCII ones, so "Russia’s" splits into "Russia" + "'s" as in training data."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _words(stanza_sentence) -> list[Word]:
    out = []
    for token in stanza_sentence.tokens:
        ner = getattr(token, "ner", None) or "O"
        for w in token.words:
            out.append(Word(w.id, w.text, w.lemma or w.text, w.upos or "X", w.xpos or "_", w.feats or "_",
                            w.head if w.head is not None else 0, w.deprel or "dep", "_", ner))
    return out


def _sentence_text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


class ParseCache:
    """Parses keyed by (model fingerprint, document text), stored compressed in SQLite."""

    def __init__(self, path: str | Path | None):
        self.path = Path(path) if path else None
        self.db = None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=60)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS parses (key TEXT PRIMARY KEY, conllu BLOB)")
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(model: str, text: str) -> str:
        return hashlib.sha256(f"{model}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, key: str) -> list[tuple[str, list[Word]]] | None:
        if self.db is None:
            self.misses += 1
            return None
        row = self.db.execute("SELECT conllu FROM parses WHERE key=?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        text = zlib.decompress(row[0]).decode("utf-8")
        return [(s.text, s.words) for s in parse_conllu_lines(text.splitlines(), "cache", default_doc="cached")]

    def put(self, key: str, sentences: list[tuple[str, list[Word]]]) -> None:
        if self.db is None:
            return
        body = "\n\n".join(format_sentence(Sentence("cached", i, t, w)) for i, (t, w) in enumerate(sentences, 1))
        self.db.execute("INSERT OR REPLACE INTO parses VALUES (?, ?)", (key, zlib.compress(body.encode("utf-8"))))

    def commit(self) -> None:
        if self.db is not None:
            self.db.commit()

    def close(self) -> None:
        if self.db is not None:
            self.db.commit()
            self.db.close()
            self.db = None


def _sentences(doc: Document, parsed: list[tuple[str, list[Word]]]) -> list[Sentence]:
    return [Sentence(doc.id, i, text, words, doc.date, doc.source) for i, (text, words) in enumerate(parsed, 1)]


def parse_documents(documents: Iterable[Document], spec: ModelSpec | None, *, cache: ParseCache | None = None,
                    threads: int | None = None, batch_size: int = 32, batch_chars: int = 60_000,
                    parser: Parser | None = None) -> Iterator[tuple[Document, list[Sentence]]]:
    """Parse documents (cached ones are read back, not parsed) and yield each with its sentences,
    in input order.  The stanza pipeline is built only when a document needs parsing."""
    cache = cache or ParseCache(None)
    model_key = spec.fingerprint if spec else "none"
    pending: list[tuple[Document, str, list | None]] = []
    pending_chars = 0

    def flush():
        nonlocal parser, pending, pending_chars
        todo = [(i, d) for i, (d, _, p) in enumerate(pending) if p is None]
        if todo:
            if parser is None:
                if spec is None:
                    raise ModelNotFoundError(f"documents need parsing but no stanza model is available: {HOW_TO_GET_A_MODEL}")
                parser = Parser(spec, threads=threads, batch_size=batch_size)
            results = parser.parse_texts([d.text for _, d in todo])
            for (i, d), sents in zip(todo, results):
                parsed = list(sents)
                pending[i] = (d, pending[i][1], parsed)
                cache.put(pending[i][1], parsed)
            cache.commit()
        for d, _, parsed in pending:
            yield d, _sentences(d, parsed)
        pending = []
        pending_chars = 0

    for doc in documents:
        key = cache.key(model_key, doc.text)
        pending.append((doc, key, cache.get(key)))
        if pending[-1][2] is None:
            pending_chars += len(doc.text)
        if len(pending) >= batch_size or pending_chars >= batch_chars:
            yield from flush()
    if pending:
        yield from flush()


@contextmanager
def open_cache(path: str | Path | None):
    cache = ParseCache(path)
    try:
        yield cache
    finally:
        cache.close()


def describe(spec: ModelSpec) -> str:
    return json.dumps({"directory": str(spec.directory), "processors": spec.processors})
