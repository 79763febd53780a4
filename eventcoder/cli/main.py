"""The command line: the only place with argparse and ``print``.

Each command is a thin wrapper over the library function of the same name (see
:mod:`eventcoder.api`); the modules of this package add their commands with
``add_commands(subparsers)``.  This module wires them together, sets up logging on stderr, turns
project errors into one-line messages with a non-zero exit code, and makes SIGTERM end a run the
way Ctrl-C does (temporary files removed, nothing half-written).
"""
from __future__ import annotations

import argparse
import logging
import signal
import sys

from ..version import __version__
from ..errors import EventcoderError
from . import code, dictionary, evaluate, report, tables, validate

#: modules that add commands, in the order of ``eventcoder --help``
COMMAND_MODULES = (code, validate, evaluate, report, tables, dictionary)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventcoder", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Dictionary-driven political event coder: news text -> dated CAMEO event tables.",
        epilog="Run `eventcoder COMMAND --help` for a command's options and examples.")
    parser.add_argument("--version", action="version", version=f"eventcoder {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.add_commands(sub)
    return parser


def _terminate(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s: %(message)s")
    logging.getLogger("eventcoder").setLevel(logging.DEBUG if args.verbose else logging.INFO)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    previous = signal.signal(signal.SIGTERM, _terminate)
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
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
