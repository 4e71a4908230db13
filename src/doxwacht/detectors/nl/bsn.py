"""BSN: Dutch citizen service numbers (burgerservicenummer), 9 digits passing the 11-proef, plain
or grouped with dots or spaces. Many 9-digit numbers pass the check by chance (one in eleven), so a
BSN needs a cue that names it: order numbers and codes stay quiet.

A number right after a calling code or a currency ("+31 612345678", "€ 635.337.836") is never a BSN.
Otherwise the first of these decides:

1. "geen BSN" / "niet je BSN" near the number: not a BSN;
2. a column header above it in a table written as text ('|', tab, ';', or CSV with as many cells);
3. a cue after it that says what it is: "123456782 is zijn BSN", "311032138, dat is mijn klantnummer";
4. the nearest cue word in the number's own clause (the text between separators such as a comma, a line
   break, ';', '|', a dash between spaces or a sentence end; a comma, dash or sentence end right after
   the number opens an afterthought that still belongs to it), a negative one at equal distance:
   "Klantnummer 889904881, BSN 779029938" gives each number its own label;
5. the nearest cue word in the window around it ("BSN's: 759751043, 904954900");
6. a word that names a BSN unambiguously ("bsn", "burgerservicenummer"), further away in the message.

A cue word after the number that labels a following value ("BSN 779029938 klantnummer 889904881") never
counts for this number. Cue words are whole words, compounds joined ("burger-service-nummer", "B.S.N.",
"id-kaart"), with plurals and one-letter typos of the long names ("burgerservicenumer", "sofienummer"). Any
other "...nummer" / "...nr" / "...code" label (klantnummer, polisnr, foutcode) is a negative cue; a few
nouns ("dossier", "vergunning", a bare "ID") are negative only right by the number, in its own clause."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from typing import NamedTuple

from stdnum.nl import bsn

from doxwacht.detectors.base import PatternDetector, Rejected
from doxwacht.detectors.tables import header_words
from doxwacht.document import Document
from doxwacht.findings import Evidence, Label

_NOT_A_BSN = re.compile(
    r"(?i)\b(?:geen|niet (?:het|een|mijn|zijn|haar)|(?:(?:is|was) (?:dus |echt |gewoon )?|, (?:en |maar )?)niet (?:je|jouw|uw|de|hun|z'n)) "
    r"(?:bsn|burgerservicenummer|sofinummer)\b"
)

# Words that name a BSN. `_STRONG` ones also count far from the number (step 6).
_STRONG = frozenset({
    "bsn", "bsns", "bsnnr", "bsnnummer", "bsnnummers", "burgerservicenummer", "burgerservicenummers",
    "burgerservicenr", "sofinummer", "sofinummers", "sofinr", "sofi", "bsnr", "citizenservicenumber",
})
_POSITIVE = _STRONG | frozenset({
    "persoonsnummer", "persoonsnummers", "persoonsnr", "persoonsgebonden", "paspoort", "paspoortnummer",
    "paspoortnr", "burgernummer", "fiscaalnummer", "belastingnummer",
    "identiteitskaart", "idkaart", "idbewijs", "identiteitsbewijs", "rijbewijs", "digid",
    # (a person's fiscal number is their BSN; an organisation's is its RSIN: negatives below)
    "fiscaal", "fiscale",
})
# long names whose one-letter typos still name a BSN ("burgerservicenumer", "sofienummer")
_TYPO_TARGETS = ("burgerservicenummer", "sofinummer", "persoonsnummer", "bsnnummer")
# phone words: they name the number right after them only ("bel 612345678", not "BSN 637664590 bel hem op
# ...", nor "zijn BSN kreeg ik via de telefoon, hier: 123456782")
_PHONE_WORDS = frozenset({"bel", "tel", "telefoon", "mobiel", "gsm", "fax"})
_NEGATIVE = _PHONE_WORDS | frozenset({
    "bestelnummer", "ordernummer", "order", "factuur", "factuurnummer", "zaaknummer", "referentie", "ref",
    "kenmerk", "track", "tracking", "trace", "pakket", "zending", "klantnummer", "kvk", "btw", "artikelnummer",
    "ticket", "dossiernummer", "polisnummer", "polis", "ticketnummer", "rsin", "vereniging", "stichting",
    "tracknummer", "bestelling", "registratienummer", "transactie", "bankrekening", "giro", "barcode", "ean",
    "imei", "code", "pincode", "bedrag", "euro", "eur", "loterij", "userid", "chatid",
    "reservering", "boeking", "boekingscode", "meterstand", "timestamp", "wachtwoord", "password", "pin",
    # kinds of number that can have 9 digits
    "lidnummer", "lidmaatschapsnummer", "relatienummer", "clientnummer", "cliëntnummer", "personeelsnummer",
    "werknemersnummer", "verzekerdennummer", "uitkeringsnummer", "aanvraagnummer", "contractnummer",
    "abonnementsnummer", "rekeningnummer", "pasnummer", "zendingnummer", "reserveringsnummer", "boekingsnummer",
    "vergunningnummer", "serienummer", "studentnummer", "debiteurnummer", "inschrijfnummer", "aktenummer",
    "formuliernummer", "zorgpasnummer", "klantnr", "ordernr", "polisnr", "lidnr", "relatienr", "factuurnr",
})
# kinds of number that never have 9 digits of their own (a document number has letters, a phone number
# 10 digits): not a cue either way ("Het persoonsnummer (niet het documentnummer) is 123456782")
_NEVER_NINE_DIGITS = frozenset({
    "documentnummer", "documentnr", "huisnummer", "huisnr", "telefoonnummer", "telefoonnr", "mobielnummer",
    "gsmnummer", "postcode", "postcodes", "rijbewijsnummer", "kentekennummer",
})
# nouns that name another kind of number only right before or after it, in its own clause ("Vergunning
# 399579801 verleend", "ons dossier heeft nummer 385266509"), not from across a sentence ("... die ons dossier
# kwijtraakte: <BSN>")
_NEAR_NEGATIVE = frozenset({
    "dossier", "zaak", "rekening", "vergunning", "account", "aanvraag", "artikel", "sessie", "melding",
    "inschrijving", "bon",
})
_NEAR = 25
_GLUE = re.compile(r"(?i)[\s:#=.()'\"-]*(?:(?:heeft|had|met|nummer|nr|no|is|was|onder|op|staat|het|de|een)\b[\s:#=.()'\"-]*){0,3}")
# "ID" after these is an account's or an order's identifier (else the identity card)
_ID_OWNERS = frozenset({
    "telegram", "user", "chat", "klant", "order", "transactie", "account", "sessie", "groep", "kanaal",
    "bericht", "discord", "app", "device", "apparaat", "lid", "transaction", "client", "steam", "snap",
})
# a label of another kind of number: "klantnummer", "polisnr", "lidmaatschapsnummers", "foutcode"
_OTHER_NUMBER = re.compile(r"\w{2,}(?:nummers?|nr|codes?)")
_WORD = re.compile(r"[^\W\d_]+")
# a cue joined from the parts of a compound: "burger-service-nummer", "burger service nr", "id-kaart", "B.S.N."
_JOINABLE = re.compile(r"[-. ]{0,2}")
# the clause around a number ends at these
_CLAUSE_END = re.compile(r"\n|[;|\t—–•]|,(?!\d)|[.!?]\s+(?=[A-Z])|\s[-/]\s")
# a clause that starts with one of these right after the number is still about it (not a line break or a
# table cell: the next field of a form)
_AFTERTHOUGHT = frozenset(",.!?—–")
# after a cue word: the value it labels follows ("klantnummer: 889904881", "iban NL91...")
_LABELS_NEXT = re.compile(r"[\s:#=.()'\"-]*(?:\d|[A-Z]{2}\d)")
# between the number and a cue after it that says what the number is: "= bsn", "is zijn BSN",
# ", dat is het burgerservicenummer van", "? Dat is een ordernummer"
_DEFINES = re.compile(
    r"(?i)[\s,.?!:;()—–-]*(?:(?:dat|dit|het|die)\s+)?(?:is|was|=)\s+"
    r"(?:(?:het|de|een|zijn|haar|mijn|je|jouw|uw|hun|z'n|zn|nummer|van|ook|dus|gewoon|echt|echte|oude|nieuwe)\s+){0,4}"
)
# before the number: a country calling code (a phone number: "+31 612345678") or a currency ("€ 635.337.836")
_PHONE_OR_AMOUNT = re.compile(r"(?:(?:\+|(?<!\d)00)\d{1,3}[ -]?(?:\(0\)\s?)?|[€$£]\s?|(?i:\beur\b)\s?)$")

_WINDOW, _AFTER = 80, 50
# Words that name a BSN beyond the context window: in a long sentence the cue comes well before (or
# after) the number ("Het burgerservicenummer dat op de brief stond, helemaal onderaan ..., was 123456782").
# Only the `_STRONG` words count that far, and any cue in the ordinary window wins.
_FAR_WINDOW = 200
_FAR_AFTER = 120  # "Yasmina Akkouh 123456782 01-02-1993 staat allemaal op die lijst van de gemeente, BSN en al"
# a cheap test first: every text with a `_STRONG` word (or a typo of one) matches it
_FAR_HINT = re.compile(r"(?i)b\W{0,2}s\W{0,2}n|burger|sofi|citizen")
_BOOST, _PENALTY = 0.55, 0.45

# (evidence is immutable: the same objects serve every finding)
_EV_DIGITS = Evidence("pattern", "9 digits")
_EV_CHECK = Evidence("validator", "11-proef")
_EV_HEADER = Evidence("context+", "column header", _BOOST)
_EV_FAR = Evidence("context+", "BSN named earlier in the message", _BOOST)
_TABLE_SEPARATORS = "|\t;,"


def _one_edit(word: str, target: str) -> bool:
    """Whether `word` is `target` with one letter added, dropped or changed."""
    if abs(len(word) - len(target)) > 1 or word == target:
        return False
    i = 0
    while i < min(len(word), len(target)) and word[i] == target[i]:
        i += 1
    if len(word) == len(target):
        return word[i + 1 :] == target[i + 1 :]
    if len(word) > len(target):
        return word[i + 1 :] == target[i:]
    return word[i:] == target[i + 1 :]


class Cue(NamedTuple):
    start: int
    end: int
    kind: int  # +2 names a BSN unambiguously, +1 names a BSN, -1 names another kind of number
    word: str
    reach: int  # the farthest from the number (characters) at which it still counts


def cue_kind(word: str) -> int:
    """+1 for a word that names a BSN (+2: unambiguously, so that it counts from further away), -1 for
    one that names another kind of number, 0 otherwise. `word` is lower case."""
    if word in _STRONG:
        return 2
    if word in _POSITIVE:
        return 1
    if word in _NEGATIVE or word in _NEAR_NEGATIVE:
        return -1
    if len(word) >= 8:
        stem = word.removesuffix("s")
        for target in _TYPO_TARGETS:
            if word[:3] == target[:3] and (_one_edit(word, target) or _one_edit(stem, target)):
                return 1 if target == "persoonsnummer" else 2
    if word not in _NEVER_NINE_DIGITS and _OTHER_NUMBER.fullmatch(word):
        return -1  # (any other kind of number; counts only right by the number: see `cues`)
    return 0


def cues(text: str, lo: int, hi: int) -> list[Cue]:
    """The cue words of `text[lo:hi]`, compounds of two or three parts joined ("burger-service-nummer",
    "B.S.N.", "id-kaart")."""
    lower = text[lo:hi].lower()
    words = [(m.start() + lo, m.end() + lo, m.group()) for m in _WORD.finditer(lower)]
    found: list[Cue] = []
    i = 0
    while i < len(words):
        for n in (3, 2, 1):
            part = words[i : i + n]
            if len(part) < n or any(
                not _JOINABLE.fullmatch(text[a[1] : b[0]]) for a, b in pairwise(part)
            ):
                continue
            joined = "".join(w for _, _, w in part)
            kind = cue_kind(joined)
            if kind and (n == 1 or kind > 0):  # (only a name of a BSN is worth joining for)
                # (a noun of `_NEAR_NEGATIVE`, a phone word, or any other "...nummer")
                near = kind < 0 and (joined not in _NEGATIVE or joined in _PHONE_WORDS)
                reach = _NEAR if near else _FAR_WINDOW
                found.append(Cue(part[0][0], part[-1][1], kind, joined, reach))
                i += n - 1
                break
        else:
            if words[i][2] == "id":
                found.extend(_id_cue(text, words, i))
        i += 1
    return found


def _id_cue(text: str, words: list[tuple[int, int, str]], i: int) -> list[Cue]:
    """"ID": an account's or an order's identifier after "telegram", "user", "klant" ("Telegram ID
    512345678"); else the identity card ("achterkant van de ID", "ID: 123456782")."""
    start, end, _ = words[i]
    prev = words[i - 1][2] if i and _JOINABLE.fullmatch(text[words[i - 1][1] : start]) else ""
    if prev in _ID_OWNERS:
        return [Cue(words[i - 1][0], end, -1, prev + "-id", _FAR_WINDOW)]
    return [Cue(start, end, 1, "id", _FAR_WINDOW)]


class BsnDetector(PatternDetector):
    name = "nl.bsn.v1"
    label = Label.BSN
    # `pattern` itself, its look-arounds as classes that hold wherever they hold (a non-ASCII letter
    # counts as none, so it fires a little more often, never less), then the rest of the message (as
    # `until_message_end`: each message reported once): not inside a longer number such as a phone
    # number. (The context is scored after the prefilter.)
    triggers = ((
        r"(?:^|[^A-Za-z0-9_€$])"
        r"(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[. ]\d{3}[. ]\d{3}|\d{3}[. ]\d{2}[. ]\d{2}[. ]\d{2}|\d{2}[. ]\d{3}[. ]\d{2}[. ]\d{2}|\d{4}[. ]\d{2}[. ]\d{3})"
        r"(?:[^A-Za-z0-9_\-\x00.,][^\x00]*|[.,][^0-9\x00][^\x00]*|[.,])?(?:\x00|$)"
    ),)
    # Not inside a longer number or word ("NL123456782B01", "1.123.456.782", "€123.456.789"), but
    # right after a punctuation mark after a word ("bsn nr.123456782", "BSN-123456782", "bsn/123456782")
    # or a comma (a CSV cell: "1980,123456782").
    pattern = re.compile(
        r"(?<![\w€$])(?<!\d[./-])"
        r"(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[. ]\d{3}[. ]\d{3}|\d{3}[. ]\d{2}[. ]\d{2}[. ]\d{2}|\d{2}[. ]\d{3}[. ]\d{2}[. ]\d{2}|\d{4}[. ]\d{2}[. ]\d{3})(?![\w-]|[.,]\d)"
    )
    # `pattern` with the look-behind after the first digit: the same matches, and the regex engine can
    # jump to digits
    _fast = re.compile(
        r"\d(?<![\w€$]\d)(?<!\d[./-]\d)"
        r"(?:\d{8}|\d{3}\.\d{2}\.\d{3}|\d{2}[. ]\d{3}[. ]\d{3}|\d{2}[. ]\d{2}[. ]\d{2}[. ]\d{2}"
        r"|\d[. ]\d{3}[. ]\d{2}[. ]\d{2}|\d{3}[. ]\d{2}[. ]\d{3})(?![\w-]|[.,]\d)"
    )
    # (the context is scored in `validate`, clause by clause: see the module docstring)
    context = None

    def candidates(self, doc: Document) -> Iterator[re.Match[str]]:
        return self._fast.finditer(doc.norm)

    def validate(self, doc: Document, match: re.Match[str]) -> tuple[str, float, list[Evidence]]:
        digits = re.sub(r"\D", "", match.group())
        if not bsn.is_valid(digits):
            raise Rejected
        ev = [_EV_DIGITS, _EV_CHECK]
        norm = doc.norm
        start, end = match.span()
        if _PHONE_OR_AMOUNT.search(norm, max(0, start - 10), start):
            raise Rejected  # "+31 612345678", "€ 635.337.836"
        lo, hi = doc.window(start, end, _WINDOW, 40)
        if _NOT_A_BSN.search(norm, lo, hi):
            raise Rejected  # "geen BSN": said not to be one (a context word must not bring it back)
        if any(w == "id" or cue_kind(w) > 0 for w in header_words(norm, start, end, _TABLE_SEPARATORS)):
            return digits, 0.9, ev + [_EV_HEADER]  # "naam | geb | bsn" above a table's rows
        cue = self._cue(doc, start, end)
        if cue is not None:
            kind, word = cue
            if kind > 0:
                return digits, 0.35 + _BOOST, ev + [Evidence("context+", word, _BOOST)]
            return digits, 0.0, ev + [Evidence("context-", word, -_PENALTY)]
        lo, hi = doc.window(start, end, _FAR_WINDOW, _FAR_AFTER)
        if not _FAR_HINT.search(norm, lo, hi):  # (a cheap test first: most numbers have no cue at all)
            return digits, 0.35, ev
        if any(c.kind == 2 and self._counts(norm, c.end, end, hi) for c in cues(norm, lo, hi)):
            return digits, 0.35 + _BOOST, ev + [_EV_FAR]
        return digits, 0.35, ev

    @staticmethod
    def _reaches(norm: str, cue: Cue, start: int, end: int) -> bool:
        """Whether `cue` is near enough to the number at `start:end` to count: a noun that names a number
        only nearby must be joined to it by nothing but a few glue words ("dossier heeft nummer")."""
        gap = (cue.end, start) if cue.end <= start else (end, cue.start)
        if gap[1] - gap[0] > cue.reach:
            return False
        return cue.reach > _NEAR or _GLUE.fullmatch(norm, *gap) is not None

    @staticmethod
    def _counts(norm: str, cue_end: int, end: int, hi: int) -> bool:
        """Whether a cue word that ends at `cue_end` may count for the number that ends at `end`: one
        after the number must not label a following value."""
        return cue_end <= end or not _LABELS_NEXT.match(norm, cue_end, hi)

    def _cue(self, doc: Document, start: int, end: int) -> tuple[int, str] | None:
        """The cue that decides for the number at `start:end`: one after it that says what it is, else
        the nearest in its own clause, else the nearest in the window around it."""
        norm = doc.norm
        lo, hi = doc.window(start, end, _WINDOW, _AFTER)

        def distance(c: Cue) -> tuple[int, int]:
            # (the nearest; at equal distance the negative: "fiscaal nummer: 803010011 (vereniging)")
            return (start - c.end if c.end <= start else c.start - end), c.kind

        found = [
            c for c in cues(norm, lo, hi)
            if (c.end <= start or (c.start >= end and c.word not in _PHONE_WORDS))
            and self._reaches(norm, c, start, end)
            and self._counts(norm, c.end, end, hi)
        ]
        if not found:
            return None
        clause_lo = max((m.end() for m in _CLAUSE_END.finditer(norm, lo, start)), default=lo)
        clause_end = _CLAUSE_END.search(norm, end, hi)
        if clause_end and clause_end.group()[0] in _AFTERTHOUGHT and not norm[end : clause_end.start()].strip():
            # an afterthought right after the number is about it: "311032138, dat is mijn klantnummer"
            clause_end = _CLAUSE_END.search(norm, clause_end.end(), hi)
        clause_hi = clause_end.start() if clause_end else hi
        own = [c for c in found if c.start >= clause_lo and c.end <= clause_hi]
        after = [c for c in own if c.start >= end]
        if after:
            first = min(after, key=distance)
            if _DEFINES.fullmatch(norm, end, first.start):
                return first.kind, first.word
        if not own:  # (a noun that names a number only nearby counts only in the number's own clause)
            own = [c for c in found if c.reach > _NEAR]
        if not own:
            return None
        cue = min(own, key=distance)
        return cue.kind, cue.word
