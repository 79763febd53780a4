"""What every command that reads documents shares, as one value.

:class:`Options` travels from the CLI (or a notebook) through the pipeline to the parser, the
readers and the Dask workers (it is plain, frozen and picklable).  Values are checked when the
object is made, so a bad one is a one-line error before any work starts.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import EventcoderError
from ..io.documents import DEFAULT_MAX_CHARS
from ..parsing import DEFAULT_CACHE, DEFAULT_MAX_TOKENS


@dataclass(frozen=True)
class Options:
    """Options shared by ``parse``, ``code`` and the library functions behind them.

    * ``stanza_dir``: stanza model directory (None: ``$EVENTCODER_STANZA_DIR``, else stanza's default);
    * ``cache``: the parse cache (SQLite); None: no cache;
    * ``threads``: torch threads for parsing (None: torch's choice);
    * ``strict``: stop at the first bad record instead of skipping it;
    * ``date``: the story date of ``.txt`` inputs and of records without one;
    * ``max_chars``: documents longer than this are skipped with a warning;
    * ``max_tokens``: sentences longer than this are parsed in pieces (bounded memory);
    * ``progress``: show progress on stderr;
    * ``dyadic_only``: write only events with both sides named (PETRARCH's behaviour);
    * ``story``: read a story's sentences together (pronouns, names given earlier, the story's
      country for roles named without one).
    """

    stanza_dir: str | None = None
    cache: Path | None = None
    threads: int | None = None
    strict: bool = False
    date: dt.date | None = None
    max_chars: int = DEFAULT_MAX_CHARS
    max_tokens: int = DEFAULT_MAX_TOKENS
    progress: bool = False
    dyadic_only: bool = False
    story: bool = True

    def __post_init__(self) -> None:
        if self.threads is not None and self.threads < 1:
            raise EventcoderError(f"threads must be at least 1, not {self.threads}")
        if self.max_chars < 1:
            raise EventcoderError(f"max chars must be at least 1, not {self.max_chars}")
        if self.max_tokens < 10:
            raise EventcoderError(f"max tokens must be at least 10, not {self.max_tokens}")
        if self.cache is not None and not isinstance(self.cache, Path):
            object.__setattr__(self, "cache", Path(self.cache))
        if self.stanza_dir is not None:
            object.__setattr__(self, "stanza_dir", str(self.stanza_dir))

    def but(self, **changes) -> "Options":
        """A copy with some values changed."""
        return replace(self, **changes)
