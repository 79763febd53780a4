"""Dictionaries: the in-memory model (:mod:`.model`), the project's format (:mod:`.project`), the
classic TABARI/PETRARCH formats (:mod:`.petrarch`), the lexicon of word classes (:mod:`.lexicon`),
the CAMEO ontology (:mod:`.ontology`) and the maintainer tools (:mod:`.lint`)."""
from .model import Dictionaries
from .project import load_dictionaries

__all__ = ["Dictionaries", "load_dictionaries"]
