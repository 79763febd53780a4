"""``eventcoder dedupe``, ``export`` and ``aggregate``: datasets from event tables."""
from __future__ import annotations

from .common import Formatter, refuse_overwrite


def cmd_dedupe(args) -> int:
    from ..tables.dedupe import dedupe

    refuse_overwrite(args.events, args.output)
    info = dedupe(args.events, args.output, window=args.window, level=args.level)
    print(f"{info['mentions']} coded events -> {info['events']} dataset events in {args.output}")
    return 0


def cmd_aggregate(args) -> int:
    from ..tables.aggregate import aggregate

    refuse_overwrite([args.dataset], args.output)
    table = aggregate(args.dataset, by=args.by, level=args.level, output=args.output)
    print(f"{table.num_rows} {args.level} dyad-{args.by} rows -> {args.output}")
    return 0


def cmd_export(args) -> int:
    from ..tables.export import export

    refuse_overwrite([args.dataset], args.output)
    n = export(args.dataset, args.format, args.output)
    print(f"{n} events -> {args.output} ({args.format})")
    return 0


def add_commands(subparsers) -> None:
    from ..tables.aggregate import AGG_LEVELS, PERIODS
    from ..tables.dedupe import LEVELS, WINDOWS
    from ..tables.export import FORMATS

    p = subparsers.add_parser(
        "dedupe", help="fold repeated reports of an event into one dataset row",
        description="Deduplicate event tables into DIR/events.parquet (one row per event, with mention, "
                    "document and source counts) and DIR/mentions.parquet (every coded sentence, linked to its event).",
        formatter_class=Formatter,
        epilog="examples:\n"
               "  eventcoder dedupe outputs/events.parquet -o outputs/dataset\n"
               "  eventcoder dedupe outputs/events/ -o outputs/batch-dataset --window story --level root\n")
    p.add_argument("events", nargs="+", help="event tables: Parquet files or directories of them")
    p.add_argument("-o", "--output", required=True, help="dataset directory to write")
    p.add_argument("--window", choices=WINDOWS, default="day",
                   help="day: one event per (date, source, target, code); story: per (story, source, target, code)")
    p.add_argument("--level", choices=LEVELS, default="code", help="key on the full CAMEO code or its root")
    p.set_defaults(func=cmd_dedupe)

    a = subparsers.add_parser(
        "aggregate", help="count events per source-target-period",
        description="Dyad-period aggregates of a dataset (or raw events): events, mentions, counts per quad "
                    "class and CAMEO root, Goldstein sum and mean.",
        formatter_class=Formatter,
        epilog="examples:\n"
               "  eventcoder aggregate outputs/dataset --by month -o outputs/dataset/aggregates/country-month.parquet\n"
               "  eventcoder aggregate outputs/dataset --by week --level actor -o actor-week.csv\n")
    a.add_argument("dataset", help="dataset directory from 'dedupe', or an event table")
    a.add_argument("--by", choices=PERIODS, default="month")
    a.add_argument("--level", choices=AGG_LEVELS, default="country")
    a.add_argument("-o", "--output", required=True, help="output file (.parquet, or .csv)")
    a.set_defaults(func=cmd_aggregate)

    e = subparsers.add_parser(
        "export", help="write a dataset as GDELT 1.0, ICEWS or Phoenix columns",
        description="Export a deduplicated dataset in a published event-data layout (tab-separated).",
        formatter_class=Formatter,
        epilog="examples:\n"
               "  eventcoder export outputs/dataset --format gdelt -o outputs/dataset/export/gdelt.tsv\n"
               "  eventcoder export outputs/dataset --format icews -o icews.tsv\n")
    e.add_argument("dataset", help="dataset directory from 'dedupe' (or its events.parquet)")
    e.add_argument("--format", choices=sorted(FORMATS), required=True)
    e.add_argument("-o", "--output", required=True, help="output file (tab-separated)")
    e.set_defaults(func=cmd_export)
