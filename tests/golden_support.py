"""Golden outputs: what the coder wrote before a change, to compare with what it writes after.

Three records are kept under ``tests/golden/`` (all written by this project's own code):

* ``sample-events.jsonl``: the event table of ``examples/sample.conllu`` (every column but the
  version and dictionary fingerprint), one row a line;
* ``unit-dev.json``: the events ``validate --json`` codes for each record of the UD-PETRARCH dev
  suite with the Phoenix dictionaries (needs ``../shared``);
* ``wire.jsonl``: for a fixed selection of real wire stories from ``../shared/corpus``, one line a
  sentence with a hash of its parse and the events coded with the project's dictionaries (``own``)
  and with the Phoenix dictionaries (``phoenix``). No text is stored.

A parse made on another machine can differ slightly from the one recorded here; only sentences
whose parse hash matches are compared, and the test skips when too few match.

Re-record after an intended change with ``make golden`` (``pytest tests/test_golden.py
--update-golden``) and say in the commit which rows changed and why.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
#: columns left out of the sample record: they change with every release or dictionary edit
VOLATILE = ("coder_version", "dictionary_fingerprint")
#: columns kept for wire events (no text from the corpus)
WIRE_COLUMNS = ("source_code", "event_code", "target_code", "event_date", "date_precision", "location_country",
                "verb_lemma")
#: every n-th wire story besides the gold development stories
WIRE_STEP = 20


def jsonable(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return value


def parse_hash(sentence) -> str:
    """A short hash of a sentence's parse (forms, tags, heads, relations)."""
    h = hashlib.sha1()
    for w in sentence.words:
        h.update(f"{w.text}\t{w.lemma}\t{w.upos}\t{w.xpos}\t{w.head}\t{w.deprel}\n".encode("utf-8"))
    return h.hexdigest()[:12]


def wire_story_ids(shared: Path) -> list[str]:
    """The gold development stories, then every WIRE_STEP-th other story of the corpus."""
    gold = [json.loads(line)["id"] for line in (shared / "gold" / "wire-dev-events.jsonl").open(encoding="utf-8")
            if line.strip()]
    wanted = set(gold)
    out = list(gold)
    with (shared / "corpus" / "wire-news.jsonl").open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            story = json.loads(line)
            if i % WIRE_STEP == 0 and story["id"] not in wanted:
                out.append(story["id"])
    return out


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
