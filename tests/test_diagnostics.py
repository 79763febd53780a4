"""Sentence.at_or_above: the words that hold one of some words below them (the actor reading and the run diagnostics ask it)."""
from __future__ import annotations

from eventcoder.io.conllu import parse_conllu_lines

LINES = ["1\tPolice\tpolice\tNOUN\tNNS\t_\t2\tnsubj\t_\t_",
         "2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_",
         "3\trebels\trebel\tNOUN\tNNS\t_\t4\tnsubj\t_\t_",
         "4\tshelled\tshell\tVERB\tVBD\t_\t2\tccomp\t_\t_",
         "5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\t_",
         "6\ttown\ttown\tNOUN\tNN\t_\t4\tobj\t_\t_", ""]


def test_the_words_at_or_above_actors_are_those_whose_subtree_holds_one():
    [s] = list(parse_conllu_lines(LINES, "x"))
    for actors in ({3}, {5}, {1, 6}, set(), {0, 9}):
        expected = {w.id for w in s.words if any(x.id in actors for x in s.subtree(w))}
        assert s.at_or_above(actors) == expected
