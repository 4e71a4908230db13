"""Canonical forms: every way of writing an identifier gives the same form; near-misses do not."""

from __future__ import annotations

from datetime import date

import pytest

from doxwacht.watchlist import canonical as c
from doxwacht.watchlist.canonical import InvalidIdentifier


def same(fn, variants):
    forms = {tuple(fn(v)) for v in variants}
    assert len(forms) == 1, forms
    return forms.pop()


def test_phone_variants_to_e164():
    assert same(c.phone, ["06-12345678", "06 12 34 56 78", "+31 6 1234 5678", "0031612345678", "(06) 12345678",
                          "+31612345678"]) == ("+31612345678",)
    assert c.phone("020-1234567") == ["+31201234567"]
    assert c.phone("06-12345679") != c.phone("06-12345678")


def test_belgian_national_format_where_no_dutch_number_is():
    """As the scan's phone detector reads them: a Belgian mobile or landline written without +32."""
    assert same(c.phone, ["0476 12 34 56", "+32 476 12 34 56", "0032476123456"]) == ("+32476123456",)
    assert c.phone("09 210 10 10") == ["+3292101010"]
    assert c.phone("0475 123456") == ["+31475123456"]  # a valid Dutch number (Roermond) stays Dutch


@pytest.mark.parametrize("bad", ["06-1234", "hallo", "", "123"])
def test_phone_invalid(bad):
    with pytest.raises(InvalidIdentifier) as e:
        c.phone(bad)
    assert e.value.kind == "phone" and (not bad or bad not in str(e.value))


def test_email_lower_case():
    assert same(c.email, ["J.deVries@Example.NL", " j.devries@example.nl ", "mailto:J.DEVRIES@example.nl"]) == (
        "j.devries@example.nl",
    )
    assert c.email("j.devries@example.com") != c.email("j.devries@example.nl")
    with pytest.raises(InvalidIdentifier):
        c.email("geen-adres")


def test_plate_no_dashes_upper():
    assert same(c.plate, ["12-abc-3", "12ABC3", "12 ABC 3", "12.abc.3"]) == ("12ABC3",)
    assert c.plate("12-ABC-4") != c.plate("12-ABC-3")
    with pytest.raises(InvalidIdentifier):
        c.plate("#!")


def test_iban_compact():
    assert same(c.iban, ["NL91 ABNA 0417 1643 00", "nl91abna0417164300"]) == ("NL91ABNA0417164300",)
    with pytest.raises(InvalidIdentifier):
        c.iban("NL91ABNA0417164301")


def test_dob_formats():
    assert same(c.dob, ["1980-03-12", "12-03-1980", "12/3/1980", "12.03.1980", "12 maart 1980", "12 mrt. 1980"]) == (
        "1980-03-12",
    )
    for bad in ["31-02-1980", "1800-01-01", "gisteren"]:
        with pytest.raises(InvalidIdentifier):
            c.dob(bad)
    with pytest.raises(InvalidIdentifier):
        c.dob("2030-01-01", today=date(2024, 1, 1))


def test_handle_forms():
    assert same(c.handle, ["@JanDV", "jandv", "https://x.com/JanDV", "https://www.instagram.com/jandv/?hl=nl",
                           "twitter.com/@JanDV", "tiktok.com/@jandv/video/7301", "https://www.instagram.com/jandv#x"]
                ) == ("jandv",)
    assert c.handle("jandv2") != c.handle("jandv")


def test_a_profile_url_names_a_handle_and_other_urls_none():
    assert c.profile_handle("https://www.instagram.com/JanDV/") == "jandv"
    assert c.profile_handle("t.me/exposegroep_nl") == "exposegroep_nl"
    assert c.profile_handle("https://nos.nl/artikel/jandv") is None
    assert c.profile_handle("https://www.instagram.com/") is None  # no handle in it


def test_postcode_number_and_addition():
    assert c.postcode("1234 ab 12-a") == ["1234AB|12|A", "1234AB|12|"]
    assert same(c.postcode, ["1234AB 12a", "1234 AB 12 A", "1234ab, 12-A", "1234AB12a"]) == ("1234AB|12|A", "1234AB|12|")
    assert c.postcode("1234AB nr. 7") == ["1234AB|7|"]
    assert c.postcode_key("1234 ab", "012", None) == "1234AB|12|"
    # near misses: another number or addition is another form
    assert c.postcode_key("1234AB", "14") not in c.postcode("1234AB 12a")
    assert c.postcode_key("1234AB", "12", "b") not in c.postcode("1234AB 12a")
    with pytest.raises(InvalidIdentifier):
        c.postcode("1234 AB")  # a postcode alone is not an identifier


def test_address_forms():
    forms = c.address("Hoofdstraat 12a, 1234 AB Amsterdam")
    assert forms.postcode == ["1234AB|12|A", "1234AB|12|"]
    assert forms.full == ["hoofdstraat|12|A|amsterdam", "hoofdstraat|12||amsterdam"]
    assert forms.street == ["hoofdstraat|12|A", "hoofdstraat|12|"]
    assert forms.place == "amsterdam"
    # the same address however written
    assert c.address_key("Hoofdstr.", "12", "a", "AMSTERDAM") == "hoofdstraat|12|A|amsterdam"
    assert c.address("Burg. de Withstraat 5, Den Haag").full[0] == c.address_key(
        "burgemeester de withstraat", "5", "", "'s-Gravenhage"
    )
    assert c.address("Hoofdstraat 5 a Ede").full[0] == "hoofdstraat|5|A|ede"
    assert c.address("Hoofdstraat 5 Ede").full[0] == "hoofdstraat|5||ede"  # "Ede" is the place, not an addition
    assert c.street_key("Hoofdstraat", "14", "") not in forms.street
    with pytest.raises(InvalidIdentifier):
        c.address("Amsterdam")


def test_place_folding_and_aliases():
    assert c.place("'s-Gravenhage") == c.place("Den Haag") == c.place("den-haag") == "denhaag"
    assert c.place("'s-Hertogenbosch") == c.place("Den Bosch")
    assert c.place("Zeist") != c.place("Zeista")


NAME_VARIANTS = [
    "Jan Pieter de Vries", "jan pieter de vries", "JAN PIETER DE VRIES", "Jan de Vries", "J. de Vries",
    "J.P. de Vries", "J. P. de Vries", "JP de Vries", "de Vries, Jan", "Vries, Jan de", "de Vries, J.P.",
    "Vries, J. de", "de Vries Jan", "Ján de Vriës", "Jan De Vries",
]


@pytest.mark.parametrize("written", NAME_VARIANTS)
def test_name_written_forms_are_registered_forms(written):
    registered = set(c.name("Jan Pieter de Vries").full)
    key = c.name_key(written.replace(",", " , ").split())
    assert key in registered, (written, key)


@pytest.mark.parametrize(
    "written",
    ["Jan", "Pieter", "de Vries", "Vries", "Jan van Vries", "Jan de Vrij", "Piet de Vries", "Jan Pieters",
     "K. de Vries", "Jan Vries"],
)
def test_name_near_misses_are_not_registered_forms(written):
    registered = set(c.name("Jan Pieter de Vries").full)
    assert c.name_key(written.replace(",", " , ").split()) not in registered


def test_tussenvoegsel_order_and_abbreviations():
    a = set(c.name("Jan van der Berg").full)
    assert c.name_key("Berg , van der".split()) == "van der berg"  # surname-only: not a full-name form
    assert c.name_key("Berg , Jan van der".split()) in a
    assert c.name_key("J. v.d. Berg".split()) in a
    assert c.name_key("Jan vd Berg".split()) in a
    assert c.name_key("Jan v/d Berg".split()) in a
    assert c.name("Berg, Jan van der").full == c.name("Jan van der Berg").full


def test_double_surnames_give_each_part():
    forms = c.name("Anne Jansen-de Vries")
    full = set(forms.full)
    for written in ["Anne Jansen-de Vries", "Anne Jansen de Vries", "Anne de Vries-Jansen", "Anne Jansen",
                    "Anne de Vries", "A. Jansen-de Vries", "Jansen-de Vries, Anne"]:
        assert c.name_key(written.replace(",", " , ").split()) in full, written
    assert set(forms.surname_tokens) == {"jansen", "vries"}
    assert "jansen de vries" in forms.surnames and "de vries" in forms.surnames


def test_diacritics_ij_apostrophes():
    assert c.name("Zoë d'Ancona").full == c.name("Zoe D'ancona").full
    assert c.name_key("IJsbrand Dijkstra".split()) == c.name_key("Ysbrand Dykstra".split())
    assert c.name_key("Jan 't Hart".split()) in c.name("Jan 't Hart").full
    assert c.name_key("Jan ’t Hart".split()) in c.name("Jan 't Hart").full


def test_hyphenated_given_names_and_initials():
    full = set(c.name("Jan-Willem Bakker").full)
    for written in ["Jan-Willem Bakker", "Jan Willem Bakker", "J.W. Bakker", "J. Bakker", "Bakker, J.W."]:
        assert c.name_key(written.replace(",", " , ").split()) in full, written


def test_name_needs_given_and_surname():
    for bad in ["Jansen", "", "van der", "Jan van", "a, b, c"]:
        with pytest.raises(InvalidIdentifier) as e:
            c.name(bad)
        assert e.value.kind == "name"


def test_invalid_identifier_never_quotes_the_value():
    secret = "06-99999"
    with pytest.raises(InvalidIdentifier) as e:
        c.phone(secret)
    assert secret not in str(e.value) and "99999" not in repr(e.value)


def test_street_abbreviations_of_van_and_van_der():
    # as the address detector reads them: "v. Goghstraat 12", "v.d. Heijdenlaan 4"
    assert c.street("v. Goghstraat") == c.street("Van Goghstraat")
    assert c.street("v.d. Heijdenlaan") == c.street("v/d Heijdenlaan") == c.street("vd Heijdenlaan") \
        == c.street("Van der Heijdenlaan")
    assert c.street("D. Heijdenlaan") != c.street("Van der Heijdenlaan")
