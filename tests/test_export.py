"""Exports read back the way researchers load GDELT 1.0, ICEWS and Phoenix files."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from eventcoder.tables import dedupe as dataset, export
from eventcoder.errors import InputError

from test_dataset import ROWS, corpus_table

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE = SHARED / "reference"


@pytest.fixture()
def ds(tmp_path):
    pq.write_table(corpus_table(), tmp_path / "events.parquet")
    dataset.dedupe([tmp_path / "events.parquet"], tmp_path / "ds")
    return tmp_path / "ds"


def _reference_columns(name: str) -> list[str]:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"{path} not present (the shared reference tables live outside the repository)")
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [r[1].strip() for r in rows]


@pytest.mark.parametrize("name, columns", [
    ("gdelt-1.0-event-columns.tsv", export.GDELT_COLUMNS),
    ("icews-event-columns.tsv", export.ICEWS_COLUMNS),
    ("phoenix-event-columns.tsv", export.PHOENIX_COLUMNS),
])
def test_column_lists_match_the_published_layouts(name, columns):
    assert columns == _reference_columns(name)


def test_gdelt_export_reads_with_the_gdelt_column_list(ds, tmp_path):
    out = tmp_path / "20240305.export.CSV"
    assert export.export(ds, "gdelt", out) == 8
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 8 and all(line.count("\t") == 57 for line in lines)
    # as researchers load GDELT 1.0 daily files: no header, the 58 names, codes as strings
    df = pd.read_csv(out, sep="\t", header=None, names=export.GDELT_COLUMNS,
                     dtype={"EventCode": str, "EventBaseCode": str, "EventRootCode": str})
    assert df.shape == (8, 58)
    for col in ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass", "NumMentions",
                "NumSources", "NumArticles", "DATEADDED"):
        assert pd.api.types.is_integer_dtype(df[col]), col
    for col in ("FractionDate", "GoldsteinScale", "ActionGeo_Lat", "ActionGeo_Long"):
        assert pd.api.types.is_float_dtype(df[col]), col
    assert df.GLOBALEVENTID.is_unique
    a = df[(df.SQLDATE == 20240305) & (df.EventCode == "195")].iloc[0]
    assert (a.Actor1Code, a.Actor1CountryCode, a.Actor1Type1Code) == ("TURMIL", "TUR", "MIL")
    assert (a.Actor2Code, a.Actor2CountryCode, a.Actor2Type1Code) == ("SYRREB", "SYR", "REB")
    assert (a.NumMentions, a.NumSources, a.NumArticles, a.IsRootEvent) == (4, 3, 3, 1)
    assert (a.EventBaseCode, a.EventRootCode, a.QuadClass, a.GoldsteinScale) == ("195", "19", 4, -10.0)
    assert (a.MonthYear, a.Year, a.FractionDate) == (202403, 2024, 2024.1781)
    # the action location: a world city, FIPS country code
    assert (a.ActionGeo_Type, a.ActionGeo_FullName, a.ActionGeo_CountryCode) == (4, "Afrin, Syria", "SY")
    assert (a.ActionGeo_Lat, a.ActionGeo_Long, a.DATEADDED, a.SOURCEURL) == (36.51, 36.87, 20240305, "afp-0305-a")
    assert pd.isna(a.AvgTone) and a.Actor1Geo_Type == 0 and pd.isna(a.Actor1Geo_FullName)
    assert (df[df.EventCode != "195"].ActionGeo_Type == 0).all()
    # integer columns read as integers even with an explicit dtype map, as GDELT loaders give one
    typed = pd.read_csv(out, sep="\t", header=None, names=export.GDELT_COLUMNS,
                        dtype={c: "int64" for c in export.GDELT_INTEGER} | {"EventCode": str})
    assert typed.NumMentions.sum() == len(ROWS)
    b = df[df.EventCode == "1121"].iloc[0]
    assert (b.EventBaseCode, b.EventRootCode, b.IsRootEvent) == ("112", "11", 0)
    meeting = df[df.EventCode == "036"]
    assert list(meeting.SQLDATE) == [20240308, 20240402]
    assert df.NumMentions.sum() == len(ROWS)


def test_icews_export_has_its_header_and_names(ds, tmp_path):
    out = tmp_path / "icews.tab"
    export.export(ds, "icews", out)
    df = pd.read_csv(out, sep="\t", dtype={"CAMEO Code": str})
    assert list(df.columns) == export.ICEWS_COLUMNS and len(df) == 8
    a = df[df["CAMEO Code"] == "195"].iloc[0]
    assert (a["Event Date"], a["Source Sectors"], a["Source Country"], a["Target Country"]) == (
        "2024-03-05", "Military", "Turkey", "Syria")
    assert (a["Story ID"], a["Sentence Number"], a["Publisher"], a["City"], a["Country"]) == (
        "afp-0305-a", 1, "AFP", "Afrin", "Syria")
    assert a["Event Text"].startswith("Employ aerial weapons")
    assert a["Intensity"] == -10.0


def test_phoenix_export(ds, tmp_path):
    out = tmp_path / "phoenix.txt"
    export.export(ds, "phoenix", out)
    df = export.read_export(out, "phoenix")
    assert df.shape == (8, 26)
    a = df[(df.EventCode == "195") & (df.Day == 5)].iloc[0]
    assert (a.Date, a.SourceActorEntity, a.SourceActorRole, a.TargetActorEntity, a.PentaClass) == (
        20240305, "TUR", "MIL", "SYR", 4)
    assert (a.LocationName, a.CountryCode, a.SentenceID, a.NewsSources) == (
        "Afrin", "SYR", "afp-0305-a_1", "AFP;AP;Reuters")
    ev = pq.read_table(ds / "events.parquet").to_pandas()
    assert set(df.EventID) == set(ev.event_id)


def test_raw_event_table_exports_one_row_per_coded_sentence(tmp_path):
    pq.write_table(corpus_table(), tmp_path / "events.parquet")
    out = tmp_path / "raw.tsv"
    assert export.export(tmp_path / "events.parquet", "gdelt", out) == len(ROWS)
    df = export.read_export(out, "gdelt")
    assert (df.NumMentions == 1).all()


def test_export_cli_and_bad_input(ds, tmp_path, capsys):
    from eventcoder.cli.main import main

    assert main(["export", str(ds), "--format", "phoenix", "-o", str(tmp_path / "p.txt")]) == 0
    assert "8 events" in capsys.readouterr().out
    with pytest.raises(InputError, match="nowhere"):
        export.export(tmp_path / "nowhere", "gdelt", tmp_path / "x.tsv")
    assert not (tmp_path / "x.tsv").exists()


def test_partitioned_raw_events_export_with_the_partition_column(tmp_path):
    # the batch workflow's layout: hive partitions, the partition column absent from the files
    pq.write_to_dataset(corpus_table(), tmp_path / "events", partition_cols=["doc_source"])
    out = tmp_path / "phoenix.txt"
    assert export.export(tmp_path / "events", "phoenix", out) == len(ROWS)
    df = export.read_export(out, "phoenix")
    assert sorted(df.NewsSources) == sorted(r[4] for r in ROWS)


def _files(root: Path) -> dict:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("args", [
    ["{ds}", "-o", "{ds}/events.parquet"],
    ["{ds}", "-o", "{ds}/mentions.parquet"],
    ["{ds}/events.parquet", "-o", "{ds}/mentions.parquet"],
    ["{ds}/events.parquet", "-o", "{ds}/events.parquet"],
])
def test_export_over_the_dataset_is_refused(ds, tmp_path, capsys, args):
    from eventcoder.cli.main import main

    before = _files(tmp_path)
    capsys.readouterr()
    assert main(["export", "--format", "gdelt", *[a.format(ds=ds) for a in args]]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("eventcoder: error: ") and "give another -o" in err
    assert _files(tmp_path) == before
    assert export.export(ds, "gdelt", tmp_path / "still.tsv") == 8  # the dataset is whole


def test_export_into_the_dataset_directory_again(ds, capsys):
    from eventcoder.cli.main import main

    out = ds / "export" / "gdelt.tsv"
    for _ in range(2):
        assert main(["export", str(ds), "--format", "gdelt", "-o", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 8


def test_export_reads_only_the_tables_of_one_kind(ds, tmp_path, caplog):
    import logging

    # a directory of raw shards that also holds a dedupe dataset: the dataset is what export takes
    events = tmp_path / "events"
    table = corpus_table()
    for i in range(2):
        (events / f"shard=s{i}").mkdir(parents=True)
        pq.write_table(table.take(list(range(i, table.num_rows, 2))), events / f"shard=s{i}" / "part-0.parquet")
    dataset.dedupe([events], events / "ds")
    with caplog.at_level(logging.WARNING, logger="eventcoder"):
        assert export.export(events, "phoenix", tmp_path / "p.txt") == 8
    assert (tmp_path / "p.txt").read_bytes() == _export_bytes(ds, "phoenix", tmp_path / "ref.txt")
    messages = sorted(r.getMessage() for r in caplog.records)
    assert messages == [
        f"{events / 'ds' / 'mentions.parquet'}: skipped: the mentions table of a dataset written by dedupe, "
        "not a dataset table or event table",
        f"{events / 'shard=s0' / 'part-0.parquet'}: skipped: an event table, beside dataset tables",
        f"{events / 'shard=s1' / 'part-0.parquet'}: skipped: an event table, beside dataset tables",
    ]
    # a mentions table alone is no dataset
    with pytest.raises(InputError, match=r"mentions\.parquet: the mentions table of a dataset written by dedupe, "
                                         r"not a dataset table or event table"):
        export.export(ds / "mentions.parquet", "gdelt", tmp_path / "m.tsv")


def _export_bytes(ds, fmt, out):
    export.export(ds, fmt, out)
    return out.read_bytes()
