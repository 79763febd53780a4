"""The library face: what a notebook user calls (the CLI is a thin layer over these)."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa


def load_dictionaries(path=None, petrarch=None):
    """The project's dictionaries (or those in ``path``), or a classic PETRARCH set in ``petrarch``."""
    if petrarch is not None:
        from .dictionaries.petrarch import load_petrarch_dictionaries

        return load_petrarch_dictionaries(petrarch)
    from .dictionaries.ontology import DICTIONARY_DIR
    from .dictionaries.model import load_dictionaries as load

    return load(path or DICTIONARY_DIR)


def code_sentences(sentences, *, dictionaries=None) -> pa.Table:
    """Code parsed sentences into an event table (the Parquet schema), nothing written."""
    from .dictionaries.ontology import load_ontology
    from .coding.coder import Coder
    from .run.pipeline import RowMaker
    from .io.events import EVENT_SCHEMA

    dictionaries = dictionaries or load_dictionaries()
    coder = Coder(dictionaries)
    rows = RowMaker(load_ontology(), dictionaries.fingerprint)
    out: list[dict] = []
    for s in sentences:
        out.extend(rows.rows(coder.code(s)))
    return pa.Table.from_pylist(out, schema=EVENT_SCHEMA)


def code_to_file(inputs, output, *, dictionaries=None, progress=False, **kwargs):
    from .run.pipeline import code_inputs

    return code_inputs([Path(p) for p in inputs], output, dictionaries or load_dictionaries(), progress=progress,
                       **kwargs)
