"""Deduplication and aggregates on a small corpus where several sources report the same events."""
from __future__ import annotations

import datetime as dt
import logging
import random
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eventcoder.errors import InputError
from eventcoder.io.events import EVENT_SCHEMA
from eventcoder.tables import dedupe as dataset
from eventcoder.tables.aggregate import aggregate

D = dt.date
SHELL = "Turkish artillery shelled Kurdish militia positions near Afrin on Tuesday."

# (event_id, doc_id, sentence_id, doc_date, doc_source, event_date, source, target, code, goldstein, quad, location)
AFRIN = ("Afrin", "Afrin", "SYR", 36.51, 36.87, "city")
SYRIA = ("Syria", "Syria", "SYR", 35.0, 38.5, "country")
ROWS = [
    # A: Turkey's army shells Syrian Kurdish militia on 5 March: AFP twice in one story, Reuters, and AP a day later
    ("afp-1-1", "afp-0305-a", 1, D(2024, 3, 5), "AFP", D(2024, 3, 5), "TURMIL", "SYRREB", "195", -10.0, 4, AFRIN),
    ("afp-1-4", "afp-0305-a", 4, D(2024, 3, 5), "AFP", D(2024, 3, 5), "TURMIL", "SYRREB", "195", -10.0, 4, AFRIN),
    ("rtr-1-2", "rtr-0305-x", 2, D(2024, 3, 5), "Reuters", D(2024, 3, 5), "TURMIL", "SYRREB", "195", -10.0, 4, SYRIA),
    ("ap-1-1", "ap-0306-q", 1, D(2024, 3, 6), "AP", D(2024, 3, 5), "TURMIL", "SYRREB", "195", -10.0, 4, None),
    # A': the same dyad and code, a new shelling on 7 March (Reuters only)
    ("rtr-2-1", "rtr-0307-y", 1, D(2024, 3, 7), "Reuters", D(2024, 3, 7), "TURMIL", "SYRREB", "195", -10.0, 4, AFRIN),
    # B: Washington accuses Moscow: AFP codes 112, Reuters the more specific 1121 (same root 11)
    ("afp-1-3", "afp-0305-a", 3, D(2024, 3, 5), "AFP", D(2024, 3, 5), "USAGOV", "RUSGOV", "112", -2.0, 3, None),
    ("rtr-1-5", "rtr-0305-x", 5, D(2024, 3, 5), "Reuters", D(2024, 3, 5), "USAGOV", "RUSGOV", "1121", -2.0, 3, None),
    # C: Iran criticises the US, two AFP stories on the same day (one source, two documents)
    ("afp-2-1", "afp-0306-b", 1, D(2024, 3, 6), "AFP", D(2024, 3, 6), "IRNGOV", "USA", "111", -2.0, 3, None),
    ("afp-3-2", "afp-0306-c", 2, D(2024, 3, 6), "AFP", D(2024, 3, 6), "IRNGOV", "USA", "111", -2.0, 3, None),
    # D: a protest with no target; E: a meeting reported by AP and Reuters, no event date in the text
    ("ap-2-3", "ap-0306-r", 3, D(2024, 3, 6), "AP", D(2024, 3, 6), "SYROPP", None, "141", -6.5, 3, None),
    ("ap-3-1", "ap-0308-s", 1, D(2024, 3, 8), "AP", None, "FRAGOV", "DEUGOV", "036", 4.0, 1, None),
    ("rtr-3-1", "rtr-0308-z", 1, D(2024, 3, 8), "Reuters", None, "FRAGOV", "DEUGOV", "036", 4.0, 1, None),
    # F: the same French-German meeting in April, to give aggregates a second month
    ("rtr-4-1", "rtr-0402-w", 1, D(2024, 4, 2), "Reuters", D(2024, 4, 2), "FRAGOV", "DEUGOV", "036", 4.0, 1, None),
]


def corpus_table(rows=ROWS) -> pa.Table:
    cols: dict[str, list] = {f.name: [] for f in EVENT_SCHEMA}
    for (eid, doc, sid, ddate, src, edate, s, t, code, gold, quad, loc) in rows:
        rec = {f.name: None for f in EVENT_SCHEMA}
        rec.update(
            event_id=eid, doc_id=doc, sentence_id=sid, doc_date=ddate, doc_source=src, event_date=edate,
            date_precision="day" if edate else None, date_source="text" if edate else None,
            sentence=f"{src} sentence {sid} of {doc}" if code != "195" else SHELL,
            source_code=s, source_country=s[:3], source_agent=s[3:] or None,
            target_code=t, target_country=t[:3] if t else None, target_agent=(t[3:] or None) if t else None,
            event_code=code, event_root=code[:2], quad_class=quad, goldstein=gold,
        )
        if loc:
            rec.update(location_text=loc[0], location_name=loc[1], location_country=loc[2], latitude=loc[3],
                       longitude=loc[4], location_precision=loc[5])
        for k, v in rec.items():
            cols[k].append(v)
    return pa.Table.from_pydict(cols, schema=EVENT_SCHEMA)


@pytest.fixture()
def corpus(tmp_path):
    path = tmp_path / "events.parquet"
    pq.write_table(corpus_table(), path)
    return path


def read(path):
    return pq.read_table(path).to_pandas()


def test_one_a_day_counts(corpus, tmp_path):
    info = dataset.dedupe([corpus], tmp_path / "ds")
    ev = read(tmp_path / "ds" / "events.parquet")
    assert info == {"mentions": len(ROWS), "events": len(ev)}
    assert len(ev) == 8  # A, A', B(112), B(1121), C, D, E, F
    ev = ev.set_index(["event_date", "source_code", "target_code", "event_code"], drop=False)
    a = ev.loc[(D(2024, 3, 5), "TURMIL", "SYRREB", "195")]
    assert (a.num_mentions, a.num_documents, a.num_sources) == (4, 3, 3)
    assert (a.first_doc_date, a.last_doc_date) == (D(2024, 3, 5), D(2024, 3, 6))
    assert a.doc_sources == "AFP;AP;Reuters"
    assert (a.first_doc_id, a.first_sentence_id, a.first_doc_source) == ("afp-0305-a", 1, "AFP")
    assert a.in_lead  # AFP and AP led their stories with it
    # the place most mentions name, at its finest precision
    assert (a.location_name, a.location_country, a.location_precision) == ("Afrin", "SYR", "city")
    a2 = ev.loc[(D(2024, 3, 7), "TURMIL", "SYRREB", "195")]
    assert (a2.num_mentions, a2.num_documents, a2.num_sources) == (1, 1, 1)
    c = ev.loc[(D(2024, 3, 6), "IRNGOV", "USA", "111")]
    assert (c.num_mentions, c.num_documents, c.num_sources) == (2, 2, 1)
    b = ev.loc[(D(2024, 3, 5), "USAGOV", "RUSGOV", "1121")]
    assert not b.in_lead and (b.first_doc_id, b.first_sentence_id) == ("rtr-0305-x", 5)
    # no event date in the text: the story date keys the event
    e = ev.loc[(D(2024, 3, 8), "FRAGOV", "DEUGOV", "036")]
    assert (e.num_mentions, e.num_sources, e.doc_sources) == (2, 2, "AP;Reuters")
    d = ev[ev.event_code == "141"].iloc[0]
    assert pd.isna(d.target_code) and d.num_mentions == 1
    assert ev.event_id.is_unique
    assert ev.num_mentions.sum() == len(ROWS)


def test_event_ids_follow_the_documented_recipe(corpus, tmp_path):
    dataset.dedupe([corpus], tmp_path / "ds")
    ev = read(tmp_path / "ds" / "events.parquet")
    for row in ev.itertuples():
        expected = dataset.event_key_id("day", "code", row.event_date.isoformat(), row.source_code,
                                        None if pd.isna(row.target_code) else row.target_code, row.event_code)
        assert row.event_id == expected


def test_mentions_trace_every_coded_sentence(corpus, tmp_path):
    dataset.dedupe([corpus], tmp_path / "ds")
    ev = read(tmp_path / "ds" / "events.parquet")
    mentions = read(tmp_path / "ds" / "mentions.parquet")
    assert sorted(mentions.mention_id) == sorted(r[0] for r in ROWS)
    assert set(mentions.event_id) == set(ev.event_id)
    counts = mentions.groupby("event_id").size()
    assert ev.set_index("event_id").num_mentions.sort_index().tolist() == counts.sort_index().tolist()
    a_id = ev[(ev.event_code == "195") & (ev.event_date == D(2024, 3, 5))].event_id.iloc[0]
    a = mentions[mentions.event_id == a_id]
    assert set(zip(a.doc_id, a.sentence_id)) == {("afp-0305-a", 1), ("afp-0305-a", 4), ("rtr-0305-x", 2),
                                                 ("ap-0306-q", 1)}
    assert (a.sentence == SHELL).all()


def test_shuffled_and_split_input_gives_identical_tables(corpus, tmp_path):
    dataset.dedupe([corpus], tmp_path / "ref")
    rows = list(ROWS)
    random.Random(3).shuffle(rows)
    pq.write_table(corpus_table(rows[:6]), tmp_path / "part1.parquet")
    # the rest as a hive-partitioned directory, as the batch workflow writes it
    pq.write_to_dataset(corpus_table(rows[6:]), tmp_path / "batch", partition_cols=["doc_source"])
    dataset.dedupe([tmp_path / "batch", tmp_path / "part1.parquet"], tmp_path / "shuffled")
    for name in ("events.parquet", "mentions.parquet"):
        ref = pq.read_table(tmp_path / "ref" / name)
        got = pq.read_table(tmp_path / "shuffled" / name)
        assert got.schema.equals(ref.schema)
        assert got.equals(ref), name
        # and the files themselves are byte for byte the same
        assert (tmp_path / "ref" / name).read_bytes() == (tmp_path / "shuffled" / name).read_bytes()


def test_story_window_is_one_a_story(corpus, tmp_path):
    dataset.dedupe([corpus], tmp_path / "ds", window="story")
    ev = read(tmp_path / "ds" / "events.parquet")
    shell = ev[ev.event_code == "195"].set_index("first_doc_id")
    # AFP's two sentences fold into one; each other story keeps its own row
    assert shell.num_mentions.to_dict() == {"afp-0305-a": 2, "rtr-0305-x": 1, "ap-0306-q": 1, "rtr-0307-y": 1}
    assert len(ev) == 12
    first = ev[ev.first_doc_id == "ap-0306-q"].iloc[0]
    assert first.event_id == dataset.event_key_id("story", "code", "ap-0306-q", "TURMIL", "SYRREB", "195")


def test_root_level_merges_codes_of_one_root(corpus, tmp_path):
    dataset.dedupe([corpus], tmp_path / "ds", level="root")
    ev = read(tmp_path / "ds" / "events.parquet")
    assert len(ev) == 7
    b = ev[ev.event_root == "11"]
    b = b[b.source_code == "USAGOV"].iloc[0]
    assert b.num_mentions == 2 and b.num_sources == 2
    # a tie between 112 and 1121 goes to the smaller code; the mentions keep their own codes
    assert b.event_code == "112"
    mentions = read(tmp_path / "ds" / "mentions.parquet")
    assert sorted(mentions[mentions.event_id == b.event_id].event_code) == ["112", "1121"]


def test_bad_inputs_name_the_file(tmp_path):
    junk = tmp_path / "junk.parquet"
    junk.write_text("not parquet")
    with pytest.raises(InputError, match="junk.parquet"):
        dataset.dedupe([junk], tmp_path / "out")
    with pytest.raises(InputError, match="missing.parquet: no such file"):
        dataset.dedupe([tmp_path / "missing.parquet"], tmp_path / "out")
    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({"x": [1, 2]}), other)
    with pytest.raises(InputError, match="other.parquet: not an eventcoder event table"):
        dataset.dedupe([other], tmp_path / "out")
    with pytest.raises(InputError, match="other.parquet"):
        aggregate(other, by="month")
    assert not (tmp_path / "out" / "events.parquet").exists()


def _pandas_aggregate(events: pd.DataFrame, by: str, src: str, tgt: str, deduped: bool) -> pd.DataFrame:
    """An independent pandas implementation of the aggregate table."""
    ev = events.copy()
    date = pd.to_datetime(ev.event_date).fillna(pd.to_datetime(ev.first_doc_date if deduped else ev.doc_date))
    if by == "day":
        period = date
    elif by == "week":
        period = date - pd.to_timedelta(date.dt.day_of_week, unit="D")
    elif by == "month":
        period = date.dt.to_period("M").dt.start_time
    else:
        period = date.dt.to_period("Y").dt.start_time
    ev["period"] = period.dt.date
    ev["source"], ev["target"] = ev[src], ev[tgt]
    ev["m"] = ev.num_mentions if deduped else 1
    for q in range(1, 5):
        ev[f"quad{q}"] = (ev.quad_class == q).astype(int)
    for r in range(1, 21):
        ev[f"root{r:02d}"] = (ev.event_root == f"{r:02d}").astype(int)
    g = ev.groupby(["source", "target", "period"], dropna=False)
    out = g[[f"quad{q}" for q in range(1, 5)] + [f"root{r:02d}" for r in range(1, 21)]].sum()
    out["events"] = g.size()
    out["mentions"] = g.m.sum()
    out["goldstein_sum"] = g.goldstein.sum()
    out["goldstein_mean"] = g.goldstein.mean()
    return out.reset_index()


@pytest.mark.parametrize("by", ["day", "week", "month", "year"])
@pytest.mark.parametrize("level", ["country", "actor"])
def test_aggregates_equal_an_independent_pandas_groupby(corpus, tmp_path, by, level):
    dataset.dedupe([corpus], tmp_path / "ds")
    out = tmp_path / f"agg-{by}-{level}.parquet"
    table = aggregate(tmp_path / "ds", by=by, level=level, output=out)
    got = pq.read_table(out).to_pandas()
    assert pq.read_table(out).equals(table)
    src, tgt = ("source_country", "target_country") if level == "country" else ("source_code", "target_code")
    for deduped, events, result in (
        (True, read(tmp_path / "ds" / "events.parquet"), got),
        (False, read(corpus), aggregate(corpus, by=by, level=level).to_pandas()),
    ):
        expected = _pandas_aggregate(events, by, src, tgt, deduped)
        key = ["source", "target", "period"]
        a = result.sort_values(key, na_position="last").reset_index(drop=True)
        b = expected.sort_values(key, na_position="last").reset_index(drop=True)[a.columns]
        assert len(a) == len(b)
        pd.testing.assert_frame_equal(a, b, check_dtype=False, check_exact=False)
    if by == "month" and level == "country":
        fra = got[(got.source == "FRA") & (got.target == "DEU")]
        assert list(fra.period) == [D(2024, 3, 1), D(2024, 4, 1)]
        assert list(fra.events) == [1, 1] and list(fra.mentions) == [2, 1] and list(fra.root03) == [1, 1]
        tur = got[(got.source == "TUR")].iloc[0]
        assert (tur.events, tur.mentions, tur.quad4, tur.root19, tur.goldstein_sum) == (2, 5, 2, 2, -20.0)


def test_cli_commands(corpus, tmp_path, capsys):
    from eventcoder.cli.main import main

    assert main(["dedupe", str(corpus), "-o", str(tmp_path / "ds"), "--window", "day"]) == 0
    assert "13 coded events -> 8 dataset events" in capsys.readouterr().out
    assert main(["aggregate", str(tmp_path / "ds"), "--by", "week", "-o", str(tmp_path / "w.csv")]) == 0
    weekly = pd.read_csv(tmp_path / "w.csv")
    assert weekly.events.sum() == 8 and weekly.mentions.sum() == len(ROWS)


def test_empty_event_table(tmp_path):
    pq.write_table(corpus_table([]), tmp_path / "none.parquet")
    assert dataset.dedupe([tmp_path / "none.parquet"], tmp_path / "ds") == {"mentions": 0, "events": 0}
    assert pq.read_table(tmp_path / "ds" / "events.parquet").schema.equals(dataset.DATASET_SCHEMA)
    assert aggregate(tmp_path / "ds", by="year").num_rows == 0


def benchmark_module():
    """benchmarks/tables.py (a script outside the package), loaded from its file."""
    import importlib.util

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location("benchmark_tables", ROOT / "benchmarks" / "tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_table_is_valid_and_dedupes(tmp_path):
    table = benchmark_module().make_benchmark_events(2000)
    assert table.schema.equals(EVENT_SCHEMA)
    pq.write_table(table, tmp_path / "b.parquet")
    info = dataset.dedupe([tmp_path / "b.parquet"], tmp_path / "ds")
    assert info["mentions"] == 2000 and 900 <= info["events"] <= 1000


@pytest.mark.parametrize("command", [
    ["dedupe", "{junk}", "-o", "{out}"],
    ["aggregate", "{junk}", "--by", "month", "-o", "{out}/agg.parquet"],
    ["export", "{junk}", "--format", "gdelt", "-o", "{out}/gdelt.tsv"],
])
def test_cli_bad_input_is_one_line_and_exit_code_2(tmp_path, command):
    import subprocess
    import sys

    junk = tmp_path / "broken.parquet"
    junk.write_bytes(b"PAR1 this is not really parquet")
    args = [a.format(junk=junk, out=tmp_path / "out") for a in command]
    r = subprocess.run([sys.executable, "-m", "eventcoder", *args], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "broken.parquet" in lines[0]


# ------------------------------------------------------------------ which inputs are event tables


def write_shards(directory, table, n=3):
    """``table`` split into the shard layout of ``code --dataset`` (DIR/shard=NAME/part-0.parquet)."""
    for i in range(n):
        part = directory / f"shard=news-{i}" / "part-0.parquet"
        part.parent.mkdir(parents=True)
        pq.write_table(table.take(list(range(i, table.num_rows, n))), part)
    return directory


@pytest.fixture()
def made_dataset(corpus, tmp_path):
    """A dataset directory as `make dataset` leaves it: dedupe's tables and an aggregate."""
    from eventcoder.cli.main import main

    ds = tmp_path / "dataset"
    assert main(["dedupe", str(corpus), "-o", str(ds)]) == 0
    assert main(["aggregate", str(ds), "-o", str(ds / "aggregates" / "country-month.parquet")]) == 0
    return ds


def test_dedupe_of_a_dataset_directory_says_what_it_holds(made_dataset, tmp_path, capsys):
    from eventcoder.cli.main import main

    capsys.readouterr()
    assert main(["dedupe", str(made_dataset), "-o", str(tmp_path / "again")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"eventcoder: error: {made_dataset}: no event table found")
    for name in ("events.parquet: the events table of a dataset", "mentions.parquet: the mentions table",
                 "aggregates/country-month.parquet: an aggregate table"):
        assert name in err
    assert "read by export and aggregate" in err
    assert not (tmp_path / "again").exists()
    with pytest.raises(InputError, match="events.parquet: the events table of a dataset written by dedupe, "
                                         "not an event table"):
        dataset.dedupe([made_dataset / "events.parquet"], tmp_path / "again")


def test_dedupe_reads_only_the_event_tables_of_a_directory(corpus, tmp_path, caplog):
    dataset.dedupe([corpus], tmp_path / "ref")
    events = write_shards(tmp_path / "events", corpus_table())
    dataset.dedupe([events], events / "dataset")  # a dataset left inside the event directory
    (events / "shard=news-0" / "notes.parquet").write_text("not parquet")
    with caplog.at_level(logging.WARNING, logger="eventcoder"):
        info = dataset.dedupe([events], tmp_path / "again")
    assert info == {"mentions": len(ROWS), "events": 8}
    for name in ("events.parquet", "mentions.parquet"):
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "ref" / name).read_bytes()
    assert sorted(r.getMessage() for r in caplog.records) == [
        f"{events / 'dataset' / 'events.parquet'}: skipped: the events table of a dataset written by dedupe, "
        "not an event table",
        f"{events / 'dataset' / 'mentions.parquet'}: skipped: the mentions table of a dataset written by dedupe, "
        "not an event table",
        f"{events / 'shard=news-0' / 'notes.parquet'}: skipped: not a readable Parquet file (Parquet magic bytes "
        "not found in footer. Either the file is corrupted or this is not a parquet file.)",
    ]


def test_hive_partition_keys_keep_the_event_table_types(corpus, tmp_path):
    # event_root=03 is the root '03' (a reader guessing types would make it the number 3)
    pq.write_to_dataset(corpus_table(), tmp_path / "by-root", partition_cols=["event_root"])
    dataset.dedupe([corpus], tmp_path / "ref", level="root")
    dataset.dedupe([tmp_path / "by-root"], tmp_path / "hive", level="root")
    ev = read(tmp_path / "hive" / "events.parquet")
    assert "03" in set(ev.event_root)
    assert (tmp_path / "hive" / "events.parquet").read_bytes() == (tmp_path / "ref" / "events.parquet").read_bytes()


def test_aggregate_reads_a_dataset_directory_without_warnings(made_dataset, caplog):
    with caplog.at_level(logging.WARNING, logger="eventcoder"):
        table = aggregate(made_dataset, by="month")
    assert caplog.records == []
    assert sum(table["mentions"].to_pylist()) == len(ROWS) and sum(table["events"].to_pylist()) == 8


# ------------------------------------------------------------------ outputs that would destroy inputs


@pytest.mark.parametrize("command, victim", [
    (["dedupe", "{events}", "-o", "{events}"], "{events}/shard=news-1/part-0.parquet"),
    (["dedupe", "{corpus}", "-o", "{corpus_dir}"], "{corpus}"),
    (["aggregate", "{ds}", "-o", "{ds}/events.parquet"], "{ds}/events.parquet"),
    (["aggregate", "{ds}", "-o", "{ds}/mentions.parquet"], "{ds}/mentions.parquet"),
    (["aggregate", "{ds}/events.parquet", "-o", "{ds}/mentions.parquet"], "{ds}/mentions.parquet"),
    (["aggregate", "{events}", "-o", "{events}/shard=news-1/part-0.parquet"], "{events}/shard=news-1/part-0.parquet"),
])
def test_an_output_that_would_destroy_an_input_is_refused(made_dataset, corpus, tmp_path, capsys, command, victim):
    from eventcoder.cli.main import main

    names = {"events": write_shards(tmp_path / "events", corpus_table()), "corpus": corpus,
             "corpus_dir": corpus.parent, "ds": made_dataset}
    victim = Path(victim.format(**names))
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main([a.format(**names) for a in command]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("eventcoder: error: ") and "give another -o" in err
    assert victim.read_bytes() == before[victim]
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_outputs_inside_a_dataset_directory_are_fine(made_dataset, capsys):
    from eventcoder.cli.main import main

    target = made_dataset / "aggregates" / "actor-week.parquet"
    for _ in range(2):  # written again: an aggregate is no input table
        assert main(["aggregate", str(made_dataset), "--by", "week", "--level", "actor", "-o", str(target)]) == 0
    assert pq.read_table(target).num_rows > 0
    assert pq.read_table(made_dataset / "events.parquet").num_rows == 8
