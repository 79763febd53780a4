"""The HTML summary report: content, filters, edge sizes, bad input, and the page as a browser draws it."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from eventcoder.dictionaries.ontology import load_ontology
from eventcoder.report.html import (
    QUAD_COLORS, GOLDSTEIN_COLOR, ReportError, find_chromium, screenshot, summarize, write_report,
)
from eventcoder.io.events import EVENT_SCHEMA

REPO = Path(__file__).resolve().parents[1]

# (doc, sentence no., sentence, event date, date phrase, source code, source text, target code, target text,
#  CAMEO code, verb).  Autumn 2020: the Nagorno-Karabakh war and the quarrels around it.
SAMPLE = [
    ("afp-0927", 1, "Syrian rebels killed two soldiers near Idlib on Sunday.", "2020-09-27", "on Sunday",
     "SYRREB", "Syrian rebels", "SYRMIL", "two soldiers", "190", "kill"),
    ("afp-0928", 1, "Erdogan pledged full support to Azerbaijan.", "2020-09-28", None,
     "TURGOV", "Erdogan", "AZE", "Azerbaijan", "051", "pledge"),
    ("afp-0929", 1, "Armenian forces shot down an Azerbaijani drone on Tuesday.", "2020-09-29", "on Tuesday",
     "ARMMIL", "Armenian forces", "AZEMIL", "an Azerbaijani drone", "190", "shoot"),
    ("rtr-1001", 1, "Iran offered to mediate between Armenia and Azerbaijan.", "2020-10-01", None,
     "IRNGOV", "Iran", "ARM", "Armenia", "039", "offer"),
    ("rtr-1001", 1, "Iran offered to mediate between Armenia and Azerbaijan.", "2020-10-01", None,
     "IRNGOV", "Iran", "AZE", "Azerbaijan", "039", "offer"),
    ("rtr-1002", 2, "Azerbaijan threatened to strike military targets inside Armenia.", "2020-10-02", None,
     "AZEGOV", "Azerbaijan", "ARM", "Armenia", "138", "threaten"),
    ("ap-1004", 1, "Azerbaijani forces shelled Stepanakert on Sunday.", "2020-10-04", "on Sunday",
     "AZEMIL", "Azerbaijani forces", "ARM", "Stepanakert", "194", "shell"),
    ("ap-1004", 3, "Turkish troops attacked Kurdish fighters near Afrin.", "2020-10-04", None,
     "TURMIL", "Turkish troops", "SYRREB", "Kurdish fighters", "190", "attack"),
    ("ap-1005", 1, "Armenia accused Azerbaijan of targeting civilians in Stepanakert.", "2020-10-05", None,
     "ARMGOV", "Armenia", "AZEGOV", "Azerbaijan", "112", "accuse"),
    ("afp-1006", 1, "Russia accused Turkey on Tuesday of sending Syrian fighters to Nagorno-Karabakh.",
     "2020-10-06", "on Tuesday", "RUS", "Russia", "TUR", "Turkey", "112", "accuse"),
    ("afp-1006", 2, "Damascus accused Ankara of fuelling the conflict.", "2020-10-06", None,
     "SYRGOV", "Damascus", "TURGOV", "Ankara", "112", "accuse"),
    ("afp-1006", 4, "Azerbaijan's president met the Turkish foreign minister in Baku on Tuesday.", "2020-10-06",
     "on Tuesday", "TURGOV", "the Turkish foreign minister", "AZEGOV", "Azerbaijan's president", "042", "meet"),
    ("rtr-1007", 1, "Turkey rejected the Russian accusations.", "2020-10-07", None,
     "TURGOV", "Turkey", "RUSGOV", "Russian", "120", "reject"),
    ("rtr-1007", 2, "Russia urged Turkey to help stop the fighting.", "2020-10-07", None,
     "RUSGOV", "Russia", "TURGOV", "Turkey", "0256", "urge"),
    ("rtr-1007", 3, "Russia accused Turkey of escalating the war.", "2020-10-07", None,
     "RUS", "Russia", "TUR", "Turkey", "112", "accuse"),
    ("tass-1009", 1, "Russia criticised Turkey's role in the conflict.", "2020-10-09", None,
     "RUS", "Russia", "TUR", "Turkey", "111", "criticize"),
    ("un-1008", 1, "The United Nations sent humanitarian aid to Armenia.", "2020-10-08", None,
     "IGOUNO", "The United Nations", "ARM", "Armenia", "073", "send"),
    ("rtr-1010", 1, "Azerbaijan and Armenia agreed to a humanitarian ceasefire on Saturday.", "2020-10-10",
     "on Saturday", "AZEGOV", "Azerbaijan", "ARMGOV", "Armenia", "0871", "agree"),
    ("rtr-1010", 1, "Azerbaijan and Armenia agreed to a humanitarian ceasefire on Saturday.", "2020-10-10",
     "on Saturday", "ARMGOV", "Armenia", "AZEGOV", "Azerbaijan", "0871", "agree"),
]


def event_rows(sample=SAMPLE) -> list[dict]:
    """Complete event records (every EVENT_SCHEMA column) for ``sample``."""
    onto = load_ontology()
    rows = []
    for i, (doc, sid, sentence, date, date_text, src, src_text, tgt, tgt_text, code, verb) in enumerate(sample):
        et = onto[code]
        day = dt.date.fromisoformat(date)
        rows.append({
            "event_id": f"ev{i:04d}", "doc_id": doc, "sentence_id": sid, "sentence": sentence,
            "doc_date": day, "event_date": day, "date_precision": "day",
            "date_source": "text" if date_text else "story", "date_text": date_text,
            "source_code": src, "source_text": src_text, "source_country": src[:3] if src[:3] != "IGO" else None,
            "source_agent": src[3:] or None,
            "target_code": tgt, "target_text": tgt_text, "target_country": tgt[:3] if tgt and tgt[:3] != "IGO" else None,
            "target_agent": (tgt or "")[3:] or None,
            "event_code": code, "event_root": et.root, "quad_class": et.quad_class, "goldstein": et.goldstein,
            "verb_lemma": verb, "matched_pattern": None, "doc_source": doc.split("-")[0].upper(),
            "coder_version": "0.1.0", "dictionary_fingerprint": "d1c7f00d",
        })
    return rows


def write_events(path: Path, rows: list[dict], summary: dict | None = None) -> Path:
    pq.write_table(pa.Table.from_pylist(rows, schema=EVENT_SCHEMA), path)
    if summary is not None:
        path.with_name(path.stem + ".summary.json").write_text(json.dumps(summary))
    return path


def chart_svg(html: str, chart_id: str) -> str:
    m = re.search(r'<svg[^>]*id="%s".*?</svg>' % chart_id, html, re.S)
    assert m, f"chart {chart_id} missing"
    return m.group(0)


def text_of(html: str) -> str:
    """The page's visible text, roughly: tags dropped, whitespace collapsed."""
    body = re.sub(r"<svg.*?</svg>|<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace("&amp;", "&")


@pytest.fixture()
def sample(tmp_path) -> Path:
    return write_events(tmp_path / "events.parquet", event_rows(),
                        summary={"documents": 14, "sentences": 60, "events": len(SAMPLE)})


def test_report_content(sample, tmp_path):
    out = write_report([sample], tmp_path / "out" / "report.html")
    html = out.read_text(encoding="utf-8")
    text = text_of(html)
    # totals: documents and sentences from events.summary.json, coding rate = 17 coded sentences of 60
    assert "Events 19 coded events" in text
    assert "Documents 14 12 with an event" in text
    assert "Sentences 60 17 with an event" in text
    assert "28.3% of sentences yield an event; 0.32 events per sentence" in text
    # CAMEO root names from dictionaries/cameo.txt, in the chart and the tables
    roots_svg = chart_svg(html, "chart-roots")
    for name in ("19 Fight", "11 Disapprove", "03 Express Intent To Cooperate", "20 Use Unconventional Mass Violence"):
        assert name in roots_svg
    assert "11 Disapprove ×3" in text  # RUS -> TUR: two accusations, a criticism
    # dyads: RUS -> TUR is the busiest pair; directed pairs kept apart
    dyads = re.search(r'<table id="dyad-table">.*?</table>', html, re.S).group(0)
    first = re.search(r"<tbody>\s*<tr>(.*?)</tr>", dyads, re.S).group(1)
    assert "RUS" in first and "TUR" in first and ">3<" in first
    assert "AZEGOV<span class=\"arrow\">→</span>ARMGOV" in dyads and "ARMGOV<span class=\"arrow\">→</span>AZEGOV" in dyads
    # most conflictual first, with the sentence escaped and the actors marked
    conflict = re.search(r'<table id="conflict-table">.*?</table>', html, re.S).group(0)
    conflict_text = text_of(conflict)
    assert conflict_text.index("Azerbaijani forces shelled Stepanakert") < conflict_text.index("Armenia accused Azerbaijan")
    assert '<mark class="src">Azerbaijani forces</mark> shelled <mark class="tgt">Stepanakert</mark>' in conflict
    assert "194</span> Fight with artillery and tanks" in conflict
    assert "“on Sunday”" in conflict
    # every event listed in date order: who did what to whom, when
    table = re.search(r'<table id="event-table">.*?</table>', html, re.S).group(0)
    assert table.count("<tr>") == 1 + 19  # header + every event
    listing = text_of(table)
    assert listing.index("2020-09-27") < listing.index("2020-10-06") < listing.index("2020-10-10")
    assert "2020-10-06 “on Tuesday” RUS Russia 112 Accuse, not specified below TUR Turkey -2.0" in listing
    # top sources with their phrases; time axis by day over a 13-day span
    assert "TURGOV" in text and "Erdogan" in text
    assert "Events per day by quad class" in text
    # self-contained: no scripts, no external resources
    assert "<script" not in html and "<link" not in html and not re.search(r'(src|href)="(https?:)?//', html)
    # no diagnostics next to the events: said so
    assert "Dictionary diagnostics Not available" in text


def test_charts_have_drawn_marks(sample, tmp_path):
    html = write_report(sample, tmp_path / "r.html").read_text(encoding="utf-8")
    time_svg = chart_svg(html, "chart-time")
    # one bar per day with events and quad class; the mean Goldstein line with its markers
    assert time_svg.count(QUAD_COLORS[4].lower()) + time_svg.count(QUAD_COLORS[4]) >= 5
    assert GOLDSTEIN_COLOR.lower() in time_svg.lower()
    assert "2020-10-06" in time_svg
    roots_svg = chart_svg(html, "chart-roots")
    assert len(re.findall(r"<path", roots_svg)) >= 20
    quads_svg = chart_svg(html, "chart-quads")
    assert all(c.lower() in quads_svg.lower() for c in QUAD_COLORS.values())
    assert quads_svg.count("<path") >= 4


def test_summarize_numbers(sample):
    s = summarize(sample)
    assert s["totals"]["events"] == 19
    assert s["totals"]["mean_goldstein"] == pytest.approx(sum(r["goldstein"] for r in event_rows()) / 19, abs=1e-4)
    by_root = {r["code"]: r["n"] for r in s["roots"]}
    assert by_root["19"] == 4 and by_root["11"] == 5 and by_root["08"] == 2 and by_root["20"] == 0
    assert [q["n"] for q in s["quads"]] == [5, 3, 7, 4]
    assert s["time"]["unit"] == "day" and len(s["time"]["rows"]) == 14  # 27 Sep .. 10 Oct, empty days included
    assert (s["dyads"][0]["source"], s["dyads"][0]["target"], s["dyads"][0]["n"]) == ("RUS", "TUR", 3)
    assert s["dyads"][0]["mix"][3]["n"] == 3 and s["dyads"][1]["n"] == 2  # ARMGOV -> AZEGOV: accusation, truce
    assert [(a["code"], a["n"]) for a in s["sources"][:2]] == [("RUS", 3), ("TURGOV", 3)]
    assert s["sources"][1]["texts"] == ["Erdogan", "Turkey", "the Turkish foreign minister"]
    assert s["conflict"][0]["goldstein"] == -10.0 and len(s["conflict"]) == 12  # the events scored below 0
    assert s["conflict"][-1]["event_code"] == "0256"


def test_filters(sample, tmp_path):
    arm = summarize(sample, country="arm")
    assert arm["totals"]["events"] == 8
    assert all("ARM" in (d["source"][:3], d["target"][:3]) for d in arm["dyads"])
    fight = summarize(sample, root="19")
    assert fight["totals"]["events"] == 4
    assert {e["event_code"] for e in fight["conflict"]} == {"190", "194"}
    week = summarize(sample, date_from="2020-10-04", date_to="2020-10-06")
    assert week["totals"]["events"] == 6
    assert summarize(sample, root="11,19", date_to="2020-10")["totals"]["events"] == 9
    html = write_report(sample, tmp_path / "f.html", country="TUR", root=11).read_text(encoding="utf-8")
    text = text_of(html)
    assert "source or target country TUR" in text and "CAMEO root 11 Disapprove" in text
    assert "Events 4 matching the filters, of 19 in the input" in text


def test_time_unit_follows_the_span(tmp_path):
    old = ("ap-2019", 1, "Saudi Arabia accused Iran of attacking tankers.", "2019-05-12", None,
           "SAU", "Saudi Arabia", "IRN", "Iran", "112", "accuse")
    s = summarize(write_events(tmp_path / "long.parquet", event_rows(SAMPLE + [old])))
    assert s["time"]["unit"] == "month"
    assert [r["label"] for r in s["time"]["rows"]][:2] == ["2019-05", "2019-06"] and len(s["time"]["rows"]) == 18
    assert s["time"]["rows"][-1]["n"] == 16 and s["time"]["rows"][1]["goldstein"] is None  # empty month: no mean
    summer = ("ap-0601", 1, "Armenia accused Azerbaijan of shelling Tavush.", "2020-06-01", None,
              "ARM", "Armenia", "AZE", "Azerbaijan", "112", "accuse")
    weeks = summarize(write_events(tmp_path / "weeks.parquet", event_rows([summer] + SAMPLE)))
    assert weeks["time"]["unit"] == "week" and weeks["time"]["rows"][0]["label"] == "2020-06-01"  # a Monday
    assert len(weeks["time"]["rows"]) == 19 and weeks["time"]["rows"][-1]["label"] == "2020-10-05"


def test_one_event(tmp_path):
    path = write_events(tmp_path / "one.parquet", event_rows(SAMPLE[9:10]))
    s = summarize(path)
    assert s["totals"]["events"] == 1 and s["time"]["unit"] == "day" and len(s["time"]["rows"]) == 1
    html = write_report(path, tmp_path / "one.html").read_text(encoding="utf-8")
    text = text_of(html)
    assert "1 event ·" in text
    assert "corpus size not known" in text  # no summary file: counts come from the events, and it says so
    assert "Russia accused Turkey" in text
    assert chart_svg(html, "chart-time").count("<path") >= 2


def test_undated_and_untargeted_events(tmp_path):
    rows = event_rows(SAMPLE[:3])
    for r in rows:
        r["event_date"] = None
    rows[0]["target_code"] = rows[0]["target_text"] = rows[0]["target_country"] = None
    path = write_events(tmp_path / "undated.parquet", rows)
    s = summarize(path)
    assert s["time"] is None and s["totals"]["undated"] == 3
    assert ("SYRREB", "") in {(d["source"], d["target"]) for d in s["dyads"]}  # no target: its own dyad
    assert "SYRMIL" not in {a["code"] for a in s["targets"]}
    text = text_of(write_report(path, tmp_path / "u.html").read_text(encoding="utf-8"))
    assert "No event has a date." in text and "SYRREB → —" in text
    # an older table without the column at all: reported, and the date filter refused with a reason
    nodate = tmp_path / "nodate.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=EVENT_SCHEMA).drop_columns(["event_date"]), nodate)
    assert summarize(nodate)["totals"]["events"] == 3
    with pytest.raises(ReportError, match=r"nodate\.parquet: no event_date column"):
        summarize(nodate, date_from="2020")


def test_no_events_match(sample, tmp_path):
    html = write_report(sample, tmp_path / "none.html", country="FRA", date_from="2021").read_text(encoding="utf-8")
    text = text_of(html)
    assert "No events match" in text and "19 events" in text and "source or target country FRA" in text
    assert 'class="chart"' not in html
    empty = write_events(tmp_path / "empty.parquet", [])
    text = text_of(write_report(empty, tmp_path / "empty.html").read_text(encoding="utf-8"))
    assert "No events match" in text and "no events at all" in text


def test_hive_dataset_and_several_inputs(tmp_path):
    rows = event_rows()
    table = pa.Table.from_pylist(rows, schema=EVENT_SCHEMA)
    ds.write_dataset(table, tmp_path / "events", format="parquet", partitioning=["event_root"],
                     partitioning_flavor="hive")
    assert (tmp_path / "events" / "event_root=03").is_dir()  # roots keep their two digits
    (tmp_path / "events" / "events.summary.json").write_text('{"documents": 12, "sentences": 60}')
    s = summarize(tmp_path / "events")
    assert s["totals"]["events"] == 19 and s["totals"]["sentences"] == 60
    assert {r["code"]: r["n"] for r in s["roots"]}["03"] == 2
    assert summarize(tmp_path / "events", root=3)["totals"]["events"] == 2
    # a file and a dataset together: counts add up; a summary missing for one input means none
    extra = write_events(tmp_path / "more.parquet", event_rows(SAMPLE[:2]), summary={"documents": 2, "sentences": 9})
    both = summarize([tmp_path / "events", extra])
    assert both["totals"]["events"] == 21 and both["totals"]["documents"] == 14 and both["totals"]["sentences"] == 69
    (tmp_path / "events" / "events.summary.json").unlink()
    assert summarize([tmp_path / "events", extra])["totals"]["documents"] is None


def test_diagnostics_next_to_events(sample, tmp_path):
    records = [{"kind": "uncoded_verb", "text": "bombard", "count": 7, "example": "Jets bombarded the town."},
               {"kind": "uncoded_verb", "text": "lambast", "count": 3},
               {"kind": "unmatched_actor", "text": "the Minsk Group", "count": 5},
               {"kind": "uncoded_verb", "text": "bombard", "count": 2}]
    pq.write_table(pa.Table.from_pylist(records), sample.with_name("events.diagnostics.parquet"))
    html = write_report(sample, tmp_path / "d.html").read_text(encoding="utf-8")
    text = text_of(html)
    assert "Most frequent uncoded verbs" in text and "Most frequent unmatched actor phrases" in text
    assert text.index("bombard Jets bombarded the town. 9") < text.index("lambast 3")
    assert "the Minsk Group 5" in text
    # given by the caller as {kind: {text: count}}
    s = summarize(sample, diagnostics={"unmatched_actors": {"Karabakh separatists": 4}})
    assert s["diagnostics"][0]["title"] == "Most frequent unmatched actor phrases"
    assert s["diagnostics"][0]["rows"][0] == {"text": "Karabakh separatists", "count": 4, "example": None}


def test_bad_inputs(tmp_path, sample):
    with pytest.raises(ReportError, match=r"nothere\.parquet: no such file"):
        write_report([tmp_path / "nothere.parquet"], tmp_path / "x.html")
    text = tmp_path / "notes.parquet"
    text.write_text("doc_id,sentence\n1,hello\n")
    with pytest.raises(ReportError, match=r"notes\.parquet: not a readable Parquet file"):
        write_report([text], tmp_path / "x.html")
    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({"a": [1, 2]}), other)
    with pytest.raises(ReportError, match=r"other\.parquet: not an eventcoder event table"):
        write_report([other], tmp_path / "x.html")
    (tmp_path / "emptydir").mkdir()
    with pytest.raises(ReportError, match=r"emptydir: no Parquet files"):
        write_report([tmp_path / "emptydir"], tmp_path / "x.html")
    for kwargs, message in [({"date_from": "last week"}, "--from 'last week': not a date"),
                            ({"root": "21"}, "--root '21'"), ({"country": "Turkey"}, "--country 'Turkey'"),
                            ({"date_from": "2020-10-09", "date_to": "2020-10-01"}, "is after")]:
        with pytest.raises(ReportError, match=re.escape(message)):
            write_report(sample, tmp_path / "x.html", **kwargs)
    sample.with_name("events.summary.json").write_text("{not json")
    with pytest.raises(ReportError, match=r"events\.summary\.json:1: not valid JSON"):
        write_report(sample, tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()


def _cli(argv: list[str]) -> int:
    from eventcoder.cli.main import main

    return main(argv)


def test_cli(sample, tmp_path, capsys):
    out = tmp_path / "cli.html"
    assert _cli(["report", str(sample), "-o", str(out), "--from", "2020-10", "--country", "TUR"]) == 0
    assert "source or target country TUR" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []  # written atomically
    capsys.readouterr()
    assert _cli(["report", str(tmp_path / "missing.parquet"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.parquet: no such file" in err and "Traceback" not in err
    assert _cli(["report", str(sample), "-o", str(out), "--root", "99"]) == 2
    assert "--root '99'" in capsys.readouterr().err


def test_module_cli_bad_file(tmp_path):
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 not really")
    proc = subprocess.run([sys.executable, "-m", "eventcoder", "report", str(bad), "-o", str(tmp_path / "r.html")],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "bad.parquet" in proc.stderr and "Traceback" not in proc.stderr


def test_million_events(tmp_path):
    """A million events: aggregated, not rendered row by row; bounded memory, small page, quick."""
    import numpy as np

    n = 1_000_000
    rng = np.random.default_rng(5)
    onto = load_ontology()
    codes = ["010", "036", "042", "051", "073", "0871", "112", "120", "138", "173", "190", "194", "183"]
    actors = ["RUS", "TUR", "TURGOV", "SYRGOV", "SYRREB", "ARMGOV", "AZEGOV", "ARMMIL", "AZEMIL", "IRN", "USA", "FRA"]

    def pick(values, typ=pa.string()):
        idx = pa.array(rng.integers(0, len(values), n).astype("int32"))
        return pa.DictionaryArray.from_arrays(idx, pa.array(values, typ)).cast(typ)

    code_idx = rng.integers(0, len(codes), n)
    cols = {name: pa.nulls(n, EVENT_SCHEMA.field(name).type) for name in EVENT_SCHEMA.names}
    cols.update({
        "event_id": pa.array(np.char.add("e", np.arange(n).astype(str)).astype(object)),
        "doc_id": pick([f"doc{i}" for i in range(5000)]),
        "sentence_id": pa.array(rng.integers(1, 30, n).astype("int32")),
        "sentence": pick(["Troops attacked the town.", "The minister met his counterpart."]),
        "event_date": pick([dt.date(2019, 1, 1) + dt.timedelta(days=d) for d in range(300)], pa.date32()),
        "source_code": pick(actors), "target_code": pick(actors), "source_text": pick(["Russia", "Ankara", "rebels"]),
        "event_code": pa.array([codes[i] for i in code_idx]),
        "event_root": pa.array([onto[codes[i]].root for i in code_idx]),
        "quad_class": pa.array([onto[codes[i]].quad_class for i in code_idx], pa.int8()),
        "goldstein": pa.array([onto[codes[i]].goldstein for i in code_idx], pa.float32()),
    })
    cols["source_country"] = pc.utf8_slice_codeunits(cols["source_code"], 0, 3)
    cols["target_country"] = pc.utf8_slice_codeunits(cols["target_code"], 0, 3)
    path = tmp_path / "big.parquet"
    pq.write_table(pa.table([cols[c] for c in EVENT_SCHEMA.names], schema=EVENT_SCHEMA), path)

    out = tmp_path / "big.html"
    # the child reports its own peak resident memory (VmHWM: the high-water mark of its address space,
    # which unlike ru_maxrss does not include the parent it was forked from)
    script = ("import sys\nfrom eventcoder.cli.main import main\nrc = main(['report'] + sys.argv[1:])\n"
              "hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
              "import resource\nu = resource.getrusage(resource.RUSAGE_SELF)\n"
              "print('cpu-s', u.ru_utime + u.ru_stime)\nprint('peak-kB', hwm[0] if hwm else -1)\nsys.exit(rc)")
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", script, str(path), "-o", str(out)], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr
    peak_mb = int(proc.stdout.split("peak-kB")[-1]) / 1024
    cpu = float(proc.stdout.split("cpu-s")[-1].split()[0])
    html = out.read_text(encoding="utf-8")
    print(f"1M events: {elapsed:.1f} s, {cpu:.1f} s CPU, peak {peak_mb:.0f} MB, page {len(html) / 1000:.0f} kB")
    assert peak_mb < 1024, f"peak memory {peak_mb:.0f} MB"
    # CPU time (a few seconds) rather than wall time alone, which a busy machine stretches
    assert cpu < 20 and elapsed < 60, f"took {elapsed:.1f} s, {cpu:.1f} s CPU"
    assert len(html) < 1_500_000
    text = text_of(html)
    assert "Events 1,000,000 coded events" in text and "Events per week" in text
    assert "The 50 most recent events" in text and text.count("2019-10-27") >= 50  # the last of 300 days
    assert html.count("<tr>") < 1000


@pytest.mark.skipif(find_chromium() is None, reason="no Chromium: install the Debian package 'chromium' to check "
                                                     "the report the way a reader sees it")
def test_report_in_browser(sample, tmp_path):
    import numpy as np
    from PIL import Image

    html = write_report(sample, tmp_path / "report.html")
    png = screenshot(html, tmp_path / "report.png", width=1280, height=2400)
    image = Image.open(png).convert("RGB")
    assert image.size == (1280, 2400)
    pixels = np.asarray(image).astype(int)  # rows x columns x RGB
    non_white = (pixels.sum(axis=2) < 735).mean()
    assert non_white > 0.04, f"page looks blank ({non_white:.1%} non-white pixels)"

    def near(color: str, region=pixels, tolerance: int = 24) -> int:
        target = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)])
        return int((np.abs(region - target) <= tolerance).all(axis=2).sum())

    # the charts were drawn: bars in each quad class colour, and the Goldstein line
    for quad, color in QUAD_COLORS.items():
        assert near(color) > 400, f"no bars of quad class {quad} ({color}) on the page"
    assert near(GOLDSTEIN_COLOR) > 150, "no mean Goldstein line on the page"
    # the time series chart (below the cards) holds bars of both conflict colours and the line
    chart = pixels[380:900]
    assert near(QUAD_COLORS[4], chart) > 400 and near(QUAD_COLORS[3], chart) > 400
    assert near(GOLDSTEIN_COLOR, chart) > 150
    # the CAMEO root chart further down has its bars too
    assert near(QUAD_COLORS[1], pixels[950:1450]) > 300


def test_report_reads_only_the_event_tables_of_a_directory(tmp_path, caplog):
    import logging

    from eventcoder.tables.dedupe import dedupe

    rows = event_rows()
    events = tmp_path / "events"
    for i in range(2):
        (events / f"shard=s{i}").mkdir(parents=True)
        write_events(events / f"shard=s{i}" / "part-0.parquet", rows[i::2])
    dedupe([events], events / "dataset")  # a dataset written inside the event directory
    pq.write_table(pa.Table.from_pylist([{"kind": "uncoded_verb", "text": "bombard", "count": 4}]),
                   events / "events.diagnostics.parquet")
    with caplog.at_level(logging.WARNING, logger="eventcoder"):
        s = summarize(events)
    assert s["totals"]["events"] == len(SAMPLE) and s["rows_in"] == len(SAMPLE)
    assert s["diagnostics"][0]["rows"][0]["text"] == "bombard"  # the side file is read as diagnostics
    assert sorted(r.getMessage() for r in caplog.records) == [
        f"{events / 'dataset' / 'events.parquet'}: skipped: the events table of a dataset written by dedupe, "
        "not an event table",
        f"{events / 'dataset' / 'mentions.parquet'}: skipped: the mentions table of a dataset written by dedupe, "
        "not an event table",
    ]


def test_report_of_a_dataset_directory_is_one_line(sample, tmp_path, capsys):
    from eventcoder.errors import InputError
    from eventcoder.tables.dedupe import dedupe

    dedupe([sample], tmp_path / "dataset")
    out = tmp_path / "r.html"
    assert _cli(["report", str(tmp_path / "dataset"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"eventcoder: error: {tmp_path / 'dataset'}: no event table found")
    assert "events.parquet: the events table of a dataset written by dedupe" in err and "Traceback" not in err
    assert not out.exists()
    with pytest.raises(InputError, match="read by export and aggregate"):
        write_report(tmp_path / "dataset", out)


def test_report_over_an_input_table_is_refused(tmp_path, capsys):
    rows = event_rows()
    (tmp_path / "events" / "shard=a").mkdir(parents=True)
    part = write_events(tmp_path / "events" / "shard=a" / "part-0.parquet", rows)
    before = part.read_bytes()
    assert _cli(["report", str(tmp_path / "events"), "-o", str(part)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "would overwrite a table of the input" in err and "give another -o" in err
    assert part.read_bytes() == before
    # a report written into the event directory is fine, again and again
    for _ in range(2):
        assert _cli(["report", str(tmp_path / "events"), "-o", str(tmp_path / "events" / "report.html")]) == 0
    assert summarize(tmp_path / "events")["totals"]["events"] == len(SAMPLE)
