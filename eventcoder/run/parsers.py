"""Stanza pipelines, built once per process and reused by every call that needs one.

Building a pipeline takes seconds and hundreds of megabytes, so a notebook calling
:func:`eventcoder.code` in a loop, or a Dask worker coding shard after shard, must not build one
per call.  :func:`shared_parser` hands out a handle that builds the pipeline the first time a
document actually needs parsing (a fully cached input never loads the models) and keeps it for
the life of the process, one per model and thread count.
"""
from __future__ import annotations

import threading

from ..parsing import DEFAULT_MAX_TOKENS, ModelSpec, Parser

_LOCK = threading.Lock()
#: the pipelines of this process, by (model fingerprint, threads, max_tokens)
_BUILT: dict[tuple, Parser] = {}


class SharedParser:
    """Stands for this process's stanza pipeline for one model; built on first use."""

    def __init__(self, spec: ModelSpec, threads: int | None = None, max_tokens: int = DEFAULT_MAX_TOKENS):
        self.spec = spec
        self.threads = threads
        self.max_tokens = max_tokens
        self.key = (spec.fingerprint, threads, max_tokens)

    @property
    def parser(self) -> Parser:
        with _LOCK:
            built = _BUILT.get(self.key)
            if built is None:
                built = _BUILT[self.key] = Parser(self.spec, threads=self.threads, max_tokens=self.max_tokens)
            return built

    def parse_texts(self, texts):
        return self.parser.parse_texts(texts)


def shared_parser(spec: ModelSpec, threads: int | None = None, max_tokens: int = DEFAULT_MAX_TOKENS) -> SharedParser:
    return SharedParser(spec, threads, max_tokens)
