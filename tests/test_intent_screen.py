"""The rule index and the Hyperscan screen of the intent analyzer skip only rules that cannot match.

* the gate (each rule looked up through one of its required sets) lets through every rule whose
  required sets are all in a sentence, whichever set it picked;
* the screen (one Hyperscan pass in prefilter mode over a sentence's view) names every rule whose spaced
  regex matches that view: checked on the views of the rules' own examples and quiet texts, the dev and test
  messages and mutations of them;
* the analyzer with and without the screen gives the same hits, suppressed candidates and tokens.
"""

from __future__ import annotations

import pytest

from doxwacht.document import Document
from doxwacht.intent import IntentAnalyzer
from doxwacht.intent import analyzer as A
from doxwacht.intent import tagger as T
from tests.test_intent_speed import ALL, IA

PLAIN = IntentAnalyzer(use_hyperscan=False)


def _sentences() -> list[tuple[list[T.Token], int, int]]:
    out = []
    for text in ALL:
        norm = Document(text).norm
        toks = T.tag_span(norm)
        sents = T.sentences(toks, T.quote_spans(toks, norm))
        T.mark_names(toks, {a for a, _ in sents})
        out += [(toks, a, b) for a, b in sents]
        out.append((toks, 0, len(toks)))
    return out


SENTENCES = _sentences()


def _present(toks: list[T.Token], a: int, b: int) -> set[str]:
    return {t.text for t in toks[a:b]} | {"@" + c for t in toks[a:b] for c in t.classes}


def test_gate_lets_through_every_runnable_rule() -> None:
    for ia in (IA, PLAIN):
        for toks, a, b in SENTENCES:
            present = _present(toks, a, b)
            gated = set(ia._always)
            for k in present & ia._gate_keys:
                gated.update(ia._gate[k])
            runnable = {i for i, r in enumerate(ia.rules) if r.runnable(present)}
            assert runnable <= gated
            # and the gate of the rules the screen does not cover
            rest = set(ia._always_rest)
            for k in present & ia._gate_rest_keys:
                rest.update(ia._gate_rest[k])
            screened = ia._screen.ids if ia._screen is not None else frozenset()
            assert runnable - screened <= rest


@pytest.mark.skipif(A._hs is None, reason="hyperscan is not installed")
def test_screen_names_every_rule_that_matches() -> None:
    screen = IA._screen
    assert screen is not None and PLAIN._screen is None
    assert screen.ids == {i for i, p in enumerate(IA._plan) if p[3] is not None}
    matched = 0
    for toks, a, b in SENTENCES:
        view2 = " " + T.render(toks, a, b)[0]
        found = set(screen.scan(view2))
        assert found <= screen.ids
        for idx in screen.ids:
            if IA._plan[idx][3].search(view2) is not None:
                matched += 1
                assert idx in found, (IA.rules[idx].id, view2)
    assert matched > 500  # the rules' examples alone match their own rules


@pytest.mark.skipif(A._hs is None, reason="hyperscan is not installed")
def test_screen_of_a_view_it_cannot_encode_runs_every_rule() -> None:
    assert IA._screen.scan(" a\ud800# ") is None
    text = "ik maak je af \ud800"
    assert IA.explain(text) == PLAIN.explain(text)
    assert IA.explain(text)["hits"]


def test_with_and_without_screen_same_results() -> None:
    for text in ALL:
        assert IA.explain(text) == PLAIN.explain(text), text
        doc = Document(text)
        h1, h2 = IA.analyze(doc), PLAIN.analyze(doc)
        assert h1 == h2 and h1.looked == h2.looked and h1.guarded == h2.guarded, text


def test_numbers_taken_straight_as_the_long_way_tags_them() -> None:
    numbers = [str(i) for i in range(0, 20000)] + ["0" * n for n in range(1, 12)] + [
        "0612345678", "31612345678", "1312", "88", "14", "1488", "666", "00000000000000000001", "٣٣٣", "²³⁴", "１２３"]
    numbers += [k for k in T.LEX.known if k.isdigit()]
    taken = 0
    for raw in numbers:
        if not T._TOKEN.fullmatch(raw):
            continue
        fast = T._tagged_entry(raw)
        assert fast == T._tagged_entry_long(raw), raw
        taken += fast[0][0][5] == T._NUM and len(raw) != 2
    assert taken > 19000
