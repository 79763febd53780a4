"""The README says what the coder does (so the documentation cannot drift).

Its code blocks run in tests/test_docs.py; here: the opening example (a quoted sentence with its
coded row) and the table of output columns, against the real coder and the real schema.
"""
from __future__ import annotations

import re

import pyarrow as pa

from conftest import ROOT

README = ROOT / "README.md"

#: how the README names the pyarrow types of EVENT_SCHEMA
TYPE_NAMES = {pa.string(): "string", pa.int32(): "int32", pa.int8(): "int8", pa.date32(): "date32", pa.bool_(): "bool",
              pa.float32(): "float32", pa.float64(): "float64"}


def test_readme_headline_example(model_spec):
    import eventcoder

    readme = README.read_text(encoding="utf-8")
    m = re.search(r"> \*(?P<text>[^*]+)\*\n> \(story of (?P<date>[\d-]+)\) → `(?P<src>\w+)` · `(?P<code>\d+)` "
                  r"\*(?P<name>[^*]+)\* · `(?P<tgt>\w+)`, dated (?P<when>[\d-]+)", readme)
    assert m, "the README's opening example has changed shape"
    # the process's one stanza pipeline, shared with the README's Python example in test_docs.py
    events = eventcoder.code([m["text"]], date=m["date"], stanza_dir=model_spec.directory).to_pylist()
    got = {(e["source_code"], e["event_code"], e["target_code"], str(e["event_date"])) for e in events}
    assert (m["src"], m["code"], m["tgt"], m["when"]) in got, got
    ontology = eventcoder.load_dictionaries().ontology
    assert ontology[m["code"]].name == m["name"]


def readme_columns() -> list[tuple[str, str]]:
    """(column, type) of the README's table of output columns."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## The event table", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `(\w+)` \| (\w+) \|", section, re.M)


def test_readme_lists_every_column_of_the_event_schema_with_its_type():
    from eventcoder.io.events import EVENT_SCHEMA

    documented = readme_columns()
    assert [name for name, _ in documented] == EVENT_SCHEMA.names, "the README's column table is not EVENT_SCHEMA"
    for (name, written), f in zip(documented, EVENT_SCHEMA):
        assert written == TYPE_NAMES.get(f.type, str(f.type)), f"{name}: the README says {written}, the schema {f.type}"
