"""``eventcoder evaluate``: coded events against hand-coded stories."""
from __future__ import annotations

import json

from .common import Formatter


def cmd_evaluate(args) -> int:
    from ..evaluate import evaluate_files, format_evaluation

    ev = evaluate_files(args.gold, args.events, fine=args.fine, monadic=args.monadic)
    if args.json:
        data = ev.summary()
        if args.diff:
            data["stories_with_errors"] = [
                {"id": st.id, "matched": st.matched,
                 "missed": [{"sentence": e.sentence, "source": e.source, "target": e.target, "code": e.code,
                             "quote": e.quote} for e in st.missed],
                 "extra": [{"sentence": c.sentence_id, "source": c.source, "target": c.target, "code": c.code,
                            "text": c.sentence} for c in st.extra]}
                for st in ev.stories if st.missed or st.extra]
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(format_evaluation(ev, diff=args.diff))
    return 0


def add_commands(subparsers) -> None:
    p = subparsers.add_parser(
        "evaluate", help="score coded events against hand-coded stories (precision, recall, F1)",
        description="Compare an event table with hand-coded gold stories (JSON lines: id, events with source, "
                    "target, code, optional; monadic). Per story, events are matched as multisets of "
                    "(source country, target country, CAMEO root), or of the full codes with --fine; optional "
                    "gold events absorb a coded event without counting either way; one-sided events are left "
                    "out unless --monadic.",
        formatter_class=Formatter,
        epilog="examples:\n"
               "  eventcoder evaluate ../shared/gold/wire-dev-events.jsonl outputs/evaluate/own.parquet\n"
               "  eventcoder evaluate gold.jsonl events.parquet --fine --diff\n"
               "  eventcoder evaluate gold.jsonl events.parquet --json > scores.json\n")
    p.add_argument("gold", metavar="GOLD.jsonl", help="hand-coded stories")
    p.add_argument("events", metavar="EVENTS", help="event table (Parquet file or dataset directory)")
    p.add_argument("--fine", action="store_true", help="match full actor codes and full event codes")
    p.add_argument("--monadic", action="store_true", help="also score one-sided events (an empty source or target)")
    p.add_argument("--diff", action="store_true", help="list, per story, the missed and the extra events with their sentence")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_evaluate)
