"""Parsing documents with stanza into :class:`Sentence` objects, with a parse cache.

* The model directory comes from ``--stanza-dir``, else ``EVENTCODER_STANZA_DIR``, else stanza's
  default resources directory.  Two layouts are understood: a stanza resources directory
  (``resources.json`` and ``en/...``, as ``stanza.download`` makes), or a flat folder of
  ``*_tokenizer.pt``, ``*_mwt.pt``, ``*_tagger.pt``, ``*_lemmatizer.pt``, ``*_parser.pt``
  (and optionally ``*_ner.pt``) files such as the offline test models.  Nothing is ever
  downloaded.
* Documents are parsed in batches, and every parse is stored in a cache keyed by the
  document's text and the model, so re-coding never re-parses.  The cache is committed before
  each batch's documents are handed on, so a run that is killed loses no parse it has passed on.
* The work on one sentence is bounded: after tokenization, a sentence longer than ``max_tokens``
  words is cut into pieces (at punctuation where possible), each parsed as a sentence of its own,
  and stanza's tagger and parser batches are bounded in tokens.  The dependency scorer needs
  memory quadratic in sentence length, so one unpunctuated 3,000-word record would otherwise
  take tens of gigabytes.
* A sentence the tokenizer ended in mid-flow, on no sentence-final mark ("US Secretary of State
  Condoleezza" + "Rice arrived ..."), is joined to the next unless a paragraph break, or a line
  break after anything but a lowercase word or a comma, separates them.
* Possessives the tokenizer left whole ("Zaire's", "Turkey's": the small models split "It's" but
  rarely a name's 's) are split into the word and its "'s", as a multi-word token, before
  tagging: a possessive read as one plural name makes the tagger and parser misread the words
  after it ("Zaire's embattled President Mobutu" with "embattled" a verb).
* A document stanza fails on is reported (``on_error``) and skipped; the rest of its batch is
  parsed one document at a time.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sqlite3
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .io.conllu import format_sentence, parse_conllu_lines
from .errors import EventcoderError, InputError, ModelNotFoundError
from .model import Document, Sentence, Word

log = logging.getLogger("eventcoder")

ENV_MODEL_DIR = "EVENTCODER_STANZA_DIR"
DEFAULT_CACHE = Path("outputs/cache/parses.sqlite")
#: longest sentence (in syntactic words: "don't" is two) parsed as one; longer ones are cut
DEFAULT_MAX_TOKENS = 250
#: what the parser does to the tokenizer's output beyond the models (part of every cache key:
#: parses made before a change here are made again)
TOKENIZATION = "possessives split; broken sentences joined"
#: stanza 1.15 batch limits, in its units: the tagger takes at most ``pos_batch_size`` sentences
#: and ``pos_batch_maximum_tokens`` words a batch; the parser ``depparse_batch_size`` words a batch
#: (a sentence longer than ``depparse_min_length_to_batch_separately`` words goes alone); the
#: lemmatizer and MWT expander batch single words and tokens (``*_batch_size`` words), and the
#: tokenizer cuts its input into ``max_seqlen``-character windows.  Passed explicitly so that a
#: model's saved configuration cannot widen them.
#: the dependency scorer's memory grows with sentences x longest sentence² in a parser batch
#: (about 750 bytes a unit with the offline models).  stanza packs a batch by its real words
#: (``depparse_batch_size``), so a batch of a thousand one-word sentences and one of 150 words takes
#: gigabytes; batches over this budget are regrouped by length.  Ordinary news batches stay well
#: under it (at most about 400,000 on the wire corpus), so their parses are stanza's own.
DEPPARSE_BATCH_BUDGET = 500_000
STANZA_BATCH_LIMITS = {
    "pos_batch_size": 50,
    "pos_batch_maximum_tokens": 5000,
    "depparse_batch_size": 3000,
    "depparse_min_length_to_batch_separately": 150,
    "lemma_batch_size": 50,
    "mwt_batch_size": 50,
}

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
        h.update(TOKENIZATION.encode())
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


class ParseCacheError(InputError):
    """A ``--cache`` file that cannot be used as a parse cache (not SQLite, damaged, read-only)."""


def check_threads(threads: int | None) -> None:
    """Raise :class:`EventcoderError` unless ``threads`` is None (torch's choice) or a whole number >= 1."""
    if threads is None:
        return
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise EventcoderError(f"threads must be a whole number of at least 1 (or left out for torch's choice), not {threads!r}")


def check_max_tokens(max_tokens: int) -> None:
    """Raise :class:`EventcoderError` unless ``max_tokens`` is a whole number >= 1."""
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1:
        raise EventcoderError(f"max_tokens (the longest sentence parsed as one) must be a whole number of at least 1, "
                              f"not {max_tokens!r}")


@dataclass(frozen=True)
class Cut:
    """A sentence too long to parse as one: it became ``pieces`` sentences, the first numbered
    ``sentence`` (1-based, in the document's final numbering); it had ``words`` words."""

    sentence: int
    words: int
    pieces: int


class ParsedText(list):
    """One text's sentences as ``(text, words)`` pairs, in order, with the :class:`Cut` of every
    sentence that was parsed in pieces (``cuts``, empty for nearly every text)."""

    def __init__(self, sentences: Iterable[tuple[str, list[Word]]] = (), cuts: Iterable[Cut] = ()):
        super().__init__(sentences)
        self.cuts = list(cuts)


class Parser:
    """A stanza pipeline built once; :meth:`parse_texts` turns texts into sentences.

    ``max_tokens`` bounds the work on one sentence: a longer sentence is cut into pieces of at
    most that many words, each parsed as a sentence of its own (see :func:`cut_points`)."""

    def __init__(self, spec: ModelSpec, threads: int | None = None, batch_size: int = 32,
                 max_tokens: int = DEFAULT_MAX_TOKENS):
        check_threads(threads)
        check_max_tokens(max_tokens)
        import torch

        if threads:
            torch.set_num_threads(threads)
        self.spec = spec
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self.nlp = _pipeline(spec)
        self._tokenize = [p for p in spec.processors if p in ("tokenize", "mwt")]
        self._annotate = [p for p in spec.processors if p not in ("tokenize", "mwt")]

    def parse_texts(self, texts: list[str]) -> list[ParsedText]:
        """Parse texts in one batch; for each text, its sentences as (text, words).

        Tokenization (with multi-word-token expansion) runs first; sentences longer than
        ``max_tokens`` words are then cut into pieces, and the tagger, lemmatizer and parser run on
        the result."""
        import stanza

        docs = [stanza.Document([], text=_for_parser(t)) for t in texts]
        if not docs:
            return []
        docs = self.nlp.process(docs, processors=self._tokenize)
        docs = [_split_possessives(_join_broken_sentences(d)) for d in docs]
        cut = [_cut_long_sentences(d, self.max_tokens) for d in docs]
        docs = self._annotate_docs([d for d, _ in cut])
        return [ParsedText(((" ".join((s.text or _sentence_text(_words(s))).split()), _words(s)) for s in doc.sentences),
                           cuts)
                for doc, (_, cuts) in zip(docs, cut)]

    def _annotate_docs(self, docs: list) -> list:
        """Tag, lemmatize and parse tokenized documents (in stanza's processor order), the parser
        on groups of sentences bounded in memory (:func:`depparse_groups`)."""
        import stanza

        tagging = [p for p in self._annotate if p in ("pos", "lemma")]
        later = [p for p in self._annotate if p not in ("pos", "lemma", "depparse")]
        if tagging:
            docs = self.nlp.process(docs, processors=tagging)
        if "depparse" in self._annotate:
            depparse = self.nlp.processors["depparse"]
            for group in depparse_groups([s for d in docs for s in d.sentences], depparse.config):
                combined = stanza.Document([])
                combined.sentences = group
                combined.num_tokens = sum(len(s.tokens) for s in group)
                combined.num_words = sum(len(s.words) for s in group)
                depparse.bulk_process([combined])
        if later:
            docs = self.nlp.process(docs, processors=later)
        return docs


def depparse_groups(sentences: list, config: dict, budget: int = DEPPARSE_BATCH_BUDGET) -> list[list]:
    """The sentences in groups to give stanza's parser one at a time: all in one group when every
    batch stanza would make of them stays within ``budget`` (sentences x longest sentence², words
    counted with stanza's ROOT), else groups of similar length (longest first) that do."""
    lengths = [len(s.words) + 1 for s in sentences]
    if not sentences or _worst_depparse_batch(lengths, config) <= budget:
        return [sentences] if sentences else []
    groups: list[list] = []
    group: list = []
    longest = 0
    for length, sentence in sorted(zip(lengths, sentences), key=lambda pair: -pair[0]):
        if group and (len(group) + 1) * longest ** 2 > budget:
            groups.append(group)
            group = []
        if not group:
            longest = length
        group.append(sentence)
    groups.append(group)
    return groups


def _worst_depparse_batch(lengths: list[int], config: dict) -> int:
    """The largest sentences x longest² among the batches stanza 1.15 makes of sentences of these
    lengths (its own batching function; when that is unavailable, as if all were one batch)."""
    try:
        from stanza.models.depparse.data import data_to_batches
    except ImportError:
        return len(lengths) * max(lengths) ** 2
    proxy = [([None] * n, i) for i, n in enumerate(lengths)]
    batches, _ = data_to_batches(proxy, config["batch_size"], True, config.get("sort_during_eval", True),
                                 config.get("min_length_to_batch_separately", 150))
    return max(len(b) * max(len(x[0]) for x in b) ** 2 for b in batches)


def _pipeline(spec: ModelSpec):
    """The stanza pipeline for ``spec``.  A flat model folder has no ``resources.json``, which stanza
    insists on reading: an empty one is written to a temporary folder that is removed as soon as
    the pipeline is built (also when building fails)."""
    import stanza

    logging.getLogger("stanza").setLevel(logging.ERROR)
    kwargs = dict(spec.kwargs, **STANZA_BATCH_LIMITS)
    with tempfile.TemporaryDirectory(prefix="eventcoder-stanza-") as tmp:
        if "dir" not in kwargs:
            res = Path(tmp) / "resources.json"
            res.write_text("{}")
            kwargs.update(resources_filepath=str(res), allow_unknown_language=True)
        try:
            return stanza.Pipeline(lang="en", processors=",".join(spec.processors), download_method=None,
                                   use_gpu=False, logging_level="ERROR", **kwargs)
        except Exception as exc:  # stanza raises many kinds for missing or broken model files
            raise ModelNotFoundError(f"could not load the stanza models in {spec.directory} ({exc}); "
                                     f"{HOW_TO_GET_A_MODEL}") from None


#: tokens after which a sentence too long for the parser is preferably cut
_BREAK_CHARS = frozenset(",;:.!?-\u2010\u2011\u2012\u2013\u2014\u2015\u2026")


def _is_break(token_text: str) -> bool:
    return bool(token_text) and all(c in _BREAK_CHARS for c in token_text)


def cut_points(tokens: list[str], sizes: list[int], limit: int) -> list[int]:
    """Where to cut a sentence of ``tokens`` (their texts; ``sizes``: words in each, 2 for "don't")
    into pieces of at most ``limit`` words: the token indexes that start a new piece.

    Each piece ends after the last punctuation token (comma, semicolon, colon, dash, ellipsis...)
    that leaves it at least half the limit long, else where it reaches the limit.  A multi-word
    token is never split."""
    cuts: list[int] = []
    start, remaining = 0, sum(sizes)
    while remaining > limit:
        words, end, best = 0, start, None
        while end < len(tokens) and words + sizes[end] <= limit:
            words += sizes[end]
            end += 1
            if words >= limit // 2 and _is_break(tokens[end - 1]):
                best = end
        if end == start:  # one token with more words than the limit: a piece of its own
            end += 1
        cut = best or end
        remaining -= sum(sizes[start:cut])
        cuts.append(cut)
        start = cut
    return cuts


def _cut_long_sentences(doc, limit: int):
    """(document, cuts): a tokenized stanza document whose sentences all have at most ``limit``
    words, rebuilt only when some sentence is longer."""
    if all(len(s.words) <= limit for s in doc.sentences):
        return doc, []
    import stanza

    sentences: list[list[dict]] = []
    cuts: list[Cut] = []
    for s in doc.sentences:
        if len(s.words) <= limit:
            sentences.append(s.to_dict())
            continue
        tokens = s.tokens
        bounds = [0, *cut_points([t.text for t in tokens], [len(t.words) for t in tokens], limit), len(tokens)]
        cuts.append(Cut(len(sentences) + 1, len(s.words), len(bounds) - 1))
        sentences.extend(_renumbered(tokens[a:b]) for a, b in zip(bounds, bounds[1:]))
    return stanza.Document(sentences, text=doc.text), cuts


#: what ends a sentence (a sentence the tokenizer ended on anything else may go on in the next)
_SENTENCE_END = frozenset('.!?"\')\u201d\u2019…:;')


def _join_broken_sentences(doc):
    """A tokenized stanza document in which a sentence the tokenizer ended in mid-flow is joined
    to the next: one that ends on no sentence-final mark ("US Secretary of State Condoleezza" +
    "Rice arrived ..."), where no line break separates the two, or where a line break falls after
    a lowercase word or a comma (text wrapped by hand: "during the" + "British election
    campaign").  The same document when nothing is joined."""
    sentences = doc.sentences
    if len(sentences) < 2 or doc.text is None:
        return doc
    joins = set()
    for i in range(len(sentences) - 1):
        last, first = sentences[i].tokens[-1], sentences[i + 1].tokens[0]
        if not last.text or last.text[-1] in _SENTENCE_END or last.end_char is None or first.start_char is None:
            continue
        gap = doc.text[last.end_char:first.start_char]
        if "\n" in gap and not (last.text[0].islower() or last.text == ","):
            continue
        if "\n\n" in gap.replace("\r", ""):
            continue
        joins.add(i)
    if not joins:
        return doc
    import stanza

    joined: list[list[dict]] = []
    words = 0  # the words of the sentence being built
    for i, s in enumerate(sentences):
        entries = [_shifted(e, words) for t in s.tokens for e in t.to_dict()]
        if i - 1 in joins:
            joined[-1].extend(entries)
        else:
            joined.append(entries)
        words = words + len(s.words) if i in joins else 0
    return stanza.Document(joined, text=doc.text)


#: a word and its possessive 's, as one token ("Zaire's", "Turkey's", "EBRD's")
_POSSESSIVE = re.compile(r"^(.*[A-Za-z0-9.)])('[sS])$")


def _split_possessives(doc):
    """A tokenized stanza document whose tokens ending in a possessive "'s" (one word each) are
    split into the word and the "'s", as a multi-word token; the same document when none is."""
    if not any(len(t.words) == 1 and _POSSESSIVE.match(t.text) for s in doc.sentences for t in s.tokens):
        return doc
    import stanza

    sentences: list[list[dict]] = []
    for s in doc.sentences:
        out: list[dict] = []
        shift = 0
        for token in s.tokens:
            entries = token.to_dict()
            found = _POSSESSIVE.match(token.text) if len(token.words) == 1 else None
            if found is None:
                out.extend(_shifted(entry, shift) for entry in entries)
                continue
            entry = entries[0]
            first = entry["id"] + shift
            start, end = entry.get("start_char"), entry.get("end_char")
            middle = None if end is None else end - len(found.group(2))
            whole = {k: v for k, v in entry.items() if k not in ("lemma", "upos", "xpos", "feats", "head", "deprel")}
            out.append(dict(whole, id=(first, first + 1)))
            out.append({"id": first, "text": found.group(1), "start_char": start, "end_char": middle})
            out.append({"id": first + 1, "text": found.group(2), "start_char": middle, "end_char": end})
            shift += 1
        sentences.append(out)
    return stanza.Document(sentences, text=doc.text)


def _shifted(entry: dict, by: int) -> dict:
    """A copy of a token's or word's CoNLL-U dict with its id (or id range) moved by ``by``."""
    entry = dict(entry)
    entry["id"] = tuple(i + by for i in entry["id"]) if isinstance(entry["id"], tuple) else entry["id"] + by
    return entry


def _renumbered(tokens) -> list[dict]:
    """Tokens (with their words) as CoNLL-U dicts of a sentence of their own, numbered from 1."""
    offset = tokens[0].words[0].id - 1
    return [_shifted(entry, -offset) for token in tokens for entry in token.to_dict()]


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
    """Parses keyed by (model fingerprint, document text), stored compressed in SQLite.

    A document parsed with a sentence cut into pieces is also recorded with the limit it was cut
    at (table ``cut_parses``), so that :meth:`get` with another ``max_tokens`` parses it again.
    A file that is not a usable SQLite parse cache raises :class:`ParseCacheError`."""

    def __init__(self, path: str | Path | None):
        self.path = Path(path) if path else None
        self.db = None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = self._open()
        self.hits = 0
        self.misses = 0

    def _open(self) -> sqlite3.Connection:
        db = None
        try:
            db = sqlite3.connect(self.path, timeout=60)
            db.execute("PRAGMA journal_mode=WAL")
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if tables and "parses" not in tables:
                db.close()
                raise ParseCacheError(f"{self.path}: is a SQLite database but not a parse cache (it has no 'parses' "
                                      f"table); give another --cache FILE (or --cache none)")
            db.execute("CREATE TABLE IF NOT EXISTS parses (key TEXT PRIMARY KEY, conllu BLOB)")
            db.execute("CREATE TABLE IF NOT EXISTS cut_parses (key TEXT PRIMARY KEY, max_tokens INTEGER)")
            db.commit()
            return db
        except sqlite3.Error as exc:
            if db is not None:
                db.close()
            raise self._error(exc) from None

    def _error(self, exc: sqlite3.Error) -> ParseCacheError:
        text = str(exc)
        if "locked" in text:
            return ParseCacheError(f"{self.path}: the parse cache is in use by another process ({text}); wait for it, "
                                   f"or give another --cache FILE (or --cache none)")
        if "not a database" in text:
            what = "is not a parse cache (not a SQLite database)"
        elif "malformed" in text:
            what = "is a damaged parse cache (SQLite says: database disk image is malformed)"
        else:
            what = f"cannot be used as a parse cache ({text})"
        return ParseCacheError(f"{self.path}: {what}; delete it if it is an old cache, or give another --cache FILE "
                               f"(or --cache none)")

    @staticmethod
    def key(model: str, text: str) -> str:
        return hashlib.sha256(f"{model}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, key: str, max_tokens: int | None = None) -> list[tuple[str, list[Word]]] | None:
        """The cached parse, or None (a miss).  With ``max_tokens``, a parse made under another
        limit is a miss: one cut at another limit, or one (made before limits) with a longer sentence."""
        found = self._read(key, max_tokens) if self.db is not None else None
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def _read(self, key: str, max_tokens: int | None) -> list[tuple[str, list[Word]]] | None:
        try:
            row = self.db.execute("SELECT conllu FROM parses WHERE key=?", (key,)).fetchone()
            cut_at = self.db.execute("SELECT max_tokens FROM cut_parses WHERE key=?", (key,)).fetchone()
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        if row is None:
            return None
        try:
            text = zlib.decompress(row[0]).decode("utf-8", "surrogatepass")
            parsed = [(s.text, s.words) for s in parse_conllu_lines(text.splitlines(), "cache", default_doc="cached")]
        except (zlib.error, UnicodeDecodeError, TypeError, InputError) as exc:
            log.debug("parse cache %s: unreadable entry %s (%s): parsed again", self.path, key[:12], exc)
            return None
        if max_tokens is not None:
            if cut_at is not None and cut_at[0] != max_tokens:
                return None
            if cut_at is None and any(len(words) > max_tokens for _, words in parsed):
                return None
        return parsed

    def put(self, key: str, sentences: list[tuple[str, list[Word]]], cut_at: int | None = None) -> None:
        """Store a parse; ``cut_at``: the ``max_tokens`` limit a sentence of it was cut at, if any."""
        if self.db is None:
            return
        body = "\n\n".join(format_sentence(Sentence("cached", i, t, w)) for i, (t, w) in enumerate(sentences, 1))
        try:
            self.db.execute("INSERT OR REPLACE INTO parses VALUES (?, ?)", (key, zlib.compress(body.encode("utf-8", "surrogatepass"))))
            if cut_at is None:
                self.db.execute("DELETE FROM cut_parses WHERE key=?", (key,))
            else:
                self.db.execute("INSERT OR REPLACE INTO cut_parses VALUES (?, ?)", (key, cut_at))
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def commit(self) -> None:
        if self.db is not None:
            try:
                self.db.commit()
            except sqlite3.Error as exc:
                raise self._error(exc) from None

    def close(self) -> None:
        if self.db is not None:
            db, self.db = self.db, None
            try:
                db.commit()
            except sqlite3.Error as exc:
                raise self._error(exc) from None
            finally:
                db.close()


def _sentences(doc: Document, parsed: list[tuple[str, list[Word]]]) -> list[Sentence]:
    return [Sentence(doc.id, i, text, words, doc.date, doc.source) for i, (text, words) in enumerate(parsed, 1)]


def log_parse_failure(doc: Document, exc: BaseException) -> None:
    """The default ``on_error`` of :func:`parse_documents`: a warning naming the document."""
    log.warning("%s: document %r could not be parsed and is skipped (%s)", doc.origin or "input", doc.id, one_line(exc))


def one_line(exc: BaseException) -> str:
    first = (str(exc).strip().splitlines() or [""])[0]
    text = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _warn_cuts(doc: Document, parsed: ParsedText, limit: int) -> None:
    for cut in getattr(parsed, "cuts", ()):
        log.warning("%s: document %r: a sentence of %d words is longer than the parser's limit of %d tokens; it was "
                    "parsed as %d sentences (%d-%d), cut at punctuation where possible",
                    doc.origin or "input", doc.id, cut.words, limit, cut.pieces, cut.sentence,
                    cut.sentence + cut.pieces - 1)


def parse_documents(documents: Iterable[Document], spec: ModelSpec | None, *, cache: ParseCache | None = None,
                    threads: int | None = None, batch_size: int = 32, batch_chars: int = 60_000,
                    parser: Parser | None = None, max_tokens: int = DEFAULT_MAX_TOKENS,
                    on_error: Callable[[Document, Exception], None] | None = None,
                    ) -> Iterator[tuple[Document, list[Sentence]]]:
    """Parse documents (cached ones are read back, not parsed) and yield each with its sentences,
    in input order.  The stanza pipeline is built only when a document needs parsing.

    * ``max_tokens``: the longest sentence, in words, parsed as one (longer ones are cut into
      pieces, with a warning naming the document); a given ``parser`` keeps its own limit.
    * A document that stanza fails on is not yielded: ``on_error(document, exception)`` is called
      instead (default :func:`log_parse_failure`, a warning), and the other documents of its batch
      are parsed again one at a time.  To stop at the first failure, raise from ``on_error``.
    * Every parsed document is committed to ``cache`` before its batch is yielded.

    ``threads`` below 1 or ``max_tokens`` below 1 raise :class:`EventcoderError` at once."""
    check_threads(threads)
    check_max_tokens(max_tokens)
    if parser is not None:
        max_tokens = getattr(parser, "max_tokens", max_tokens)
    return _parse_stream(documents, spec, cache or ParseCache(None), threads, batch_size, batch_chars, parser,
                         max_tokens, on_error or log_parse_failure)


def _parse_stream(documents, spec, cache, threads, batch_size, batch_chars, parser, max_tokens, on_error):
    model_key = spec.fingerprint if spec else "none"

    def get_parser():
        nonlocal parser
        if parser is None:
            if spec is None:
                raise ModelNotFoundError(f"documents need parsing but no stanza model is available: {HOW_TO_GET_A_MODEL}")
            parser = Parser(spec, threads=threads, batch_size=batch_size, max_tokens=max_tokens)
        return parser

    def flush(batch: list[list]):
        """Parse what the batch lacks, commit it, then yield the batch (failures go to on_error)."""
        todo = [entry for entry in batch if entry[2] is None]
        if todo:
            for entry, result in zip(todo, _parse_batch(get_parser(), [doc.text for doc, _, _ in todo])):
                entry[2] = result
                if not isinstance(result, Exception):
                    _warn_cuts(entry[0], result, max_tokens)
                    cache.put(entry[1], list(result), cut_at=max_tokens if getattr(result, "cuts", None) else None)
            cache.commit()
        for doc, _, parsed in batch:
            if isinstance(parsed, Exception):
                on_error(doc, parsed)
            else:
                yield doc, _sentences(doc, parsed)

    batch: list[list] = []  # [document, cache key, parse (None: to parse; an exception: failed)]
    batch_text = 0
    for doc in documents:
        key = cache.key(model_key, doc.text)
        parsed = cache.get(key, max_tokens)
        batch.append([doc, key, parsed])
        if parsed is None:
            batch_text += len(doc.text)
        if len(batch) >= batch_size or batch_text >= batch_chars:
            yield from flush(batch)
            batch, batch_text = [], 0
    if batch:
        yield from flush(batch)


def _parse_batch(parser, texts: list[str]) -> list:
    """Parses of ``texts`` (a :class:`ParsedText` each), or for a text stanza fails on, the exception.
    When the batch fails, its texts are parsed again one at a time, so only the failing ones are lost.
    Project errors (a model that cannot be loaded) are not a text's failure: they propagate."""
    try:
        results = parser.parse_texts(texts)
        if len(results) != len(texts):
            raise RuntimeError(f"the parser returned {len(results)} parses for {len(texts)} texts")
        return results
    except EventcoderError:
        raise
    except Exception as exc:
        if len(texts) == 1:
            return [exc]
        log.debug("a batch of %d documents failed to parse (%s); parsing them one at a time", len(texts), one_line(exc))
    return [result for text in texts for result in _parse_batch(parser, [text])]


@contextmanager
def open_cache(path: str | Path | None):
    cache = ParseCache(path)
    try:
        yield cache
    finally:
        cache.close()


def describe(spec: ModelSpec) -> str:
    return json.dumps({"directory": str(spec.directory), "processors": spec.processors})
