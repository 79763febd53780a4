"""Shared fixtures: the real stanza pipeline runs once per test session and its parses are reused."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


def stanza_dir() -> str | None:
    env = os.environ.get("EVENTCODER_STANZA_DIR")
    if env:
        return env
    local = SHARED / "models" / "stanza-en"
    return str(local) if local.is_dir() else None


@pytest.fixture(scope="session")
def model_spec():
    from eventcoder.errors import ModelNotFoundError
    from eventcoder.parsing import find_models

    try:
        return find_models(stanza_dir())
    except ModelNotFoundError as exc:
        pytest.skip(f"needs a stanza model: {exc}")


@pytest.fixture(scope="session")
def parser(model_spec):
    """The process's one stanza pipeline (the library and the tests share it)."""
    from eventcoder.run.parsers import shared_parser

    return shared_parser(model_spec, 2).parser


@pytest.fixture(scope="session")
def parse_text(parser):
    """Parse one text (with a story date) into Sentences with the session's stanza pipeline."""
    from eventcoder.model import Document
    from eventcoder.parsing import parse_documents
    import datetime as dt

    memo: dict = {}

    def parse(text: str, date: str = "2020-10-08", doc_id: str = "t"):
        key = (text, date, doc_id)
        if key not in memo:
            doc = Document(doc_id, dt.date.fromisoformat(date), text, "test")
            [(_, sentences)] = list(parse_documents([doc], parser.spec, parser=parser))
            memo[key] = sentences
        return memo[key]

    return parse


@pytest.fixture(scope="session")
def dictionaries():
    from eventcoder.dictionaries import load_dictionaries

    return load_dictionaries(ROOT / "eventcoder" / "data" / "dictionaries")


@pytest.fixture(scope="session")
def coder(dictionaries):
    from eventcoder.coding.coder import Coder

    return Coder(dictionaries)


@pytest.fixture(scope="session")
def shared_dir():
    if not SHARED.is_dir():
        pytest.skip(f"needs the reference material in {SHARED} (absent)")
    return SHARED


def pytest_addoption(parser):
    parser.addoption("--update-golden", nargs="?", const="all", default=None, metavar="NAMES",
                     help="re-record the golden outputs under tests/golden/ instead of comparing with them "
                          "(all, or some of: sample, unit-dev, wire, comma-separated)")


#: parses of real stories are kept between test sessions here (outputs/ is not in git)
TEST_PARSE_CACHE = ROOT / "outputs" / "cache" / "test-parses.sqlite"


@pytest.fixture(scope="session")
def parsed_stories(shared_dir, model_spec):
    """Parse wire stories of ../shared/corpus by id (once a session; cached across sessions)."""
    import json

    from eventcoder.model import Document
    from eventcoder.parsing import ParseCache, parse_documents
    import datetime as dt

    stories = {}
    with (shared_dir / "corpus" / "wire-news.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            stories[rec["id"]] = rec
    memo: dict = {}

    def parse(ids):
        key = tuple(ids)
        if key not in memo:
            docs = [Document(i, dt.date.fromisoformat(stories[i]["date"]), stories[i]["text"], stories[i]["source"])
                    for i in ids]
            cache = ParseCache(TEST_PARSE_CACHE)
            try:
                memo[key] = [s for _, sents in parse_documents(docs, model_spec, cache=cache, threads=2)
                             for s in sents]
            finally:
                cache.close()
        return memo[key]

    return parse
