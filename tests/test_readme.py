"""The README's opening example is what the coder does (so the documentation cannot drift)."""
from __future__ import annotations

import re

from conftest import ROOT


def test_readme_headline_example(parse_text, coder):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"> \*(?P<text>[^*]+)\*\n> \(story of (?P<date>[\d-]+)\) → `(?P<src>\w+)` · `(?P<code>\d+)` "
                  r"\*[^*]+\* · `(?P<tgt>\w+)`, dated (?P<when>[\d-]+)", readme)
    assert m, "the README's opening example has changed shape"
    sentences = parse_text(m["text"], m["date"])
    from eventcoder.run.rows import date_of

    events = [e for s in sentences for e in coder.code(s)]
    got = {(e.source.code, e.code, e.target.code, str(date_of(e).date)) for e in events}
    assert (m["src"], m["code"], m["tgt"], m["when"]) in got
