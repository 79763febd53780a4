"""Event dates (eventcoder.enrich.dates): phrases found on the parse, attached by the dependency graph,
resolved against the story date by news convention.

The parsed sentences are hand-written CoNLL-U in tests/fixtures/dates/sentences.conllu (UD v2,
some with UD v1 labels, some keeping the attachment errors the offline stanza model makes); each
carries its story date and the dates expected for its event words.  The last tests parse raw
text with the real offline stanza models when they are present.
"""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from eventcoder.enrich import dates
from eventcoder.io.conllu import parse_conllu_lines
from eventcoder.enrich.dates import EventDate, find_date_expressions, resolve_event_date, resolve_phrase
from eventcoder.model import Sentence, Word

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "dates" / "sentences.conllu"


def _load_cases() -> list[tuple[str, Sentence, str, str]]:
    """(sent_id, sentence, anchor spec, expectation) for every '# check' line of the fixture."""
    cases = []
    block: list[str] = []
    start = 1
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    for lineno, line in enumerate(lines + [""], 1):
        if line.strip():
            if not block:
                start = lineno
            block.append(line)
            continue
        if any(not b.startswith("#") for b in block):
            meta = dict(b[1:].strip().split(" = ", 1) for b in block if b.startswith("#") and " = " in b)
            checks = [b.split(" = ", 1)[1] for b in block if b.startswith("# check = ")]
            [sentence] = list(parse_conllu_lines(block, f"{FIXTURE.name}:{start}"))
            for check in checks:
                anchor, expected = check.split(" ", 1)
                cases.append((meta["sent_id"], sentence, anchor, expected))
        block = []
    return cases


CASES = _load_cases()


def _anchor(sentence: Sentence, spec: str) -> Word:
    form, _, wid = spec.partition("@")
    matches = [w for w in sentence.words if w.text == form and (not wid or w.id == int(wid))]
    assert len(matches) == 1, f"anchor {spec!r} is not one word of {sentence.text!r}"
    return matches[0]


def _expected(expected: str, story: dt.date | None) -> EventDate:
    if expected == "story":
        return EventDate(story, "day", "story", None)
    day, precision, text = expected.split(" ", 2)
    return EventDate(dt.date.fromisoformat(day), precision, "text", text)


def test_fixture_has_the_cases_the_issue_asks_for():
    ids = {c[0] for c in CASES}
    assert {"weekday-1", "year-boundary", "noun-year", "noun-date", "relative-clause", "ccomp",
            "month-past", "year", "fallback"} <= ids
    assert len(CASES) >= 35


@pytest.mark.parametrize("sent_id,sentence,anchor,expected", CASES,
                         ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_event_date_of_hand_parsed_sentence(sent_id, sentence, anchor, expected):
    story = sentence.doc_date
    got = resolve_event_date(sentence, _anchor(sentence, anchor), story)
    assert got == _expected(expected, story), f"{sent_id}: {sentence.text}"


def _case(sent_id: str) -> Sentence:
    return next(c[1] for c in CASES if c[0] == sent_id)


def test_no_story_date_and_no_phrase_gives_an_empty_date():
    sentence = _case("fallback")
    anchor = _anchor(sentence, "criticized")
    assert resolve_event_date(sentence, anchor, None) == EventDate(None, "day", "story", None)


def test_relative_phrase_without_story_date_falls_back_but_absolute_dates_still_resolve():
    weekday = _case("weekday-1")
    assert resolve_event_date(weekday, _anchor(weekday, "killed"), None) == EventDate(None, "day", "story", None)
    full = _case("absolute-date")
    assert resolve_event_date(full, _anchor(full, "signed"), None) == EventDate(
        dt.date(2020, 9, 27), "day", "text", "27 September 2020")
    year = _case("year")
    assert resolve_event_date(year, _anchor(year, "expelled"), None).date == dt.date(2019, 1, 1)


def test_story_date_is_the_sentence_independent_argument():
    # the same parse dated by another story date resolves against that date
    sentence = _case("weekday-1")
    got = resolve_event_date(sentence, _anchor(sentence, "killed"), dt.date(2021, 1, 2))  # a Saturday
    assert got == EventDate(dt.date(2020, 12, 29), "day", "text", "Tuesday")


def test_expressions_found_on_the_parse():
    texts = {c[0]: [e.text for e in find_date_expressions(c[1])] for c in CASES}
    assert texts["absolute-date"] == ["27 September 2020"]
    assert texts["earlier-this-month"] == ["earlier this month"]
    assert texts["noun-year"] == ["Monday"]  # a bare year needs "in"/"during" or a DATE entity
    assert texts["noun-year-ner"] == ["2015"]  # found, but it modifies "agreement"
    assert texts["noun-date"] == ["September 27"]
    assert texts["since"] == []  # a bare year needs "in"/"during" (or a DATE entity)
    assert texts["fallback"] == []


# --- resolution rules on phrases (news conventions) -------------------------------------------

THURSDAY = dt.date(2020, 10, 8)


@pytest.mark.parametrize("phrase,story,direction,expected", [
    ("on Tuesday", THURSDAY, "past", (dt.date(2020, 10, 6), "day")),
    ("on Thursday", THURSDAY, "past", (THURSDAY, "day")),  # same day allowed
    ("last Thursday", THURSDAY, "past", (dt.date(2020, 10, 1), "day")),  # "last" excludes today
    ("on Friday", THURSDAY, "past", (dt.date(2020, 10, 2), "day")),
    ("on Friday", THURSDAY, "future", (dt.date(2020, 10, 9), "day")),
    ("on Friday", THURSDAY, "nearest", (dt.date(2020, 10, 9), "day")),
    ("on Monday", THURSDAY, "nearest", (dt.date(2020, 10, 12), "day")),  # present tense: scheduled
    ("on Thursday", THURSDAY, "nearest", (THURSDAY, "day")),
    ("September 27", THURSDAY, "nearest", (dt.date(2020, 9, 27), "day")),
    ("in March", THURSDAY, "nearest", (dt.date(2021, 3, 1), "month")),
    ("in May", THURSDAY, "nearest", (dt.date(2020, 5, 1), "month")),
    ("next Monday", THURSDAY, "past", (dt.date(2020, 10, 12), "day")),  # "next" outranks the tense
    ("yesterday", THURSDAY, "past", (dt.date(2020, 10, 7), "day")),
    ("today", THURSDAY, "past", (THURSDAY, "day")),
    ("tonight", THURSDAY, "future", (THURSDAY, "day")),
    ("tomorrow", THURSDAY, "future", (dt.date(2020, 10, 9), "day")),
    ("this morning", THURSDAY, "past", (THURSDAY, "day")),
    ("last night", THURSDAY, "past", (dt.date(2020, 10, 7), "day")),
    ("Monday night", THURSDAY, "past", (dt.date(2020, 10, 5), "day")),
    ("late on Tuesday", THURSDAY, "past", (dt.date(2020, 10, 6), "day")),
    ("on Tuesday last week", THURSDAY, "past", (dt.date(2020, 9, 29), "day")),
    ("two days ago", THURSDAY, "past", (dt.date(2020, 10, 6), "day")),
    ("last week", THURSDAY, "past", (dt.date(2020, 10, 1), "month")),
    ("last week", dt.date(2020, 10, 5), "future", (dt.date(2020, 10, 1), "month")),  # Thursday of Sep 28-Oct 4
    ("next week", THURSDAY, "future", (dt.date(2020, 10, 15), "month")),
    ("over the weekend", THURSDAY, "past", (dt.date(2020, 10, 3), "month")),
    ("earlier this month", THURSDAY, "past", (dt.date(2020, 10, 1), "month")),
    ("last month", dt.date(2021, 1, 2), "past", (dt.date(2020, 12, 1), "month")),
    ("next month", dt.date(2020, 12, 30), "future", (dt.date(2021, 1, 1), "month")),
    ("last year", THURSDAY, "past", (dt.date(2019, 1, 1), "year")),
    ("earlier this year", THURSDAY, "past", (dt.date(2020, 1, 1), "year")),
    ("September 27", THURSDAY, "past", (dt.date(2020, 9, 27), "day")),
    ("on December 30", dt.date(2021, 1, 2), "past", (dt.date(2020, 12, 30), "day")),
    ("on January 2", dt.date(2021, 1, 2), "past", (dt.date(2021, 1, 2), "day")),
    ("on January 3", dt.date(2021, 1, 2), "past", (dt.date(2020, 1, 3), "day")),
    ("on January 3", dt.date(2021, 1, 2), "future", (dt.date(2021, 1, 3), "day")),
    ("July 1", dt.date(1997, 4, 17), "nearest", (dt.date(1997, 7, 1), "day")),
    ("Sept. 27", THURSDAY, "past", (dt.date(2020, 9, 27), "day")),
    ("27 September 2020", dt.date(2021, 5, 1), "past", (dt.date(2020, 9, 27), "day")),
    ("September 27, 2019", THURSDAY, "future", (dt.date(2019, 9, 27), "day")),
    ("the 27th of September", THURSDAY, "past", (dt.date(2020, 9, 27), "day")),
    ("2020-09-27", None, "past", (dt.date(2020, 9, 27), "day")),
    ("February 29", dt.date(2021, 3, 2), "past", (dt.date(2020, 2, 29), "day")),
    ("in March", THURSDAY, "past", (dt.date(2020, 3, 1), "month")),
    ("in November", THURSDAY, "past", (dt.date(2019, 11, 1), "month")),
    ("in November", THURSDAY, "future", (dt.date(2020, 11, 1), "month")),
    ("in mid-March", THURSDAY, "past", (dt.date(2020, 3, 1), "month")),
    ("May last year", THURSDAY, "past", (dt.date(2019, 5, 1), "month")),
    ("March 2019", THURSDAY, "future", (dt.date(2019, 3, 1), "month")),
    ("in 2019", THURSDAY, "past", (dt.date(2019, 1, 1), "year")),
    ("in early 2019", None, "past", (dt.date(2019, 1, 1), "year")),
])
def test_phrase_resolution(phrase, story, direction, expected):
    got = resolve_phrase(phrase, story, direction)
    assert got is not None, phrase
    assert (got.date, got.precision, got.source) == (*expected, "text")


@pytest.mark.parametrize("phrase", ["hello", "the day", "since the war", "a week", "2000 soldiers",
                                    "the past three years", "for decades"])
def test_non_dates_do_not_resolve(phrase):
    assert resolve_phrase(phrase, THURSDAY) is None


def test_modal_may_is_not_a_month():
    assert resolve_phrase("Rebels may attack the town", THURSDAY) is None
    assert resolve_phrase("in May", THURSDAY) == EventDate(dt.date(2020, 5, 1), "month", "text", "May")


# --- speed: sentences without date words never reach the date library -----------------------


def _plain_sentence(i: int) -> Sentence:
    text = f"Officials of the {i}th district accused the rebels of attacking a convoy near the border"
    words = [Word(k + 1, t, t.lower(), "NOUN", head=0 if k == 0 else 1, deprel="root" if k == 0 else "dep")
             for k, t in enumerate(text.split())]
    return Sentence("d", i, text, words)


def test_sentences_without_date_words_are_fast_and_skip_the_date_library():
    sentences = [_plain_sentence(i) for i in range(3000)]
    before = dates._parse_absolute.cache_info()
    start = time.perf_counter()
    for s in sentences:
        assert resolve_event_date(s, s.words[2], THURSDAY) == EventDate(THURSDAY, "day", "story", None)
    elapsed = time.perf_counter() - start
    after = dates._parse_absolute.cache_info()
    assert (after.hits, after.misses) == (before.hits, before.misses)
    assert elapsed < 1.5, f"{len(sentences)} date-free sentences took {elapsed:.2f} s"


# --- the real offline stanza models ------------------------------------------------------------


def _verb(sentences: list[Sentence], lemma: str) -> tuple[Sentence, Word]:
    for s in sentences:
        for w in s.words:
            if w.lemma_lower == lemma:
                return s, w
    raise AssertionError(f"no word with lemma {lemma!r} in {[s.text for s in sentences]}")


@pytest.mark.parametrize("text,story,lemma,expected", [
    ("Syrian President Bashar Assad accused his Turkish counterpart on Tuesday of igniting a conflict.",
     "2020-10-08", "accuse", EventDate(dt.date(2020, 10, 6), "day", "text", "Tuesday")),
    ("Syrian President Bashar Assad accused his Turkish counterpart Recep Tayyip Erdogan on Tuesday of "
     "igniting a conflict between Armenia and Azerbaijan.",
     "2020-10-08", "accuse", EventDate(dt.date(2020, 10, 6), "day", "text", "Tuesday")),
    ("The head of Russia's foreign intelligence warned on Tuesday that the conflict was attracting extremists.",
     "2020-10-08", "warn", EventDate(dt.date(2020, 10, 6), "day", "text", "Tuesday")),
    ("The army shelled the village on December 30.",
     "2021-01-02", "shell", EventDate(dt.date(2020, 12, 30), "day", "text", "December 30")),
    ("Russia criticized Turkey for its role in the conflict.",
     "2020-10-08", "criticize", EventDate(dt.date(2020, 10, 8), "day", "story", None)),
])
def test_real_stanza_parses(parse_text, text, story, lemma, expected):
    sentences = parse_text(text, story)
    sentence, verb = _verb(sentences, lemma)
    assert resolve_event_date(sentence, verb, dt.date.fromisoformat(story)) == expected


def test_month_abbreviation_split_from_its_period_and_a_datetime_story_date():
    rows = [
        "# date = 2020-10-08",
        "1\tTalks\ttalk\tNOUN\tNNS\tNumber=Plur\t2\tnsubj\t_\t_",
        "2\tbegan\tbegin\tVERB\tVBD\tTense=Past|VerbForm=Fin\t0\troot\t_\t_",
        "3\ton\ton\tADP\tIN\t_\t4\tcase\t_\t_",
        "4\tSept\tSeptember\tPROPN\tNNP\tNumber=Sing\t2\tobl\t_\t_",
        "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_",
        "6\t27\t27\tNUM\tCD\tNumType=Card\t4\tnummod\t_\t_",
        "7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_",
    ]
    [sentence] = list(parse_conllu_lines(rows, "split.conllu"))
    assert [e.text for e in find_date_expressions(sentence)] == ["Sept. 27"]
    got = resolve_event_date(sentence, sentence.word(2), dt.datetime(2020, 10, 8, 23, 59))
    assert got == EventDate(dt.date(2020, 9, 27), "day", "text", "Sept. 27")
    assert type(got.date) is dt.date
    fallback = resolve_event_date(sentence, sentence.word(1), dt.datetime(2020, 10, 8, 23, 59))
    assert fallback == EventDate(dt.date(2020, 10, 8), "day", "story", None) and type(fallback.date) is dt.date


@pytest.mark.parametrize("phrase,text", [
    ("on Monday, 13 months after the walkout", "Monday"),
    ("on Dec. 6 a five-day tour", "Dec. 6"),
    ("on Tuesday, October 6, 2020, officials said", "Tuesday, October 6, 2020"),
    ("the 27th of September", "27th of September"),
    ("in the spring of 2019", None),  # "spring" is no date word without NER
    ("two days ago", "two days ago"),
])
def test_phrase_boundaries(phrase, text):
    got = resolve_phrase(phrase, THURSDAY)
    assert (got.text if got else None) == text


def test_seed_article_on_tuesday_events(parse_text, shared_dir):
    """The real article (story date 2020-10-08): its "on Tuesday" statements fall on 2020-10-06,
    "the conflict that broke out on September 27" on 2020-09-27, and no verb of this past-tense
    report is dated after the story."""
    text = (shared_dir / "corpus" / "seed-article.txt").read_text(encoding="utf-8")
    story = dt.date(2020, 10, 8)
    sentences = parse_text(text, story.isoformat(), "seed")
    tuesday = [s for s in sentences if "on Tuesday" in s.text]
    assert len(tuesday) >= 2
    for s in tuesday:
        root = next(w for w in s.words if w.head == 0)
        assert resolve_event_date(s, root, story) == EventDate(dt.date(2020, 10, 6), "day", "text", "Tuesday"), s.text
    broke = [(s, w) for s in sentences for w in s.words if w.lemma_lower == "break" and "September 27" in s.text]
    assert broke and all(resolve_event_date(s, w, story).date == dt.date(2020, 9, 27) for s, w in broke)
    for s in sentences:
        for w in s.words:
            if w.upos == "VERB":
                got = resolve_event_date(s, w, story)
                assert got.date is not None and got.date <= story, (s.text, w.text, got)
