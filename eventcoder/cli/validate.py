"""``eventcoder validate``: run a PETRARCH validation suite and score the coder."""
from __future__ import annotations

import json
import sys

from ..errors import EventcoderError
from .common import Formatter


def cmd_validate(args) -> int:
    from ..validate import (Report, dictionaries_for_suite, explain_result, format_report, read_suite, report_json,
                            run_suite)

    suite = read_suite(args.suite)
    d = dictionaries_for_suite(suite, args.petrarch_dictionaries, verbs=args.verbs, actors=args.actors,
                               agents=args.agents, discards=args.discards)
    report = run_suite(suite, d, score_all=args.all)
    explain_ids = set(args.explain or [])
    unknown = explain_ids - {r.record.id for r in report.results}
    if unknown:
        raise EventcoderError(f"{args.suite}: no record with id {', '.join(sorted(unknown))} (ids are the 'id' attributes of <Sentence>)")
    if args.json:
        data = report_json(report)
        if explain_ids:
            data["explain"] = {r.record.id: explain_result(r, d) for r in report.results if r.record.id in explain_ids}
        json.dump(data, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        if explain_ids:
            results = [r for r in report.results if r.record.id in explain_ids]
            text = format_report(Report(suite, results, report.dictionaries_name, report.dictionary_problems, report.seconds),
                                 dictionaries=d, explain_ids=explain_ids)
            print("\n".join(text.split("\nValidation of ")[0:1]))
        else:
            print(format_report(report, dictionaries=d, show_passing=args.verbose))
    return 0


def add_commands(subparsers) -> None:
    p = subparsers.add_parser(
        "validate", help="run a PETRARCH validation suite (XML with CoNLL-U parses) and score the coder",
        description="Code every <Sentence> of a PETRARCH validation file and compare with its <EventCoding> "
                    "elements. Prints each failing record (text, expected, got, why) and a summary: records "
                    "exactly right, event precision, recall and F1, per category (the category attribute, else the id prefix).",
        formatter_class=Formatter,
        epilog="examples:\n"
               "  eventcoder validate ../shared/peers/petrarch/validation/unit-dev.ud.xml \\\n"
               "      --petrarch-dictionaries ../shared/peers/petrarch/dictionaries\n"
               "  eventcoder validate SUITE.xml --petrarch-dictionaries DIR --json > report.json\n"
               "  eventcoder validate SUITE.xml --petrarch-dictionaries DIR --explain DEMO_02\n")
    p.add_argument("suite", metavar="SUITE.xml", help="validation file")
    p.add_argument("--petrarch-dictionaries", metavar="DIR",
                   help="code with the classic dictionaries in DIR named by the suite's <Environment> "
                        "(default: the project's own dictionaries)")
    p.add_argument("--verbs", metavar="FILE", help="verb file in DIR instead of the <Verbfile>")
    p.add_argument("--actors", metavar="FILE", help="actor file(s) in DIR, comma-separated, instead of the <Actorfile>")
    p.add_argument("--agents", metavar="FILE", help="agent file in DIR instead of the <Agentfile>")
    p.add_argument("--discards", metavar="FILE", help="discard file in DIR instead of the <Discardfile>")
    p.add_argument("--json", action="store_true", help='print one JSON object {"summary": ..., "records": [...]}')
    p.add_argument("--explain", metavar="ID", action="append", help="show why the coder coded record ID as it did (repeatable)")
    p.add_argument("--all", action="store_true", help='also score records with sentence="false" or outside <Include>')
    p.add_argument("-v", "--verbose", action="store_true", help="also print the records coded right")
    p.set_defaults(func=cmd_validate)
