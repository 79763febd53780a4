"""What several commands share: the run options, dictionary options, dates, output checks."""
from __future__ import annotations

import argparse
import datetime as dt
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


def options_from(args: argparse.Namespace, progress: bool = True) -> Options:
    cache = None if str(args.cache).lower() == "none" else Path(args.cache)
    extra = {"max_chars": args.max_chars} if args.max_chars is not None else {}
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


def refuse_overwrite(inputs, *outputs) -> None:
    """A one-line error when an output would overwrite one of the inputs."""
    given = {}
    for i in inputs:
        p = Path(i)
        if p.exists():
            given[p.resolve()] = i
    for o in outputs:
        if o is None:
            continue
        p = Path(o)
        if p.exists() and p.resolve() in given:
            raise EventcoderError(f"{o}: the output would overwrite the input {given[p.resolve()]}; give another -o")
