"""PERSON: Dutch personal names with initials, tussenvoegsels and double surnames, capitalised, in
lower case or in capitals.

Candidates are name-shaped sequences (capitalised words, initials, tussenvoegsels) around a plausible
anchor (a known first name or surname, initials, or a word after a title); the gazetteers (first
names, surnames, places, common words; see data/gazetteers/SOURCES.md) and the words around decide.
Titles and roles ("agent", "mevrouw", "dhr.") are context, never part of the span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

import ahocorasick

from doxwacht.detectors.nl import gazetteers as gz
from doxwacht.detectors.triggers import Trigger, WordListTrigger
from doxwacht.detectors.wholewords import WholeWords
from doxwacht.document import Document
from doxwacht.findings import Evidence, Finding, Label

TUSSENVOEGSELS = (
    "van der", "van den", "van de", "van het", "van 't", "in 't", "in de", "op de", "op den", "op 't", "uit de",
    "uit den", "van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "el", "al", "la", "le", "du", "da", "di",
    "dos", "del", "von", "vande", "vd",
)
TITLES = frozenset(
    """dhr heer meneer mevrouw mevr mw mr dr drs ir ing prof agent agente hoofdagent brigadier wijkagent inspecteur
    hoofdinspecteur commissaris rechercheur politieman politievrouw wethouder burgemeester minister
    staatssecretaris kamerlid raadslid gedeputeerde rechter officier advocaat advocate boa handhaver journalist
    verslaggever collega juf juffrouw meester docent oom tante zus zusje broer broertje vriend vriendin buurman
    buurvrouw neef nicht opa oma moeder vader dochter zoon vrouw man ex leraar lerares directeur voorzitter
    fractievoorzitter premier fam familie huisarts dokter kamervoorzitter senator europarlementariër partijleider
    lijsttrekker voetballer schaatser wielrenner zanger zangeres acteur actrice
    presentator presentatrice schrijver schrijfster klasgenoot klasgenote buurjongen buurmeisje schoonvader
    schoonmoeder stiefvader stiefmoeder teamgenoot huisgenoot""".split()
)
# Words after a name that show it names an organisation or a place, not a person.
ORGANISATION_HEADS = frozenset(
    """arena stadion stichting fonds prijs bv nv holding college school lyceum ziekenhuis kliniek instituut museum
    zaal huis centrum academie universiteit hogeschool park plein brug tunnel toren kazerne gymnasium basisschool
    bibliotheek gemeente vereniging praktijk apotheek""".split()
)
# shops, places and games named after a person or shaped like a name ("Mario Kart": a first name + a capitalised word)
NOT_PERSONS = frozenset({"albert heijn", "johan cruijff", "jan linders", "hans anders", "anne frank huis", "bart smit",
                         "mario kart", "mario party", "donkey kong", "jan modaal"})
# Greetings that open a letter or message: never part of the name after them ("Beste Roel", "Lieve Marjolein").
GREETINGS = frozenset({"beste", "lieve", "liefste", "hoi", "hallo", "hey", "hee", "dag", "geachte", "hoj", "hi", "hello"})
_TITLES_AND_GREETINGS = TITLES | GREETINGS
# Surnames that are everyday words too ("jong", "groot"): a surname after "de" when written with a capital
# where no sentence starts ("dat De Groot", "loopt: de Jong").
SURNAMES_AFTER_DE = frozenset(
    {"boer", "bruin", "graaf", "groot", "haan", "haas", "jong", "kok", "lange", "leeuw", "smit", "vos", "wit", "wolf",
     "zwart", "ruiter", "bruijn", "beer", "klerk", "backer"}
)
ABBREVIATED_TITLES = frozenset({"dhr", "mevr", "mw", "mr", "dr", "drs", "ir", "ing", "prof", "fam"})
# roles in the news that name organisations and clubs as often as people ("voetballer Ajax", "zanger Kensington"): one
# word alone after them is a name only where the name lists know it ("schaatser Nuis" is not found, "zanger Bakker" is)
LISTED_ONLY_TITLES = frozenset(
    {"voetballer", "schaatser", "wielrenner", "zanger", "zangeres", "acteur", "actrice", "presentator", "presentatrice",
     "schrijver", "schrijfster", "teamgenoot"})
def _after_van(text: str, pos: int) -> bool:
    """Does "van" stand right before `pos` ("de burgemeester van Zwolle")?"""
    return text[max(0, pos - 4) : pos] == "van " and (pos == 4 or not text[pos - 5].isalnum())


_TITLE_BEFORE = re.compile(r"(?<!\w)(?P<w>\w+)(?P<dot>\.)?[ ]+$")
LOCATION_PREPOSITIONS = frozenset({"aan", "op", "in", "naar", "bij", "via", "langs", "uit", "te", "richting", "nabij"})

# letters: ASCII, Latin-1 and Latin Extended-A (Turkish, Polish, Czech, ... names: "Yıldırım", "Ayşe", "Łukasz")
_UP_EXT = "".join(chr(c) for c in range(0x100, 0x180) if chr(c).isupper())
_LOW_EXT = "".join(chr(c) for c in range(0x100, 0x180) if chr(c).islower())
_UP = "A-ZÀ-ÖØ-Þ" + _UP_EXT
_LOW = "a-zß-öø-ÿ" + _LOW_EXT
_CAP = rf"[{_UP}][{_LOW}]+(?:['’][{_LOW}]+)?"
# "Gert-Jan", "Jansen-de Vries", "Jansen-van der Laan"
_CAPH = rf"{_CAP}(?:-(?:(?i:van der|van den|van de|van 't|de|van|der|den|ter|el) )?{_CAP})?"
# initials: one capital, or Th./Chr./Ph./Joh.; "Sr." and "Sv." are the criminal codes, never initials
_INIT = rf"(?:(?:[{_UP}]|Th|Chr|Ph|Joh)\.(?<!Sr\.)(?<!Sv\.)[ ]?){{1,4}}"
_TV = "|".join(re.escape(t).replace(r"\ ", " ") for t in TUSSENVOEGSELS)
_TV_ANY = rf"(?i:{_TV})"
# (a quote around a name is no part of it: "'Sem de Jong'"; an apostrophe glued to a word is: "d'Ancona", "Jan's")
_SEQ = re.compile(rf"(?<![\w@#/.-])(?<![\w@#/.-]['’])(?:(?:{_INIT}|{_CAPH} |{_TV_ANY} )+)?{_CAPH}(?![\w@-]|['’]\w|\.\w)")
_BACK = re.compile(rf"(?:(?:{_INIT}|{_CAPH} |{_TV_ANY} )+)$")
# `_BACK` for `_back_search`: the same language (a run of initials counts once per initial; a
# tussenvoegsel of two that are each one, "van der", is the two), with the tussenvoegsels as a trie,
# so that the regex engine does not try each one at every position.
_TV_PARTS = frozenset(t for t in TUSSENVOEGSELS if " " not in t)
_TV_TRIE = gz.trie_regex(
    [t for t in TUSSENVOEGSELS if " " not in t or not all(w in _TV_PARTS for w in t.split(" "))]
).replace("\\ ", " ")
_BACK_FAST = re.compile(
    rf"(?:(?:[{_UP}]|Th|Chr|Ph|Joh)\.(?<!Sr\.)(?<!Sv\.)[ ]?|{_CAPH} |(?i:{_TV_TRIE}) )+$"
)
# Every character `_BACK` can match: letters of `_UP`/`_LOW`, ASCII letters (and the four other
# characters that match an ASCII letter case-insensitively), and the punctuation inside names.
_NAME_CHARS = (
    "".join(map(chr, range(0x41, 0x5B))) + "".join(map(chr, range(0x61, 0x7B)))
    + "".join(chr(c) for c in range(0xC0, 0x100) if c not in (0xD7, 0xF7)) + _UP_EXT + _LOW_EXT
    + "'’-. \u0130\u0131\u017f\u212a"
)
_ANCHOR = re.compile(rf"[{_UP}][{_LOW}]+|[{_UP}]\.")
_TOKEN = re.compile(rf"{_INIT}|{_TV_ANY}(?= )|{_CAPH}")
# `_TOKEN` with the tussenvoegsels as a trie: the same tokens (where two tussenvoegsels both fit before
# a space, "van" and "van der", `_TV` lists the longer first, which the trie also tries first)
_TV_TRIE_ALL = gz.trie_regex(list(TUSSENVOEGSELS)).replace("\\ ", " ")
_TOKEN_FAST = re.compile(rf"{_INIT}|(?i:{_TV_TRIE_ALL})(?= )|{_CAPH}")
_UPPER_SEQ = re.compile(r"(?<![\w@.-])[A-Z]{2,}(?:-[A-Z]{2,})?(?: (?:[A-Z]{2,}|[A-Z]'?[A-Z]?)(?:-[A-Z]{2,})?){1,4}(?![\w@-])")
# Only suffixes that no Dutch surname ends in ("Van Dijk", "Westerveld" and "Van den Berg" are names).
_STREET_ONLY_SUFFIXES = ("straat", "straatje", "laan", "laantje", "plein", "gracht", "kade", "singel", "steeg",
                         "dreef", "markt", "boulevard", "allee", "burgwal", "plantsoen", "straatweg", "pad")
_STREETISH = re.compile(rf"\w(?:{'|'.join(_STREET_ONLY_SUFFIXES)})$")


def _streetish(word: str) -> bool:
    """`_STREETISH.search(word) is not None`, without a regex search over the whole word."""
    if not word.endswith(_STREET_ONLY_SUFFIXES):
        return word.endswith("\n") and _STREETISH.search(word) is not None
    for suffix in _STREET_ONLY_SUFFIXES:
        if len(word) > len(suffix) and word.endswith(suffix):
            c = word[-len(suffix) - 1]
            if c.isalnum() or c == "_":
                return True
    return False


_TV_SET = frozenset(TUSSENVOEGSELS) | frozenset(w for t in TUSSENVOEGSELS for w in t.split())
_FIRST, _TITLE, _SURNAME = 1, 2, 4
# tussenvoegsels that open a surname; "op de", "in 't", "uit de" open places more often ("op de Brink")
_SURNAME_PARTICLES = frozenset({"van der", "van den", "van de", "van 't", "van het", "van", "de", "der", "den", "ter",
                                "ten", "te", "'t", "el", "al", "la", "le", "du", "da", "di", "dos", "del", "von", "vd"})
_NEXT_WORD = re.compile(rf"\.?[ ]+((?:{_TV_ANY} )*[{_UP}])")
# `_SEQ` with the tussenvoegsels as a trie: the same matches (two that both fit before a space,
# "van" and "van der", are tried longer first in both)
_SEQ_FAST = re.compile(
    rf"(?<![\w@#/.-])(?<![\w@#/.-]['’])(?:(?:{_INIT}|{_CAPH} |(?i:{_TV_TRIE_ALL}) )+)?{_CAPH}(?![\w@-]|['’]\w|\.\w)"
)
_NEXT_WORD_FAST = re.compile(rf"\.?[ ]+((?:(?i:{_TV_TRIE_ALL}) )*[{_UP}])")  # the same, the trie again
# initials ("J.", "Th.") and capitalised words with diacritics ("Zoë"), which the lower-cased lookup misses
_INITIAL_OR_ACCENTED = re.compile(
    rf"(?:[{_UP}]|Th|Chr|Ph|Joh)\.|[À-ÖØ-Þ{_UP_EXT}][{_LOW}]|[A-Z][a-z]*[ß-öø-ÿ{_LOW_EXT}]"
)
# The same starts, found faster: every match of that pattern starts at a capital and consumes no other
# capital, so its matches start exactly where one of its alternatives matches. Initials from the dot
# (a literal the regex engine jumps to), the accented ones from the rare Latin-1 letters.
_DOT_INITIAL = re.compile(rf"\.(?:(?<=([{_UP}])\.)|(?<=(Th|Ph)\.)|(?<=(Chr|Joh)\.))")
_LATIN1_LETTER = re.compile("[À-ÖØ-Þß-öø-ÿĀ-ſ]")  # (with Latin Extended-A)
_LATIN1_UPPER = frozenset(chr(c) for c in range(0xC0, 0xDF) if c != 0xD7) | frozenset(_UP_EXT)
_LOW_CHARS = frozenset(chr(c) for c in range(ord("a"), ord("z") + 1)) | frozenset(
    chr(c) for c in range(0xDF, 0x100) if c != 0xF7
) | frozenset(_LOW_EXT)
_NOT_BEFORE_NAME = "@#/.-"
# a form's label right before a name: "NAAM: ...", "achternaam ...", "t.n.v. ..."
_NAME_LABEL = re.compile(r"(?i)(?<!\w)(?:naam|achternaam|voornaam|voornamen|name|t\.?n\.?v\.?)\s*:?\s*$")
# a house number right after a sequence: its last words are a street ("Jos Heijmans van Bredaseweg 200")
_NUMBER_AFTER = re.compile(r",? (?:nr\.? ?)?[1-9]")


class _Tok(NamedTuple):
    kind: str  # "init", "tv", "cap"
    text: str
    start: int
    end: int
    folded: str  # gz.fold(text)


def _tokens_of(text: str) -> list[tuple[str, str, int, int, str]]:
    """The tokens of a name sequence, as (kind, text, start, end, folded) relative to its start."""
    toks = []
    fold = gz.fold
    for m in _TOKEN_FAST.finditer(text):
        t = m.group().rstrip(" ")
        folded = fold(t)
        if len(t) > 1 and t[1] == "." or t.endswith("."):
            kind = "init"
        elif folded in _TV_SET:
            kind = "tv"
        else:
            kind = "cap"
        toks.append((kind, t, m.start(), m.start() + len(t), folded))
    return toks


def _tokens(text: str, offset: int) -> list[_Tok]:
    """The tokens of a name sequence `text` found at `offset`."""
    return [_Tok(kind, t, offset + s, offset + e, f) for kind, t, s, e, f in _tokens_of(text)]


# What `_plan` keeps of a name sequence (None: it holds no name, whatever surrounds it):
# (tokens, title it opens with, where the name starts, what follows with a title, and without one),
# and of the name itself (`_plan_rest`): (tokens, single-token tests, multi-token score, evidence,
# whether the tokens name a place)
_Rest = tuple[tuple[_Tok, ...], "tuple[bool, bool, bool] | None", float, tuple[Evidence, ...], bool]
_Plan = tuple[tuple[_Tok, ...], "str | None", "int | None", "_Rest | None", "_Rest | None"]
_EV_FIRST_NAME = Evidence("gazetteer", "first name")  # (evidence is immutable: shared by every finding)
_EV_FIRST_NAME_LOWER = Evidence("gazetteer", "first name (lower case)")
_EV_SURNAME = Evidence("gazetteer", "surname")
_EV_TV = Evidence("pattern", "tussenvoegsel")
_EV_CAPITALS = Evidence("pattern", "capitals")
_EV_NAME_TV_SURNAME = Evidence("pattern", "name + tussenvoegsel + surname")
_EV_TV_SURNAME = Evidence("pattern", "tussenvoegsel + surname")
_EV_FREQUENT_SURNAME = Evidence("gazetteer", "frequent surname")
# where a sentence starts: at the start, after end punctuation, a colon, a line break or a message separator
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n]\s*|\x00)\s*\Z")
_TITLE_EVIDENCE: dict[str, Evidence] = {}


def _title_evidence(title: str) -> Evidence:
    ev = _TITLE_EVIDENCE.get(title)
    if ev is None:
        ev = _TITLE_EVIDENCE[title] = Evidence("context+", f"title or role '{title}'", 0.1)
    return ev


def _word_before(text: str, lo: int, pos: int) -> tuple[str, bool] | None:
    """`_TITLE_BEFORE.search(text, lo, pos)` as (group "w", whether group "dot" matched): the word
    (with a dot) and spaces that end at `pos` (or at a newline right before it, where `$` also
    matches), when the word starts at or after `lo`."""
    end = pos - 1 if pos > lo and text[pos - 1] == "\n" else pos
    window = text[lo:end]
    stripped = window.rstrip(" ")
    if len(stripped) == len(window):
        return None
    dot = stripped.endswith(".")
    if dot:
        stripped = stripped[:-1]
    m = _WORD_CHARS.match(stripped[::-1])
    if m is None:
        return None
    k = lo + len(stripped) - m.end()
    if k and (text[k - 1].isalnum() or text[k - 1] == "_"):
        return None  # the word starts before `lo`
    return stripped[len(stripped) - m.end() :], dot


_WORD_CHARS = re.compile(r"\w+")


def _back_search(text: str, lo: int, pos: int) -> re.Match[str] | None:
    """`_BACK.search(text, lo, pos)`, faster: a match only holds `_NAME_CHARS`, so it cannot start
    before the run of them that ends at `pos` (or at a newline right before it, where `$` matches too)."""
    end = pos - 1 if pos > lo and text[pos - 1] == "\n" else pos
    return _BACK_FAST.search(text, lo + len(text[lo:end].rstrip(_NAME_CHARS)), pos)


def _initial_or_accented_starts(text: str) -> list[int]:
    """The start of every match of `_INITIAL_OR_ACCENTED` in `text`, in no particular order."""
    starts = [m.start(m.lastindex or 0) for m in _DOT_INITIAL.finditer(text)]
    if not text.isascii():
        for m in _LATIN1_LETTER.finditer(text):
            i = m.start()
            ch = text[i]
            if ch in _LATIN1_UPPER:  # "Émile": an accented capital and a lower-case letter
                if text[i + 1 : i + 2] in _LOW_CHARS:
                    starts.append(i)
            else:  # "Zoë", "Café": a capital, lower-case ASCII letters, then this letter
                j = i
                while j and "a" <= text[j - 1] <= "z":
                    j -= 1
                if j and "A" <= text[j - 1] <= "Z":
                    starts.append(j - 1)
    return starts


def _place_particle_after_name(toks: list[_Tok] | tuple[_Tok, ...], i: int) -> bool:
    """Whether `toks[i]` is "op de", "in 't", "uit de", ... after a name that already has two parts
    ("Okke de Lange op de Middenweg"): a preposition then, not a tussenvoegsel ("Jan in 't Veld")."""
    t = toks[i]
    if t.kind != "tv" or t.folded in _SURNAME_PARTICLES or " " not in t.folded:
        return False
    return sum(1 for u in toks[:i] if u.kind != "tv") >= 2


class PersonDetector:
    name = "nl.person.v1"
    labels = frozenset({Label.PERSON})

    def __init__(self) -> None:
        # first names from other languages count as first names only next to another part of a name,
        # as the ambiguous ones do
        foreign = gz.foreign_first_names()
        self.first = gz.first_names() | foreign
        self.surnames = gz.surnames()
        self.frequent_surnames = gz.frequent_surnames()
        self.places = gz.places()
        self.common = gz.common_words()
        self.ambiguous = gz.ambiguous_first_names() | foreign
        # every anchor word: first names, titles and surnames, with what each is
        kinds: dict[str, int] = {}
        for n in self.first:
            if len(n) >= 3:
                kinds[n] = kinds.get(n, 0) | _FIRST
        for t in TITLES:
            kinds[t] = kinds.get(t, 0) | _TITLE
        for n in self.surnames:
            if len(n) >= 3:
                kinds[n] = kinds.get(n, 0) | _SURNAME
        self._kinds = {w: k for w, k in kinds.items() if w.isalpha()}
        # found as whole words straight away (see doxwacht.detectors.wholewords)
        self._whole = WholeWords(self._kinds, not_after=_NOT_BEFORE_NAME)
        self._anchor_automaton: ahocorasick.Automaton | None = None
        self._plans: dict[str, _Plan | None] = {}  # see `_from_match`
        # No `triggers`: the detector runs on every message. Its first step, the whole-word pass over
        # the anchor words above, is the same pass a word-list trigger would make in the prefilter
        # (first names, titles, surnames after a tussenvoegsel); doing it once is cheaper than twice.
        self.triggers: tuple[Trigger | WordListTrigger, ...] = ()
        self._lower = re.compile(
            rf"(?P<first>[{_LOW}]+(?:-[{_LOW}]+)?) (?P<tv>(?:(?:{_TV}) )*)(?P<last>[{_LOW}]{{2,}}(?:-[{_LOW}]{{2,}})?)(?![\w@-]|\.\w)"
        )

    # -- helpers ---------------------------------------------------------------------------------
    def _is_first(self, tok: _Tok, ambiguous_ok: bool) -> bool:
        if tok.kind != "cap":
            return False
        f = tok.folded
        if "-" in f:  # "Gert-Jan", "Anne-Marie": a first name when its first part is one
            f = f.split("-")[0]
        return f in self.first and (ambiguous_ok or f not in self.ambiguous)

    def _not_after_title(self, title: str, tok: _Tok, after_van: bool) -> bool:
        """Is the one capitalised word `tok` after `title` no name: a known place after "van" ("de burgemeester van
        Zwolle", "een collega van Rotterdam"; not where it is a surname or a first name too: "de advocaat van Bergen"),
        or a word the name lists do not know after a role that names organisations as often (`LISTED_ONLY_TITLES`)?
        (A place right after a title stays a name: "Minister Kaag", "rechter Stein", "wethouder Tielen".)"""
        f = tok.folded
        if (after_van and f in self.places) or title in LISTED_ONLY_TITLES:
            return f not in self.surnames and not self._is_first(tok, True)
        return False

    def _surname_like(self, tok: _Tok) -> bool:
        """A capitalised word that can end a name: a known surname, or not a street or common word."""
        if tok.kind != "cap":
            return False
        last_part = tok.folded.split("-")[-1]
        if _streetish(last_part) or last_part in ORGANISATION_HEADS:
            return False
        return last_part in self.surnames or last_part not in self.common

    def _name_before_street(self, toks: list[_Tok], i: int) -> bool:
        """Whether the words before the street word `toks[i]` are a person's name rather than the start of the
        street's name: they end in a known surname ("Piet Jansen Kerkstraat 12" in a flattened form)."""
        return i == 0 or (toks[i - 1].kind == "cap" and toks[i - 1].folded.split("-")[-1] in self.surnames)

    def _from_place(self, toks: list[_Tok] | tuple[_Tok, ...], i: int) -> bool:
        """Whether `toks[i]` is "van" before a known place after a whole name ("Marieke Bos | van Utrecht"): where
        someone is from, not a surname ("Marieke van Utrecht" keeps it)."""
        t = toks[i]
        return (t.kind == "tv" and t.folded == "van" and i + 1 < len(toks) and toks[i + 1].folded in self.places
                and i >= 2 and toks[i - 1].kind == "cap" and toks[i - 1].folded.split("-")[-1] in self.surnames
                and sum(1 for u in toks[:i] if u.kind != "tv") >= 2)

    def _cut_at_preposition(self, toks: list[_Tok] | tuple[_Tok, ...]) -> int | None:
        """Where a preposition starts after a whole name ("Henk Wolters | van de Slotlaan", "Marieke Bos | van het
        Stedelijk College"): the first tussenvoegsel after at least two parts of a name, the last of them a known
        surname (or, right after the given name, a word that can only be a surname: "Niels Arends"), the first a given
        name or an initial, after a title or greeting if any ("Agent Henk Wolters van de ..."; not "Bakkerij Van Dam op
        de Voorstraat"); None where there is none. A street or an organisation after it is then no part of the name."""
        lead = 1 if len(toks) > 1 and toks[0].kind == "cap" and toks[0].folded in _TITLES_AND_GREETINGS else 0
        if not toks or not (toks[lead].kind == "init" or self._is_first(toks[lead], True)):
            return None
        parts = 0
        for k, t in enumerate(toks):
            if t.kind == "tv":
                prev = toks[k - 1]
                if parts >= 2 and prev.kind == "cap" and (prev.folded.split("-")[-1] in self.surnames or (
                        parts == k and self._surname_like(prev) and not self._is_first(prev, True))):
                    return k  # (an unknown surname right after the given name: "Niels Arends van de ...")
            else:
                parts += 1
        return None

    def _title_before(self, doc: Document, pos: int) -> str | None:
        """The title or role right before `pos` ("agent Bakker", "dhr. Jansen"), not one that ends
        the previous sentence ("... die minister. Echt ...")."""
        found = _word_before(doc.norm, max(0, pos - 30), pos)
        if found is None:
            return None
        word = found[0].lower()
        if word not in TITLES or (found[1] and word not in ABBREVIATED_TITLES):
            return None
        return word

    def _anchor_starts(self, text: str) -> tuple[list[int], list[int], list[int]]:
        """Where names can start: (capitalised anchors, words in capitals, lower-case first names)."""
        caps: list[int] = []
        upper: list[int] = []
        lower: list[int] = []
        hits = self._whole.raw(text)
        if hits is None:
            return self._anchor_starts_slow(text)
        verify = self._whole.verify
        next_word = _NEXT_WORD_FAST.match
        common = self.common
        add_cap = caps.append
        for e, hit in hits:
            n, check, kind = hit[0], hit[1], hit[2]
            if check:
                kind = verify(text, e, hit)
                if kind is None:
                    continue
            end = e - 1
            start = end - n
            c0 = text[start]
            if kind & _TITLE:
                nxt = next_word(text, end)
                if nxt is not None:
                    add_cap(nxt.start(1))  # the name right after a title
                if c0.isupper():
                    add_cap(start)
            if c0.isupper():
                if kind & (_FIRST | _SURNAME):
                    add_cap(start)
                if kind & _FIRST and text[start:end].isupper():
                    upper.append(start)
            elif kind & _FIRST and c0.islower() and text[start:end] not in common:
                lower.append(start)  # (`_from_lower` turns down common words: "over", "wil", "ben")
        caps.extend(_initial_or_accented_starts(text))
        return caps, upper, lower

    @property
    def _anchors(self) -> ahocorasick.Automaton:
        """One automaton of every anchor word, for `_anchor_starts_slow` (built when first needed)."""
        if self._anchor_automaton is None:
            automaton = ahocorasick.Automaton()
            for word, kind in self._kinds.items():
                automaton.add_word(word, (len(word), kind))
            automaton.make_automaton()
            self._anchor_automaton = automaton
        return self._anchor_automaton

    def _anchor_starts_slow(self, text: str) -> tuple[list[int], list[int], list[int]]:
        """`_anchor_starts` for text that `WholeWords` declines (an "İ" or a Kelvin sign in it)."""
        caps: list[int] = []
        upper: list[int] = []
        lower: list[int] = []
        low = text.lower()
        if len(low) != len(text):  # "İ" lower-cases to two characters: lower character by character instead,
            # keeping such a character as it is, so positions stay put (in one message as in a joined batch)
            low = "".join(lc if len(lc := c.lower()) == 1 else c for c in text)
        if len(low) == len(text):
            last = len(low) - 1
            for end, (n, kind) in self._anchors.iter_long(low):
                start = end - n + 1
                if (start and (low[start - 1].isalnum() or low[start - 1] in "@#/.-")) or (
                    end < last and low[end + 1].isalnum()
                ):
                    continue  # not a whole word
                c0 = text[start]
                if kind & _TITLE:
                    nxt = _NEXT_WORD.match(text, end + 1)
                    if nxt is not None:
                        caps.append(nxt.start(1))  # the name right after a title
                    if c0.isupper():
                        caps.append(start)
                if c0.isupper():
                    if kind & (_FIRST | _SURNAME):
                        caps.append(start)
                    if kind & _FIRST and text[start : end + 1].isupper():
                        upper.append(start)
                elif kind & _FIRST and c0.islower() and text[start : end + 1] not in self.common:
                    lower.append(start)
        for m in _INITIAL_OR_ACCENTED.finditer(text):
            caps.append(m.start())
        return caps, upper, lower

    def detect(self, doc: Document) -> Iterator[Finding]:
        text = doc.norm
        caps, upper, lower = self._anchor_starts(text)
        consumed = 0
        for pos in sorted(set(caps)):
            if pos < consumed:
                continue
            # only when a name-like word (capitalised, initial, tussenvoegsel) stands right before
            # (within this message: a batch's messages are joined by NUL, which is not white space)
            prev = (text[max(0, pos - 14) : pos - 1].rpartition("\x00")[2].rsplit(None, 1)[-1:]
                    if pos > 1 and text[pos - 1] == " " else [])
            back = (
                _back_search(text, max(consumed, pos - 80), pos)
                if prev and (prev[0][:1].isupper() or prev[0].endswith(".") or prev[0].lower() in _TV_SET)
                else None
            )
            m = _SEQ_FAST.match(text, back.start()) if back is not None else None
            if m is None or m.end() <= pos:
                m = _SEQ_FAST.match(text, pos)
            if m is None:
                continue
            consumed = m.end()
            found = self._from_match(doc, m)
            if found is not None:
                yield found
        for pos in upper:
            m = _UPPER_SEQ.match(text, pos)
            if m is not None:
                found = self._from_upper(doc, m)
                if found is not None:
                    yield found
        for pos in lower:
            m = self._lower.match(text, pos)
            if m is not None:
                found = self._from_lower(doc, m)
                if found is not None:
                    yield found

    # -- a name sequence, the same as `_from_sequence(doc, _tokens(m.group(), m.start()))` ----------
    # What depends on the sequence's own text alone is worked out once per text (`_plan`, kept: the
    # same names recur); what depends on the words around it is checked per occurrence here.

    def _from_match(self, doc: Document, m: re.Match[str]) -> Finding | None:
        seq = m.group()
        try:
            plan = self._plans[seq]
        except KeyError:
            plan = self._plan(seq)
            if len(self._plans) >= 50_000:
                self._plans.clear()
            self._plans[seq] = plan
        if plan is None:
            return None
        offset = m.start()
        toks, title, start_i, rest_found, rest_none = plan
        if start_i is None:
            title = title or self._title_before(doc, offset + toks[0][2])
            if title is None:
                return self._tv_surname(doc, [_Tok(k, t, offset + a, offset + b, f) for k, t, a, b, f in toks])
            rest = rest_found
        else:
            rest = rest_none if title is None else rest_found
        if rest is None:
            return None
        ev: list[Evidence] = []
        if title is not None:
            ev.append(_title_evidence(title))
        names, single, multi_score, multi_ev, in_places = rest
        end = offset + names[-1][3]
        after = doc.words_after(end, 14)
        org = bool(after) and after[0] in ORGANISATION_HEADS and doc.norm[end : end + 1] == " "
        if org or _NUMBER_AFTER.match(doc.norm, end):  # (as `_from_sequence` does)
            cut = self._cut_at_preposition([_Tok(*t) for t in names])
            if cut is not None:
                return self._from_sequence(doc, [_Tok(k, t, offset + a, offset + b, f) for k, t, a, b, f in names[:cut]])
            if org:
                return None
        first = names[0]
        if title is None and single is not None and first[0] == "cap":
            title = self._title_before(doc, offset + first[2])
            if title is not None:
                ev.append(_title_evidence(title))
        if single is not None:
            common_only, first_name_ok, in_place_names = single
            if title is not None:
                if common_only or self._not_after_title(title, _Tok(*first), _after_van(doc.norm, offset + first[2])):
                    return None  # "de wethouder Zorg", "de burgemeester Zwolle", "voetballer Ajax"
                score = 0.8
            elif first_name_ok:
                score = 0.65
                ev.append(_EV_FIRST_NAME)
                if in_place_names:
                    before = doc.words_before(offset + first[2], 12)
                    if before and before[-1] in LOCATION_PREPOSITIONS:
                        score -= 0.3  # "in Bergen", "naar Roy"
            else:
                return None
        else:
            if in_places and title is None:
                return None  # "Bergen op Zoom"; but "mevrouw de Haan"
            score = multi_score
            ev.extend(multi_ev)
            if title is not None:
                score += 0.05
        return self._finding(doc, offset + first[2], end, score, ev)

    def _plan(self, seq: str) -> _Plan | None:
        """The part of `_from_sequence` that depends on the sequence's text alone: its tokens
        (relative to its start), a title it opens with, where the name starts (None: only a title
        before it can tell), and what follows from there with a title and without one."""
        toks = [_Tok(*t) for t in _tokens_of(seq)]
        for i, t in enumerate(toks):
            if t.kind == "cap" and _streetish(t.folded.split("-")[-1]):
                if not self._name_before_street(toks, i):
                    cut = self._cut_at_preposition(toks[:i])
                    if cut is None:
                        return None
                    i = cut  # "Henk Wolters van de Slotlaan"
                toks = toks[:i]
                break
        while toks and toks[-1].kind != "cap":
            toks.pop()
        if not toks:
            return None
        if len(toks) > 1 and toks[0].kind == "cap" and toks[0].folded in GREETINGS:
            toks = toks[1:]
        title = None
        if len(toks) > 1 and toks[0].kind == "cap" and toks[0].folded in TITLES:
            title = toks[0].folded
            toks = toks[1:]
        start_i = None
        for i, t in enumerate(toks):
            if t.kind == "init" or self._is_first(t, ambiguous_ok=(i + 1 < len(toks))):
                start_i = i
                break
        if start_i is None:
            # only with a title (this one, or one before the sequence): "advocaat van Ricardo"
            start_n = 1 if len(toks) == 2 and toks[0].text == "van" and toks[1].folded not in self.surnames else 0
            return (tuple(toks), title, None, self._plan_rest(toks[start_n:]), None)
        rest = self._plan_rest(toks[start_i:])
        return (tuple(toks), title, start_i, rest, rest)

    def _plan_rest(self, toks: list[_Tok]) -> _Rest | None:
        """From where the name starts: its tokens, and their scoring where that needs no context."""
        end_i = len(toks)
        for i in range(1, len(toks)):
            t = toks[i]
            after_particle = toks[i - 1].kind in ("tv", "init")
            if t.kind == "cap" and not after_particle and not self._surname_like(t) and not self._is_first(t, True):
                end_i = i
                break
            if _place_particle_after_name(toks, i) or self._from_place(toks, i):
                end_i = i
                break
        toks = toks[:end_i]
        while toks and toks[-1].kind != "cap":
            toks.pop()
        if not toks:
            return None
        joined = " ".join(t.folded for t in toks)
        if joined in NOT_PERSONS:
            return None
        first, last = toks[0], toks[-1]
        if len(toks) == 1:
            f = first.folded
            single = (f in self.common and f not in self.surnames,
                      self._is_first(first, False) and f not in self.common, f in self.places)
            return (tuple(toks), single, 0.0, (), False)
        ev: list[Evidence] = []
        lastf = last.folded.split("-")[-1]
        if first.kind == "init":
            score = 0.9
            ev.append(Evidence("pattern", "initials + surname"))
        elif self._is_first(first, True):
            ev.append(_EV_FIRST_NAME)
            score = 0.8
        else:
            score = 0.7  # title + capitalised words
        if lastf in self.surnames:
            score += 0.1
            ev.append(Evidence("gazetteer", "surname"))
        if any(t.kind == "tv" for t in toks):
            score += 0.05
            ev.append(Evidence("pattern", "tussenvoegsel"))
        return (tuple(toks), None, score, tuple(ev), joined in self.places)

    def _from_sequence(self, doc: Document, toks: list[_Tok]) -> Finding | None:
        # drop streets and what follows them, and trailing tussenvoegsels; words before a street are its
        # name ("Prins Hendrikkade", "Jan Pieterszoon Coenplein") unless they end in a known surname
        for i, t in enumerate(toks):
            if t.kind == "cap" and _streetish(t.folded.split("-")[-1]):
                if not self._name_before_street(toks, i):
                    cut = self._cut_at_preposition(toks[:i])
                    if cut is None:
                        return None
                    i = cut  # "Henk Wolters van de Slotlaan"
                toks = toks[:i]
                break
        while toks and toks[-1].kind != "cap":
            toks.pop()
        if not toks:
            return None
        # a greeting is no part of the name: "Beste Roel"
        if len(toks) > 1 and toks[0].kind == "cap" and toks[0].folded in GREETINGS:
            toks = toks[1:]
        ev: list[Evidence] = []
        title = None
        # a capitalised title opens the sequence: "Agent Bakker", "Mevrouw de Boer"
        if len(toks) > 1 and toks[0].kind == "cap" and toks[0].folded in TITLES:
            title = toks[0].folded
            toks = toks[1:]
        # find where the name starts: initials, a first name, or a title right before
        start_i = None
        for i, t in enumerate(toks):
            if t.kind == "init" or self._is_first(t, ambiguous_ok=(i + 1 < len(toks))):
                start_i = i
                break
        if start_i is None:
            title = title or self._title_before(doc, toks[0].start)
            if title is None:
                return self._tv_surname(doc, toks)
            start_i = 0
            # "advocaat van Ricardo": after a title, "van" + one name is a preposition, not a tussenvoegsel
            if len(toks) == 2 and toks[0].text == "van" and toks[1].folded not in self.surnames:
                start_i = 1
        if title is not None:
            ev.append(Evidence("context+", f"title or role '{title}'", 0.1))
        toks = toks[start_i:]
        # cut at a capitalised word that cannot be part of a name (after at least the first token)
        end_i = len(toks)
        for i in range(1, len(toks)):
            t = toks[i]
            after_particle = toks[i - 1].kind in ("tv", "init")  # "de Boer", "J. Wit": common words are names here
            if t.kind == "cap" and not after_particle and not self._surname_like(t) and not self._is_first(t, True):
                end_i = i
                break
            if _place_particle_after_name(toks, i) or self._from_place(toks, i):  # "Okke de Lange op de Middenweg"
                end_i = i
                break
        toks = toks[:end_i]
        while toks and toks[-1].kind != "cap":
            toks.pop()
        if not toks:
            return None
        # an organisation or a house number after the sequence: a whole name before "van (het)" is the name alone
        # ("Marieke Bos van het Stedelijk College", "Jos Heijmans van Bredaseweg 200"); an organisation's name else
        org = self._organisation(doc, toks)
        if org or _NUMBER_AFTER.match(doc.norm, toks[-1].end):
            cut = self._cut_at_preposition(toks)
            if cut is not None:
                return self._from_sequence(doc, toks[:cut])
            if org:
                return None
        first, last = toks[0], toks[-1]
        has_tv = any(t.kind == "tv" for t in toks)
        if title is None and len(toks) == 1 and first.kind == "cap":
            title = self._title_before(doc, first.start)
            if title is not None:
                ev.append(Evidence("context+", f"title or role '{title}'", 0.1))
        if len(toks) == 1:
            f = first.folded
            if title is not None:
                if (f in self.common and f not in self.surnames) or self._not_after_title(
                        title, first, _after_van(doc.norm, first.start)):
                    return None  # "de wethouder Zorg", "de burgemeester Zwolle", "voetballer Ajax"
                score = 0.8
            elif self._is_first(first, False) and f not in self.common:
                score = 0.65
                ev.append(Evidence("gazetteer", "first name"))
                before = doc.words_before(first.start, 12)
                if f in self.places and before and before[-1] in LOCATION_PREPOSITIONS:
                    score -= 0.3  # "in Bergen", "naar Roy"
            else:
                return None
        else:
            lastf = last.folded.split("-")[-1]
            if first.kind == "init":
                score = 0.9
                ev.append(Evidence("pattern", "initials + surname"))
            elif self._is_first(first, True):
                ev.append(Evidence("gazetteer", "first name"))
                score = 0.8
            else:
                score = 0.7  # title + capitalised words
            if lastf in self.surnames:
                score += 0.1
                ev.append(Evidence("gazetteer", "surname"))
            if has_tv:
                score += 0.05
                ev.append(Evidence("pattern", "tussenvoegsel"))
            if " ".join(t.folded for t in toks) in self.places and title is None:
                return None
        if title is not None and len(toks) > 1:
            score += 0.05
        return self._finding(doc, toks[0].start, toks[-1].end, score, ev)

    def _organisation(self, doc: Document, toks: list[_Tok]) -> bool:
        joined = " ".join(t.folded for t in toks)
        if joined in NOT_PERSONS:
            return True
        after = doc.words_after(toks[-1].end, 14)
        return bool(after) and after[0] in ORGANISATION_HEADS and doc.norm[toks[-1].end : toks[-1].end + 1] == " "

    def _tv_surname(self, doc: Document, toks: list[_Tok]) -> Finding | None:
        """'De Vries zei ...': a tussenvoegsel + a known surname, without first name or title; and
        'Okke de Lange': an unknown capitalised word, a tussenvoegsel and a known surname."""
        if (len(toks) == 3 and toks[0].kind == "cap" and toks[1].kind == "tv" and toks[2].kind == "cap"
                and toks[1].folded in _SURNAME_PARTICLES and toks[2].folded in self.surnames
                and toks[0].folded not in self.common and toks[0].folded not in self.places
                and toks[0].folded not in TITLES):
            return self._finding(doc, toks[0].start, toks[2].end, 0.7, [_EV_NAME_TV_SURNAME, _EV_SURNAME])
        if len(toks) >= 2 and toks[0].kind == "tv" and toks[0].folded in _SURNAME_PARTICLES and toks[-1].kind == "cap":
            lastf = toks[-1].folded
            joined = " ".join(t.folded for t in toks)
            before = doc.words_before(toks[0].start, 12)
            if before and before[-1] in LOCATION_PREPOSITIONS:
                return None  # "aan de Brink", "op de Dam": a place
            if lastf in self.surnames and lastf not in self.common and joined not in self.places:
                return self._finding(doc, toks[0].start, toks[-1].end, 0.6, [_EV_TV_SURNAME, _EV_SURNAME])
            # "dat De Groot", "loopt: de Jong": an everyday word, capitalised after "de" where no sentence starts
            if (len(toks) == 2 and toks[0].folded == "de" and lastf in SURNAMES_AFTER_DE
                    and (toks[0].text == "de" or not _SENTENCE_START.search(doc.norm, max(0, toks[0].start - 3), toks[0].start))):
                return self._finding(doc, toks[0].start, toks[-1].end, 0.6, [_EV_TV_SURNAME, _EV_SURNAME])
        if len(toks) == 1 and toks[0].kind == "cap":
            # "Jansen belde weer": one of the most frequent surnames, on its own
            f = toks[0].folded
            if f in self.frequent_surnames and f not in self.common and f not in self.places and f not in self.first:
                before = doc.words_before(toks[0].start, 12)
                if before and before[-1] in LOCATION_PREPOSITIONS:
                    return None
                after = doc.words_after(toks[0].end, 14)
                if after and after[0] in ORGANISATION_HEADS:
                    return None
                return self._finding(doc, toks[0].start, toks[0].end, 0.55, [_EV_FREQUENT_SURNAME])
        return None

    def _from_upper(self, doc: Document, m: re.Match[str]) -> Finding | None:
        """Names in capitals ("DIRK JAN MEIJER"): a known first name, then a known surname."""
        words = m.group().split(" ")
        folded = [gz.fold(w) for w in words]
        i = next((k for k, f in enumerate(folded) if f.split("-")[0] in self.first), None)
        if i is None:
            return None
        j = max((k for k, f in enumerate(folded) if k > i and f.split("-")[-1] in self.surnames), default=None)
        if j is None:
            # "DIRK ZWANENBURG": a known first name and one more word, not a common one, nor a place unless a label
            # says a name follows ("NAAM: MARIEKE ZWANENBURG"; Zwanenburg is a village too)
            labelled = _NAME_LABEL.search(doc.norm, max(0, m.start() - 16), m.start()) is not None
            if i + 1 < len(words) and folded[i + 1] not in self.common and (
                    labelled or folded[i + 1] not in self.places) and len(folded[i + 1]) > 2:
                j = i + 1
            else:
                return None
        if " ".join(folded[i : j + 1]) in NOT_PERSONS:
            return None
        start = m.start() + sum(len(w) + 1 for w in words[:i])
        end = m.start() + sum(len(w) + 1 for w in words[: j + 1]) - 1
        ev = [_EV_FIRST_NAME, _EV_SURNAME, _EV_CAPITALS]
        return self._finding(doc, start, end, 0.75, ev)

    def _from_lower(self, doc: Document, m: re.Match[str]) -> Finding | None:
        firstf = gz.fold(m.group("first")).split("-")[0]
        last = m.group("last")
        lastf = gz.fold(last.split("-")[-1])
        has_tv = bool(m.group("tv"))
        if firstf not in self.first or firstf in self.common or _streetish(lastf):
            return None
        known = lastf in self.surnames
        if firstf in self.ambiguous and not (has_tv and known):
            return None  # "kim de boer" yes, "max jansen" no
        if has_tv:
            if not known and lastf in self.common:
                return None
            score = 0.8 if known else 0.6
        elif known and lastf not in self.common:
            score = 0.7
        else:
            return None
        ev = [_EV_FIRST_NAME_LOWER, _EV_SURNAME if known else _EV_TV]
        return self._finding(doc, m.start("first"), m.end("last"), score, ev)

    def _finding(self, doc: Document, start: int, end: int, score: float, ev: list[Evidence]) -> Finding:
        value = " ".join(doc.norm[start:end].split())
        return doc.finding(Label.PERSON, start, end, value=value, score=score, detector=self.name, evidence=ev)
