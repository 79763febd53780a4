"""``eventcoder report``: the HTML summary report of event tables."""
from __future__ import annotations

from pathlib import Path

from .common import Formatter, refuse_overwrite


def cmd_report(args) -> int:
    from ..report.html import ReportError, _read_diagnostics_file, _read_json, screenshot, write_report

    refuse_overwrite(args.events + ([args.stats] if args.stats else []) + ([args.diagnostics] if args.diagnostics else []),
                     args.output, args.screenshot)
    stats = _read_json(Path(args.stats), "statistics") if args.stats else None
    if stats is not None and not isinstance(stats, dict):
        raise ReportError(f"{args.stats}: expected a JSON object like {{\"documents\": 10, \"sentences\": 200}}")
    diagnostics = _read_diagnostics_file(Path(args.diagnostics)) if args.diagnostics else None
    if args.diagnostics and diagnostics is None:
        raise ReportError(f"{args.diagnostics}: no such file")
    out = write_report(args.events, Path(args.output), date_from=args.date_from, date_to=args.date_to,
                       country=args.country, root=args.root, title=args.title,
                       parsed_stats=stats, diagnostics=diagnostics)
    print(f"wrote {out}")
    if args.screenshot:
        print(f"wrote {screenshot(out, args.screenshot)}")
    return 0


def add_commands(subparsers) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write a self-contained HTML summary report of event tables",
        description="Write one self-contained HTML page (inline SVG charts, no network needed) that "
                    "summarises coded events: totals and coding rate, events over time, CAMEO roots and "
                    "quad classes, top dyads, sources and targets, the most conflictual events and, when "
                    "available, dictionary diagnostics.",
        formatter_class=Formatter,
        epilog="examples:\n"
               "  eventcoder report outputs/events.parquet -o outputs/report.html\n"
               "  eventcoder report outputs/events.parquet --from 2020-10-01 --to 2020-10-31 --country TUR -o tur.html\n"
               "  eventcoder report outputs/batch/ more.parquet --root 18,19,20 -o violence.html --screenshot violence.png",
    )
    parser.add_argument("events", nargs="+", metavar="EVENTS",
                        help="event table(s): Parquet files or directories of Parquet files")
    parser.add_argument("-o", "--output", default="report.html", metavar="HTML",
                        help="report file to write (default: report.html)")
    parser.add_argument("--from", dest="date_from", metavar="DATE",
                        help="first event date to include (YYYY-MM-DD, YYYY-MM or YYYY)")
    parser.add_argument("--to", dest="date_to", metavar="DATE",
                        help="last event date to include (YYYY-MM-DD, YYYY-MM or YYYY)")
    parser.add_argument("--country", metavar="ISO3",
                        help="keep events whose source or target country is this ISO 3166 alpha-3 code")
    parser.add_argument("--root", metavar="RR",
                        help="keep events of this CAMEO root (e.g. 19, or several: 18,19,20)")
    parser.add_argument("--title", help="page title")
    parser.add_argument("--stats", metavar="JSON",
                        help="corpus counts ({\"documents\": n, \"sentences\": n}); default: "
                             "EVENTS.summary.json next to the input")
    parser.add_argument("--diagnostics", metavar="FILE",
                        help="uncoded verbs / unmatched actors (Parquet or JSON with kind, text, count); "
                             "default: EVENTS.diagnostics.parquet or .json next to the input")
    parser.add_argument("--screenshot", metavar="PNG",
                        help="also save a screenshot of the report (needs Chromium)")
    parser.set_defaults(func=cmd_report)
