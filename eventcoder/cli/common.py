"""What several commands share: the run options, dictionary options, dates, output checks."""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import logging
from pathlib import Path

from ..errors import EventcoderError
from ..run.options import DEFAULT_CACHE, DEFAULT_MAX_TOKENS, Options

log = logging.getLogger("eventcoder")

Formatter = argparse.RawDescriptionHelpFormatter


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


def add_run_options(p: argparse.ArgumentParser) -> None:
    """The options of :class:`eventcoder.run.options.Options`."""
    p.add_argument("--stanza-dir", metavar="DIR",
                   help="stanza model directory (default: $EVENTCODER_STANZA_DIR, else stanza's default); never downloads")
    p.add_argument("--cache", metavar="FILE", default=str(DEFAULT_CACHE),
                   help="parse cache (SQLite; default: %(default)s); 'none' disables it")
    p.add_argument("--threads", type=int, default=None, help="torch threads for parsing (default: torch's choice)")
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="story date for .txt inputs and records without one")
    p.add_argument("--max-chars", type=int, default=None, metavar="N",
                   help="skip documents longer than N characters (default: 200,000)")
    p.add_argument("--max-tokens", type=int, default=DEFAULT_MAX_TOKENS, metavar="N",
                   help="parse sentences longer than N tokens in pieces, so memory stays bounded (default: %(default)s)")
    p.add_argument("--strict", action="store_true", help="stop at the first bad record instead of skipping it")


def add_coding_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dyadic-only", action="store_true",
                   help="write only events with both sides named (as PETRARCH does); by default an event with "
                        "one unnamed side is written with an empty actor code and one_sided = true")
    p.add_argument("--no-story", dest="story", action="store_false",
                   help="read every sentence on its own (by default a story's sentences are read together: "
                        "pronouns, names given earlier, the story's country for roles named without one)")


def options_from(args: argparse.Namespace, progress: bool = True) -> Options:
    cache = None if str(args.cache).lower() == "none" else Path(args.cache)
    extra = {"max_chars": args.max_chars} if args.max_chars is not None else {}
    if hasattr(args, "dyadic_only"):
        extra.update(dyadic_only=args.dyadic_only, story=args.story)
    return Options(stanza_dir=args.stanza_dir, cache=cache, threads=args.threads, strict=args.strict,
                   date=args.date, max_tokens=args.max_tokens, progress=progress, **extra)


def add_dictionary_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dictionaries", default=None, metavar="DIR", help="dictionary directory (default: the project's)")
    p.add_argument("--petrarch-dictionaries", metavar="DIR", help="code with a classic TABARI/PETRARCH dictionary set")


def dictionaries_from(args: argparse.Namespace):
    """The dictionaries the options name, with their problems logged (at most 20 lines)."""
    from ..api import load_dictionaries

    d = load_dictionaries(getattr(args, "dictionaries", None), petrarch=getattr(args, "petrarch_dictionaries", None))
    for problem in d.problems[:20]:
        log.warning("dictionary: %s", problem)
    if len(d.problems) > 20:
        log.warning("dictionary: ... and %d more problems (run `eventcoder dict lint`)", len(d.problems) - 20)
    return d


def keep_for_the_run() -> None:
    """Take what the process has built so far (the dictionaries and the compiled coder, which live
    until it ends) out of the garbage collector's passes, and let the collector run less often:
    otherwise coding spends a tenth of its time walking the dictionaries' objects again and again.
    For a process that codes one run (a CLI command); a library caller keeps its own collector."""
    gc.freeze()
    gc.set_threshold(50_000, 10, 10)


def refuse_overwrite(inputs, *outputs) -> None:
    """A one-line error when an output would destroy an input: when it is one of the inputs; when
    it is a directory with an input table right inside it (``dedupe`` writes its
    ``events.parquet`` and ``mentions.parquet`` there); or when it would replace an event table,
    a dataset table or a mentions table inside an input directory or the dataset directory of an
    input (an aggregate or export written there again is fine)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..io.events import DATASET, EVENTS, table_kind

    def table_of(path: Path) -> tuple[str | None, str | None]:
        """(kind, description) of an event table, dataset table or mentions table, else (None, None)."""
        if not path.is_file():
            return None, None
        try:
            kind, what = table_kind(pq.read_schema(path).names)
        except (pa.ArrowException, OSError):  # not a Parquet file
            return None, None
        return (kind, what) if kind in (EVENTS, DATASET, "mentions") else (None, None)

    given = {}  # resolved input -> as given
    holders = {}  # directories whose tables are inputs: input directories, the dataset directory of a dataset table
    for i in inputs:
        p = Path(i)
        if p.exists():
            given[p.resolve()] = i
            if p.is_dir():
                holders[p.resolve()] = i
            elif table_of(p)[0] == DATASET:
                holders[p.resolve().parent] = i
    for o in outputs:
        if o is None or not Path(o).exists():
            continue
        target = Path(o).resolve()
        if target in given:
            raise EventcoderError(f"{o}: the output would overwrite the input {given[target]}; give another -o")
        if target.is_dir():
            for path, i in given.items():
                what = table_of(path)[1] if path.parent == target else None
                if what:
                    raise EventcoderError(f"{o}: the output directory holds the input {i} ({what}); give another -o")
            continue
        holder = next((i for path, i in holders.items() if path in target.parents), None)
        what = table_of(target)[1] if holder is not None else None
        if what:
            raise EventcoderError(f"{o}: the output would overwrite a table of the input {holder} ({what}); "
                                  f"give another -o")
