"""eventcoder evaluate: scoring coded events against hand-coded stories (made-up stories)."""
from __future__ import annotations

import json

import pyarrow as pa
import pytest

from eventcoder.errors import InputError
from eventcoder.evaluate import evaluate_files, read_gold
from eventcoder.io.events import EVENT_SCHEMA

GOLD = [
    {"id": "s1", "date": "2020-01-01", "events": [
        {"sentence": 1, "quote": "Russia accused NATO of expanding.", "source": "RUS", "target": "IGOWSTNAT", "code": "112"},
        {"sentence": 2, "quote": "France and Germany met.", "source": "FRAGOV", "target": "DEUGOV", "code": "040"},
        {"sentence": 2, "quote": "France and Germany met.", "source": "DEUGOV", "target": "FRAGOV", "code": "040"},
        {"sentence": 3, "quote": "Police may have detained them.", "source": "FRACOP", "target": "FRACVL", "code": "173",
         "optional": True}],
     "monadic": [{"sentence": 4, "quote": "A bomb exploded.", "source": "", "target": "IRQ", "code": "183"}]},
    {"id": "s2", "date": "2020-01-02", "events": []},
]


def events_table(rows):
    cols = {n: [] for n in EVENT_SCHEMA.names}
    for i, (doc, sid, src, code, tgt) in enumerate(rows):
        row = {n: None for n in EVENT_SCHEMA.names}
        row.update(event_id=f"e{i}", doc_id=doc, sentence_id=sid, sentence=f"sentence {sid}", source_code=src,
                   target_code=tgt, event_code=code)
        for n in cols:
            cols[n].append(row[n])
    return pa.table(cols, schema=EVENT_SCHEMA)


@pytest.fixture
def files(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(g) + "\n" for g in GOLD), encoding="utf-8")
    import pyarrow.parquet as pq

    events = tmp_path / "events.parquet"
    pq.write_table(events_table([
        ("s1", 1, "RUSGOV", "1121", "IGOWSTNAT"),   # matches RUS 112 at country+root, not at the fine level
        ("s1", 2, "FRAGOV", "040", "DEUGOV"),       # matches
        ("s1", 3, "FRACOP", "173", "FRACVL"),       # absorbed by the optional event
        ("s1", 4, "", "183", "IRQ"),                # one-sided: only with --monadic
        ("s2", 1, "USA", "190", "IRQ"),             # extra
        ("other", 1, "USA", "190", "IRQ"),          # not a gold story: ignored
    ]), events)
    (tmp_path / "events.summary.json").write_text(json.dumps({"sentences": 20}))
    return gold, events


def test_country_and_root_level(files):
    ev = evaluate_files(*files)
    s = ev.summary()
    assert (s["matched"], s["missed"], s["extra"], s["absorbed_by_optional"]) == (2, 1, 1, 1)
    assert s["precision"] == round(2 / 3, 3) and s["recall"] == round(2 / 3, 3)
    assert s["one_sided_coded"] == 1
    assert s["events_per_100_sentences"] == 25.0 and s["one_sided_per_100_sentences"] == 5.0
    [missed] = [e for st in ev.stories for e in st.missed]
    assert (missed.source, missed.target) == ("DEUGOV", "FRAGOV")


def test_fine_level_and_monadic(files):
    assert evaluate_files(*files, fine=True).summary()["matched"] == 1
    mono = evaluate_files(*files, monadic=True).summary()
    assert mono["matched"] == 3 and mono["gold_required"] == 4


def test_cli_diff_lists_missed_and_extra_with_sentences(files, capsys):
    from eventcoder.cli.main import main

    assert main(["evaluate", str(files[0]), str(files[1]), "--diff"]) == 0
    out = capsys.readouterr().out
    assert "precision 0.667, recall 0.667" in out
    assert "missed  #2 DEUGOV 040 FRAGOV   France and Germany met." in out
    assert "extra   #1 USA 190 IRQ   sentence 1" in out
    assert main(["evaluate", str(files[0]), str(files[1]), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["f1"] == round(2 / 3, 3)


def test_bad_gold_files_name_the_line(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "events": []}\n{not json\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:2: not a JSON object"):
        read_gold(bad)
    from eventcoder.cli.main import main

    assert main(["evaluate", str(bad), str(tmp_path / "none.parquet")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.jsonl:2" in err


def test_the_shared_scorer_agrees(files, shared_dir):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(shared_dir / "gold" / "score_events.py"), *map(str, files)],
                         capture_output=True, text=True, check=True).stdout
    theirs = json.loads(out)
    ours = evaluate_files(*files).summary()
    assert (theirs["precision"], theirs["recall"], theirs["matched"]) == (ours["precision"], ours["recall"], ours["matched"])
