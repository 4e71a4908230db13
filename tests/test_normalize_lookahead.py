"""`normalize`'s obfuscation regex with its look-ahead finds what the plain alternation finds
(`doxwacht.document.normalize._OBFUSCATION` against `_OBFUSCATION_ALTERNATIVES`)."""

from __future__ import annotations

import importlib
import random
import re

import pytest

N = importlib.import_module("doxwacht.document.normalize")
PLAIN = re.compile(N._OBFUSCATION_ALTERNATIVES)

TRICKY = [
    "", " ", "jan [at] example [punt] nl", "jan(at)x(dot)com", "jan {AT} x {Dot} be", "jan <apenstaartje> x",
    "jan @ example . com", "jan  @  x  .  nl", "a @b", "a. com", "bel O6-12345678", "O 6 12", "0O0", "1l2 1I2 1L2",
    "06-1234567O.", "O-5", "xO5", "\x00", "a\x00b", "[ . ]", "(\u00a0at\u2003)", "\u2003\u2003[at]", "٣O٣ ٣l٣",
    "O٣", "   \t\n [ @ ] ", "foo.  . de", "x . info en x . io", "Oo0oO", "l1l1l", "((at))", "[[punt]]",
]


def _spans(regex: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], str | None]]:
    return [(m.span(), m.lastgroup) for m in regex.finditer(text)]


@pytest.mark.parametrize("text", TRICKY)
def test_the_look_ahead_changes_no_match(text: str) -> None:
    assert _spans(N._OBFUSCATION, text) == _spans(PLAIN, text)


def test_the_look_ahead_changes_no_match_on_random_text() -> None:
    r = random.Random(3)
    alphabet = [*" \t\n\u00a0\u2003[](){}<>@.oOlIL019٣a\x00x", "at", "AT", "punt", "dot", "Dot", "apenstaartje",
                "com", "nl", "de", " . ", " @ ", "  "]
    for _ in range(30_000):
        text = "".join(r.choice(alphabet) for _ in range(r.randint(0, 30)))
        assert _spans(N._OBFUSCATION, text) == _spans(PLAIN, text), repr(text)


def test_every_character_before_and_around_a_match() -> None:
    # each character of a stride of the code points in front of, inside and after the shapes the regex looks for
    shapes = ["[at]", " @ x", "O5", "5O ", "5l5", " . nl", "\x00"]
    for cp in [*range(0x100), *range(0x100, 0x110000, 251)]:
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        for s in shapes:
            for text in (f"x{c}{s}", f"{c}{s}{c}", f"5{c}O{c}5", f"a{c}@{c}b", f"a{c}.{c}com"):
                assert _spans(N._OBFUSCATION, text) == _spans(PLAIN, text), (hex(cp), text)
