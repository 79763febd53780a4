"""Parsing with stanza (eventcoder.parsing): the work on one sentence is bounded, one document's
failure stays that document's, a killed run loses no finished parse, and bad settings or a bad
cache file are one-line errors.  Runs the real offline models (../shared/models/stanza-en), one
pipeline for the module."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, stanza_dir
from eventcoder.errors import EventcoderError, InputError, ModelNotFoundError
from eventcoder.model import Document
from eventcoder.parsing import (DEPPARSE_BATCH_BUDGET, ParseCache, ParseCacheError, Parser, _worst_depparse_batch,
                                cut_points, depparse_groups, find_models, parse_documents)

DATE = dt.date(2020, 10, 8)
ACTORS = ["Turkey", "Greece", "The army", "Police", "Rebels", "The minister", "Protesters", "Iran"]
VERBS = ["accused", "criticized", "met", "praised", "threatened", "attacked"]


@pytest.fixture(scope="module")
def spec():
    try:
        return find_models(stanza_dir())
    except ModelNotFoundError as exc:
        pytest.skip(f"needs the stanza models (../shared/models/stanza-en or $EVENTCODER_STANZA_DIR): {exc}")


@pytest.fixture(scope="module")
def private_tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("tempdir")


@pytest.fixture(scope="module")
def nlp(spec, private_tmp):
    """The module's parser, built while temporary files go to a private folder (checked below).
    One torch thread (steadier on a shared machine); torch's setting is restored afterwards."""
    import torch

    threads = torch.get_num_threads()
    saved = tempfile.tempdir
    tempfile.tempdir = str(private_tmp)
    try:
        parser = Parser(spec, threads=1)
    finally:
        tempfile.tempdir = saved
    yield parser
    torch.set_num_threads(threads)


def story(i: int) -> str:
    return f"{ACTORS[i % len(ACTORS)]} {VERBS[i % len(VERBS)]} {ACTORS[(i + 3) % len(ACTORS)].lower()} in town {i} on Monday."


def docs_of(texts, prefix="d") -> list[Document]:
    return [Document(f"{prefix}{i}", DATE, t, "test", origin=f"in.jsonl:{i + 1}") for i, t in enumerate(texts)]


def as_tuples(sentence) -> list[tuple]:
    return [(w.id, w.text, w.lemma, w.upos, w.xpos, w.feats, w.head, w.deprel) for w in sentence.words]


def check_tree(sentence) -> None:
    """Word ids 1..n, heads inside the sentence, exactly one root."""
    n = len(sentence.words)
    assert [w.id for w in sentence.words] == list(range(1, n + 1))
    assert all(0 <= w.head <= n for w in sentence.words)
    assert sum(w.head == 0 for w in sentence.words) == 1


# -- where a long sentence is cut (no models needed) ------------------------------------------------

def test_cut_at_the_last_punctuation_within_the_limit():
    tokens = ["w"] * 300
    tokens[100] = ","
    tokens[180] = ";"
    assert cut_points(tokens, [1] * 300, 250) == [181]


def test_cut_at_the_limit_without_punctuation_or_when_it_comes_too_early():
    assert cut_points(["w"] * 600, [1] * 600, 250) == [250, 500]
    early = ["w"] * 600
    early[10] = ","
    assert cut_points(early, [1] * 600, 250) == [250, 500]
    assert cut_points(["w"] * 250, [1] * 250, 250) == []


def test_a_multiword_token_is_never_split():
    sizes = [1] * 249 + [2] + [1] * 50  # "don't" as words 250 and 251
    cuts = cut_points(["w"] * 300, sizes, 250)
    assert cuts == [249]
    assert sum(sizes[:249]) <= 250 and sum(sizes[249:]) <= 250


def test_a_possessive_left_whole_by_the_tokenizer_becomes_two_words_of_one_token():
    import stanza

    from eventcoder.parsing import _split_possessives

    text = "Zaire's leader met EBRD's chief, who can't go."
    rows = [("Zaire's", 0, 7), ("leader", 8, 14), ("met", 15, 18), ("EBRD's", 19, 25), ("chief", 26, 31),
            (",", 31, 32), ("who", 33, 36)]
    sentence = [{"id": i, "text": t, "start_char": a, "end_char": b} for i, (t, a, b) in enumerate(rows, 1)]
    sentence += [{"id": (8, 9), "text": "can't", "start_char": 37, "end_char": 42},
                 {"id": 8, "text": "ca"}, {"id": 9, "text": "n't"},
                 {"id": 10, "text": "go", "start_char": 43, "end_char": 45},
                 {"id": 11, "text": ".", "start_char": 45, "end_char": 46}]
    doc = _split_possessives(stanza.Document([sentence], text=text))
    [s] = doc.sentences
    assert [w.text for w in s.words] == ["Zaire", "'s", "leader", "met", "EBRD", "'s", "chief", ",", "who", "ca",
                                         "n't", "go", "."]
    assert [w.id for w in s.words] == list(range(1, 14))
    assert [t.text for t in s.tokens][:5] == ["Zaire's", "leader", "met", "EBRD's", "chief"]
    assert (s.tokens[0].start_char, s.tokens[0].end_char) == (0, 7)
    # nothing to split: the same document
    plain = stanza.Document([[{"id": 1, "text": "Talks", "start_char": 0, "end_char": 5}]], text="Talks")
    assert _split_possessives(plain) is plain


def test_a_sentence_broken_in_mid_flow_is_joined_to_the_next():
    import stanza

    from eventcoder.parsing import _join_broken_sentences

    def doc(text, *sentences):
        out, at = [], 0
        for words in sentences:
            rows = []
            for i, word in enumerate(words, 1):
                at = text.index(word, at)
                rows.append({"id": i, "text": word, "start_char": at, "end_char": at + len(word)})
                at += len(word)
            out.append(rows)
        return stanza.Document(out, text=text)

    broken = doc("Secretary of State Condoleezza Rice arrived. She left.",
                 ["Secretary", "of", "State", "Condoleezza"], ["Rice", "arrived", "."], ["She", "left", "."])
    joined = _join_broken_sentences(broken)
    assert [[w.text for w in s.words] for s in joined.sentences] == [
        ["Secretary", "of", "State", "Condoleezza", "Rice", "arrived", "."], ["She", "left", "."]]
    assert [w.id for w in joined.sentences[0].words] == list(range(1, 8))
    # text wrapped by hand inside a sentence is one sentence; a list line or a paragraph is not
    wrapped = doc("Despite the\nBritish campaign, he won.", ["Despite", "the"], ["British", "campaign", ",", "he", "won", "."])
    assert len(_join_broken_sentences(wrapped).sentences) == 1
    listed = doc("Rates -- Nov. 29\nHighlights -- Nov. 29", ["Rates", "--", "Nov.", "29"], ["Highlights", "--", "Nov.", "29"])
    assert _join_broken_sentences(listed) is listed
    paragraphs = doc("The minister said\n\nTalks resumed.", ["The", "minister", "said"], ["Talks", "resumed", "."])
    assert _join_broken_sentences(paragraphs) is paragraphs


def test_a_title_and_name_the_tokenizer_split_are_parsed_as_one_sentence(nlp):
    [parsed] = nlp.parse_texts(["US Secretary of State Condoleezza Rice arrived in Jerusalem on Sunday. She met Olmert."])
    assert [text for text, _ in parsed] == ["US Secretary of State Condoleezza Rice arrived in Jerusalem on Sunday.",
                                            "She met Olmert."]


def test_a_name_s_possessive_is_parsed_as_one(nlp):
    [parsed] = nlp.parse_texts(["Zaire's embattled President Mobutu met Kabila."])
    [(text, words)] = list(parsed)
    assert text == "Zaire's embattled President Mobutu met Kabila."
    zaire, s = words[0], words[1]
    assert (zaire.text, s.text, s.head, s.deprel) == ("Zaire", "'s", 1, "case")
    assert zaire.deprel == "nmod:poss"


# -- bounded work on real text ---------------------------------------------------------------------

def test_long_sentence_is_parsed_in_pieces_numbered_on(nlp, spec, caplog):
    import stanza

    words = []
    for i in range(600):
        words.append("don't" if i % 37 == 5 else ["soldiers", "villages", "near", "the", "border", "said", "they",
                                                  "would", "return", "home"][i % 10])
    first = "Police arrested two men in Nairobi on Monday."
    doc = Document("long-1", DATE, first + " " + " ".join(words), "test", origin="in.jsonl:7")
    with caplog.at_level(logging.WARNING, logger="eventcoder"):
        [(got, sentences)] = list(parse_documents([doc], spec, parser=nlp))
    assert got is doc
    assert [s.sentence_id for s in sentences] == list(range(1, len(sentences) + 1))
    expected = [w for word in words for w in (["do", "n't"] if word == "don't" else [word])]
    assert len(sentences) >= 1 + len(expected) // nlp.max_tokens + 1  # the first sentence, then the pieces
    assert max(len(s.words) for s in sentences) <= nlp.max_tokens
    for s in sentences:
        check_tree(s)
    # the pieces hold the tokenizer's words, each once, in order ("don't" expanded to do + n't)
    [tokenized] = nlp.nlp.process([stanza.Document([], text=doc.text)], processors=["tokenize"])
    assert [w.text for s in sentences for w in s.words] == [w.text for s in tokenized.sentences for w in s.words]
    assert sum(w.text == "n't" for s in sentences for w in s.words) == words.count("don't")
    assert sentences[1].text.startswith("soldiers villages near") and "don't" in sentences[1].text
    # the ordinary sentence parses exactly as it does alone
    [(_, alone)] = list(parse_documents(docs_of([first]), spec, parser=nlp))
    assert as_tuples(sentences[0]) == as_tuples(alone[0])
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "in.jsonl:7" in warnings[0] and "'long-1'" in warnings[0] and f"{len(expected)} words" in warnings[0]
    assert f"sentences (2-{len(sentences)})" in warnings[0]


def test_ordinary_stories_parse_as_the_whole_stanza_pipeline_does(nlp):
    """Cutting happens between tokenization and tagging: stories without long sentences come out
    exactly as from stanza's pipeline run in one go (the way eventcoder parsed before)."""
    import stanza

    from eventcoder.parsing import _for_parser, _words

    texts = [json.loads(line)["text"] for line in (EXAMPLES / "sample.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()][:6]
    texts.append("We don't know whether they can't or won't attack, he said. Cannot go.")
    ours = nlp.parse_texts(texts)
    whole = nlp.nlp.bulk_process([stanza.Document([], text=_for_parser(t)) for t in texts])
    assert [[w for _, w in parsed] for parsed in ours] == [[_words(s) for s in d.sentences] for d in whole]
    assert all(parsed.cuts == [] for parsed in ours)


def test_parser_batches_are_bounded_in_tokens(nlp):
    """The tagger and the parser get explicit token bounds, and sentences are grouped so that a parser
    batch of a thousand tiny sentences and one long one cannot happen."""
    import stanza

    assert nlp.nlp.processors["pos"].config["batch_maximum_tokens"] == 5000
    config = nlp.nlp.processors["depparse"].config
    assert config["batch_size"] == 3000
    # dozens of tiny sentences and one of 141 words: stanza would pad them all to 142 words in one batch
    text = " ".join(["Yes."] * 40) + " " + " ".join(["soldiers", "said", "they", "would", "return"] * 28) + "."
    [doc] = nlp.nlp.process([stanza.Document([], text=text)], processors=["tokenize"])
    sentences = doc.sentences
    assert _worst_depparse_batch([len(s.words) + 1 for s in sentences], config) > DEPPARSE_BATCH_BUDGET
    groups = depparse_groups(sentences, config)
    assert sorted(id(s) for g in groups for s in g) == sorted(id(s) for s in sentences)
    for group in groups:
        assert _worst_depparse_batch([len(s.words) + 1 for s in group], config) <= DEPPARSE_BATCH_BUDGET
    [parsed] = nlp.parse_texts([text])
    assert len(parsed) == len(sentences)
    # ordinary news fits in one group: stanza batches it as it always did
    news = [json.loads(line)["text"] for line in (EXAMPLES / "sample.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()] * 10
    tokenized = nlp.nlp.process([stanza.Document([], text=t) for t in news], processors=["tokenize"])
    assert len(depparse_groups([s for d in tokenized for s in d.sentences], config)) == 1


# -- one document's failure ---------------------------------------------------------------------------

@pytest.fixture
def failing_on_marker(nlp, monkeypatch):
    """Make stanza's own parser raise on any batch holding the word 'Zzyzx' (as it may on an input
    nobody foresaw); everything else runs the real models."""
    depparse = nlp.nlp.processors["depparse"]
    real = depparse.process

    def process(document):
        if any(w.text == "Zzyzx" for s in document.sentences for w in s.words):
            raise RuntimeError("stanza fell over\nsecond line of the message")
        return real(document)

    monkeypatch.setattr(depparse, "process", process)
    return nlp


def test_a_failing_document_is_reported_and_the_rest_of_its_batch_parsed(failing_on_marker, spec, tmp_path):
    texts = [story(i) for i in range(5)]
    texts[2] = "Zzyzx accused Greece of everything on Monday."
    docs = docs_of(texts)
    failed = []
    cache = ParseCache(tmp_path / "c.sqlite")
    try:
        got = list(parse_documents(docs, spec, cache=cache, parser=failing_on_marker,
                                   on_error=lambda doc, exc: failed.append((doc, exc))))
    finally:
        cache.close()
    assert [d.id for d, _ in got] == ["d0", "d1", "d3", "d4"]
    assert [s.text for _, sents in got for s in sents] == [texts[i] for i in (0, 1, 3, 4)]
    assert [(d.id, type(e).__name__) for d, e in failed] == [("d2", "RuntimeError")]
    with sqlite3.connect(tmp_path / "c.sqlite") as db:
        assert db.execute("SELECT count(*) FROM parses").fetchone()[0] == 4


def test_without_on_error_a_failure_is_a_warning_and_on_error_may_stop(failing_on_marker, spec, caplog):
    texts = [story(10), "Zzyzx said nothing.", story(11)]
    with caplog.at_level(logging.WARNING, logger="eventcoder"):
        got = list(parse_documents(docs_of(texts), spec, parser=failing_on_marker))
    assert [d.id for d, _ in got] == ["d0", "d2"]
    [message] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert message.startswith("in.jsonl:2: document 'd1' could not be parsed")
    assert "RuntimeError: stanza fell over" in message and "\n" not in message

    def stop(doc, exc):
        raise InputError(f"{doc.origin}: document {doc.id!r} could not be parsed")

    seen = []
    with pytest.raises(InputError, match="in.jsonl:2"):
        for doc, _ in parse_documents(docs_of(texts), spec, parser=failing_on_marker, on_error=stop):
            seen.append(doc.id)
    assert seen == ["d0"]


# -- the parse cache ----------------------------------------------------------------------------------

def committed_rows(path: Path) -> int:
    try:
        with sqlite3.connect(path, timeout=10) as db:
            return db.execute("SELECT count(*) FROM parses").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_every_yielded_document_is_already_committed(nlp, spec, tmp_path):
    path = tmp_path / "c.sqlite"
    docs = docs_of([story(i) for i in range(20, 25)])
    cache = ParseCache(path)
    try:
        for doc, _ in parse_documents(docs, spec, cache=cache, parser=nlp, batch_size=2):
            with sqlite3.connect(path) as other:  # another connection sees only committed rows
                key = ParseCache.key(spec.fingerprint, doc.text)
                assert other.execute("SELECT count(*) FROM parses WHERE key=?", (key,)).fetchone()[0] == 1
    finally:
        cache.close()


def test_a_killed_run_loses_no_finished_work(nlp, spec, tmp_path):
    """`eventcoder parse` killed with SIGKILL once some documents are done; a rerun on the same
    cache parses none of them again."""
    n = 96
    corpus = tmp_path / "stories.jsonl"
    texts = [story(i) for i in range(100, 100 + n)]
    corpus.write_text("".join(json.dumps({"id": f"k{i}", "date": "2020-10-08", "text": t}) + "\n"
                              for i, t in enumerate(texts)), encoding="utf-8")
    cache, out, tmp = tmp_path / "parses.sqlite", tmp_path / "out.conllu", tmp_path / "tmp"
    tmp.mkdir()
    env = dict(os.environ, TMPDIR=str(tmp), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "eventcoder", "parse", str(corpus), "-o", str(out), "--cache", str(cache),
                             "--stanza-dir", str(spec.directory), "--threads", "1", "-q"],
                            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 180
        while proc.poll() is None and time.monotonic() < deadline and committed_rows(cache) == 0:
            time.sleep(0.05)
        if proc.poll() is not None:
            pytest.fail(f"the run ended (status {proc.returncode}) before it could be killed: "
                        f"{proc.stderr.read().decode()[-500:]}")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()
    done = committed_rows(cache)
    assert 0 < done < n
    rerun = ParseCache(cache)
    try:
        got = list(parse_documents(docs_of(texts, "k"), spec, cache=rerun, parser=nlp))
    finally:
        rerun.close()
    assert (rerun.hits, rerun.misses) == (done, n - done)
    assert [s.text for _, sents in got for s in sents] == texts
    assert not list(tmp.glob("eventcoder-stanza-*"))


def test_the_cache_knows_the_limit_a_parse_was_cut_at(nlp, spec, tmp_path, monkeypatch):
    text = " ".join(["soldiers", "said", "they", "would", "return"] * 20)  # 100 words, no punctuation
    [doc] = docs_of([text])
    key = ParseCache.key(spec.fingerprint, text)
    monkeypatch.setattr(nlp, "max_tokens", 60)
    cache = ParseCache(tmp_path / "c.sqlite")
    try:
        [(_, first)] = list(parse_documents([doc], spec, cache=cache, parser=nlp))
        assert [len(s.words) for s in first] == [60, 40]
        assert cache.get(key, 60) is not None and cache.get(key) is not None
        assert cache.get(key, 50) is None  # cut at another limit: parse again
        monkeypatch.setattr(nlp, "max_tokens", 50)
        [(_, again)] = list(parse_documents([doc], spec, cache=cache, parser=nlp))
        assert [len(s.words) for s in again] == [50, 50]
        assert cache.get(key, 50) is not None and cache.get(key, 60) is None
        # a parse stored without a cut (as before limits existed) but with a sentence over the limit
        cache.put(key, [(s.text, s.words) for s in again])
        assert cache.get(key, 40) is None and cache.get(key, 50) is not None
    finally:
        cache.close()


# -- one-line errors ------------------------------------------------------------------------------------

def test_a_file_that_is_not_a_parse_cache_is_a_one_line_error(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not SQLite\n" * 100)
    with pytest.raises(ParseCacheError) as info:
        ParseCache(junk)
    assert isinstance(info.value, InputError)
    message = str(info.value)
    assert message.startswith(f"{junk}: is not a parse cache") and "--cache" in message and "\n" not in message
    assert junk.read_bytes() == b"this is not SQLite\n" * 100

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE users (name TEXT)")
    with pytest.raises(ParseCacheError, match="not a parse cache"):
        ParseCache(other)
    with sqlite3.connect(other) as db:
        assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["users"]

    with pytest.raises(ParseCacheError, match=str(tmp_path)):
        ParseCache(tmp_path)  # a directory


def run_cli(*args, cwd) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "eventcoder", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_cli_bad_cache_and_bad_threads_are_one_line_errors(spec, tmp_path):
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(json.dumps({"id": "a", "date": "2020-10-08", "text": story(1)}) + "\n", encoding="utf-8")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"\x00\x01garbage" * 500)
    for extra, what in ((["--cache", str(junk)], "is not a parse cache"), (["--cache", "none", "--threads", "-3"], "threads")):
        r = run_cli("parse", str(corpus), "-o", str(tmp_path / "out.conllu"), "--stanza-dir", str(spec.directory), "-q",
                    *extra, cwd=tmp_path)
        assert r.returncode == 2, r.stderr
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("eventcoder: error:") and what in lines[0], r.stderr
        assert "Traceback" not in r.stderr


def test_threads_and_max_tokens_below_one_are_refused_before_any_work(spec):
    for bad in (0, -3):
        with pytest.raises(EventcoderError, match="threads"):
            parse_documents(docs_of([story(1)]), spec, threads=bad)
        with pytest.raises(EventcoderError, match="threads"):
            Parser(spec, threads=bad)
        with pytest.raises(EventcoderError, match="max_tokens"):
            parse_documents(docs_of([story(1)]), spec, max_tokens=bad)


def test_no_stanza_folder_is_left_behind(nlp, spec, private_tmp, tmp_path, monkeypatch):
    assert not list(private_tmp.glob("eventcoder-stanza-*"))  # the module's pipeline was built
    broken = tmp_path / "broken_tokenizer.pt"
    broken.write_bytes(b"not a model")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(ModelNotFoundError):
        Parser(replace(spec, kwargs={**spec.kwargs, "tokenize_model_path": str(broken)}))
    assert not list(tmp_path.glob("eventcoder-stanza-*"))
