from __future__ import annotations

import pytest

from doxwacht.response.masking import LabelledSpan, find_unmasked, mask_excerpt, mask_value


@pytest.mark.parametrize(("label", "text", "masked"), [
    ("PHONE", "0612345678", "06-••••••78"),
    ("PHONE", "06-12345678", "06-••••••78"),
    ("PHONE", "+31 6 12345678", "06-••••••78"),
    ("EMAIL", "jan.jansen@gmail.com", "j•••@•••.com"),
    ("POSTCODE", "1234 AB", "1234 ••"),
    ("IBAN", "NL91ABNA0417164300", "NL••••••••••••••00"),
    ("ADDRESS", "Hoofdstraat 12, Zwolle", "[adres]"),
    ("PERSON", "Jan Jansen", "[naam]"),
    ("BSN", "111222333", "[BSN]"),
    ("SOCIAL_HANDLE", "@janjansen", "@j••••••••"),
    ("LICENSE_PLATE", "AB-123-C", "••••3C"),
])
def test_mask_value(label: str, text: str, masked: str) -> None:
    assert mask_value(label, text) == masked


def test_mask_excerpt_replaces_spans_and_keeps_the_rest() -> None:
    text = "bel 0612345678 of mail jan@x.nl"
    out = mask_excerpt(text, [LabelledSpan("PHONE", 4, 14), LabelledSpan("EMAIL", 23, 31)])
    assert out == "bel 06-••••••78 of mail j•••@•••.nl"
    assert find_unmasked(out) == []


def test_mask_excerpt_nested_spans_outer_wins() -> None:
    text = "Hoofdstraat 12, 1234 AB Zwolle"
    out = mask_excerpt(text, [LabelledSpan("POSTCODE", 16, 23), LabelledSpan("ADDRESS", 0, 30)])
    assert out == "[adres]"


def test_mask_excerpt_rejects_spans_outside_text() -> None:
    with pytest.raises(ValueError):
        mask_excerpt("kort", [LabelledSpan("PHONE", 2, 10)])


@pytest.mark.parametrize(("text", "label"), [
    ("bel 06 12 34 56 78", "PHONE"),
    ("bel +31612345678", "PHONE"),
    ("mail jan@voorbeeld.nl", "EMAIL"),
    ("rekening NL91 ABNA 0417 1643 00", "IBAN"),
    ("postcode 1234AB", "POSTCODE"),
    ("bsn 111222333", "BSN"),
])
def test_find_unmasked(text: str, label: str) -> None:
    assert [u.label for u in find_unmasked(text)] == [label]


def test_find_unmasked_allows_given_strings_and_ignores_service_numbers() -> None:
    assert find_unmasked("mail team@politie.example", allowed=["team@politie.example"]) == []
    assert find_unmasked("bel 0900-8844 of 0800-0113 of 113") == []
    assert find_unmasked("artikel 16 van Verordening (EU) 2022/2065 en Richtlijn 2011/93/EU") == []
    assert find_unmasked("nummer 123456789") == []  # nine digits failing the 11-proef are no BSN
