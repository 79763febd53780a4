"""The validation-suite reader and runner: a sloppy fixture suite written for these tests
(tests/fixtures/petrarch/suite.xml) and, where ../shared is present, the UD-PETRARCH dev suite."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventcoder.dictionaries.petrarch import load_petrarch_dictionaries
from eventcoder.validate import category_of, dictionaries_for_suite, read_suite, report_json, run_suite

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "petrarch"
SHARED = ROOT.parent / "shared" / "peers" / "petrarch"
DEV = SHARED / "validation" / "unit-dev.ud.xml"


@pytest.fixture(scope="module")
def suite():
    return read_suite(FIX / "suite.xml")


def test_reads_sloppy_xml(suite):
    ids = [r.id for r in suite.records]
    # the id in a comment is not a record; the self-closed BASIC_02 keeps the children after it
    assert ids == ["BASIC_01", "BASIC_02", "DATE_01", "DATE_02", "ERROR_01", "BASIC_03", "BASIC_04", "BASIC_05",
                   "OTHER_01", "BASIC_06"]
    basic2 = suite.records[1]
    assert basic2.expected == [("FREMIL", "SYL", "190")] and basic2.sentence is not None
    assert basic2.text == "The Freedonian army attacked Sylvania."
    assert suite.environment["verbfile"] == "verbs.txt" and suite.include == {"VALID", "BASIC", "DATE", "ERROR"}
    problems = "\n".join(suite.problems)
    assert "stray text ignored: 'stray words between records'" in problems
    assert "suite.xml:130: record BASIC_06: bad date '1933-13-01'" in problems
    assert "suite.xml:134: ID and HEAD must be integers" in problems


def test_record_semantics(suite):
    by_id = {r.id: r for r in suite.records}
    assert by_id["BASIC_01"].expected == [("FRE", "SYL", "064")]  # the event with target '---' does not count
    assert by_id["ERROR_01"].error == "sentencediscard"
    assert by_id["BASIC_03"].noevents and by_id["BASIC_03"].expected == []
    assert by_id["BASIC_05"].skip_reason == 'sentence="false"'
    assert by_id["OTHER_01"].skip_reason == "category OTHER not in <Include>"
    assert by_id["BASIC_06"].skip_reason == "no readable parse"
    assert by_id["DATE_01"].sentence.doc_date.isoformat() == "1933-06-15"


def test_category_of():
    assert category_of("DEMO_02") == "DEMO" and category_of("AFP0808010569-6") == "AFP"
    assert category_of("FINAL-RECORD") == "FINAL" and category_of("TextCodes_2") == "TEXTCODES"


def test_run_and_score(suite):
    d = dictionaries_for_suite(suite, FIX)
    report = run_suite(suite, d)
    results = {r.record.id: r for r in report.results}
    assert results["BASIC_01"].correct and results["BASIC_01"].got == [("FRE", "SYL", "064")]
    assert results["BASIC_02"].got == [("FREMIL", "SYL", "190")]
    assert results["DATE_01"].got == [("FREGOV", "SYL", "111")]
    assert results["DATE_02"].got == [("FREELI", "SYL", "111")]
    assert results["ERROR_01"].correct and results["ERROR_01"].got == []  # rejected by the discard
    assert results["BASIC_03"].correct  # negated verb
    assert not results["BASIC_04"].correct  # the record expects too little on purpose
    s = report.summary()
    assert s["records"] == 7 and s["exactly_right"] == 6
    assert {k["id"] for k in s["skipped"]} == {"BASIC_05", "OTHER_01", "BASIC_06"}
    assert s["categories"]["DATE"]["exactly_right"] == 2
    assert 0 < s["precision"] < 1 and 0 < s["recall"] <= 1
    data = report_json(report)
    rec = next(r for r in data["records"] if r["id"] == "BASIC_02")
    assert rec == {"id": "BASIC_02", "category": "BASIC", "expected": [["FREMIL", "SYL", "190"]],
                   "got": [["FREMIL", "SYL", "190"]], "correct": True}
    assert json.loads(json.dumps(data))["summary"]["records"] == 7


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "eventcoder", *map(str, args)], capture_output=True, text=True, cwd=ROOT)


def test_cli_text_json_and_explain():
    r = _cli("validate", FIX / "suite.xml", "--petrarch-dictionaries", FIX)
    assert r.returncode == 0, r.stderr
    assert "FAIL BASIC_04" in r.stdout and "ok BASIC_01" not in r.stdout
    assert "records scored: 7 (skipped: 3), exactly right: 6" in r.stdout
    assert "why:" in r.stdout and "pattern:" in r.stdout
    assert "verbs.txt:27: bad event code [xyz]" in r.stdout  # dictionary lines skipped are listed
    r = _cli("validate", FIX / "suite.xml", "--petrarch-dictionaries", FIX, "--json")
    data = json.loads(r.stdout)
    assert set(data) == {"summary", "records"} and data["summary"]["exactly_right"] == 6
    r = _cli("validate", FIX / "suite.xml", "--petrarch-dictionaries", FIX, "--explain", "BASIC_01")
    assert "ok BASIC_01" in r.stdout and "pattern: - * TIES" in r.stdout and "via FREEDONIA" in r.stdout
    r = _cli("validate", FIX / "suite.xml", "--petrarch-dictionaries", FIX, "--explain", "NOPE")
    assert r.returncode != 0 and "no record with id NOPE" in r.stderr and "Traceback" not in r.stderr
    r = _cli("validate", FIX / "absent.xml")
    assert r.returncode != 0 and "absent.xml" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.skipif(not DEV.is_file(), reason="needs ../shared/peers/petrarch/validation/unit-dev.ud.xml")
def test_dev_suite_reads_and_runs():
    suite = read_suite(DEV)
    assert len(suite.records) == 148
    assert suite.environment["verbfile"] == "PETR.Validate.verbs.2.0.txt"
    d = dictionaries_for_suite(suite, SHARED / "dictionaries")
    report = run_suite(suite, d)
    s = report.summary()
    assert s["records"] == 145
    assert s["exactly_right"] >= 130  # measured: 134 of 145 (see the README)
