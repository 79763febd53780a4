"""``eventcoder parse``, ``code``, ``models`` and ``summarize``."""
from __future__ import annotations

import logging
import textwrap

from ..errors import EventcoderError
from .common import (Formatter, add_coding_options, add_dictionary_options, add_run_options, dictionaries_from,
                     keep_for_the_run, options_from, refuse_overwrite)


def cmd_parse(args) -> int:
    from ..api import parse_to_file

    refuse_overwrite(args.inputs, args.output)
    stats = parse_to_file(args.inputs, args.output, options_from(args, progress=not args.quiet))
    print(f"parsed {stats.documents} documents, {stats.sentences} sentences -> {args.output}"
          + (f"; skipped {stats.skipped} bad records" if stats.skipped else ""))
    return failed_inputs_status(stats.failed_inputs)


def cmd_code(args) -> int:
    from ..api import code_to_file
    from ..run.pipeline import coder_for

    output = args.output or ("outputs/batch/events" if _dataset_mode(args) else "outputs/events.parquet")
    refuse_overwrite(args.inputs, output, args.summary, args.diagnostics)
    options = options_from(args, progress=not args.quiet)
    if _dataset_mode(args):
        return _code_dataset(args, output, options)
    dictionaries = dictionaries_from(args)
    keep_for_the_run()  # the dictionaries: building the coder does not walk them again
    coder = coder_for(dictionaries, options)
    keep_for_the_run()
    if args.explain:
        logging.getLogger("eventcoder").setLevel(logging.INFO)
    stats = code_to_file(args.inputs, output, dictionaries=dictionaries, options=options, explain=args.explain,
                         summary_path=args.summary, diagnostics_path=args.diagnostics, coder=coder)
    print(format_summary(stats.to_dict()))
    return failed_inputs_status(stats.failed_inputs)


def failed_inputs_status(failed: list[str]) -> int:
    """Exit status of a run: 1, with one error line each, when input files gave no document (the
    other inputs' events are written all the same); else 0."""
    for why in failed:
        logging.getLogger("eventcoder").error("%s", why)
    return 1 if failed else 0


def _dataset_mode(args) -> bool:
    return bool(args.dataset or args.workers is not None or args.dask_scheduler)


def _code_dataset(args, output, options) -> int:
    """``code --dataset`` / ``--workers N`` / ``--dask-scheduler ADDRESS``: one shard per input file."""
    from ..run.distributed import code_dataset

    if args.explain:
        raise EventcoderError("--explain works in single-file mode only (leave out --dataset/--workers/--dask-scheduler)")
    if args.workers is not None and args.workers < 1:
        raise EventcoderError(f"--workers must be at least 1, not {args.workers}")
    dictionaries_from(args)  # report dictionary problems (and fail on a bad directory) before any work
    summary = code_dataset(args.inputs, output, options, dictionaries=args.dictionaries,
                           petrarch_dictionaries=args.petrarch_dictionaries, scheduler=args.dask_scheduler,
                           workers=args.workers, summary_path=args.summary)
    print(format_summary(summary) + f"\n{len(summary['shards'])} shards")
    return failed_inputs_status(summary.get("failed_inputs", []))


def cmd_models(args) -> int:
    from ..parsing import find_models

    spec = find_models(args.stanza_dir)
    print(f"stanza models: {spec.directory} (processors: {', '.join(spec.processors)})")
    return 0


def cmd_summarize(args) -> int:
    from ..run.distributed import summarize

    summary = summarize(args.directory, args.output)
    print(format_summary(summary) + f"\n{len(summary['shards'])} shards; summary: {summary['summary_path']}")
    return 0


def format_summary(s: dict) -> str:
    from ..dictionaries.ontology import load_ontology

    onto = load_ontology()
    lines = [f"documents: {s['documents']:,}   sentences: {s['sentences']:,}   events: {s['events']:,}   "
             f"({s['seconds']:.1f} s) -> {s['output']}"]
    if s.get("skipped"):
        reasons = ", ".join(f"{n} {r}" for r, n in sorted(s["skipped_reasons"].items()))
        lines.append(f"skipped records: {s['skipped']} ({reasons})")
    if s.get("repaired_reasons"):
        repairs = ", ".join(f"{n} {r}" for r, n in sorted(s["repaired_reasons"].items()))
        lines.append(f"repaired records (kept): {sum(s['repaired_reasons'].values())} ({repairs})")
    if s.get("events_by_root"):
        lines.append("events by CAMEO root:")
        for root, n in sorted(s["events_by_root"].items()):
            lines.append(f"  {root} {onto.root_name(root):<34} {n:>6,}")
    return "\n".join(lines)


def add_commands(sub) -> None:
    p = sub.add_parser("parse", help="parse documents with stanza into CoNLL-U", formatter_class=Formatter,
                       description="Parse documents (JSONL, CSV, Parquet, .txt) with stanza and write CoNLL-U.",
                       epilog=textwrap.dedent("""\
                           examples:
                             eventcoder parse examples/sample.jsonl -o outputs/sample.conllu --stanza-dir ../shared/models/stanza-en
                             eventcoder parse story.txt --date 2020-10-08 -o story.conllu
                           """))
    p.add_argument("inputs", nargs="+", help="input files (.jsonl .csv .parquet .txt)")
    p.add_argument("-o", "--output", required=True, help="CoNLL-U file to write")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    add_run_options(p)
    p.set_defaults(func=cmd_parse)

    c = sub.add_parser("code", help="code documents or CoNLL-U parses into a Parquet event table",
                       formatter_class=Formatter,
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
    add_dictionary_options(c)
    add_coding_options(c)
    c.add_argument("--explain", action="store_true", help="log why each event was coded (verb, pattern, actors)")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    add_run_options(c)
    c.set_defaults(func=cmd_code)

    m = sub.add_parser("models", help="say which stanza models would be used",
                       description="Find the stanza models (never downloads); exit 2 with instructions when none is found.",
                       epilog="example: eventcoder models --stanza-dir ../shared/models/stanza-en")
    m.add_argument("--stanza-dir", metavar="DIR", help="stanza model directory")
    m.add_argument("--check", action="store_true", help="only check (exit status says whether models were found)")
    m.set_defaults(func=cmd_models)

    s = sub.add_parser("summarize", help="add up the shard summaries of an event dataset directory",
                       formatter_class=Formatter,
                       description="Write DIR.summary.json (and DIR.diagnostics.json) from the shards' own files "
                                   "(what `make batch` runs after coding the shards).",
                       epilog="example: eventcoder summarize outputs/batch/events")
    s.add_argument("directory", help="dataset directory (shard=NAME/ folders)")
    s.add_argument("-o", "--output", help="summary file (default: DIR.summary.json)")
    s.set_defaults(func=cmd_summarize)
