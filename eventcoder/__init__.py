"""eventcoder: dictionary-driven political event coding from news text.

Data flows one way: documents -> parsed sentences -> events -> tables -> reports.

    >>> import eventcoder
    >>> table = eventcoder.code(["Russia accused Turkey of sending mercenaries."], date="2020-10-08")  # doctest: +SKIP
"""

from .version import __version__
from .api import (Options, code, code_sentences, code_to_file, load_dictionaries, parse,
                  parse_to_file, read_events)

__all__ = ["code", "parse", "code_sentences", "code_to_file", "parse_to_file", "load_dictionaries", "read_events",
           "Options", "__version__"]
