"""English words that are not genes even though a gene lexicon lists them.

HGNC and NCBI keep symbols and aliases that are also English words (WAS, SET, AN, IN, CAN,
OR...). Written in capitals they are those genes; written in lower case in running text they
are the words. :func:`function_word` knows the closed classes of English (articles,
prepositions, conjunctions, pronouns, auxiliary verbs, common adverbs): a fixed list that
does not depend on any corpus, so it holds on figures nobody has seen.
"""

from __future__ import annotations

#: Closed-class English words, lower case.
FUNCTION_WORDS: frozenset[str] = frozenset("""
a an the this that these those some any each every all both either neither no none other another
of in on at to for from by with within without into onto upon over under above below between among
through during before after since until via per against across along around behind beyond near off
out up down about than as like unlike despite toward towards
and or nor but yet so if then else when while where whereas because although though unless whether
i me my we us our you your he him his she her it its they them their who whom whose which what
is are was were be been being am do does did done has have had having can could may might must
shall should will would not also only just very too more most less least much many few here there
thus hence however therefore e.g i.e et al etc vs fig figs
""".split())


def function_word(text: str) -> bool:
    """Whether ``text`` is a closed-class English word written in lower case ("was", "in",
    "can"; not "WAS", "CAN", which are gene symbols)."""
    return text in FUNCTION_WORDS
