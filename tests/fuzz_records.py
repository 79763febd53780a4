"""A seeded generator of hostile input records, for tests/test_fuzz.py and the benchmark.

Each :class:`Record` is one JSONL line together with what the reader must make of it:

* ``GOOD``: a short made-up story with a clear event ("Russia accused Turkey of ..."), read as is;
* ``REPAIRED``: read after a repair the reader's rules name (control characters become spaces,
  CR and CRLF become ``\\n``, an integer id its text, another accepted date form the same day);
  :attr:`Record.read_as` is the record a clean file holds instead, and it must code the same;
* ``ODD``: legitimate but unusual text (very long words, a long unpunctuated sentence, many tiny
  sentences, nested brackets and quotes, other scripts, emoji): read unchanged and coded;
* ``BAD``: skipped and reported with file and line, counted under :attr:`Record.reason`;
* ``BLANK``: an empty or whitespace line, which is no record at all.

:func:`generate` makes one record of every kind first (so even a small run covers them all),
then a seeded random mix; :func:`write_jsonl` writes them (optionally with a byte order mark,
CRLF line ends and no final newline) and returns the line number of each record.
:func:`csv_records` and :func:`conllu_documents` do the same for CSV and CoNLL-U, and
:func:`mutate` damages a line at random for fuzzing without a known outcome.

Sizes come from the environment, so the benchmark can run big ones: ``EVENTCODER_FUZZ_SEED``,
``EVENTCODER_FUZZ_RECORDS`` (records coded end to end; stanza parses about 10-20 sentences/s)
and ``EVENTCODER_FUZZ_READER_RECORDS`` (records read without parsing).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field

GOOD, REPAIRED, ODD, BAD, BLANK = "good", "repaired", "odd", "bad", "blank"


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


SEED = env_int("EVENTCODER_FUZZ_SEED", 20240612)
RECORDS = env_int("EVENTCODER_FUZZ_RECORDS", 70)
READER_RECORDS = env_int("EVENTCODER_FUZZ_READER_RECORDS", 4000)

#: pairs of country names the project's dictionaries know, in sentences they code
COUNTRIES = ["Russia", "Turkey", "France", "Iran", "Egypt", "Israel", "China", "Japan", "Germany", "India",
             "Pakistan", "Greece", "Poland", "Lithuania", "Spain", "Morocco", "Ukraine", "Brazil"]
#: (the small English model's tokenizer splits "Japan condemned Turkey over the clashes." after
#: "condemned"; none of these is split, for any pair of COUNTRIES)
EVENT_SENTENCES = [
    "{a} accused {b} of {deed}.",
    "{a} condemned {b} for {deed}.",
    "{a} criticized {b} for {deed}.",
    "{a} praised {b} for {deed}.",
    "{a} thanked {b} for its support.",
    "{a} threatened {b} with new sanctions.",
    "{a} urged {b} to resume the talks.",
]
DEEDS = ["sending fighters to the border", "shelling border villages", "reopening the crossing",
         "drilling near the disputed islands", "expelling the journalists", "holding the prisoners"]
QUIET_SENTENCES = ["Officials gave no further details.", "The statement was read out on state television.",
                   "Talks are expected to continue next month."]
OTHER_SCRIPTS = ["اتهمت روسيا تركيا بإرسال مقاتلين.", "רוסיה האשימה את טורקיה.", "俄罗斯指责土耳其向边境派遣武装人员。",
                 "रूस ने तुर्की पर आरोप लगाया।", "Россия обвинила Турцию.", "Η Ρωσία κατηγόρησε την Τουρκία."]
EMOJI = ["😡", "🔥", "🇷🇺", "🇹🇷", "👩‍👩‍👧", "🏳️‍🌈", "✊🏽"]


@dataclass
class Record:
    """One JSONL line and what the reader must make of it."""

    kind: str
    label: str  # what was made, for messages ("text is a number", "date 1997-04-01garbage")
    line: bytes  # the JSONL line, without its line end
    value: object = None  # the JSON value the line holds, when it is valid JSON
    read_as: dict | None = None  # GOOD/REPAIRED/ODD: id, date, text, source as the reader gives them
    reason: str | None = None  # BAD: the reason it is counted under

    @property
    def doc_id(self) -> str | None:
        return self.read_as["id"] if self.read_as else None


def _json(value: object, ascii_only: bool = False) -> bytes:
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8")


@dataclass
class Generator:
    """Makes records with unique ids from one seeded random source."""

    rng: random.Random
    count: int = 0
    good_ids: list[str] = field(default_factory=list)

    def next_id(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}-{self.count:05d}"

    def date(self) -> str:
        day = dt.date(1995, 1, 1) + dt.timedelta(days=self.rng.randrange(365 * 30))
        return day.isoformat()

    def story(self) -> str:
        a, b = self.rng.sample(COUNTRIES, 2)
        first = self.rng.choice(EVENT_SENTENCES).format(a=a, b=b, deed=self.rng.choice(DEEDS))
        return first if self.rng.random() < 0.5 else f"{first} {self.rng.choice(QUIET_SENTENCES)}"

    def story_record(self, prefix: str = "good") -> dict:
        return {"id": self.next_id(prefix), "date": self.date(), "text": self.story(), "source": "Fuzz Wire"}

    # -- the kinds -------------------------------------------------------------------------------

    def good(self) -> Record:
        rec = self.story_record()
        self.good_ids.append(rec["id"])
        return Record(GOOD, "story", _json(rec), rec, dict(rec))

    def repaired(self, label: str, change: Callable[[dict], tuple[dict, dict]]) -> Record:
        """``change`` turns a clean record into (the record written, the record as read)."""
        written, read_as = change(self.story_record("fixed"))
        return Record(REPAIRED, label, _json(written), written, read_as)

    def odd(self, label: str, text: str) -> Record:
        rec = {"id": self.next_id("odd"), "date": self.date(), "text": text, "source": "Fuzz Wire"}
        return Record(ODD, label, _json(rec), rec, dict(rec))

    def bad(self, label: str, reason: str, value: object = None, line: bytes | None = None) -> Record:
        return Record(BAD, label, line if line is not None else _json(value), value, None, reason)

    def bad_field(self, label: str, reason: str, **changes) -> Record:
        """A story record with some fields changed (a value ``...`` removes the field)."""
        rec = self.story_record("bad")
        for key, value in changes.items():
            if value is ...:
                rec.pop(key, None)
            else:
                rec[key] = value
        return self.bad(label, reason, rec)


def _controls(gen: Generator) -> Callable[[dict], tuple[dict, dict]]:
    def change(rec: dict) -> tuple[dict, dict]:
        words = rec["text"].split(" ")
        chars = ["\x00", "\x07", "\x1b", "\x0c", "\x7f", "\x85", "\ufeff"]
        marked = [w + (" " + gen.rng.choice(chars) if gen.rng.random() < 0.3 else "") for w in words]
        text = " ".join(marked)
        if text == rec["text"]:
            text = "\x00" + text
        read = "".join(" " if ch in chars else ch for ch in text)
        return {**rec, "text": text}, {**rec, "text": read}
    return change


def _line_ends(rec: dict) -> tuple[dict, dict]:
    text = rec["text"] + "\r\nOfficials gave no details.\rTalks continue."
    return {**rec, "text": text}, {**rec, "text": text.replace("\r\n", "\n").replace("\r", "\n")}


def _date_form(form: Callable[[dt.date], object]) -> Callable[[dict], tuple[dict, dict]]:
    def change(rec: dict) -> tuple[dict, dict]:
        return {**rec, "date": form(dt.date.fromisoformat(rec["date"]))}, rec
    return change


def _int_id(rec: dict) -> tuple[dict, dict]:
    number = 900_000 + int(rec["id"].rsplit("-", 1)[1])
    return {**rec, "id": number}, {**rec, "id": str(number)}


def _padded_id(rec: dict) -> tuple[dict, dict]:
    return {**rec, "id": f"  {rec['id']}\t"}, rec


def _messy_source(rec: dict) -> tuple[dict, dict]:
    return {**rec, "source": "Fuzz\nWire\t\x00 Service", "extra": {"tags": [1, 2]}}, {**rec, "source": "Fuzz Wire Service"}


def _long_word(gen: Generator, size: int) -> str:
    a, b = gen.rng.sample(COUNTRIES, 2)
    word = "".join(gen.rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(size))
    return f"{a} accused {b} of {word}."


def _long_sentence(gen: Generator, words: int) -> str:
    a, b = gen.rng.sample(COUNTRIES, 2)
    filler = ["the", "of", "officials", "said", "talks", "border", "ministry", "forces", "region", "government",
              "statement", "meeting"]
    return f"{a} accused {b} of " + " ".join(gen.rng.choice(filler) for _ in range(words))


def _nested(gen: Generator, depth: int) -> str:
    a, b = gen.rng.sample(COUNTRIES, 2)
    return "(" * depth + f"\"'{a}'\"" + ")" * depth + f" accused [[[{b}]]] of « “lying” » {{{{again}}}}."


def _scripts(gen: Generator) -> str:
    a, b = gen.rng.sample(COUNTRIES, 2)
    return (f"{gen.rng.choice(OTHER_SCRIPTS)} {a} condemned {b} {gen.rng.choice(EMOJI)}{gen.rng.choice(EMOJI)}. "
            f"\u202e{gen.rng.choice(OTHER_SCRIPTS)}\u202c Cafe\u0301 ﬁnal.")


def _noise(gen: Generator, size: int) -> bytes:
    """Binary noise that is never UTF-8 (it starts with 0xFF) and holds no line end."""
    return b"\xff" + bytes(gen.rng.choice([b for b in range(256) if b != 0x0A]) for _ in range(size))


def _binary_text(gen: Generator) -> str:
    return "".join(chr(gen.rng.choice([*range(9), *range(14, 32)])) for _ in range(200)) + "Iran"


def kinds(gen: Generator, *, parse_heavy: bool = True) -> list[tuple[str, int, Callable[[], Record]]]:
    """Every kind of record: (name, weight in the random mix, maker).  ``parse_heavy`` adds the
    ODD records that cost the parser seconds (a 400-word sentence)."""
    g, rng = gen, gen.rng

    def some_good() -> str | None:
        return g.good_ids[-1] if g.good_ids else None

    out = [
        ("good story", 30, g.good),
        # repaired, then coded like the clean record
        ("control characters", 3, lambda: g.repaired("control characters", _controls(g))),
        ("CR and CRLF in text", 2, lambda: g.repaired("CR and CRLF in text", _line_ends)),
        ("date 1997-4-1", 1, lambda: g.repaired("date YYYY-M-D", _date_form(lambda d: f"{d.year}-{d.month}-{d.day}"))),
        ("date YYYYMMDD", 1, lambda: g.repaired("date YYYYMMDD", _date_form(lambda d: d.strftime("%Y%m%d")))),
        ("date as a number", 1, lambda: g.repaired("date as a number", _date_form(lambda d: int(d.strftime("%Y%m%d"))))),
        ("ISO timestamp", 1, lambda: g.repaired("ISO timestamp", _date_form(lambda d: f"{d}T08:30:00+02:00"))),
        ("integer id", 1, lambda: g.repaired("integer id", _int_id)),
        ("id with spaces", 1, lambda: g.repaired("id with spaces", _padded_id)),
        ("messy source, extra fields", 1, lambda: g.repaired("messy source", _messy_source)),
        # odd but legitimate
        ("very long word", 1, lambda: g.odd("very long word", _long_word(g, rng.randrange(300, 1000)))),
        ("many tiny sentences", 1, lambda: g.odd("many tiny sentences", " ".join(
            rng.choice(["Yes.", "No!", "Why?", "Ok.", "Iran."]) for _ in range(15)))),
        ("nested brackets and quotes", 1, lambda: g.odd("nested brackets", _nested(g, 20))),
        ("other scripts and emoji", 2, lambda: g.odd("other scripts", _scripts(g))),
        # bad: JSON
        ("truncated JSON", 3, lambda: g.bad("truncated JSON", "malformed JSON",
                                            line=(line := _json(g.story_record("bad")))[: rng.randrange(1, len(line) - 1)])),
        ("missing comma", 1, lambda: g.bad("missing comma", "malformed JSON", line=b'{"id": "x" "text": "Iran denied it."}')),
        ("single quotes", 1, lambda: g.bad("single quotes", "malformed JSON", line=b"{'id': 'x', 'text': 'Iran.'}")),
        ("trailing garbage", 1, lambda: g.bad("trailing garbage", "malformed JSON", line=_json(g.story_record("bad")) + b" x")),
        ("raw NUL in the line", 1, lambda: g.bad("raw NUL", "malformed JSON", line=_json(g.story_record("bad")).replace(b" ", b" \x00", 1))),
        ("raw tab in a string", 1, lambda: g.bad("raw tab", "malformed JSON", line=_json(
            {**(r := g.story_record("bad")), "text": r["text"].replace(" ", "\t")}).replace(b"\\t", b"\t"))),
        ("deeply nested JSON", 0, lambda: g.bad("deeply nested", "malformed JSON", line=b"[" * 100_000 + b"]" * 100_000)),
        ("huge integer", 1, lambda: g.bad("huge integer", "malformed JSON", line=b'{"id": 1' + b"0" * 5000 + b"}")),
        ("not an object", 2, lambda: g.bad("not an object", "not an object", rng.choice([[], "Iran", 42, None, [g.story_record("bad")]]))),
        # bad: fields
        ("no id", 1, lambda: g.bad_field("no id", "missing id", id=...)),
        ("null id", 1, lambda: g.bad_field("null id", "missing id", id=None)),
        ("blank id", 1, lambda: g.bad_field("blank id", "missing id", id="   ")),
        ("id is a list", 1, lambda: g.bad_field("id is a list", "wrong type", id=["a", 1])),
        ("id is an object", 1, lambda: g.bad_field("id is an object", "wrong type", id={"n": 1})),
        ("id is a boolean", 1, lambda: g.bad_field("id is a boolean", "wrong type", id=True)),
        ("id is a fraction", 1, lambda: g.bad_field("id is a fraction", "wrong type", id=1.5)),
        ("id with control characters", 1, lambda: g.bad_field("id with a newline", "bad id", id="a\nb")),
        ("id not Unicode", 1, lambda: g.bad("id not Unicode", "invalid Unicode",
                                            line=b'{"id": "x\\udc00", "date": "2020-01-01", "text": "Iran denied it."}')),
        ("no text", 1, lambda: g.bad_field("no text", "missing text", text=...)),
        ("null text", 1, lambda: g.bad_field("null text", "missing text", text=None)),
        ("blank text", 1, lambda: g.bad_field("blank text", "missing text", text=" \n\t ")),
        ("text is a number", 1, lambda: g.bad_field("text is a number", "wrong type", text=42)),
        ("text is a list", 1, lambda: g.bad_field("text is a list", "wrong type", text=["Iran denied it."])),
        ("text is an object", 1, lambda: g.bad_field("text is an object", "wrong type", text={"body": "x"})),
        ("source is a list", 1, lambda: g.bad_field("source is a list", "wrong type", source=["AFP"])),
        ("title is an object", 1, lambda: g.bad_field("title is an object", "wrong type", title={"t": 1})),
        ("text not Unicode", 1, lambda: g.bad("text not Unicode", "invalid Unicode",
                                              line=b'{"id": "%s", "date": "2020-01-01", "text": "Iran \\ud800 denied it."}'
                                              % g.next_id("bad").encode())),
        ("binary text", 1, lambda: g.bad_field("binary text", "binary data", text=_binary_text(g))),
        ("text too long", 0, lambda: g.bad_field("text too long", "too long", text="Iran denied it. " * 12_600)),
        ("no date", 1, lambda: g.bad_field("no date", "missing date", date=...)),
        ("null date", 1, lambda: g.bad_field("null date", "missing date", date=None)),
        ("empty date", 1, lambda: g.bad_field("empty date", "missing date", date="")),
    ]
    for date in ["2020-02-30", "2020-13-45", "1997-04-01garbage", "01/04/1997", "yesterday", "0000-00-00",
                 "1997-04-01T25:00", "April 1, 1997"]:
        out.append((f"date {date}", 1, lambda d=date: g.bad_field(f"date {d}", "bad date", date=d)))
    for label, date in [("date is an object", {"y": 2020}), ("date is a list", [2020, 1, 1]),
                        ("date is a boolean", True), ("date is a fraction", 2021.5)]:
        out.append((label, 1, lambda lb=label, d=date: g.bad_field(lb, "bad date", date=d)))
    out += [
        ("not UTF-8", 2, lambda: g.bad("not UTF-8", "not UTF-8",
                                       line=_json(g.story_record("bad")).replace(b"e", b"\xe9", 1))),
        ("binary noise", 2, lambda: g.bad("binary noise", "not UTF-8", line=_noise(g, rng.randrange(10, 400)))),
        ("duplicate id", 1, lambda: g.bad("duplicate id", "duplicate id", {**g.story_record("dup"), "id": some_good()})
         if some_good() else g.good()),
        ("blank line", 2, lambda: Record(BLANK, "blank line", rng.choice([b"", b"   ", b"\t", b"\r", b" \x0b\x0c "]))),
    ]
    if parse_heavy:
        out.append(("long unpunctuated sentence", 0, lambda: g.odd("400-word sentence", _long_sentence(g, 400))))
    return out


def generate(seed: int = SEED, n: int = RECORDS, *, stories: int = 6, parse_heavy: bool = True,
             only: set[str] | None = None) -> list[Record]:
    """At least ``n`` records in a seeded order: ``stories`` good stories and one record of every
    other kind, then a random mix up to ``n``; ``only`` keeps the kinds named."""
    gen = Generator(random.Random(seed))
    table = [k for k in kinds(gen, parse_heavy=parse_heavy) if only is None or k[0] in only]
    records = [gen.good() for _ in range(stories)]
    records += [make() for _, _, make in table]
    weighted = [(make, weight) for _, weight, make in table if weight]
    makers, weights = zip(*weighted) if weighted else ((), ())
    while len(records) < n and makers:
        records.append(gen.rng.choices(makers, weights)[0]())
    order = records[1:]
    gen.rng.shuffle(order)
    records = records[:1] + order  # a good story first, so a duplicate id always follows its original
    return _fix_duplicates(records)


def _fix_duplicates(records: list[Record]) -> list[Record]:
    """A duplicate must come after its original: move any that does not to the end."""
    seen: set[str] = set()
    early, late = [], []
    for r in records:
        if r.reason == "duplicate id" and r.value["id"] not in seen:
            late.append(r)
            continue
        if r.doc_id:
            seen.add(r.doc_id)
        early.append(r)
    return early + late


def write_jsonl(records: list[Record], path, *, bom: bool = False, crlf: bool = False,
                final_newline: bool = True) -> dict[int, Record]:
    """Write the records one a line; returns {line number: record}."""
    end = b"\r\n" if crlf else b"\n"
    body = end.join(r.line for r in records) + (end if final_newline else b"")
    with open(path, "wb") as fh:
        fh.write((b"\xef\xbb\xbf" if bom else b"") + body)
    return {i: r for i, r in enumerate(records, 1)}


def write_clean_jsonl(records: list[Record], path, kinds_kept=(GOOD, REPAIRED)) -> list[str]:
    """The records as a clean file holds them (GOOD and REPAIRED by default); returns their ids."""
    kept = [r.read_as for r in records if r.kind in kinds_kept]
    with open(path, "w", encoding="utf-8") as fh:
        for rec in kept:
            fh.write(json.dumps(rec) + "\n")
    return [rec["id"] for rec in kept]


# -- random damage -------------------------------------------------------------------------------

NASTY = [b'"', b"\\", b"{", b"}", b"[", b"]", b",", b":", b"\x00", b"\x1b", b"\xff", b"\xe9", b"\xc3", b"\r",
         b"\\u0000", b"\\ud800", b"null", b"1e999", b"\xef\xbb\xbf"]


def mutate(rng: random.Random, line: bytes, rounds: int = 3) -> bytes:
    """``line`` damaged at random (never with a line feed, so it stays one line)."""
    data = bytearray(line)
    for _ in range(rng.randrange(1, rounds + 1)):
        op = rng.randrange(5)
        pos = rng.randrange(len(data) + 1)
        if op == 0 and data:
            data[min(pos, len(data) - 1)] = rng.choice([b for b in range(256) if b != 0x0A])
        elif op == 1:
            data[pos:pos] = rng.choice(NASTY)
        elif op == 2:
            del data[pos: pos + rng.randrange(1, 20)]
        elif op == 3:
            data[pos:pos] = data[max(0, pos - 30): pos]
        else:
            del data[pos:]
    return bytes(data)


# -- CSV -----------------------------------------------------------------------------------------

@dataclass
class CsvRecord:
    kind: str
    label: str
    text: bytes  # the record as it stands in the file (may span lines; ends with a line end)
    read_as: dict | None = None
    reason: str | None = None


def _csv_row(values: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(values)
    return out.getvalue().encode("utf-8")


def csv_records(seed: int = SEED, n: int = READER_RECORDS) -> list[CsvRecord]:
    """CSV records under the header ``id,date,text,source``: good ones (some quoted over several
    lines) and every kind of bad one, each costing only itself."""
    gen = Generator(random.Random(seed))
    rng = gen.rng

    def good(multiline: bool = False) -> CsvRecord:
        rec = gen.story_record()
        if multiline:
            rec["text"] = rec["text"].replace(". ", ".\n", 1) + ' "Quoted, with commas."'
        return CsvRecord(GOOD, "story", _csv_row([rec["id"], rec["date"], rec["text"], rec["source"]]), rec)

    def bad(label: str, reason: str, template: str) -> CsvRecord:
        """A bad record written from ``template`` (``{id}``, ``{date}``, ``{text}``, ``{source}``)."""
        row = template.format(**gen.story_record("bad")).encode("utf-8")
        return CsvRecord(BAD, label, row.replace(b"<E9>", b"\xe9"), None, reason)

    makers = [
        (20, lambda: good()),
        (5, lambda: good(multiline=True)),
        (2, lambda: bad("unterminated quote", "malformed CSV", '{id},{date},"{text},{source}\n')),
        (1, lambda: bad("text after a closing quote", "malformed CSV", '{id},{date},"{text}" more,x\n')),
        (2, lambda: bad("unquoted commas", "malformed CSV", "{id},{date},Iran, in a statement, denied it,{source}\n")),
        (2, lambda: bad("not UTF-8", "not UTF-8", "{id},{date},Caf<E9> owners said {text},{source}\n")),
        (1, lambda: bad("bad date", "bad date", "{id},1997-04-01garbage,{text},\n")),
        (1, lambda: bad("no text", "missing text", "{id},{date}\n")),
        (1, lambda: bad("no id", "missing id", ",{date},{text},x\n")),
    ]
    weights = [w for w, _ in makers]
    records = [make() for _, make in makers]
    while len(records) < n:
        records.append(rng.choices([m for _, m in makers], weights)[0]())
    rng.shuffle(records)
    return records


def write_csv(records: list[CsvRecord], path, *, bom: bool = False, crlf: bool = False) -> dict[int, CsvRecord]:
    """Write header and records; returns {line where each record starts: record}."""
    out = bytearray(b"\xef\xbb\xbf" if bom else b"")
    out += b"id,date,text,source\n"
    starts, line = {}, 2
    for r in records:
        starts[line] = r
        line += r.text.count(b"\n")
        out += r.text
    data = bytes(out).replace(b"\n", b"\r\n") if crlf else bytes(out)
    with open(path, "wb") as fh:
        fh.write(data)
    return starts


# -- CoNLL-U -------------------------------------------------------------------------------------

@dataclass
class ConlluDocument:
    """A CoNLL-U document; a BAD one has one damaged line, which costs its sentence or (a line of
    the document header) the whole document."""

    kind: str
    label: str
    lines: list[bytes]
    doc_id: str
    date: dt.date | None
    sentences: int
    bad_line: int | None = None  # index in ``lines`` of the line reported (BAD)

    @property
    def kept(self) -> int:
        """How many of its sentences the reader yields."""
        if self.bad_line is None:
            return self.sentences
        return 0 if self.lines[self.bad_line].startswith(b"#") else self.sentences - 1


def _tree(rng: random.Random, n: int) -> list[int]:
    """Heads of a random dependency tree over words 1..n."""
    order = list(range(1, n + 1))
    rng.shuffle(order)
    heads = [0] * (n + 1)
    for i, w in enumerate(order):
        heads[w] = 0 if i == 0 else rng.choice(order[:i])
    return heads[1:]


def conllu_documents(seed: int = SEED, n: int = 200) -> list[ConlluDocument]:
    """CoNLL-U documents: good ones (with multi-word tokens, empty nodes, comments) and bad ones,
    each with the line that must be reported."""
    gen = Generator(random.Random(seed))
    rng = gen.rng

    def sentence(words: list[str]) -> list[bytes]:
        heads = _tree(rng, len(words))
        out = [f"# text = {' '.join(words)}".encode()]
        if rng.random() < 0.2:
            out.append(f"1-2\t{words[0]}{words[1] if len(words) > 1 else ''}\t_\t_\t_\t_\t_\t_\t_\t_".encode())
        for i, (w, h) in enumerate(zip(words, heads), 1):
            out.append(f"{i}\t{w}\t{w.lower()}\tX\t_\t_\t{h}\t{'root' if h == 0 else 'dep'}\t_\t_".encode())
            if i == 1 and rng.random() < 0.1:
                out.append(b"1.1\tghost\tghost\tX\t_\t_\t_\t_\t0:root\t_")
        return out + [b""]

    def document(kind: str, label: str) -> ConlluDocument:
        doc_id = gen.next_id("c")
        date = dt.date.fromisoformat(gen.date())
        lines = [f"# doc_id = {doc_id}".encode(), f"# date = {date}".encode()]
        count = rng.randrange(1, 4)
        for _ in range(count):
            lines += sentence(gen.story().split(" ")[: rng.randrange(2, 9)])
        return ConlluDocument(kind, label, lines, doc_id, date, count)

    def damaged(label: str, damage: Callable[[ConlluDocument], int]) -> ConlluDocument:
        doc = document(BAD, label)
        doc.bad_line = damage(doc)
        return doc

    def word_lines(doc: ConlluDocument) -> list[int]:
        return [i for i, b in enumerate(doc.lines) if b[:1].isdigit() and b.split(b"\t")[0].isdigit()]

    def set_column(doc: ConlluDocument, column: int, value: bytes) -> int:
        i = rng.choice(word_lines(doc))
        cols = doc.lines[i].split(b"\t")
        cols[column] = value
        doc.lines[i] = b"\t".join(cols)
        return i

    def set_line(doc: ConlluDocument, i: int, line: bytes) -> int:
        doc.lines[i] = line
        return i

    def nine_columns(doc: ConlluDocument) -> int:
        i = rng.choice(word_lines(doc))
        return set_line(doc, i, doc.lines[i].rsplit(b"\t", 1)[0])

    makers = [
        (10, lambda: document(GOOD, "good")),
        (1, lambda: damaged("bad date", lambda d: set_line(d, 1, b"# date = 2020-13-45"))),
        (1, lambda: damaged("date with garbage", lambda d: set_line(d, 1, b"# date = 1997-04-01garbage"))),
        (1, lambda: damaged("not UTF-8", lambda d: set_column(d, 1, b"caf\xe9"))),
        (1, lambda: damaged("nine columns", nine_columns)),
        (1, lambda: damaged("head outside", lambda d: set_column(d, 6, b"99"))),
        (1, lambda: damaged("head not a number", lambda d: set_column(d, 6, b"x"))),
        (1, lambda: damaged("doc_id not UTF-8", lambda d: set_line(d, 0, d.lines[0] + b"\xff"))),
    ]
    weights = [w for w, _ in makers]
    docs = [make() for _, make in makers]
    while len(docs) < n:
        docs.append(rng.choices([m for _, m in makers], weights)[0]())
    rng.shuffle(docs)
    return docs


def write_conllu(docs: list[ConlluDocument], path, *, bom: bool = False, crlf: bool = False) -> dict[str, int]:
    """Write the documents; returns {doc_id: line number of its reported line} for BAD ones."""
    out, bad, line = [], {}, 1
    for d in docs:
        if d.bad_line is not None:
            bad[d.doc_id] = line + d.bad_line
        out += d.lines
        line += len(d.lines)
    end = b"\r\n" if crlf else b"\n"
    with open(path, "wb") as fh:
        fh.write((b"\xef\xbb\xbf" if bom else b"") + end.join(out) + end)
    return bad


# -- damaged parses ------------------------------------------------------------------------------

@dataclass
class DamagedParses:
    """A CoNLL-U file of real parses with one line damaged in some documents."""

    data: bytes
    reported: dict[int, str]  # line number -> what was damaged there
    lost_documents: set[str]  # a bad '# date' costs the whole document
    lost_sentences: set[tuple[str, int]]  # a bad word line costs its sentence: (doc_id, sentence_id)


def damage_parses(text: str, rng: random.Random, share: float = 0.5, *, bom: bool = True,
                  crlf: bool = True) -> DamagedParses:
    """Damage ``share`` of the documents of a CoNLL-U ``text`` (with ``# doc_id``, ``# date`` and
    ``# sent_id = DOC-N`` comments), one line each: an impossible date, a byte that is not UTF-8
    in a word, a word line with nine columns, or a head outside the sentence."""
    lines = [line.encode("utf-8") for line in text.split("\n")]
    docs: dict[str, dict] = {}
    doc = sentence = None
    for i, line in enumerate(lines):
        if line.startswith(b"# doc_id = "):
            doc = line.split(b"= ", 1)[1].decode()
            docs[doc] = {"date": None, "sentences": {}}
        elif line.startswith(b"# date = "):
            docs[doc]["date"] = i
        elif line.startswith(b"# sent_id = "):
            sentence = int(line.rsplit(b"-", 1)[1])
            docs[doc]["sentences"][sentence] = []
        elif line[:1].isdigit():
            docs[doc]["sentences"][sentence].append(i)
    reported, lost_documents, lost_sentences = {}, set(), set()
    for doc_id, d in docs.items():
        if rng.random() >= share:
            continue
        how = rng.choice(["date", "byte", "columns", "head"])
        if how == "date" and d["date"] is not None:
            lines[d["date"]] = b"# date = " + rng.choice([b"2020-13-45", b"1997-04-01garbage", b"2021-02-29"])
            reported[d["date"] + 1] = "impossible date"
            lost_documents.add(doc_id)
            continue
        sid = rng.choice(sorted(d["sentences"]))
        i = rng.choice(d["sentences"][sid])
        cols = lines[i].split(b"\t")
        if how == "byte":
            cols[1] += b"\xe9"
        elif how == "columns":
            cols = cols[:9]
        else:
            cols[6] = b"999"
        lines[i] = b"\t".join(cols)
        reported[i + 1] = how
        lost_sentences.add((doc_id, sid))
    end = b"\r\n" if crlf else b"\n"
    return DamagedParses((b"\xef\xbb\xbf" if bom else b"") + end.join(lines), reported, lost_documents, lost_sentences)
