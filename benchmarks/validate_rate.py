"""``python benchmarks/validate_rate.py``: how fast ``eventcoder validate`` reads and runs a big suite.

It writes a synthetic PETRARCH validation suite of each size (default 10,000 and 100,000 records)
to a temporary file and times, in this process:

* **read**: :func:`eventcoder.validate.read_suite` alone, as records read per second;
* **validate**: what ``eventcoder validate SUITE --petrarch-dictionaries DIR`` does: read the
  suite, load the dictionaries its ``<Environment>`` names, code and score every record, and
  format the report.

The records are, by default, those of ``../shared/peers/petrarch/validation/unit-dev.ud.xml``
(read at run time, when present) repeated with fresh ids under that suite's ``<Environment>``,
coded with ``../shared/peers/petrarch/dictionaries``; without ../shared (or with
``--records own``) they are a few records written here (normal and self-closed ``<Sentence>``
tags, Freedonia and Sylvania) coded with the test dictionaries in ``tests/fixtures/petrarch``.

Prints one JSON line: ``{"records_from": ..., "sizes": {"10000": {"records", "file_mb", "read_s",
"records_read_per_s", "validate_s", "records_validated_per_s", "peak_rss_mb", ...}, ...}}``
(``peak_rss_mb``: this process's peak so far, so the sizes run smallest first).
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

from eventcoder.validate import (
    dictionaries_for_suite,
    format_report,
    read_suite,
    run_suite,
)

ROOT = Path(__file__).resolve().parents[1]

SHARED = ROOT.parent / "shared" / "peers" / "petrarch"
DEV_SUITE = SHARED / "validation" / "unit-dev.ud.xml"
FIXTURES = ROOT / "tests" / "fixtures" / "petrarch"

OWN_ENVIRONMENT = """<Environment>
    <Verbfile>verbs.txt</Verbfile>
    <Actorfile>actors.txt</Actorfile>
    <Agentfile>agents.txt</Agentfile>
    <Discardfile>discards.txt</Discardfile>
    <Include>valid BASIC SELF</Include>
</Environment>"""

# Made-up records: {k} is replaced by the copy number, which makes each id new.
OWN_RECORDS = [
    """<Sentence source="BASIC" date="19330101" id="BASIC_01-{k}" sentence="true">
<EventCoding eventcode="064" sourcecode="FRE" targetcode="SYL" />
<Text>Freedonia will restore diplomatic ties with Sylvania.</Text>
<Parse>
1	Freedonia	Freedonia	PROPN	NNP	_	3	nsubj	_	_
2	will	will	AUX	MD	_	3	aux	_	_
3	restore	restore	VERB	VB	_	0	root	_	_
4	diplomatic	diplomatic	ADJ	JJ	_	5	amod	_	_
5	ties	tie	NOUN	NNS	_	3	obj	_	_
6	with	with	ADP	IN	_	7	case	_	_
7	Sylvania	Sylvania	PROPN	NNP	_	3	obl	_	_
8	.	.	PUNCT	.	_	3	punct	_	_
</Parse></Sentence>
""",
    """<Sentence category="SELF" date="19330601" id="SELF_01-{k}" evaluate="true"/>
<EventCoding eventcode="190" sourcecode="FREMIL" targetcode="SYL" />
<Text>The Freedonian army attacked Sylvania on Monday.</Text>
<Parse>
1	The	the	DET	DT	_	3	det	_	_
2	Freedonian	Freedonian	ADJ	JJ	_	3	amod	_	_
3	army	army	NOUN	NN	_	4	nsubj	_	_
4	attacked	attack	VERB	VBD	_	0	root	_	_
5	Sylvania	Sylvania	PROPN	NNP	_	4	obj	_	_
6	on	on	ADP	IN	_	7	case	_	_
7	Monday	Monday	PROPN	NNP	_	4	obl	_	_
8	.	.	PUNCT	.	_	4	punct	_	_
</Parse>
""",
    """<Sentence source="BASIC" date="19330615" id="BASIC_02-{k}" sentence="true">
<!-- a comment inside the record -->
<EventCoding eventcode="111" sourcecode="FREGOV" targetcode="SYL" />
<Text>Firefly sharply criticized the government of Sylvania.</Text>
<Parse>
1	Firefly	Firefly	PROPN	NNP	_	3	nsubj	_	_
2	sharply	sharply	ADV	RB	_	3	advmod	_	_
3	criticized	criticize	VERB	VBD	_	0	root	_	_
4	the	the	DET	DT	_	5	det	_	_
5	government	government	NOUN	NN	_	3	obj	_	_
6	of	of	ADP	IN	_	7	case	_	_
7	Sylvania	Sylvania	PROPN	NNP	_	5	nmod	_	_
8	.	.	PUNCT	.	_	3	punct	_	_
</Parse></Sentence>
""",
    """<Sentence category="SELF" date="19330101" id="SELF_02-{k}" evaluate="true"/>
<EventCoding eventcode="040" sourcecode="FRE" targetcode="SYL" />
<EventCoding eventcode="040" sourcecode="SYL" targetcode="FRE" />
<Text>Freedonia met Sylvania in the capital.</Text>
<Parse>
1	Freedonia	Freedonia	PROPN	NNP	_	2	nsubj	_	_
2	met	meet	VERB	VBD	_	0	root	_	_
3	Sylvania	Sylvania	PROPN	NNP	_	2	obj	_	_
4	in	in	ADP	IN	_	6	case	_	_
5	the	the	DET	DT	_	6	det	_	_
6	capital	capital	NOUN	NN	_	2	obl	_	_
7	.	.	PUNCT	.	_	2	punct	_	_
</Parse>
""",
]


def dev_records() -> tuple[str, list[str]]:
    """The dev suite's <Environment> and its records, each with '-{k}' after its id."""
    text = DEV_SUITE.read_text(encoding="utf-8")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    environment = re.search(r"<Environment\b.*?</Environment\s*>", text, re.DOTALL).group(0)
    records = []
    for m in re.finditer(r"<Sentence\b.*?</Sentence\s*>", text, re.DOTALL):
        rec = m.group(0).replace("{", "{{").replace("}", "}}")
        records.append(re.sub(r'\bid="([^"]*)"', r'id="\1-{k}"', rec, count=1) + "\n")
    return environment, records


def write_suite(path: Path, environment: str, records: list[str], n: int) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("<?xml version='1.0' encoding='utf-8'?>\n<Validation>\n" + environment + "\n<Sentences>\n")
        fh.writelines(records[k % len(records)].format(k=f"{k:07d}") for k in range(n))
        fh.write("</Sentences>\n</Validation>\n")


def measure(path: Path, dictionaries_dir: Path) -> dict:
    t0 = time.perf_counter()
    suite = read_suite(path)
    read_s = time.perf_counter() - t0
    del suite
    t0 = time.perf_counter()
    suite = read_suite(path)
    d = dictionaries_for_suite(suite, dictionaries_dir)
    report = run_suite(suite, d)
    text = format_report(report, dictionaries=d)
    validate_s = time.perf_counter() - t0
    s = report.summary()
    n = len(suite.records)
    return {"records": n, "scored": s["records"], "exactly_right": s["exactly_right"],
            "file_mb": round(path.stat().st_size / 2**20, 1), "read_s": round(read_s, 2),
            "records_read_per_s": round(n / read_s), "validate_s": round(validate_s, 2),
            "records_validated_per_s": round(n / validate_s), "report_lines": text.count("\n") + 1,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated record counts (default: 10000,100000)")
    ap.add_argument("--records", choices=("dev", "own"), default="dev" if DEV_SUITE.is_file() else "own",
                    help="replicate the shared dev suite's records (default when present) or the ones written here")
    args = ap.parse_args(argv)
    if args.records == "dev":
        environment, records = dev_records()
        dictionaries_dir = SHARED / "dictionaries"
    else:
        environment, records, dictionaries_dir = OWN_ENVIRONMENT, OWN_RECORDS, FIXTURES
    sizes = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"suite-{n}.xml"
            write_suite(path, environment, records, n)
            print(f"validating {n:,} records ...", file=sys.stderr)
            sizes[str(n)] = measure(path, dictionaries_dir)
            path.unlink()
    print(json.dumps({"records_from": args.records, "sizes": sizes}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
