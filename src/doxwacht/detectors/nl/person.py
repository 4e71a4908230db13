"""PERSON: Dutch personal names with initials, tussenvoegsels and double surnames, capitalised or in
lower case.

Candidates are name-shaped sequences (capitalised words, initials, tussenvoegsels); the gazetteers
(first names, surnames, places, common words; see data/gazetteers/SOURCES.md) and the words around
decide. Titles and roles ("agent", "mevrouw", "dhr.") are context, never part of the span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

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
    """dhr dhr. heer meneer mevrouw mevr mevr. mw mw. mr mr. dr dr. drs drs. ir ir. ing ing. prof prof. agent agente
    hoofdagent brigadier wijkagent inspecteur hoofdinspecteur commissaris rechercheur politieman politievrouw
    wethouder burgemeester minister staatssecretaris kamerlid raadslid gedeputeerde rechter officier advocaat
    boa handhaver journalist verslaggever collega juf juffrouw meester docent oom tante zus zusje broer broertje
    vriend vriendin buurman buurvrouw neef nicht opa oma moeder vader dochter zoon vrouw man ex leraar lerares
    directeur voorzitter fractievoorzitter premier koning koningin prins prinses""".split()
)
_TITLE_WORDS = frozenset(t.rstrip(".") for t in TITLES)

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
_CAP = rf"[{_UP}][{_LOW}]+(?:['’][{_LOW}]+)?"
_INIT = rf"(?:[{_UP}](?:[hr]|[{_UP}])?\.[ ]?){{1,4}}"
_TV = "|".join(re.escape(t).replace(r"\ ", " ") for t in TUSSENVOEGSELS)
_TV_ANY = rf"(?i:{_TV})"
_SEQ = re.compile(
    rf"(?<![\w@#/.'’-])(?:(?:{_INIT}|{_CAP} |{_TV_ANY} )+)?{_CAP}(?:-(?:{_TV_ANY} )?{_CAP})?(?![\w'’@-])"
)
_TOKEN = re.compile(rf"{_INIT}|{_TV_ANY}(?= )|{_CAP}(?:-(?:{_TV_ANY} )?{_CAP})?")
# Only suffixes that no Dutch surname ends in ("Van Dijk", "Westerveld" and "Van den Berg" are names).
_STREET_ONLY_SUFFIXES = ("straat", "straatje", "laan", "laantje", "plein", "gracht", "kade", "singel", "steeg",
                         "dreef", "markt", "boulevard", "allee", "burgwal", "plantsoen", "straatweg", "pad")
_STREETISH = re.compile(rf"\w(?:{'|'.join(_STREET_ONLY_SUFFIXES)})$")


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
        t = m.group()
        if t.endswith(".") or (len(t) > 1 and t[1] == "." ):
            kind = "init"
        elif gz.fold(t) in _TV_SET:
            kind = "tv"
        else:
            kind = "cap"
        toks.append(_Tok(kind, t.rstrip(" "), offset + m.start(), offset + m.start() + len(t.rstrip(" "))))
    return toks


_TV_SET = frozenset(TUSSENVOEGSELS) | frozenset(w for t in TUSSENVOEGSELS for w in t.split())


class PersonDetector:
    name = "nl.person.v1"
    labels = frozenset({Label.PERSON})

    def __init__(self) -> None:
        self.first = gz.first_names()
        self.surnames = gz.surnames()
        self.places = gz.places()
        self.common = gz.common_words()
        self.ambiguous = gz.ambiguous_first_names()
        lower_first = sorted(n for n in self.first if len(n) >= 3 and n not in self.common and n not in self.ambiguous)
        two_letter = sorted(n for n in self.first if len(n) == 2 and n.isalpha())
        self.triggers = (
            WordListTrigger({n for n in self.first if len(n) >= 3}),
            WordListTrigger(_TITLE_WORDS),
            Trigger(r"\b(?:" + "|".join(two_letter) + r")\b", caseless=True),
            Trigger(r"[A-Z](?:[hr]|[A-Z])?\."),
            Trigger(rf"(?i:{_TV})\s[A-Z]"),
            Trigger("[À-ÖØ-öø-ÿĀ-ſ]"),  # names with diacritics are folded before lookup
        )
        self._lower = re.compile(
            rf"(?<![\w@#/.-])(?P<first>{gz.trie_regex(lower_first)}) (?P<tv>(?:(?:{_TV}) )*)(?P<last>[{_LOW}]{{2,}}(?:-[{_LOW}]{{2,}})?)(?![\w@-])"
        )

    # -- helpers ---------------------------------------------------------------------------------
    def _is_first(self, tok: _Tok, ambiguous_ok: bool) -> bool:
        f = tok.folded
        return tok.kind == "cap" and f in self.first and (ambiguous_ok or f not in self.ambiguous)

    def _surname_like(self, tok: _Tok) -> bool:
        """A capitalised word that can end a name: not a street, not a common word."""
        if tok.kind != "cap":
            return False
        last_part = tok.folded.split("-")[-1]
        return not _STREETISH.search(last_part) and last_part not in self.common

    def _title_before(self, doc: Document, pos: int) -> str | None:
        words = doc.words_before(pos, 25)
        if words and words[-1] in _TITLE_WORDS:
            return words[-1]
        return None

    # -- detection -------------------------------------------------------------------------------
    def detect(self, doc: Document) -> Iterator[Finding]:
        text = doc.norm
        taken: list[tuple[int, int]] = []
        for m in _SEQ.finditer(text):
            found = self._from_sequence(doc, _tokens(m.group(), m.start()))
            if found is not None:
                taken.append((found.start, found.end))
                yield found
        for m in self._lower.finditer(text):
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
        # find where the name starts: initials, a first name, or a title right before
        start_i = None
        for i, t in enumerate(toks):
            if t.kind == "init" or self._is_first(t, ambiguous_ok=(i + 1 < len(toks))):
                start_i = i
                break
        title = None
        if start_i is None:
            title = self._title_before(doc, toks[0].start)
            if title is None:
                return self._tv_surname(doc, toks)
            start_i = 0
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
        first, last = toks[0], toks[-1]
        has_tv = any(t.kind == "tv" for t in toks)
        if title is None and start_i == 0 and len(toks) == 1 and first.kind == "cap":
            title = self._title_before(doc, first.start)
        if len(toks) == 1:
            f = first.folded
            if title is not None:
                score = 0.8 if f not in self.common else 0.5
                ev.append(Evidence("context+", f"title or role '{title}'", 0.1))
            elif f in self.first and f not in self.ambiguous and f not in self.common:
                score = 0.65
                ev.append(Evidence("gazetteer", "first name"))
            else:
                return None
            if f in self.places:
                score -= 0.2
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

    def _tv_surname(self, doc: Document, toks: list[_Tok]) -> Finding | None:
        """'De Vries zei ...': a tussenvoegsel + a known surname, without first name or title."""
        if len(toks) >= 2 and toks[0].kind == "tv" and toks[-1].kind == "cap":
            lastf = toks[-1].folded
            joined = " ".join(t.folded for t in toks)
            if lastf in self.surnames and lastf not in self.common and joined not in self.places:
                return self._finding(doc, toks[0].start, toks[-1].end, 0.6,
                                     [Evidence("pattern", "tussenvoegsel + surname"), Evidence("gazetteer", "surname")])
        return None

    def _from_lower(self, doc: Document, m: re.Match[str]) -> Finding | None:
        last = m.group("last")
        lastf = gz.fold(last.split("-")[-1])
        has_tv = bool(m.group("tv"))
        if lastf in self.common or _STREETISH.search(lastf):
            return None
        if lastf in self.surnames:
            score = 0.8 if has_tv else 0.7
        elif has_tv:
            score = 0.6
        else:
            return None
        ev = [Evidence("gazetteer", "first name (lower case)"), Evidence("gazetteer" if lastf in self.surnames else "pattern",
                                                                           "surname" if lastf in self.surnames else "tussenvoegsel")]
        return self._finding(doc, m.start("first"), m.end("last"), score, ev)

    def _finding(self, doc: Document, start: int, end: int, score: float, ev: list[Evidence]) -> Finding:
        value = " ".join(doc.norm[start:end].split())
        return doc.finding(Label.PERSON, start, end, value=value, score=score, detector=self.name, evidence=ev)
