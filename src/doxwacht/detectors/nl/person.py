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
from dataclasses import dataclass

import ahocorasick

from doxwacht.detectors.nl import gazetteers as gz
from doxwacht.detectors.triggers import Trigger, WordListTrigger
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
    fractievoorzitter premier fam familie huisarts dokter""".split()
)
# Words after a name that show it names an organisation or a place, not a person.
ORGANISATION_HEADS = frozenset(
    """arena stadion stichting fonds prijs bv nv holding college school lyceum ziekenhuis kliniek instituut museum
    zaal huis centrum academie universiteit hogeschool park plein brug tunnel toren kazerne""".split()
)
NOT_PERSONS = frozenset({"albert heijn", "johan cruijff", "jan linders", "hans anders", "anne frank huis"})
ABBREVIATED_TITLES = frozenset({"dhr", "mevr", "mw", "mr", "dr", "drs", "ir", "ing", "prof", "fam"})
_TITLE_BEFORE = re.compile(r"(?<!\w)(?P<w>\w+)(?P<dot>\.)?[ ]+$")
LOCATION_PREPOSITIONS = frozenset({"aan", "op", "in", "naar", "bij", "via", "langs", "uit", "te", "richting", "nabij"})

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
_CAP = rf"[{_UP}][{_LOW}]+(?:['’][{_LOW}]+)?"
_CAPH = rf"{_CAP}(?:-(?:(?i:de|van|der|den|ter|el) )?{_CAP})?"  # "Gert-Jan", "Jansen-de Vries"
# initials: one capital, or Th./Chr./Ph./Joh.; "Sr." and "Sv." are the criminal codes, never initials
_INIT = rf"(?:(?:[{_UP}]|Th|Chr|Ph|Joh)\.(?<!Sr\.)(?<!Sv\.)[ ]?){{1,4}}"
_TV = "|".join(re.escape(t).replace(r"\ ", " ") for t in TUSSENVOEGSELS)
_TV_ANY = rf"(?i:{_TV})"
_SEQ = re.compile(rf"(?<![\w@#/.'’-])(?:(?:{_INIT}|{_CAPH} |{_TV_ANY} )+)?{_CAPH}(?![\w'’@-]|\.\w)")
_BACK = re.compile(rf"(?:(?:{_INIT}|{_CAPH} |{_TV_ANY} )+)$")
_ANCHOR = re.compile(rf"[{_UP}][{_LOW}]+|[{_UP}]\.")
_TOKEN = re.compile(rf"{_INIT}|{_TV_ANY}(?= )|{_CAPH}")
_UPPER_SEQ = re.compile(r"(?<![\w@.-])[A-Z]{2,}(?:-[A-Z]{2,})?(?: (?:[A-Z]{2,}|[A-Z]'?[A-Z]?)(?:-[A-Z]{2,})?){1,4}(?![\w@-])")
# Only suffixes that no Dutch surname ends in ("Van Dijk", "Westerveld" and "Van den Berg" are names).
_STREET_ONLY_SUFFIXES = ("straat", "straatje", "laan", "laantje", "plein", "gracht", "kade", "singel", "steeg",
                         "dreef", "markt", "boulevard", "allee", "burgwal", "plantsoen", "straatweg", "pad")
_STREETISH = re.compile(rf"\w(?:{'|'.join(_STREET_ONLY_SUFFIXES)})$")
_TV_SET = frozenset(TUSSENVOEGSELS) | frozenset(w for t in TUSSENVOEGSELS for w in t.split())
_FIRST, _TITLE, _SURNAME = 1, 2, 4
# tussenvoegsels that open a surname; "op de", "in 't", "uit de" open places more often ("op de Brink")
_SURNAME_PARTICLES = frozenset({"van der", "van den", "van de", "van 't", "van het", "van", "de", "der", "den", "ter",
                                "ten", "te", "'t", "el", "al", "la", "le", "du", "da", "di", "dos", "del", "von", "vd"})
_NEXT_WORD = re.compile(rf"\.?[ ]+((?:{_TV_ANY} )*[{_UP}])")
# initials ("J.", "Th.") and capitalised words with diacritics ("Zoë"), which the lower-cased lookup misses
_INITIAL_OR_ACCENTED = re.compile(rf"(?:[{_UP}]|Th|Chr|Ph|Joh)\.|[À-ÖØ-Þ][{_LOW}]|[A-Z][a-z]*[ß-öø-ÿ]")


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # "init", "tv", "cap"
    text: str
    start: int
    end: int

    @property
    def folded(self) -> str:
        return gz.fold(self.text)


def _tokens(text: str, offset: int) -> list[_Tok]:
    toks = []
    for m in _TOKEN.finditer(text):
        t = m.group().rstrip(" ")
        if len(t) > 1 and t[1] == "." or t.endswith("."):
            kind = "init"
        elif gz.fold(t) in _TV_SET:
            kind = "tv"
        else:
            kind = "cap"
        toks.append(_Tok(kind, t, offset + m.start(), offset + m.start() + len(t)))
    return toks


class PersonDetector:
    name = "nl.person.v1"
    labels = frozenset({Label.PERSON})

    def __init__(self) -> None:
        self.first = gz.first_names()
        self.surnames = gz.surnames()
        self.places = gz.places()
        self.common = gz.common_words()
        self.ambiguous = gz.ambiguous_first_names()
        # one automaton finds every anchor word: first names, titles and surnames, with what each is
        self._anchors = ahocorasick.Automaton()
        kinds: dict[str, int] = {}
        for n in self.first:
            if len(n) >= 3:
                kinds[n] = kinds.get(n, 0) | _FIRST
        for t in TITLES:
            kinds[t] = kinds.get(t, 0) | _TITLE
        for n in self.surnames:
            if len(n) >= 3:
                kinds[n] = kinds.get(n, 0) | _SURNAME
        for word, kind in kinds.items():
            if word.isalpha():
                self._anchors.add_word(word, (len(word), kind))
        self._anchors.make_automaton()
        two_letter = sorted(n for n in self.first if len(n) == 2 and n.isalpha())
        self.triggers = (
            WordListTrigger({n for n in self.first if len(n) >= 3}),
            WordListTrigger(TITLES),
            WordListTrigger(self.surnames, after=_TV_SET),
            Trigger(r"\b(?:" + "|".join(n.capitalize() for n in two_letter) + r")\b"),
            Trigger(r"[A-Z]\.|Th\.|Chr\.|Ph\.|Joh\."),
            Trigger("[À-ÖØ-Þ]|[A-Z][a-z]*[ß-öø-ÿĀ-ſ]"),  # capitalised names with diacritics are folded before lookup
        )
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

    def _surname_like(self, tok: _Tok) -> bool:
        """A capitalised word that can end a name: a known surname, or not a street or common word."""
        if tok.kind != "cap":
            return False
        last_part = tok.folded.split("-")[-1]
        if _STREETISH.search(last_part):
            return False
        return last_part in self.surnames or last_part not in self.common

    def _title_before(self, doc: Document, pos: int) -> str | None:
        """The title or role right before `pos` ("agent Bakker", "dhr. Jansen"), not one that ends
        the previous sentence ("... die minister. Echt ...")."""
        m = _TITLE_BEFORE.search(doc.norm, max(0, pos - 30), pos)
        if m is None:
            return None
        word = m.group("w").lower()
        if word not in TITLES or (m.group("dot") and word not in ABBREVIATED_TITLES):
            return None
        return word

    def _anchor_starts(self, text: str) -> tuple[list[int], list[int], list[int]]:
        """Where names can start: (capitalised anchors, words in capitals, lower-case first names)."""
        caps: list[int] = []
        upper: list[int] = []
        lower: list[int] = []
        low = text.lower()
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
                elif kind & _FIRST and c0.islower():
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
            prev = text[max(0, pos - 14) : pos - 1].rsplit(None, 1)[-1:] if pos > 1 and text[pos - 1] == " " else []
            back = (
                _BACK.search(text, max(consumed, pos - 80), pos)
                if prev and (prev[0][:1].isupper() or prev[0].endswith(".") or prev[0].lower() in _TV_SET)
                else None
            )
            m = _SEQ.match(text, back.start()) if back is not None else None
            if m is None or m.end() <= pos:
                m = _SEQ.match(text, pos)
            if m is None:
                continue
            consumed = m.end()
            found = self._from_sequence(doc, _tokens(m.group(), m.start()))
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

    def _from_sequence(self, doc: Document, toks: list[_Tok]) -> Finding | None:
        # drop streets and what follows them ("Prins Hendrikkade"), and trailing tussenvoegsels
        for i, t in enumerate(toks):
            if t.kind == "cap" and _STREETISH.search(t.folded.split("-")[-1]):
                toks = toks[:i]
                break
        while toks and toks[-1].kind != "cap":
            toks.pop()
        if not toks:
            return None
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
        toks = toks[:end_i]
        while toks and toks[-1].kind != "cap":
            toks.pop()
        if not toks:
            return None
        if self._organisation(doc, toks):
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
                if f in self.common and f not in self.surnames:
                    return None
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
            if " ".join(t.folded for t in toks) in self.places:
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
            return self._finding(doc, toks[0].start, toks[2].end, 0.7,
                                 [Evidence("pattern", "name + tussenvoegsel + surname"), Evidence("gazetteer", "surname")])
        if len(toks) >= 2 and toks[0].kind == "tv" and toks[0].folded in _SURNAME_PARTICLES and toks[-1].kind == "cap":
            lastf = toks[-1].folded
            joined = " ".join(t.folded for t in toks)
            before = doc.words_before(toks[0].start, 12)
            if before and before[-1] in LOCATION_PREPOSITIONS:
                return None  # "aan de Brink", "op de Dam": a place
            if lastf in self.surnames and lastf not in self.common and joined not in self.places:
                return self._finding(doc, toks[0].start, toks[-1].end, 0.6,
                                     [Evidence("pattern", "tussenvoegsel + surname"), Evidence("gazetteer", "surname")])
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
            # "NAAM: MARIEKE ZWANENBURG": a known first name and one more word, not a common one
            if i + 1 < len(words) and folded[i + 1] not in self.common and folded[i + 1] not in self.places \
                    and len(folded[i + 1]) > 2:
                j = i + 1
            else:
                return None
        start = m.start() + sum(len(w) + 1 for w in words[:i])
        end = m.start() + sum(len(w) + 1 for w in words[: j + 1]) - 1
        ev = [Evidence("gazetteer", "first name"), Evidence("gazetteer", "surname"), Evidence("pattern", "capitals")]
        return self._finding(doc, start, end, 0.75, ev)

    def _from_lower(self, doc: Document, m: re.Match[str]) -> Finding | None:
        firstf = gz.fold(m.group("first")).split("-")[0]
        last = m.group("last")
        lastf = gz.fold(last.split("-")[-1])
        has_tv = bool(m.group("tv"))
        if firstf not in self.first or firstf in self.common or _STREETISH.search(lastf):
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
        ev = [Evidence("gazetteer", "first name (lower case)"),
              Evidence("gazetteer", "surname") if known else Evidence("pattern", "tussenvoegsel")]
        return self._finding(doc, m.start("first"), m.end("last"), score, ev)

    def _finding(self, doc: Document, start: int, end: int, score: float, ev: list[Evidence]) -> Finding:
        value = " ".join(doc.norm[start:end].split())
        return doc.finding(Label.PERSON, start, end, value=value, score=score, detector=self.name, evidence=ev)
