"""eventcoder: dictionary-driven political event coding from news text.

Data flows one way: documents -> parsed sentences -> events -> tables -> reports.

    >>> import eventcoder
    >>> table = eventcoder.code(["Russia accused Turkey of sending mercenaries."], date="2020-10-08")  # doctest: +SKIP
"""

from . import compiled as _compiled

_compiled.install()  # (before any compiled module is imported: see eventcoder.compiled)

from .version import __version__  # noqa: E402
from .api import (Options, code, code_sentences, code_to_file, load_dictionaries, parse,  # noqa: E402
                  parse_to_file, read_events)

__all__ = ["code", "parse", "code_sentences", "code_to_file", "parse_to_file", "load_dictionaries", "read_events",
           "Options", "__version__"]
