"""``eventcoder dict``: lint, stats and candidates for dictionary maintainers."""
from __future__ import annotations

import json
import sys

from .common import Formatter


def add_commands(subparsers) -> None:
    from ..dictionaries.ontology import DICTIONARY_DIR

    parser = subparsers.add_parser(
        "dict", help="check and explore dictionaries (lint, stats, candidates)",
        description="Tools for dictionary maintainers.",
        formatter_class=Formatter,
        epilog="examples:\n"
               "  eventcoder dict lint\n"
               "  eventcoder dict lint my-dictionaries/ --warnings\n"
               "  eventcoder dict stats --json\n"
               "  eventcoder dict candidates outputs/cache/parses.sqlite --top 40\n"
               "  eventcoder dict candidates examples/sample.conllu --min-count 2 --json > todo.json",
    )
    sub = parser.add_subparsers(dest="dict_command", metavar="SUBCOMMAND")

    p = sub.add_parser("lint", help="find malformed, duplicate, conflicting and overlapping entries",
                       description="Check a dictionary directory. Errors: lines the loader cannot read (not "
                                   "UTF-8, binary, malformed), unknown CAMEO event codes, one name with "
                                   "conflicting codes, overlapping date ranges with different codes, names that "
                                   "are common English words, lexicon sections unknown, missing or empty. "
                                   "Warnings: duplicates with the same codes, code shapes no country/region/type "
                                   "explains, lexicon words not in lower case or listed twice. Every finding is "
                                   "one line 'FILE:LINE: error|warning: what'. Exit status 1 when there are "
                                   "errors, 0 when there are only warnings, 2 when the directory cannot be "
                                   "loaded at all.",
                       formatter_class=Formatter,
                       epilog="examples:\n  eventcoder dict lint\n  eventcoder dict lint dictionaries/ --warnings")
    p.add_argument("directory", nargs="?", default=str(DICTIONARY_DIR), help="dictionary directory (default: the project's)")
    p.add_argument("--warnings", action="store_true", help="print warnings too (default: errors only, warnings counted)")
    p.set_defaults(func=_run_lint)

    p = sub.add_parser("stats", help="entries per CAMEO root and actor type, lexicon classes; CAMEO codes no pattern reaches",
                       formatter_class=Formatter,
                       epilog="examples:\n  eventcoder dict stats\n  eventcoder dict stats --json > stats.json")
    p.add_argument("directory", nargs="?", default=str(DICTIONARY_DIR), help="dictionary directory (default: the project's)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=_run_stats)

    p = sub.add_parser("candidates", help="unmatched names in subject/object position, by frequency",
                       description="List proper-noun phrases and named entities (stanza NER) that stand in "
                                   "subject or object position and that no actor entry matched, most frequent "
                                   "first, with example sentences: the list a maintainer works through next. "
                                   "Input: CoNLL-U parses or the parse cache.",
                       formatter_class=Formatter,
                       epilog="examples:\n  eventcoder dict candidates outputs/cache/parses.sqlite\n"
                              "  eventcoder dict candidates a.conllu b.conllu --top 100 --min-count 3")
    p.add_argument("inputs", nargs="+", metavar="PARSES", help="CoNLL-U files or parse caches (.sqlite)")
    p.add_argument("--dictionaries", default=str(DICTIONARY_DIR), metavar="DIR", help="dictionary directory")
    p.add_argument("--top", type=int, default=50, help="how many candidates to print (default 50; 0 = all)")
    p.add_argument("--min-count", type=int, default=1, help="leave out candidates seen fewer times")
    p.add_argument("--examples", type=int, default=2, help="example sentences per candidate (default 2)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_run_candidates)

    parser.set_defaults(func=lambda args: (parser.print_help(sys.stderr), 2)[1])


def _run_lint(args) -> int:
    from ..dictionaries.lint import lint

    report = lint(args.directory)
    for issue in report.errors + (report.warnings if args.warnings else []):
        print(issue)
    print(f"{len(report.errors)} errors, {len(report.warnings)} warnings in {args.directory}", file=sys.stderr)
    return 1 if report.errors else 0


def _run_stats(args) -> int:
    from ..dictionaries.lint import format_stats, stats

    s = stats(args.directory)
    print(json.dumps(s.as_dict(), indent=2, ensure_ascii=False) if args.json else format_stats(s))
    return 0


def _run_candidates(args) -> int:
    from ..api import load_dictionaries
    from ..dictionaries.lint import candidates

    d = load_dictionaries(args.dictionaries)
    found = [c for c in candidates(args.inputs, d, examples=args.examples) if c.count >= args.min_count]
    shown = found if args.top <= 0 else found[:args.top]
    if args.json:
        print(json.dumps([c.as_dict() for c in shown], indent=2, ensure_ascii=False))
        return 0
    for c in shown:
        ner = ",".join(k for k, _ in c.ner.most_common())
        slots = ",".join(f"{k}:{n}" for k, n in c.slots.most_common())
        print(f"{c.count:>5}  {c.phrase}  [{ner}] ({slots})")
        for ex in c.examples:
            print(f"         {ex}")
    print(f"{len(found)} candidates ({len(shown)} shown)", file=sys.stderr)
    return 0
