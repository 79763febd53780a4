"""The command line: a thin layer over library functions of the same names.

Each subcommand lives in the module of its concept and registers itself through
``add_command(subparsers)``; this file only wires them together, sets up logging on stderr and
turns project errors into one-line messages with a non-zero exit code.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import logging
import sys
import textwrap

from .. import __version__
from ..errors import EventcoderError

log = logging.getLogger("eventcoder")

#: modules that add subcommands (each has ``add_command(subparsers)``)
COMMAND_MODULES = [
    "eventcoder.cli.main",
    "eventcoder.validate",
    "eventcoder.report.html",
    "eventcoder.tables.dedupe",
    "eventcoder.tables.export",
    "eventcoder.dictionaries.lint",
]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


def _parser_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--stanza-dir", metavar="DIR",
                   help="stanza model directory (default: $EVENTCODER_STANZA_DIR, else stanza's default); never downloads")
    p.add_argument("--cache", metavar="FILE", default="outputs/cache/parses.sqlite",
                   help="parse cache (SQLite; default: %(default)s); 'none' disables it")
    p.add_argument("--threads", type=int, default=None, help="torch threads for parsing (default: torch's choice)")
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="story date for .txt inputs and records without one")
    p.add_argument("--max-chars", type=int, default=None, metavar="N",
                   help="skip documents longer than N characters (default: 200,000)")
    p.add_argument("--strict", action="store_true", help="stop at the first bad record instead of skipping it")


def _cache(args) -> str | None:
    return None if str(args.cache).lower() == "none" else args.cache


def cmd_parse(args) -> int:
    from ..run.pipeline import parse_inputs

    stats = parse_inputs(args.inputs, args.output, stanza_dir=args.stanza_dir, cache_path=_cache(args),
                         threads=args.threads, strict=args.strict, default_date=args.date, max_chars=args.max_chars,
                         progress=not getattr(args, "quiet", False))
    print(f"parsed {stats.documents} documents, {stats.sentences} sentences -> {args.output}"
          + (f"; skipped {stats.skipped} bad records" if stats.skipped else ""))
    return 0


def load_dictionaries_for(args):
    """The project's dictionaries, or a classic PETRARCH set with --petrarch-dictionaries."""
    if getattr(args, "petrarch_dictionaries", None):
        from ..dictionaries.petrarch import load_petrarch_dictionaries

        d = load_petrarch_dictionaries(args.petrarch_dictionaries)
    else:
        from ..dictionaries.ontology import DICTIONARY_DIR
        from ..dictionaries.model import load_dictionaries

        d = load_dictionaries(args.dictionaries or DICTIONARY_DIR)
    for problem in d.problems[:20]:
        log.warning("dictionary: %s", problem)
    if len(d.problems) > 20:
        log.warning("dictionary: ... and %d more problems (run `eventcoder dict lint`)", len(d.problems) - 20)
    return d


def cmd_code(args) -> int:
    from ..run.pipeline import code_inputs

    if args.dataset or args.workers is not None or args.dask_scheduler:
        return _code_dataset(args)
    dictionaries = load_dictionaries_for(args)
    if args.explain:
        logging.getLogger("eventcoder").setLevel(logging.INFO)
    stats = code_inputs(args.inputs, args.output or "outputs/events.parquet", dictionaries, stanza_dir=args.stanza_dir,
                        cache_path=_cache(args), threads=args.threads, strict=args.strict, default_date=args.date,
                        max_chars=args.max_chars, explain=args.explain, progress=not args.quiet,
                        summary_path=args.summary, diagnostics_path=args.diagnostics)
    print(format_summary(stats.to_dict()))
    return 0


def _code_dataset(args) -> int:
    """``code --dataset`` / ``--workers N`` / ``--dask-scheduler ADDRESS``: one shard per input file."""
    from ..run.distributed import code_dataset

    if args.explain:
        raise EventcoderError("--explain works in single-file mode only (leave out --dataset/--workers/--dask-scheduler)")
    if args.workers is not None and args.workers < 1:
        raise EventcoderError(f"--workers must be at least 1, not {args.workers}")
    load_dictionaries_for(args)  # report dictionary problems (and fail on a bad directory) before any work
    summary = code_dataset(args.inputs, args.output or "outputs/batch/events", scheduler=args.dask_scheduler,
                           workers=args.workers, progress=not args.quiet, summary_path=args.summary,
                           dictionaries=args.dictionaries, petrarch_dictionaries=args.petrarch_dictionaries,
                           stanza_dir=args.stanza_dir, cache_path=_cache(args), threads=args.threads,
                           strict=args.strict, default_date=args.date, max_chars=args.max_chars)
    print(format_summary(summary) + f"\n{len(summary['shards'])} shards")
    return 0


def format_summary(s: dict) -> str:
    from ..dictionaries.ontology import load_ontology

    onto = load_ontology()
    lines = [f"documents: {s['documents']:,}   sentences: {s['sentences']:,}   events: {s['events']:,}   "
             f"({s['seconds']:.1f} s) -> {s['output']}"]
    if s.get("skipped"):
        reasons = ", ".join(f"{n} {r}" for r, n in sorted(s["skipped_reasons"].items()))
        lines.append(f"skipped records: {s['skipped']} ({reasons})")
    if s.get("events_by_root"):
        lines.append("events by CAMEO root:")
        for root, n in sorted(s["events_by_root"].items()):
            lines.append(f"  {root} {onto.root_name(root):<34} {n:>6,}")
    return "\n".join(lines)


def add_command(sub) -> None:
    p = sub.add_parser("parse", help="parse documents with stanza into CoNLL-U",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Parse documents (JSONL, CSV, Parquet, .txt) with stanza and write CoNLL-U.",
                       epilog=textwrap.dedent("""\
                           examples:
                             eventcoder parse examples/sample.jsonl -o outputs/sample.conllu --stanza-dir ../shared/models/stanza-en
                             eventcoder parse story.txt --date 2020-10-08 -o story.conllu
                           """))
    p.add_argument("inputs", nargs="+", help="input files (.jsonl .csv .parquet .txt)")
    p.add_argument("-o", "--output", required=True, help="CoNLL-U file to write")
    _parser_common(p)
    p.set_defaults(func=cmd_parse)

    c = sub.add_parser("code", help="code documents or CoNLL-U parses into a Parquet event table",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Parse (or read parses of) documents and code them into CAMEO events.",
                       epilog=textwrap.dedent("""\
                           examples:
                             eventcoder code examples/sample.jsonl -o outputs/events.parquet --stanza-dir ../shared/models/stanza-en
                             eventcoder code examples/sample.conllu -o outputs/events.parquet
                             eventcoder code news.jsonl --petrarch-dictionaries ../shared/peers/petrarch/dictionaries -o ev.parquet
                             eventcoder code story.txt --date 2020-10-08 --explain -o story.parquet
                             eventcoder code outputs/batch/parsed/*.conllu --workers 2 -o outputs/batch/events
                             eventcoder code data/raw/*.jsonl --dask-scheduler tcp://10.0.0.5:8786 -o /shared/events
                           """))
    c.add_argument("inputs", nargs="+", help="input files (.jsonl .csv .parquet .txt, or .conllu parses)")
    c.add_argument("-o", "--output", default=None,
                   help="Parquet file to write (default: outputs/events.parquet); with --dataset, --workers or "
                        "--dask-scheduler the dataset directory (default: outputs/batch/events, as make batch)")
    c.add_argument("--summary", metavar="FILE", default=None,
                   help="where to write the run summary JSON (default: beside the output, <output stem>.summary.json)")
    c.add_argument("--diagnostics", metavar="FILE", default=None,
                   help="where to write what could not be coded (default: beside the output, <output stem>.diagnostics.json)")
    c.add_argument("--dataset", action="store_true",
                   help="write one Parquet file per input file into the directory -o DIR (DIR/shard=NAME/part-0.parquet)")
    c.add_argument("--workers", type=int, metavar="N", default=None,
                   help="code the input files on a local Dask cluster of N worker processes (implies --dataset)")
    c.add_argument("--dask-scheduler", metavar="ADDRESS", default=None,
                   help="code the input files on the Dask cluster at ADDRESS, e.g. tcp://10.0.0.5:8786 (implies --dataset)")
    c.add_argument("--dictionaries", default=None, metavar="DIR", help="dictionary directory (default: the project's)")
    c.add_argument("--petrarch-dictionaries", metavar="DIR", help="code with a classic TABARI/PETRARCH dictionary set")
    c.add_argument("--explain", action="store_true", help="log why each event was coded (verb, pattern, actors)")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    _parser_common(c)
    c.set_defaults(func=cmd_code)

    m = sub.add_parser("models", help="say which stanza models would be used",
                       description="Find the stanza models (never downloads); exit 2 with instructions when none is found.",
                       epilog="example: eventcoder models --stanza-dir ../shared/models/stanza-en")
    m.add_argument("--stanza-dir", metavar="DIR", help="stanza model directory")
    m.add_argument("--check", action="store_true", help="only check (exit status says whether models were found)")
    m.set_defaults(func=cmd_models)


def cmd_models(args) -> int:
    from ..parsing import find_models

    spec = find_models(args.stanza_dir)
    print(f"stanza models: {spec.directory} (processors: {', '.join(spec.processors)})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventcoder", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Dictionary-driven political event coder: news text -> dated CAMEO event tables.",
        epilog="Run `eventcoder COMMAND --help` for a command's options and examples.")
    parser.add_argument("--version", action="version", version=f"eventcoder {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = sys.modules[__name__] if name == __name__ or name == "eventcoder.cli.main" else importlib.import_module(name)
        module.add_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s: %(message)s")
    logging.getLogger("eventcoder").setLevel(logging.DEBUG if args.verbose else logging.INFO)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except EventcoderError as exc:
        print(f"eventcoder: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a file that cannot be written or read: say which, without a traceback
        where = exc.filename2 or exc.filename
        print(f"eventcoder: error: {f'{where}: ' if where else ''}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("eventcoder: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
