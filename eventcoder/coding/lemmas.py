"""Repairs for the lemmatiser's slips: a verb whose lemma the dictionaries lack ("expell",
"vetoe", "telephon", "worried") is looked up by the spellings it most likely stands for."""
from __future__ import annotations

from functools import lru_cache


_VOWELS = frozenset("aeiouy")


def _undouble(stem: str) -> str | None:
    """``expell`` -> ``expel``, ``snubb`` -> ``snub`` (not ``ll`` after two vowels, nor ``ss``)."""
    if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS and stem[-1] not in "s":
        return stem[:-1]
    return None


@lru_cache(maxsize=8192)
def lemma_repairs(lemma: str, form: str) -> tuple[str, ...]:
    """Candidate verb lemmas for a lemma the dictionaries lack, most likely first: the lemma with
    an 'e' added (``telephon``), a final doubled consonant undone (``expell``), a final 'e' after
    'o' dropped (``vetoe``), '-ied' as '-y'; then the surface form without '-ed' or '-ing'
    (``welcoming``, ``worried``) with the same repairs."""
    out: list[str] = []

    def spellings(stem: str) -> None:  # an 'e' added, a doubled consonant undone, 'oe' -> 'o'
        if stem[-1] not in _VOWELS:
            out.append(stem + "e")
        short = _undouble(stem)
        if short:
            out.append(short)
        if stem.endswith("oe"):
            out.append(stem[:-1])

    def stems(stem: str, ied: bool) -> None:
        if len(stem) < 3 or not stem.isalpha():
            return
        if ied:
            out.append(stem[:-1] + "y")
        out.append(stem)
        spellings(stem)

    if lemma.isalpha():
        if lemma.endswith("ied"):
            out.append(lemma[:-3] + "y")
        spellings(lemma)
    if form.isalpha():
        if form.endswith("ied"):
            stems(form[:-2], True)
        elif form.endswith("ed"):
            stems(form[:-2], False)
            stems(form[:-1], False)  # "welcomed" -> "welcome" (stem + e)
        elif form.endswith("ing"):
            stems(form[:-3], False)
    return tuple(dict.fromkeys(x for x in out if x != lemma))
