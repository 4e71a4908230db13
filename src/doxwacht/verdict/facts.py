"""Facts about a message for the verdict: whose data it is (disclosure), who is targeted, which intent.

Disclosure of each piece of personal data:

* ``self``: the author's own ("mijn nummer is", "bel me op", "ik woon op"),
* ``organisation``: contact data of an organisation (Postbus, klantenservice, info@, 0800/0900, a
  municipality's 14 0xx number, a fundraiser's account "t.n.v. Stichting"),
* ``third_party``: someone else's (the default when nothing says otherwise).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from doxwacht.detectors.nl import gazetteers
from doxwacht.detectors.nl.person import TUSSENVOEGSELS
from doxwacht.document import Document
from doxwacht.findings import Finding
from doxwacht.intent import lexicon as IL
from doxwacht.intent.hits import IntentHit
from doxwacht.intent.tagger import fold_phrase

LOCATING = frozenset({"ADDRESS", "POSTCODE", "PHONE", "EMAIL", "LICENSE_PLATE", "GEO_COORDINATE", "BSN",
                      "DATE_OF_BIRTH", "IBAN", "SOCIAL_HANDLE", "IP_ADDRESS"})
# the cues that give a handle as someone's own account ("haar insta is @naam")
_ACCOUNT_OWNER_CUES = frozenset({"zijn", "haar", "z'n", "d'r", "hun"})
# one sentence's characters: a dot inside a word ("@noor.daily", "info@x.nl") does not end a sentence
_IN_SENTENCE = r"(?:[^.!?\n]|\.(?=\w))"
# "de insta van die rechter haar dochter: @x", "tiktok van die meid = @x": the account given as someone's, unless
# it is given to report ("report het account van die trut @x")
_ACCOUNT_OF = re.compile(r"\b(?:insta|instagram|tiktok|snap|snapchat|twitter|facebook|fb|profiel|account)\s+van\b"
                         rf"{_IN_SENTENCE}{{0,50}}$", re.IGNORECASE)
_REPORT_ACCOUNT = re.compile(r"\b(?:report\w*|rapporteer\w*|meld\w*|block\w*|blokkeer\w*)\b", re.IGNORECASE)
PII_LABELS = LOCATING | {"PERSON"}

_SELF_BEFORE = re.compile(
    r"(\b(?:mijn|m'n|mn|ons|onze|my)\s+(?:\w+\s+)?(?:adres|\w*nummer|nr|tel|gsm|mobiel|whatsapp|06|mail|e-?mail|"
    r"emailadres|e-mailadres|iban|rekeningnummer|rekening|kenteken|auto|geboortedatum|bsn|huis|woning|postcode|"
    r"insta|instagram|snap|snapchat|account|gegevens|contactgegevens|nieuwe adres|werknummer|tiktok|discord|"
    r"twitter|facebook|fb|youtube|twitch|psn|gamertag|steam|telegram|linkedin|onlyfans|gebruikersnaam|"
    r"username|kanaal|profiel)\b|"
    # a handle the writer gives as their own: "add me op insta @x", "voor wie me wil volgen: tiktok @x", "ik sta
    # ook op insta als @x", "ik heb een nieuwe insta: @x"
    r"\badd me\b|\bvoeg me\b|\bvoeg mij\b|\bvolg me\b|\bvolg mij\b|\bme wil volgen\b|\bmij wil volgen\b|"
    r"\bme volgen\b|\bmij volgen\b|\bvind me\b|\bvind mij\b|\bdm me\b|\bik sta ook op\b|\bik sta op\b|"
    r"\bik heb een nieuwe\b|"
    r"\bbel me\b|\bbel mij\b|\bapp me\b|\bapp mij\b|\bmail me\b|\bmail mij\b|\bsms me\b|\bbereik me\b|"
    r"\bbereikbaar\b|\bik woon\b|\bwoon ik\b|\bwij wonen\b|\bwe wonen\b|\bnaar mij\b|\bnaar me\b|"
    r"\bbij mij\b|\bbij ons\b|\bcontact met mij\b|\bcontact met me\b|\bje kunt me\b|\bu kunt mij\b|\bmij bereiken\b|\bme bereiken\b|"
    r"\bstuur me\b|\bstuur mij\b|\bik ben geboren\b|\bcall me\b|\btext me\b|"
    r"\bme mailen\b|\bmij mailen\b|\bme bellen\b|\bmij bellen\b|\bme appen\b|\bmij appen\b)[^.!?\n]{0,45}$")
# the writer introduces themself by name before the data ("ik ben Lisa, 06-...", "ik ben zelf fotograaf (Koen, 06-...)",
# "mijn naam is Henk Zwart, ..."): read in the text as written, the name capitalised
_INTRODUCTION = re.compile(
    r"\b((?i:ik ben|ik heet|mijn naam is|m'n naam is|mn naam is))\s+(?:(?i:zelf)\s+)?(?:[a-z]+\s+)?\(?"
    r"[A-Z\u00C0-\u00DD][a-z\u00DF-\u00FF]+\b[^.!?\n]{0,45}$")
_THIRD_BEFORE = re.compile(
    r"(\bzijn\b|\bhaar\b|\bhun\b|\bz'n\b|\bd'r\b|\bhij woont\b|\bzij woont\b|\bze woont\b|\bhier woont\b|"
    r"\bdaar woont\b|\bwoont\b|\bvan die\b|\bvan deze\b|\bvan dat\b|\bvan de\b|\badres van\b|\bnummer van\b|"
    r"\bkenteken van\b|\brijdt\b|\bwerkt\b|\bdie agent\b|\bdeze agent\b|\bdit is hem\b|\bdit is haar\b|"
    r"\bdat is hem\b|\bdat is haar\b|\bhier is hij\b|\bhier is ze\b|\b(?:mijn|m'n|mn) ex\b)[^.!?\n]{0,60}$")
_ORG = re.compile(
    r"\b(postbus|antwoordnummer|klantenservice|klantendienst|servicedesk|helpdesk|secretariaat|receptie|"
    r"afdeling|gemeente|gemeentehuis|stadhuis|b\.v\.|bv|n\.v\.|stichting|vereniging|kvk|kamer van koophandel|"
    r"openingstijden|op werkdagen|ma t/m vr|maandag t/m vrijdag|maandag tot en met vrijdag|hoofdkantoor|"
    r"bezoekadres|postadres|factuuradres|correspondentieadres|t\.n\.v\.|tnv|giro|doneer|doneren|donatie|"
    r"donaties|inzamelingsactie|inzameling|goede doel|crowdfunding|fonds|ministerie|rijksoverheid|"
    r"praktijk|huisartsenpost|apotheek|ziekenhuis|kantoor|bedrijf|winkel|restaurant|webshop|redactie|"
    r"persvoorlichting|woordvoerder|politiebureau|meldkamer|tipslijn|meld misdaad anoniem|servicenummer|"
    r"storingsnummer|informatienummer|infolijn|hulplijn|advieslijn|bibliotheek|museum|klantcontact|"
    r"vestiging|filiaal|kantooradres|zakelijk|organisatie|team|commissie|bestuur|inschrijving|aanmelden|"
    r"buurthuis|wijkcentrum|spreekuur|opent|opening|evenement|speeltuin|sporthal|zwembad|theater)\b")
_ORG_EMAIL_LOCAL = frozenset(
    "info contact klantenservice service support secretariaat receptie administratie sales helpdesk pers "
    "communicatie redactie noreply no-reply webmaster post postbus gemeente balie office hallo hello mail "
    "boekhouding facturen factuur inkoop verkoop hr vacatures jobs tips tip privacy fg avg klachten "
    "bestellingen orders webshop ledenadministratie penningmeester bestuur aanmelden inschrijving".split())
# a message that asks for someone's data ("wie weet waar die agent woont?", "gezocht: zijn adres"): an asking or
# seeking word and a data noun in one sentence, with a question mark or a seeking verb
_ASK_WORD = (r"(?:wie|iemand|weet|hoe heet|zoek\w*|gezocht|uitzoeken|uitgevonden|achterha\w*|natrekken|doxx?en|"
             r"opzoeken|opsporen|vinden|info|informatie|dm me|beloning|betaal\w*|ken\w*|heeft|hebben|help|uitvogel\w*)")
# (an account asked for is data too: "wie heeft de insta van die serveerster?"; not a photo: asking for images is
# sexual exposure, which the intent rules judge)
_DATA_NOUN = (r"(?:\w*adres\w*|woonplaats|woont|wonen|heet|heten|\w*nummer|06|gegevens|\w*naam|ip|kenteken|wijk|straat|"
              r"school|werkt|werk|werkgever|insta|instagram|snap|snapchat|tiktok|account|accounts|facebook|fb|linkedin|"
              r"geboortedatum|verblijfplaats)")
_ASKS_FOR_DATA = re.compile(
    rf"\b{_ASK_WORD}\b{_IN_SENTENCE}{{0,80}}\b{_DATA_NOUN}\b|\b{_DATA_NOUN}\b{_IN_SENTENCE}{{0,80}}\b{_ASK_WORD}\b")
# (a bounty or a "dm me" asks as a question does: "€500 voor wie het adres kan vinden", "adres, werk, alles. dm me")
_SEEKING = re.compile(r"\?|€|\b(?:zoek\w*|gezocht|uitzoeken|uitgevonden|achterha\w*|natrekken|doxx?en|opsporen|"
                      r"dm me|beloning|\d+\s*euro|euro voor|betaal\w* (?:ik )?(?:voor|wie)|(?:kan|kunnen) vinden|"
                      r"help me aan|uitvogel\w*|ken(?:t)? iemand|heeft iemand|iemand een|"
                      r"ik wil (?:haar|zijn|z'n|d'r|de) (?:\w*adres|\w*nummer|insta|snap|naam|werk))\b")


# Where a person works, studies or goes to school ("werkt achter de kassa bij de Jumbo", "zijn dochter zit op
# basisschool De Regenboog", "Praktijk Molenhoek"): no personal data a detector reports, but it tells a reader
# where to find someone. Not where the writer speaks of themselves ("ik werk bij ...").
_WORKS_AT = re.compile(
    r"\b(?:werkt|werken|werkzaam|studeert|traint|sport|loopt\s+stage|stage\s+loopt|solliciteert)\b[^.!?\n]{0,30}?"
    r"\b(?:bij|op|aan)\s+\S", re.IGNORECASE)
# a school or day-care, with up to two words of its name before it ("het Dalton Lyceum", "de st. jozefschool")
_SCHOOL = (r"(?:de\s+|het\s+|'t\s+)?(?:st\.?\s*|sint\s+)?(?:[\w-]+\s+){0,2}?(?:basis|middelbare\s+)?"
           r"(?:school|\w+school|gymnasium|college|lyceum|kinderopvang|cr[eè]che|opvang|universiteit|hogeschool")
_AT_SCHOOL = re.compile(
    r"\b(?:zit|zitten|staat|gaat|brengt|brengen|haalt|fietst|loopt)\b[^.!?\n]{0,30}?\b(?:op|bij|naar|aan|achter)\s+"
    + _SCHOOL + r"|uni|kassa|balie|rechtbank|praktijk)\b", re.IGNORECASE)
# the verb at the end ("dat zijn zoon op het stedelijk gymnasium in haarlem zit")
_AT_SCHOOL_VERB_LAST = re.compile(
    r"\b(?:op|naar)\s+" + _SCHOOL + r")\b[^.!?\n]{0,30}?\b(?:zit|zitten|gaat|gaan|studeert)\b", re.IGNORECASE)
_NAMED_PLACE = re.compile(
    r"\b(?:[Bb]asisschool|[Ss]chool|[Gg]ymnasium|[Ll]yceum|[Cc]ollege|[Kk]inderopvang|[Pp]raktijk|[Ss]portschool)\s+"
    r"(?:[Dd]e\s+|[Hh]et\s+|'t\s+)?[A-Z]")
# the writer, or the writer's own family ("mijn dochter zit op ..."); not "mijn ex", "mn buurman": someone else
_SELF_SUBJECT = re.compile(
    r"\b(?:(?:ik|we|wij)\s+(?:\w+\s+){0,2}|(?:mijn|m'n|mn|onze|ons)\s+(?:\w+\s+)?(?:zoon|zoontje|dochter|dochtertje|"
    r"kind|kindje|kinderen|kids|zoons|dochters|vrouw|man|vriend|vriendin|verloofde|partner|moeder|mama|vader|papa|ouders|"
    r"broer|broertje|zus|zusje|opa|oma|gezin|familie)\s+(?:\w+\s+)?)$", re.IGNORECASE)


# the street someone lives in, without a house number ("ze woont in de Veldstraat in Breda", "die in de
# Kostverlorenstraat woont")
_STREET = r"[A-Z][\w'-]*(?:straat|laan|weg|plein|gracht|kade|singel|dijk|hof|dreef|pad|steeg|markt|park|wijk)\b"
_LIVES_ON = re.compile(
    rf"\b(?:woont|wonen|woonde|verblijft)\b[^.!?\n]{{0,25}}?\b(?:in|op|aan|bij)\s+(?:de\s+|het\s+)?{_STREET}|"
    rf"\b(?:in|op|aan)\s+(?:de\s+|het\s+)?{_STREET}[^.!?\n]{{0,20}}\b(?:woont|wonen)\b")


# The words each pattern above needs (as a substring, case ignored; where a pattern needs two, a word of each group):
# where none of them is in the text, the pattern cannot match. All found in one pass of an Aho-Corasick automaton
# over the lower-cased text (2-3 µs a chat message; the patterns cost 15-25 µs each over a text that holds one of
# their words, and an IGNORECASE regex of the words 20 µs), so that most messages, which name no place of a person,
# run no pattern, and the others only the patterns that can match ("gewoon" holds "woon", but not "woont")
_PLACE_GROUPS: dict[str, tuple[str, ...]] = {
    "works": ("werkt", "werken", "werkzaam", "studeert", "traint", "sport", "stage", "solliciteert"),
    "school_verb": ("zit", "staat", "gaat", "brengt", "brengen", "haalt", "fietst", "loopt"),
    "school_place": ("school", "gymnasium", "college", "lyceum", "opvang", "creche", "crèche", "uni", "kassa", "balie",
                     "rechtbank", "praktijk"),
    "last_place": ("school", "gymnasium", "college", "lyceum", "opvang", "creche", "crèche", "universiteit"),
    "last_verb": ("zit", "gaat", "gaan", "studeert"),
    "lives": ("woont", "wonen", "woonde", "verblijft"),
    "named": ("school", "gymnasium", "lyceum", "college", "opvang", "praktijk"),
}
_PLACE_BIT = {g: 1 << i for i, g in enumerate(_PLACE_GROUPS)}
_ALL_PLACE_BITS = (1 << len(_PLACE_GROUPS)) - 1
# Where a match of `_WORKS_AT` or `_AT_SCHOOL` can begin: at one of the verbs their first alternation holds (a plain
# literal search over the lower-cased text). A pattern that begins with `\b` and ignores case gets no quick scan from
# the regex engine: it is tried at every position of the text (50-80 µs over a message with data, where it is tried
# only at its verbs: a few µs); see `_matches`
_WORKS_AT_START = re.compile(r"werk|studeert|traint|sport|loopt|stage|solliciteert")
_AT_SCHOOL_START = re.compile(r"zit|staat|gaat|breng|haalt|fietst|loopt")
# (pattern, the groups it needs a word of, where its matches can begin or None); `_NAMED_PLACE` counts without the look
# at the writer before it
_PLACE_PATTERNS = (
    (_WORKS_AT, _PLACE_BIT["works"], 0, _WORKS_AT_START),
    (_AT_SCHOOL, _PLACE_BIT["school_verb"], _PLACE_BIT["school_place"], _AT_SCHOOL_START),
    (_AT_SCHOOL_VERB_LAST, _PLACE_BIT["last_place"], _PLACE_BIT["last_verb"], None),
    (_LIVES_ON, _PLACE_BIT["lives"], 0, None),
)
# letters the regex engine matches case-blind to an ASCII letter where str.lower gives another (or two) characters:
# where one is in the text, every pattern runs (and over the whole text). Without them, `text.lower()` has a character
# for each of the text's, and an ASCII word the engine matches case-blind at a position is there in the lower-cased text
_ODD_CASE = frozenset("ıſİ")


def _matches(rx: re.Pattern[str], starts: re.Pattern[str] | None, text: str, low: str | None) -> Iterable[re.Match[str]]:
    """`rx.finditer(text)`. With `starts` (a literal search over `low`, the lower-cased `text` with a character for each
    of its, that finds every position where a match of `rx` can begin): `rx` tried only there, from the end of each
    match on, as `finditer` goes. (The literal search finds matches that do not overlap, so `starts` must be single
    words of which none can begin inside another's match where `rx`, which begins with `\b` and a word, can begin: a
    word found inside a longer word ("ik" in "Erik") covers no such position. Multi-word literals would not do: "ik
    werk" found in "Erik werk ik" covers the "werk" where "werk ik" begins.)"""
    if starts is None or low is None:
        yield from rx.finditer(text)
        return
    end = 0
    for s in starts.finditer(low):
        p = s.start()
        if p >= end:
            m = rx.match(text, p)
            if m is not None:
                yield m
                end = m.end()


def _place_automaton() -> ahocorasick.Automaton:
    bits: dict[str, int] = {}
    for g, words in _PLACE_GROUPS.items():
        for w in words:
            bits[w] = bits.get(w, 0) | _PLACE_BIT[g]
    a = ahocorasick.Automaton()
    for w, b in bits.items():
        a.add_word(w, b)
    a.make_automaton()
    return a


_PLACE_WORDS = _place_automaton()


def place_of_person(text: str, low: str | None = None) -> bool:
    """Does the text say where someone (not the writer) works, studies, goes to school or lives (a street)?
    (`low`: `text.lower()`, when the caller has it.)"""
    if low is None:
        low = text.lower()
    if not low.isascii() and not _ODD_CASE.isdisjoint(text):
        found = _ALL_PLACE_BITS
        low = None  # (not aligned with the text: the patterns run over all of it)
    else:
        found = 0
        for _, bits in _PLACE_WORDS.iter(low):
            found |= bits
        if not found:
            return False
    for rx, need, also, starts in _PLACE_PATTERNS:
        if not found & need or (also and not found & also):
            continue
        for m in _matches(rx, starts, text, low):
            if _SELF_SUBJECT.search(text, max(0, m.start() - 20), m.start()) is None:
                return True
    return bool(found & _PLACE_BIT["named"]) and _NAMED_PLACE.search(text) is not None


# The writer tells who they are or where they can be found: where they (or their child) work, study or go to school
# ("ik werk bij de Jumbo in Hoogeveen", "mijn dochter zit op De Regenboog in Leusden, groep 3"), or a self-introduction
# with a given name and an age, a place or a job ("ik ben Fatima, 26, uit Rotterdam", "ik ben Bram en ik woon in
# Deventer", "Lisa, 31, Breda. Ik hou van ..."). Personal data the writer discloses about themself, as "mijn nummer is
# ..." is. Work is "bij" an organisation named with a capital ("ik werk op Windows", "ik werk aan Hoofdstuk 3" name
# none); sitting or going somewhere is school only with a school word in the sentence ("ik zit vast op de A12", "mijn
# zoon zit de hele dag op TikTok" are not).
_CAP = r"[A-Z\u00C0-\u00DD][\w\u00DF-\u00FF'’-]+"
_SURNAME = r"(?:\s+(?:(?:van|de|der|den|het|ter|ten|te|'t)\s+){0,2}" + _CAP + ")?"  # after a given name
_CHILD = r"(?:mijn|m'n|mn|onze) (?:zoon|zoontje|dochter|dochtertje|kind|kinderen|kids|jongste|oudste)"
_OWN_PLACE = re.compile(
    r"(?i:\b(?:(?:ik werk|werk ik|ik ga werken|ik loop stage)\b[^.!?\n]{0,30}?\bbij"
    r"|(?:ik studeer|studeer ik)\b[^.!?\n]{0,30}?\b(?:aan|op)"
    r"|(?P<sit>ik zit|" + _CHILD + r" (?:zit|zitten|gaat|gaan))\b[^.!?\n]{0,30}?\b(?:op|aan|bij|in)))"
    r"\s+(?:(?i:de|het|basisschool|school)\s+)?(?:" + _CAP + r"|(?i:[a-z]+)\s+(?i:in|op|aan)\s+" + _CAP + r")")
_INTRO_AGE = re.compile(r"(?i:\bik ben|\bik heet|\bmijn naam is|\bm'n naam is)\s+" + _CAP + _SURNAME
                        + r"(?:\s*(?:,|\()\s*|\s+(?i:van)\s+|\s*,\s*(?:(?i:ik)\s+)?(?i:ben)\s+)\d{2}\b")
# (the name, then at most a comma or "en" and "ik" before the place or the job: not "Ik ben Tim uit het oog verloren",
# "Ik ben Sanne vergeten uit te nodigen")
_INTRO_PLACE = re.compile(r"(?i:\bik ben|\bik heet|\bmijn naam is|\bm'n naam is)\s+(" + _CAP + r")" + _SURNAME + r"(?:\s*,\s*|\s+(?i:en)\s+|"
                          r"\s*,\s*(?i:en)\s+|\s+)(?:(?i:ik)\s+)?(?:(?i:kom )?(?i:uit)\s+" + _CAP + r"|(?i:woon(?:achtig)? "
                          r"in|wonend in|woon op|werk als|werk bij|studeer)\s+(?:(?i:de|het)\s+)?[\w-]+)")
# a profile line that opens the message ("Lisa, 31, Breda", "Hoi! Vrouw, 45, Eindhoven"), in a message in the first person
_PROFILE_LINE = re.compile(r"^\W*(?:(?i:hoi|hey|hallo|hi)(?:\s+(?i:allemaal|iedereen|daar))?\W+)?(?P<line>" + _CAP + r"\s*,\s*\d{2}\s*,\s*" + _CAP + ")")
_SCHOOL_WORD = re.compile(r"(?i)\b(?:klas|groep \d|\w*school|college|lyceum|gymnasium|atheneum|vwo|havo|vmbo|mavo|mbo|hbo|"
                          r"roc|\d+e jaar|jaar \d)")
_SENTENCE_END = re.compile(r"[.!?\n]")
_FIRST_PERSON = re.compile(r"(?i)\b(?:ik|mijn|m'n|me|mij)\b")
# where a match of `_OWN_PLACE` or of the introductions can begin (single words: a literal search over the lower-cased
# text finds no word inside another's match where a match can begin; see `_matches`), the words one of which each
# needs (one Aho-Corasick pass: most messages have none), and a cheap test for a profile line's ", 31,"
_OWN_PLACE_START = re.compile(r"ik |werk|studeer|mijn |m'n |mn |onze ")
_INTRO_START = re.compile(r"ik |mijn |m'n ")
_OWN_PLACE_BIT, _INTRO_BIT = 1, 2


def _profile_automaton() -> ahocorasick.Automaton:
    a = ahocorasick.Automaton()
    for w in ("ik werk", "werk ik", "ik ga werken", "ik zit", "ik studeer", "studeer ik", "ik loop stage", "zoon",
              "dochter", "kind", "kids", "jongste", "oudste"):
        a.add_word(w, _OWN_PLACE_BIT)
    for w in ("ik ben", "ik heet", "naam is"):
        a.add_word(w, _INTRO_BIT)
    a.make_automaton()
    return a


_PROFILE_WORDS = _profile_automaton()
_AGE_BETWEEN_COMMAS = re.compile(r",\s*\d{2}\s*,")
# the writer's own new account before a handle, in the sentence before it too: "ik heb een nieuwe insta voor mn
# taarten! @bakkenmetbo" ("volg me", "mijn insta" are `_SELF_BEFORE`'s)
_OWN_ACCOUNT = re.compile(
    r"(?i)\b((?:ik heb (?:nu )?(?:een |n )?(?:nieuwe |aparte |tweede )?(?:insta|instagram|tiktok|snap|snapchat|"
    r"account|youtube(?:kanaal)?|twitch)))\b"
    r"(?P<gap>[^\n@]{0,30})$")
# what between the cue and the handle makes the handle someone else's ("ik heb een account aangemaakt om @x te
# volgen", "ik heb nu een tweede account want @x heeft mijn oude gehackt")
_NOT_OWN_GAP = re.compile(r"(?i)\b(?:om|want|omdat|van|die|dat|maar|te|ex|vriend\w*|hij|zij|ze|aangemaakt|gemaakt)\b")
# someone else spoken of (where a self-introduction's contact data would be theirs)
_THIRD_PERSON = re.compile(r"(?i)\b(?:hij|hem|zijn|z'n|haar|d'r|hun|zij|woont|(?:die|deze) \w+|(?:mijn|m'n|mn) ex)\b")


def self_profile(text: str, low: str | None = None) -> str:
    """What the writer tells of who they are or where they (or their child) work, study or go to school, as written
    in `text` ("ik werk bij de Jumbo in Hoogeveen", "ik ben Fatima, 26"); "" when nothing. (`low`: `text.lower()`,
    when the caller has it.)"""
    if low is None:
        low = text.lower()
    if not low.isascii() and not _ODD_CASE.isdisjoint(text):
        # ı, ſ or İ: the lower case is not aligned with the text, and the patterns match letters case-blind that
        # its lower case does not hold: they run over all of it
        return _self_profile(text, None, _OWN_PLACE_BIT | _INTRO_BIT)
    found = 0
    for _, bit in _PROFILE_WORDS.iter(low):
        found |= bit
    return _self_profile(text, low, found)


def _self_profile(text: str, low: str | None, found: int) -> str:
    """`self_profile`, where `found` says which patterns can match (`_OWN_PLACE_BIT`, `_INTRO_BIT`) and `low` is the
    text's aligned lower case, or None: every pattern runs over all of the text (what a test compares with)."""
    if found & _OWN_PLACE_BIT:
        for m in _matches(_OWN_PLACE, _OWN_PLACE_START, text, low):
            if not m.group("sit"):
                return m.group(0)
            # (the sentence, read at most 200 characters on: a text of such clauses without a full stop costs no
            # more than its length)
            end = _SENTENCE_END.search(text, m.start(), m.start() + 200)
            if _SCHOOL_WORD.search(text, m.start(), end.start() if end is not None else m.start() + 200):
                return m.group(0)
    if found & _INTRO_BIT:
        for m in _matches(_INTRO_AGE, _INTRO_START, text, low):
            return m.group(0)
        for m in _matches(_INTRO_PLACE, _INTRO_START, text, low):
            if gazetteers.fold(m.group(1)) in gazetteers.first_names():  # not "ik ben Roemeens en werk als ..."
                return m.group(0)
    if _AGE_BETWEEN_COMMAS.search(text) is not None and _FIRST_PERSON.search(text) is not None:
        m = _PROFILE_LINE.match(text)
        if m is not None:
            return m.group("line")
    return ""


# A short message that praises or cherishes the one it addresses ("je bent een schat", "wat een topper ben jij"): the
# second opinion learnt "je bent een ..." from insults and does not know every word of praise
_COMPLIMENT = re.compile(
    r"(?i)^\W*(?:(?:je|jij|u) (?:bent|bent echt|bent gewoon|blijft) (?:een |zo |echt |super |zo'n )?|wat (?:ben )?(?:je|jij) "
    r"(?:een |toch )?|wat een |jij |(?:echt |gewoon )?een )(?:schat|schatje|lieverd|lieverdje|topper|toppertje|kanjer|held|"
    r"heldin|engel|engeltje|liefje|schat van een mens|goed mens|lief|lief mens|knapperd|toppie|legende|legend|parel|"
    r"goudhaantje|zonnestraaltje|sweetheart|babe)(?: (?:hoor|joh|zeg|man|meid|van me|van mij|ben jij|ben je))?\W*$")


def is_compliment(text: str) -> bool:
    """Is the message no more than praise for the one it addresses ("Je bent een schat!", "wat een topper ben jij")?"""
    return len(text) < 60 and _COMPLIMENT.match(text) is not None


# A full name: a given name (or initials) and a surname ("Esmee Kuipers", "M. Brouwer", "Jan de Vries"), not a
# surname with a title alone ("wethouder De Boer", "meneer Dijkstra"): in a hostile message it tells readers who
# to look for. Not the writer's own ("ik ben Jan de Vries", "groeten, Jan de Vries").
_PARTICLES = frozenset(w for t in TUSSENVOEGSELS for w in t.split())
_INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}$")
_OWN_NAME_BEFORE = re.compile(r"(?:\bik ben|\bik heet|\bmijn naam is|\bgroet(?:en|jes)?|\bgr)\W{0,3}$", re.IGNORECASE)


def full_name(doc: Document, f: Finding) -> bool:
    """Is this PERSON finding someone's given name (or initials) and surname, not the writer's own?"""
    words = f.text.split()
    if len(words) < 2 or words[0].lower() in _PARTICLES or all(w.lower() in _PARTICLES for w in words[1:]):
        return False
    first = gazetteers.fold(words[0].rstrip(".,"))
    if _INITIALS.match(words[0]) is None and first not in gazetteers.first_names():
        return False
    if first in gazetteers.ambiguous_first_names() and gazetteers.fold(words[-1]) not in gazetteers.surnames():
        return False  # "Elke Turk", "Mark my words": a given name that is also a word, before no known surname
    return _OWN_NAME_BEFORE.search(doc.original, max(0, f.start - 25), f.start) is None


# right after a given name: the initial of a surname ("Dennis K.", "Gerard K. uit Venlo", "Karel B. (41)"), not a middle
# initial before a surname ("Peter R. de Vries") nor the first letter of a sentence ("... met Jan. K")
_PRESS_INITIAL = re.compile(r" [A-Z]\.(?=[,;:)]|\s+(?:\(|uit\b|is\b|was\b|werd\b|heeft\b|moet\b|tot\b|van\b(?! ?de[rn]? [A-Z])|"
                            r"en\b|wordt\b|[a-z])|\s*$)")


def press_name(doc: Document, f: Finding) -> bool:
    """Is this PERSON finding a given name that the initial of a surname follows ("Dennis K.")? See the fact
    "press_name"."""
    if " " in f.text.strip():
        return False
    first = gazetteers.fold(f.text.rstrip(".,"))
    if first not in gazetteers.first_names() or first in gazetteers.ambiguous_first_names():
        return False
    return _PRESS_INITIAL.match(doc.original, f.end) is not None


# someone addressed ("je", "jij", "u", "jullie"), and a group named (the lexicon's group terms: "moslims", "vrouwen")
_ADDRESSEE = re.compile(r"\b(?:je|jij|jou|jouw|u|uw|jullie|ge|gij)\b", re.IGNORECASE)
# (the terms as a trie: a plain alternation of them cost 160 µs a chat message, tried at every position)
_GROUP_TERMS = re.compile(r"\b(?:" + gazetteers.trie_regex(sorted({t.lower() for g in IL.GROUPS.values()
                                                                   for t in g["terms"]})) + r")\b", re.IGNORECASE)


def addressed_without_group(text: str) -> bool:
    """Does the text address someone ("je", "jij", "u") without naming a group of people? (Where the verdict may
    heed the second opinion from its lower `addressed_threshold`: threats are addressed; where a group is named,
    the model's known weakness, taking a friendly mention of a group for hate, stays behind its full threshold.)"""
    return _ADDRESSEE.search(text) is not None and _GROUP_TERMS.search(text) is None


def account_of(before: str) -> bool:
    """Does the text just before a handle give it as someone's account ("de insta van die rechter haar dochter:"),
    not as one to report ("report het account van die trut")?"""
    return _ACCOUNT_OF.search(before) is not None and _REPORT_ACCOUNT.search(before) is None


def asks_for_data(lower: str) -> bool:
    """Does the (lower-cased) message ask for someone's data? Alone this says little ("weet iemand het adres van de
    bibliotheek?"); the verdict uses it only together with a hostile tone."""
    return _SEEKING.search(lower) is not None and _ASKS_FOR_DATA.search(lower) is not None


def points_at_someone(doc: Document, facts: Facts) -> bool:
    """Does the message point at someone: someone else's locating data, a full name, a place of a person or a request
    for data? (Where the verdict asks the second opinion's "doxing_in_data" expert, and what that expert is trained
    on.)"""
    return bool(facts["third_party_data"] or facts["full_name"] or facts["place_of_person"]
                or asks_for_data(doc.norm.lower()))


_THIRD_CUE = re.compile(_THIRD_BEFORE.pattern.removesuffix(r"[^.!?\n]{0,60}$"))
# third-party cues that do not say the data is a person's ("van de" ...)
_NOT_PERSON_CUES = frozenset({"van de", "van dat", "rijdt", "werkt"})
_ORG_PHONE_PREFIX = ("+31800", "+31900", "+31906", "+31909", "+3114", "+3188", "+3185", "+3184", "+3187")


@dataclass
class DataItem:
    label: str
    start: int
    end: int
    text: str
    disclosure: str
    cue: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = {"label": self.label, "start": self.start, "end": self.end, "text": self.text,
             "disclosure": self.disclosure}
        if self.cue:
            d["cue"] = self.cue
        return d


def classify_disclosure(doc: Document, f: Finding) -> tuple[str, str]:
    text = doc.original
    before = text[max(0, f.start - 80):f.start].lower()
    after = text[f.end:f.end + 40].lower()
    value = (f.value or "").lower()
    if f.label == "PHONE" and f.value.startswith(_ORG_PHONE_PREFIX):
        return "organisation", "servicenummer"
    if f.label == "EMAIL" and value.split("@", 1)[0] in _ORG_EMAIL_LOCAL:
        return "organisation", value.split("@", 1)[0] + "@"
    if f.label == "ADDRESS" and ("postbus" in f.text.lower() or "antwoordnummer" in f.text.lower()):
        return "organisation", "postbus"
    # (both searched in the same 80 characters before the data, so that their positions compare)
    m_self = _SELF_BEFORE.search(before) or _INTRODUCTION.search(text[max(0, f.start - 80):f.start])
    m_third = _THIRD_BEFORE.search(before)
    if m_self and (not m_third or m_self.start() > m_third.start()):
        return "self", m_self.group(1)
    m_org = _ORG.search(before[-50:])
    if m_third:
        # an organisation word nearer to the data than the person cue ("die oplichter heeft een kantoor op")
        if m_org:
            last_cue = max(m.start() for m in _THIRD_CUE.finditer(before, m_third.start()))
            if max(0, len(before) - 50) + m_org.start() > last_cue:
                return "organisation", m_org.group(1)
        return "third_party", m_third.group(1)
    m_org = m_org or _ORG.search(after)
    if m_org:
        return "organisation", m_org.group(1)
    return "third_party", ""


# --------------------------------------------------------------------------------------------------
# roles in the text
# --------------------------------------------------------------------------------------------------

def _role_automaton() -> ahocorasick.Automaton:
    a = ahocorasick.Automaton()
    for rid, r in IL.ROLES.items():
        for t in r["terms"]:
            ft = fold_phrase(t)
            if len(ft) >= 3:
                a.add_word(ft, (ft, rid))
    a.make_automaton()
    return a


_ROLES = _role_automaton()
_AMBIGUOUS_ROLES = frozenset({"kit", "kitten", "flik", "flikken", "pig", "pigs", "team", "snuit", "brandweer",
                              "politie", "jeugdzorg", "bestuurder", "bestuurders", "controleur", "controleurs"})


def lower_of(doc: Document) -> str:
    """`doc.norm.lower()` (which `doc.lower if doc.lower_aligned else doc.norm.lower()` is either way), from
    the document's cache when it is there."""
    low = getattr(doc, "__dict__", {}).get("lower")
    return low if low is not None else doc.norm.lower()


def find_roles(doc: Document) -> list[dict[str, Any]]:
    low = lower_of(doc)
    out: list[dict[str, Any]] = []
    n = len(low)
    for end, (term, rid) in _ROLES.iter(low):
        start = end - len(term) + 1
        if (start > 0 and low[start - 1].isalnum()) or (end + 1 < n and low[end + 1].isalnum()):
            continue
        if term in _AMBIGUOUS_ROLES:
            continue
        s, e = doc.to_original(start, end + 1)
        role = IL.ROLES[rid]
        out.append({"kind": "role", "role": rid, "label": role["label"], "public_task": bool(role["public_task"]),
                    "start": s, "end": e, "text": doc.original[s:e]})
    # keep the longest of overlapping matches
    out.sort(key=lambda r: (r["start"], -(r["end"] - r["start"])))
    kept: list[dict[str, Any]] = []
    for r in out:
        if kept and r["start"] < kept[-1]["end"]:
            continue
        kept.append(r)
    return kept


_PUBLIC_GROUPS = frozenset({"politie", "police", "agent", "boa", "handhaving", "politiek", "politics", "politicus",
                            "wethouder", "burgemeester", "kamerlid", "minister", "rechter", "rechtspraak", "om",
                            "justitie", "journalist", "pers", "media", "ambtenaar", "overheid", "gemeente",
                            "hulpverlening", "zorg", "onderwijs", "public", "publiek", "public_task"})


def watchlist_targets(watch: Iterable[Any]) -> list[dict[str, Any]]:
    out = []
    for w in watch or ():
        if not isinstance(w, dict):
            w = w.to_dict() if hasattr(w, "to_dict") else {}
        rg = str(w.get("role_group") or "")
        # (the role check reads: rg.lower() is one of the roles, when there are any)
        public = bool(w.get("public_task")) or (rg.lower() in _PUBLIC_GROUPS) or (
            bool(IL.ROLES) and rg.lower() in IL.ROLES)
        out.append({"kind": "watchlist", "person": w.get("person", ""), "match": w.get("kind", ""),
                    "strength": w.get("strength", ""), "role_group": rg, "public_task": public,
                    "start": w.get("start"), "end": w.get("end")})
    return out


# --------------------------------------------------------------------------------------------------
# facts
# --------------------------------------------------------------------------------------------------

@dataclass
class Facts:
    flags: dict[str, bool]
    data: list[DataItem]
    targets: list[dict[str, Any]]
    hits: dict[str, list[IntentHit]]
    crime: str = ""
    groups: list[str] = field(default_factory=list)
    weak: list[IntentHit] = field(default_factory=list)   # cues below the score threshold (cta_weak)
    tone: float = 0.0   # the second opinion's p(hostile) when it set "hostile_tone"
    doxing: float = 0.0   # a doxing expert's p(doxing) when it set "hostile_locating" or "data_to_harm"
    profile: str = ""   # what the writer tells of themself (`self_profile`), when "self_profile" holds

    def __getitem__(self, name: str) -> bool:
        return self.flags.get(name, False)


def compute(doc: Document, findings: tuple[Finding, ...], intent: Iterable[Any], watch: Iterable[Any],
            min_score: float = 0.5) -> Facts:
    hits: dict[str, list[IntentHit]] = {}
    spread_weak = implicit_weak = False
    weak: list[IntentHit] = []
    for h in intent or ():
        if isinstance(h, dict):
            h = IntentHit.from_dict(h)
        if h.score >= min_score:
            hits.setdefault(h.category, []).append(h)
        elif h.rule.startswith("cta.spread") and h.score >= 0.4:
            spread_weak = True  # "deel dit" is weak alone but counts next to someone's data
        elif h.rule.startswith(("cta.implicit", "threat.weak")) and h.score >= 0.4:
            implicit_weak = True  # "doe er wat mee", "die verkrachter": weak alone, telling next to someone's data
            weak.append(h)
    data: list[DataItem] = []
    person_named = named_in_full = press_named = False
    for f in findings:
        if f.label not in PII_LABELS:
            continue
        if f.label == "PERSON":
            person_named = True
            named_in_full = named_in_full or full_name(doc, f)
            press_named = press_named or press_name(doc, f)
            data.append(DataItem(f.label, f.start, f.end, f.text, "named"))
            continue
        kind, cue = classify_disclosure(doc, f)
        if f.label == "SOCIAL_HANDLE" and kind == "third_party":
            before = doc.original[max(0, f.start - 60):f.start]
            m = None if cue else _OWN_ACCOUNT.search(before)
            if m is not None and _NOT_OWN_GAP.search(m.group("gap")) is None:
                # the writer's own new account ("ik heb een nieuwe insta voor mn taarten! @bakkenmetbo"), where
                # nobody else is spoken of between the two
                data.append(DataItem(f.label, f.start, f.end, f.text, "self", m.group(1).lower()))
                continue
            if cue not in _ACCOUNT_OWNER_CUES and not account_of(before):
                # an account names its holder, often to address them ("@naam jij bent de volgende", "report het
                # account van die trut @naam"): named, as a name is; someone else's data only where the text gives it
                # as their account ("haar insta is @naam", "zijn tiktok @naam")
                data.append(DataItem(f.label, f.start, f.end, f.text, "named"))
                continue
        data.append(DataItem(f.label, f.start, f.end, f.text, kind, cue))
    profile = self_profile(doc.norm, lower_of(doc))
    if profile and _THIRD_PERSON.search(doc.norm) is None:
        # a writer who introduces themself ("ik ben Sevda, 27, ... reacties op sevda@...") gives their own contact
        # data, where the message speaks of nobody else ("het nummer van die oplichter, bel hem maar gek")
        for d in data:
            if d.disclosure == "third_party" and not d.cue:
                d.disclosure, d.cue = "self", "stelt zichzelf voor"
    targets = watchlist_targets(watch)
    roles = find_roles(doc)
    targets += roles
    if person_named:
        taken = {t.get("start") for t in targets}  # (a set: a flood of names once made this quadratic)
        for f in findings:
            if f.label == "PERSON" and f.start not in taken:
                taken.add(f.start)
                targets.append({"kind": "person", "name": f.value or f.text, "public_task": False,
                                "start": f.start, "end": f.end})
    groups: list[str] = []
    if hits:
        for h in hits.get("HATE", []) + hits.get("THREAT", []) + hits.get("INCITEMENT", []):
            if h.target.startswith("group:"):
                g = h.target.split(":", 1)[1]
                if g and g not in groups:
                    groups.append(g)
        for g in groups:
            info = IL.GROUPS.get(g, {})
            targets.append({"kind": "group", "group": g, "label": info.get("label", g),
                            "ground": info.get("ground", ""), "public_task": False})
        if not targets and any(h.target == "addressee" for hs in hits.values() for h in hs):
            targets.append({"kind": "addressee", "label": "de aangesprokene", "public_task": False})
        cta_hits = hits.get("CALL_TO_ACTION", [])
        cta_targeted = [h for h in cta_hits if not h.rule.startswith("cta.spread.share")
                        and not h.rule.startswith("cta.spread.everyone") and not h.rule.startswith("cta.spread.let")]
        addressee = any(h.target in ("addressee", "person", "third_person") or h.target.startswith("role:")
                        for hs in hits.values() for h in hs) or any(
            h.target or h.rule.startswith("cta.find.send_me") for h in cta_hits
            if h.rule.startswith("cta.find"))  # "wie herkent deze vrouw?", "dm me zijn adres": a person
        threat_crimes = [h.crime for h in hits.get("THREAT", []) if h.crime]
        crime = next((c for c in threat_crimes if c != "onbepaald"), threat_crimes[0] if threat_crimes else "")
        insult_person = bool(hits.get("INSULT")) or any(
            h.rule.startswith("hate.slur") and not h.rule.startswith("hate.group") for h in hits.get("HATE", []))
        group_violence = any(h.rule.startswith("hate.violence_against_group") for h in hits.get("HATE", []))
        group_137c = any(IL.GROUPS.get(g, {}).get("in_137c") for g in groups)
        cta_find = any(h.rule.startswith("cta.find") for h in cta_hits)
        cta_spread = spread_weak or any(h.rule.startswith("cta.spread") for h in cta_hits)
    else:  # the common case: personal data without intent (same values as above with no hits)
        cta_targeted = []
        addressee = insult_person = group_violence = group_137c = cta_find = False
        crime = ""
        cta_spread = spread_weak
    locating = third_party = self_data = org_data = data_of_person = False
    for d in data:
        if d.label in LOCATING:
            locating = True
        if d.disclosure == "third_party":
            third_party = True
            if d.cue and d.cue not in _NOT_PERSON_CUES:
                data_of_person = True
        elif d.disclosure == "self":
            self_data = True
        elif d.disclosure == "organisation":
            org_data = True
    place_flag = place_of_person(doc.norm, lower_of(doc))
    watchlisted = public_task = False
    for t in targets:
        if t["kind"] == "watchlist":
            watchlisted = True
        if t.get("public_task"):
            public_task = True
    flags = {
        "pii": bool(data),
        "locating": locating,
        "third_party_data": third_party,
        "self_data": self_data,
        "data_of_person": data_of_person,
        "org_data": org_data,
        "person_named": person_named or watchlisted,
        "full_name": named_in_full,
        "press_name": press_named,
        "threat": bool(hits.get("THREAT")),
        "incitement": bool(hits.get("INCITEMENT")),
        "hate": bool(hits.get("HATE")),
        "sexual": bool(hits.get("SEXUAL_EXPOSURE")),
        "insult": bool(hits.get("INSULT")),
        # ("kom maar langs" after the writer told where they work or live, and nothing of anyone else's place, is an
        # invitation to the writer's place)
        "cta": bool(cta_targeted) and not (profile and not third_party and not place_flag
                                           and all(h.rule == "cta.visit.langs" for h in cta_targeted)),
        "cta_find": cta_find,
        "cta_spread": cta_spread,
        "cta_weak": implicit_weak,
        "target": bool(targets) or addressee,
        "public_task": public_task,
        "watchlist": watchlisted,
        "crime_named": crime not in ("", "onbepaald"),
        "group_target": bool(groups),
        "group_137c": group_137c,
        "group_violence": group_violence,
        "insult_person": insult_person,
        "never": False,
        "reported": False,
        "place_of_person": place_flag,
        "self_profile": bool(profile),
    }
    return Facts(flags, data, targets, hits, crime, groups, weak, profile=profile)
