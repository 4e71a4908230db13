"""`IntentAnalyzer`: explainable rules for threats, calls to action, incitement, hate, sexual exposure,
insults and profanity in Dutch text. Key "intent" in the scan record.

Pipeline per document: a cheap pre-check (Aho-Corasick over trigger words, plus a look for obfuscation)
-> tokenise, fold and tag only the sentences around triggers -> run the rules whose required words or
classes occur in a sentence -> check that objects are persons -> guards (negation, quotes, reported
speech, counter-speech, games, self-reference ...) -> derived hits (a threat against a group is also
incitement, against a protected group also hate) -> one hit per category and span.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from itertools import accumulate
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from doxwacht.document import Document
from doxwacht.findings import Finding
from doxwacht.intent.group_model import GroupModel
from doxwacht.intent.guards import GUARDS
from doxwacht.intent.hits import Hits, IntentHit
from doxwacht.intent.rules import _COMMON as _COMMON_WORDS
from doxwacht.intent.rules import Rule, load_rules
from doxwacht.intent.rules_data import DERIVED, MACROS, RULES, TRIGGER_GATED
from doxwacht.intent.tagger import LEX, Arrays, Tagged, Token, coref, fold_word, glued_sentence, tag_window
from doxwacht.pipeline.compiled_cache import compile_database

try:  # pragma: no cover - exercised by whichever branch is installed
    import hyperscan as _hs
except ImportError:  # pragma: no cover
    _hs = None  # type: ignore[assignment]

_OBFUSCATION = re.compile(r"(?<![^\W\d_])[^\W\d_](?: [^\W\d_]){2,}(?![^\W\d_])|[a-z][0-9@$€*|!]+[a-z]", re.I)
# necessary conditions for _OBFUSCATION, one for each branch, that the regex engine scans for fast (they
# begin with a literal or a character set): three spaced letters contain " x y"; a leet word contains a
# letter, a leet character and a letter
_OBF_SPACED = re.compile(r" [^\W\d_] [^\W\d_]")
_OBF_LEET = re.compile(r"[0-9@$€*|!](?<=[^\W\d_].)[0-9@$€*|!]*[^\W\d_]")


def _obfuscated(norm: str) -> re.Match[str] | None:
    """`_OBFUSCATION.search(norm)`, cheaper on the many messages where neither branch can match."""
    if _OBF_SPACED.search(norm) is None and _OBF_LEET.search(norm) is None:
        return None
    return _OBFUSCATION.search(norm)


# a negator in a phrase that denies nothing of what is said beside it
_NEG_IDIOMS = frozenset({("geen", "wonder"), ("geen", "twijfel")})
_NOTHING = frozenset({"niks", "niets", "niet"})
_NOTHING_MORE = _NOTHING | {"en", ","}

# a long run of letters: maybe a sentence written without spaces ("ikhaatallemoslims"), which the pre-check's words
# cannot see
_LONG_WORD = re.compile(r"[a-z]{12,}(?:'s)?")


def _glued(lower: str) -> int | None:
    """Where the first word of `lower` that is a sentence without spaces starts (`tagger.glued_sentence`), or None.
    Looked for only in a text whose words are long on average (a space for every ten characters or fewer): such a
    sentence is most of its message, and the search costs 2 µs a message where every message is searched."""
    if lower.count(" ") * 10 > len(lower):
        return None
    for m in _LONG_WORD.finditer(lower):
        word = m.group()
        if glued_sentence(word[:-2] if word.endswith("'s") else word):
            return m.start()
    return None


class _AtNames(dict):
    def __missing__(self, key: str) -> str:
        self[key] = "@" + key
        return self[key]


_AT = _AtNames()


class _FoldTable(dict):
    """str.translate table that folds diacritics one character to one character (cached)."""

    def __missing__(self, code: int) -> int:
        ch = chr(code)
        f = fold_word(ch)
        self[code] = ord(f) if len(f) == 1 else code
        return self[code]


_FOLD_TABLE = _FoldTable()
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _lower(doc: Document) -> str:
    """`doc.norm.lower()`: what `doc.lower if doc.lower_aligned else doc.norm.lower()` gives either way,
    taken from the document's cache when a detector or the watchlist already made it (read directly: the
    cached property's lock costs more than lower-casing), and left there for the verdict and the watchlist."""
    cache = getattr(doc, "__dict__", None)
    if cache is None:
        return doc.norm.lower()
    low = cache.get("lower")
    if low is None:
        low = cache["lower"] = doc.norm.lower()
    return low


def _fold(lower: str) -> str:
    """`lower.translate(_FOLD_TABLE)` for lower-cased text that is not all ASCII: only the few distinct
    characters that fold are replaced (lower-cased ASCII folds only the backtick)."""
    chars = set(_NON_ASCII.findall(lower))
    if "`" in lower:
        chars.add("`")
    table = _FOLD_TABLE
    reps = [(c, chr(table[ord(c)])) for c in chars if table[ord(c)] != ord(c)]
    if not reps:
        return lower
    if any(t in chars for _, t in reps):  # a folded character that folds again: translate does it at once
        return lower.translate(table)
    for c, t in reps:
        lower = lower.replace(c, t)
    return lower
_SENT_CUT = re.compile(r"[.!?…]+[\s\"'”»)]*(?=\s|$)|\n")
_NOT_JOKING = frozenset({"geen", "niet", "nie", "gn"})
# words that open a relative or subordinate clause: a negation after one of them, after the hit, is that clause's
_CLAUSE_AFTER = frozenset({"die", "dat", "wat", "waar", "waarin", "omdat", "want", "terwijl", "zodat", "tot", "totdat"})
_LAUGH_EMOJI = re.compile("[\U0001F602\U0001F923\U0001F606\U0001F605\U0001F61C\U0001F61D\U0001F609]")
_BOUNDARY = frozenset({",", ";", ":", "(", ")", "-", "—", '"', "“", "”", "„", "«", "»", "'"})
_PLURAL_PRON = frozenset({"ze", "zij", "hen", "hun", "jullie"})
_DEM_PRON = frozenset({"die", "deze", "diegene", "degene"})
_COPULA = frozenset({"ben", "bent", "zijn", "was", "waren", "word", "blijf", "voel", "noem", "heet"})
# adverbs a loose object gap takes along after a demonstrative pronoun ("dan steek ik die gewoon neer")
_OBJECT_FILLERS = frozenset({"gewoon", "maar", "even", "eens", "echt", "ook", "nog", "wel", "allemaal", "direct",
                             "meteen", "gelijk", "straks", "zo", "helemaal", "keihard", "flink", "persoonlijk"})
_MORE_OF_THE_SAME = frozenset({"NEG_ATTR", "NEG_ATTR_WEAK", "DEHUM", "DEHUM_WEAK", "PROFANITY"})
_INTENSIFIERS = frozenset({"echt", "gewoon", "zo", "toch", "ook", "heel", "gewoonweg", "serieus", "en", "of"})  # (chat "gwn" reads "gewoon")
_QUESTION_MODALS = frozenset({"kunnen", "kan", "moeten", "moet", "zouden", "zou", "mogen", "mag", "willen", "wil"})
_RHETORICAL_AFTER_NIET = frozenset({"gewoon", "eens", "even", "allemaal", "gewoonweg"})
_OPINION_VERBS_FIRST = frozenset({"vind", "denk", "geloof", "zeg", "beweer", "vinden", "denken", "geloven", "zeggen"})
_SAID_VERBS = frozenset({"beweerd", "gezegd", "gesteld", "geschreven", "gedacht", "gevonden", "gezegt"})
_DENIED_AS = frozenset({"zo", "waar", "juist", "terecht"})
_DENIAL_ADVERBS = frozenset({"helemaal", "echt", "absoluut", "totaal", "zeker", "dus", "gewoon", "nou", "beslist"})
_OPINION_VERBS = frozenset({"denkt", "vindt", "gelooft", "beweert", "roept", "meent", "vinden", "denken", "geloven",
                            "beweren", "roepen", "menen", "zeggen", "zegt", "schrijven", "schrijft", "schreeuwen",
                            "schreeuwt", "posten", "post", "tweeten", "twitteren"})
# words before a colon that say that what follows it was posted, received or read (`_g_report`)
_POSTED_INTRO = frozenset({"staat", "stond", "stonden", "staan", "las", "lees", "kreeg", "kregen",
                           "reageerde", "reageerden", "antwoordde", "gepost", "geschreven", "geroepen", "gezegd",
                           "geplaatst", "gedeeld", "comment", "commentaar", "reactie", "reacties", "screenshot"})
_OPINION_HOLDERS = frozenset({"wie", "die", "iedereen", "mensen", "lui"})
_TOLERATE = frozenset({"tolereren", "getolereerd", "toestaan", "accepteren", "geaccepteerd", "dulden", "gedoogd"})
_SAID_MANNER = frozenset({"eerlijk", "kort", "ronduit", "zacht", "beter", "anders", "grof", "plat", "simpel", "gewoon",
                          "zuiver", "puur", "net", "oprecht"})
_REPORT_FRAME = frozenset({"dat", ":", '"', "'", "“", "„", "«", "als", "zoals", "met", "van", "te", "om"})
# a message noun of the chat itself, not of a report: the writer's own ("laatste bericht: geld terug of ik maak je af",
# "dit bericht:") or the addressee's ("nog 1 bericht van jou en ik kom langs")
_CHAT_MESSAGE_NOUNS = frozenset({"bericht", "berichten", "berichtje", "berichtjes", "appje", "appjes"})
_OWN_MESSAGE = frozenset({"laatste", "mijn", "m'n", "mn", "dit", "deze", "ons", "onze"})
_SPEECH_FRAME = frozenset({"noemen", "te noemen", "zeggen", "te zeggen", "schrijven", "te schrijven", "roepen",
                           "te roepen", "uitspraken", "uitspraak", "opmerking", "opmerkingen", "het zeggen",
                           "het schrijven", "woord", "woorden", "term"})
# the words right after a quote that say where it stood or who said it (`_g_quote`)
_REPORTED_AFTER = re.compile(
    r"\s*[-–—,:]*\s*(?:stond|staat|stonden|staan|las ik|lees ik|hoorde ik|hoor ik|kreeg (?:ik|hij|ze|zij|mijn|onze)|"
    r"krijg ik|zei|zegt|zeiden|zeggen|riep|roept|riepen|schreef|schrijft|schreven|tweette|twitterde|postte|appte|"
    r"schreeuwde|schreeuwden|brulde|scandeerde|scandeerden|aldus|zo luidde|zo luidt|zo klonk|dat (?:zei|riep|schreef|"
    r"stond|las|hoorde|kreeg))\b", re.IGNORECASE)
_OWN_SPEECH = re.compile(r"\b(ik zeg|zeg ik|ik beloof|ik zweer|ik meen het|onthoud|let op|luister)\b")
# a frame that calls on others to post the quote somewhere (`_g_quote`)
_POST_WHERE = re.compile(r"\b(in de (chat|comments|reacties|groep)|onder (zijn|haar|hun|die) (post|video|foto|filmpje)"
                         r"|in (zijn|haar|hun) (dm|dms|inbox|mail))\b")
_POST_VERB = re.compile(r"\b(zetten|typen|posten|spammen|sturen|schrijven|plaatsen|zet|typ|post|spam|stuur)\b")
_SELF_SPEECH_VERBS = frozenset({"denken", "denkt", "dacht", "dachten", "geloven", "gelooft", "geloofden",
                                "menen", "verwachten", "hopen", "vinden"})
# a condition before the main clause: a negation inside it does not negate the threat after it
_CONDITIONS = frozenset({"als", "indien", "zolang", "wanneer", "tenzij"})
# "niet" before one of these puts the act off, it does not deny it
_WHEN_WORDS = frozenset({"vandaag", "morgen", "nu", "vanavond", "vannacht", "straks"})
# a retraction right after a hit's comma: "ik ga je pakken, niet echt natuurlijk", "ik ga je vinden, nee toch niet"
_RETRACT = frozenset({"niet", "nee", "neen", "geen", "nah"})
_NOT_A_VERB = frozenset({"P1", "P1O", "P2", "P3", "POSS", "DEM", "SUBORD", "NEG", "PUNCT", "QUOTE", "ALL"})
# the writer and the addressee: a sentence with them in it is not a news report
_SPEAKER_WORDS = frozenset({"ik", "'k", "k", "ikke", "we", "wij", "me", "mij", "ons", "onze", "mijn", "m'n", "mn",
                            "mijne", "je", "jij", "jou", "jouw", "jullie"})
_MIN_SCORE = 0.25
_HEEDED = 0.5  # the score from which the verdict heeds a hit (`VerdictAnalyzer.min_score`)
_GUARD_ORDER = ("guard.negation", "guard.quote", "guard.report", "guard.counter", "guard.victim", "guard.mention",
                "guard.self", "guard.game", "guard.lost_found", "guard.impersonal")
# a lost-and-found or missing-person message: something of someone's found (not "ik heb zijn adres gevonden"),
# someone missing, an owner sought
_FOUND_THINGS = (r"(?:portemonnee|portefeuille|tas|tasje|handtas|rugzak|sleutels?|sleutelbos|telefoon|mobiel|"
                 r"rijbewijs|pasje|bankpas|ov-kaart|id-kaart|identiteitskaart|paspoort|fiets|hond|hondje|kat|katje|"
                 r"poes|poesje|jas|bril|ring|horloge|knuffel)")
_LOST_FOUND = re.compile(
    r"\b(?:vermist|vermiste|vermissing|verloren|kwijtgeraakt|eigenaar|eigenaresse|baasje|terugbezorgen|"
    r"terugbrengen|teruggeven|terug te geven|terug te bezorgen|laten liggen|blijven liggen)\b|"
    rf"\b{_FOUND_THINGS}\b[^.!?\n]{{0,40}}\bgevonden\b|\bgevonden\b[^.!?\n]{{0,40}}\b{_FOUND_THINGS}\b",
    re.IGNORECASE)
_SHORT = 120
# classes the tagger gives beyond the word lists: a pre-check cannot see them, so they count as present
_PROFANE_PREFIXES = frozenset({"kanker", "kut", "tering", "tyfus", "klote", "kolere", "klere", "pleuris", "kk"})
_SUFFIX2 = frozenset({"en", "er", "es", "te", "de", "ig", "je", "st", "ng", "el"})
_DEROG = frozenset({"@DEHUM", "@NEG_ATTR", "@NEG_EMOTE"})
_COMMON_CLASSES = ("PERSONISH", "PERSON_GUESS", "NAME", "NUM", "PUNCT", "QUOTE", "DEM", "P1", "P1O", "P2", "P3", "POSS",
                   "ALL", "NEG", "SUBORD", "MODAL_FUT", "MODAL_NORM", "PERSON", "LAUGH")
_COMMON_KEYS = frozenset("@" + c for c in _COMMON_CLASSES) | _COMMON_WORDS
_ALWAYS = frozenset({"@PERSONISH", "@PERSON_GUESS", "@NAME", "@NUM", "@PUNCT", "@QUOTE"})


def _gate_cost(need: frozenset[str]) -> int:
    """How often a required set is likely to be present in a sentence: a common word or class counts as many
    rare ones. (Only a choice of index: which set gates a rule never changes whether it runs.)"""
    return sum(_COMMON_GATE_COST if k in _COMMON_KEYS else 1 for k in need)


_COMMON_GATE_COST = 20


@dataclass
class _Cand:
    rule: Rule
    category: str
    s: int                 # first token (index into window tokens)
    e: int                 # last token (inclusive)
    key: int
    score: float
    target: str = ""
    target_group: str = ""
    plural: bool = False
    crime: str = ""
    sent: int = 0
    suppressed_by: str = ""
    derived_from: str = ""
    notes: list[str] = field(default_factory=list)
    ctx: Any = None



def _stands(text: str, end: int, length: int, left: bool, right_free: bool) -> bool:
    """Whether a key ending at `end` in the padded text stands as a word: nothing glued before it
    (unless the key allows it), and after it at most a typo at the end of a long content word
    ("vermoordn"), never a suffix ("mishandeling")."""
    if left and text[end - length].isalnum():
        return False
    if not right_free and text[end + 1].isalnum():
        if left or text[end + 3].isalnum() or (text[end + 2].isalnum() and text[end + 1 : end + 3] in _SUFFIX2):
            return False
    return True


_TOKEN_START = "(?<![^ ])"


def _spaced_regex(rule: Rule) -> re.Pattern[str] | None:
    """The rule's pattern for the view with one space put before it: a token starts after a space, so the
    look-behind that anchors a match at a token becomes a literal space, which the regex engine finds
    fast. None where that does not hold exactly: a pattern that can match nothing (the scan below would
    not move on) or that uses ^ (the start of the view is no longer the start of the string)."""
    if rule.pattern is None:
        return None
    src = rule.pattern.regex.pattern
    if not src.startswith(_TOKEN_START) or "^" in src.replace("[^", "") or rule.pattern.regex.match("") is not None:
        return None
    return re.compile(" " + src[len(_TOKEN_START):])


def _spaced_matches(rx: re.Pattern[str], view2: str, groups: tuple[str, ...]
                    ) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """`finditer` of the rule's own pattern over the view, from its spaced form over " " + view: (start,
    end, group spans), in view offsets. A match at view offset p is one at p in the spaced view (the space
    before the token); the next search starts at the end of the match less one (its last space may be the
    one before the next token)."""
    out = []
    pos = 0
    search = rx.search
    while True:
        m = search(view2, pos)
        if m is None:
            return out
        end = m.end()
        spans = [m.span(g) for g in groups]
        out.append((m.start(), end - 1, [(gs - 1, ge - 1) if gs >= 0 else (gs, ge) for gs, ge in spans]))
        pos = end - 1


_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")


_NOT_SCANNED = object()
_SCAN_CACHE_LIMIT = 8192


def _on_screen_match(idx: int, start: int, end: int, flags: int, found: list[int]) -> None:
    found.append(idx)


class _Screen:
    """One Hyperscan pass over a sentence's view that names the rules whose spaced regex may match in it.

    Each rule's spaced regex is compiled in Hyperscan's prefilter mode (HS_FLAG_PREFILTER): where Hyperscan
    cannot run a construct exactly (the look-aheads of gaps and negated items) it runs a looser one, so
    the rules it names are a superset of those whose regex matches; a rule it does not name cannot match
    and is not searched. Only `re` finds the matches, so the hits stay what they were. Most sentences a
    rule's words and classes let through do not match it (on Telegram-like text about 94% of the searches
    found nothing): the one pass replaces those searches. The database takes seconds to compile and is kept
    on disk (`compiled_cache`) and in this process."""

    _memo: dict[tuple[bytes, ...], Any] = {}
    _memo_lock = threading.Lock()

    def __init__(self, plan: Sequence[tuple[Rule, Any, Any, re.Pattern[str] | None]]) -> None:
        ids = [i for i, p in enumerate(plan) if p[3] is not None]
        exprs = [_NAMED_GROUP.sub("(?:", plan[i][3].pattern).encode("utf-8") for i in ids]  # type: ignore[union-attr]
        flags = [_hs.HS_FLAG_UTF8 | _hs.HS_FLAG_PREFILTER | _hs.HS_FLAG_SINGLEMATCH] * len(ids)
        key = tuple(b"%d:" % i + e for i, e in zip(ids, exprs))
        with self._memo_lock:
            db = self._memo.get(key)
            if db is None:
                db = self._memo[key] = compile_database(_hs, exprs, ids, flags)
        self.db = db
        self.ids = frozenset(ids)
        self._local = threading.local()  # a scratch per thread: Hyperscan's scratch serves one scan at a time
        # what `scan_plain` gave for a view: sentences come back (greetings, slogans, forwarded lines)
        self._cache: dict[str, tuple[int, ...] | None] = {}

    def scan(self, view2: str) -> Sequence[int] | None:
        """`scan_plain(view2)` (as a tuple), remembered for the last views."""
        cache = self._cache
        r = cache.get(view2, _NOT_SCANNED)
        if r is _NOT_SCANNED:
            found = self.scan_plain(view2)
            r = None if found is None else tuple(found)
            if len(cache) >= _SCAN_CACHE_LIMIT:
                cache.clear()
            cache[view2] = r
        return r  # type: ignore[return-value]

    def scan_plain(self, view2: str) -> list[int] | None:
        """The screened rules that may match `view2` (a rule's spaced view); None when the view cannot be
        scanned (not encodable as UTF-8): then every rule is searched."""
        try:
            data = view2.encode("utf-8")
        except UnicodeEncodeError:
            return None
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = _hs.Scratch(self.db)
        found: list[int] = []
        self.db.scan(data, match_event_handler=_on_screen_match, context=found, scratch=scratch)
        return found


class IntentAnalyzer:
    """Analyzer for `Engine(analyzers=[...])`; `analyze()` returns a list of `IntentHit`."""

    key = "intent"

    def __init__(self, *, min_score: float = _MIN_SCORE, rules: Sequence[dict] | None = None,
                 use_hyperscan: bool = True, group_model: GroupModel | bool | None = True) -> None:
        """`group_model`: the learned judge of threats against a protected group asked where the rules found none
        (`doxwacht.intent.group_model`): True for the shipped model, a `GroupModel`, or None/False for the rules
        alone."""
        self.rules: tuple[Rule, ...] = load_rules(RULES if rules is None else rules, MACROS)
        self.min_score = min_score
        self.group_model: GroupModel | None = (GroupModel.load() if group_model is True
                                               else group_model if isinstance(group_model, GroupModel) else None)
        # gate: each rule is looked up through the required set least likely to be in a sentence (the one with
        # the fewest common words and classes, then the smallest); a rule runs only when all its sets are
        # there, so any one of them serves as its gate
        self._always: list[int] = []
        self._gate: dict[str, list[int]] = {}
        for idx, r in enumerate(self.rules):
            if not r.needs:
                self._always.append(idx)
                continue
            for k in min(r.needs, key=_gate_cost):
                self._gate.setdefault(k, []).append(idx)
        self._gate_keys = frozenset(self._gate)
        # per rule, what `_match_sentence` checks: required sets, context classes (as keys), the regex
        self._plan: list[tuple[Rule, tuple[frozenset[str], ...], frozenset[str] | None, re.Pattern[str] | None]] = [
            (r, tuple(r.needs), frozenset("@" + c for c in r.context_any) if r.context_any else None,
             _spaced_regex(r)) for r in self.rules]
        # with Hyperscan: one pass over a sentence's view names the rules with a spaced regex that may match
        # there; the other rules (co-occurrence, patterns without a spaced form) go through a gate of their own
        self._screen: _Screen | None = None
        self._always_rest: list[int] = self._always
        self._gate_rest: dict[str, list[int]] = self._gate
        if use_hyperscan and _hs is not None and any(p[3] is not None for p in self._plan):
            self._screen = _Screen(self._plan)
            screened = self._screen.ids
            self._always_rest = [i for i in self._always if i not in screened]
            self._gate_rest = {}
            for k, idxs in self._gate.items():
                rest = [i for i in idxs if i not in screened]
                if rest:
                    self._gate_rest[k] = rest
        self._gate_rest_keys = frozenset(self._gate_rest)
        self._gate_rest_words = frozenset(k for k in self._gate_rest if not k.startswith("@"))
        self._gate_rest_classes = frozenset(k for k in self._gate_rest if k.startswith("@"))
        # guards in order: (id, categories it applies to, check)
        self._guards = [(gid, frozenset(GUARDS[gid]["applies_to"]), getattr(self, "_g_" + gid.split(".")[1]))
                        for gid in _GUARD_ORDER]
        self._laughter = (frozenset(GUARDS["guard.laughter"]["applies_to"]), GUARDS["guard.laughter"]["factor"])
        self._build_precheck()
        # rules whose triggers were given explicitly: they need one of them in the message
        self._trigger_gated = frozenset(idx for idx, d in enumerate(RULES if rules is None else rules)
                                        if d.get("triggers") and d["id"] in TRIGGER_GATED)

    def _build_precheck(self) -> None:
        """One Aho-Corasick automaton over the uncommon words and phrases rules need. A message is
        analysed only when some rule has all its uncommon required words or classes in it (or a group
        or slur word is there, so that misspellings next to it can be repaired, or the text looks
        obfuscated). Common words and classes (pronouns, articles, auxiliaries) count as present."""
        self._msg_needs: list[list[frozenset[str]]] = []
        relevant: set[str] = {"@GRP", "@SLUR", "@SLUR_AMB"} | set(_DEROG)
        for r in self.rules:
            needs = [n for n in r.needs if not (n & _COMMON_KEYS)]
            if r.context_any:
                needs.append(frozenset("@" + c for c in r.context_any))
            self._msg_needs.append(needs)
            for n in needs:
                relevant |= n
        keys: dict[str, set[str]] = {}

        def add(k: str, ks: set[str]) -> None:
            ks = ks & relevant
            if k and ks:
                keys.setdefault(k, set()).update(ks)

        for w, cls in LEX.words.items():
            add(w, {"@" + c for c in cls} | {w})
        for items in LEX.mwes.values():
            for parts, cls in items:
                phrase = " ".join(parts)
                add(phrase, {"@" + c for c in cls} | {phrase})
        for n in relevant:
            if not n.startswith("@"):
                add(n, {n})
        self._rule_gates: dict[str, list[int]] = {}
        for idx, r in enumerate(self.rules):
            for t in r.triggers:
                keys.setdefault(t, set()).add("T:" + t)
                self._rule_gates.setdefault("T:" + t, []).append(idx)
        for w, cls in LEX.words.items():
            if cls & {"SLUR", "SLUR_AMB"} and len(w) >= 3:
                keys.setdefault("een" + w, set()).update({"@SLUR", "een" + w})  # glued: "eenpot"
        # Two automata: the keys that can make an anchor (a rule trigger, a group, slur or derogatory word)
        # and the rest, which only help to fulfil a rule's other needs. Positions come from the first
        # alone; the second is read only when a rule needs what only it can give.
        self._group_keys = frozenset({"@GRP", "@SLUR", "@SLUR_AMB"})
        anchoring = self._group_keys | _DEROG
        self._auto = ahocorasick.Automaton()
        self._auto_rest = ahocorasick.Automaton()
        rest_gives: set[str] = set()
        for k, ks in keys.items():
            # long content words may be glued to a word before them ("gewoonvermoorden"), not after
            left = not (k in LEX.content and len(k) >= 6) and not k.startswith("een")
            right_free = k in _PROFANE_PREFIXES  # "kankerweer", "kutzooi"
            value = (len(k), left, right_free, frozenset(ks))
            if ks & anchoring or any(x.startswith("T:") for x in ks):
                self._auto.add_word(k, value)
            else:
                self._auto_rest.add_word(k, value)
                rest_gives |= ks
        self._rest_gives = frozenset(rest_gives)
        for a in (self._auto, self._auto_rest):
            if len(a):
                a.make_automaton()
        # for each need a rule may fulfil through the second automaton: an automaton of just those keys, so
        # that the question "is one of them in the text" stops at the first
        self._need_autos: dict[frozenset[str], ahocorasick.Automaton] = {}
        for needs in self._msg_needs:
            for need in needs:
                if need in self._need_autos or need.isdisjoint(rest_gives):
                    continue
                auto = ahocorasick.Automaton()
                for k, value in self._auto_rest.items():
                    if not need.isdisjoint(value[3]):
                        auto.add_word(k, value)
                auto.make_automaton()
                self._need_autos[need] = auto
        # can any rule fire: for each trigger key the message needs of the rules it gates
        self._gate_checks: dict[str, tuple[tuple[frozenset[str], ...], ...]] = {
            k: tuple(tuple(self._msg_needs[idx]) for idx in idxs) for k, idxs in self._rule_gates.items()}

    # ------------------------------------------------------------------ protocol
    def analyze(self, doc: Document, findings: tuple[Finding, ...] = (), extras: dict[str, Any] | None = None
                ) -> list[IntentHit]:
        watch = (extras or {}).get("watchlist") or []
        hits, _ = self._run(doc, findings, watch, explain=False)
        return hits

    def analyze_batch(self, docs: Sequence[Document], findings_list: Sequence[tuple[Finding, ...]],
                      extras_list: Sequence[dict[str, Any] | None]) -> list[list[IntentHit]]:
        """`[analyze(d, f, x) for d, f, x in zip(docs, findings_list, extras_list)]`, for an engine that runs
        each analyzer over a whole batch in turn rather than all analyzers message by message: the rules,
        automata and caches stay warm in the CPU caches between messages, which makes intent and verdict
        markedly cheaper in the whole scan. The extras are read, not changed."""
        run = self._run
        out: list[list[IntentHit]] = []
        for doc, findings, extras in zip(docs, findings_list, extras_list, strict=True):
            watch = (extras or {}).get("watchlist") or []
            out.append(run(doc, findings, watch, False)[0])
        return out

    def analyze_text(self, text: str) -> list[IntentHit]:
        return self.analyze(Document(text))

    def explain(self, text: str) -> dict[str, Any]:
        """Hits, suppressed candidates with the guard that silenced them, and the tagged tokens."""
        doc = Document(text)
        hits, info = self._run(doc, (), [], explain=True)
        return {"hits": [h.to_dict() for h in hits], **info}

    # ------------------------------------------------------------------ pre-check
    @staticmethod
    def _hits(auto: ahocorasick.Automaton, text: str, present: set[str],
              where: list[tuple[int, frozenset[str]]] | None) -> None:
        """The keys of `auto` in `text` (padded: one space before, three after) that stand as words,
        allowing for glued words and typos; their keys go into `present`, (start, keys) into `where`."""
        if not len(auto):
            return
        for end, (length, left, right_free, ks) in auto.iter(text):
            # `_stands`, written out: this loop runs for every key the automaton finds
            if left and text[end - length].isalnum():
                continue
            if not right_free and text[end + 1].isalnum() and (
                    left or text[end + 3].isalnum() or (text[end + 2].isalnum() and text[end + 1:end + 3] in _SUFFIX2)):
                continue
            present |= ks
            if where is not None:
                where.append((end - length, ks))

    @staticmethod
    def _any_hit(auto: ahocorasick.Automaton, text: str) -> bool:
        """Whether `_hits` would find any key of `auto` in `text`."""
        for end, (length, left, right_free, _) in auto.iter(text):
            # `_stands`, written out
            if left and text[end - length].isalnum():
                continue
            if not right_free and text[end + 1].isalnum() and (
                    left or text[end + 3].isalnum() or (text[end + 2].isalnum() and text[end + 1:end + 3] in _SUFFIX2)):
                continue
            return True
        return False

    def _precheck(self, lower: str, present: set[str] | None = None) -> list[int]:
        """Positions to analyse around; empty when no rule can fire in this message. `present`, when given,
        receives the keys found (``T:<trigger>`` for rule triggers)."""
        if present is None:
            present = set()
        where: list[tuple[int, frozenset[str]]] = []
        # one space before and three after: the boundary checks need no range checks (no key begins or
        # ends with a space, so the hits are those in `lower`, one further on)
        text = " " + lower + "   "
        self._hits(self._auto, text, present, where)
        if not where:
            return []
        anchors: set[str] = set()
        if not present.isdisjoint(_DEROG):  # a group noun may be misspelt next to a derogatory word
            present.add("@GRP")
        if not present.isdisjoint(self._group_keys):
            anchors |= self._group_keys
        checks = self._gate_checks
        need_autos = self._need_autos
        found: dict[frozenset[str], bool] = {}  # needs looked up in the keys of the second automaton
        for k in present:
            for needs in checks.get(k, ()):
                for need in needs:
                    if need.isdisjoint(present):
                        ok = found.get(need)
                        if ok is None:
                            auto = need_autos.get(need)
                            ok = found[need] = auto is not None and self._any_hit(auto, text)
                        if not ok:
                            break
                else:
                    anchors.add(k)
                    break
        if not anchors:
            return []
        return [pos for pos, ks in where if not ks.isdisjoint(anchors)]

    # ------------------------------------------------------------------ main
    def _run(self, doc: Document, findings: Iterable[Finding], watch: list, explain: bool
             ) -> tuple[list[IntentHit], dict[str, Any]]:
        norm = doc.norm
        lower = _lower(doc)
        if not lower.isascii():
            lower = _fold(lower)
        keys: set[str] = set()
        positions = self._precheck(lower, keys)
        # rules with explicit triggers run only where one of their triggers is in the message (not when the
        # message is analysed for its obfuscation alone: its words are repaired only later)
        skip: frozenset[int] = frozenset()
        if not positions:
            m = _obfuscated(norm)
            glued = _glued(lower) if m is None else None
            if m is None and glued is None:
                none = Hits()
                none.looked = False
                return none, {"suppressed": [], "candidates": [], "tokens": []}
            positions = [m.start() if m is not None else glued]
        elif _obfuscated(norm) is None:
            gates = self._rule_gates
            skip = self._trigger_gated.difference(
                [i for k in keys if k.startswith("T:") for i in gates.get(k, ())])
        windows = self._windows(norm, positions)
        sorted_pos = sorted(positions)
        person_spans = [(f.start, f.end) for f in findings if f.label == "PERSON"]
        person_spans += [(int(w["start"]), int(w["end"])) for w in watch
                         if isinstance(w, dict) and "start" in w and "end" in w]
        all_hits: list[_Cand] = []
        suppressed: list[dict] = []
        guarded: set[str] = set()  # the guards that silenced a candidate
        guarded_cats: set[str] = set()  # and the categories of the candidates they silenced
        group_at: tuple[_Context, int, int, str] | None = None  # the first sentence that names a protected group
        person_ctx: _Context | None = None  # else the first window that names or addresses a person
        ask_person = self.group_model is not None and self.group_model.person_threshold is not None and \
            self.group_model.person_threshold <= 1
        window_classes: list[set[str]] = []  # each window's "@CLASS" keys, when the group model is on
        token_dump: list[list[str]] = []
        for ws, we in windows:
            tagged = tag_window(norm, ws, we)
            ctx = _Context(doc, tagged, person_spans, norm)
            ctx.skip = skip
            cands: list[_Cand] = []
            whole = we - ws <= _SHORT
            for si, (a, b) in enumerate(ctx.sents):
                # the sentence before an anchor is only there for pronouns: no rules run on it
                if not whole and a < b:
                    lo, hi = tagged.bounds(a, b)
                    hi += 1
                    k = bisect_left(sorted_pos, lo)
                    if k == len(sorted_pos) or sorted_pos[k] >= hi:
                        continue
                cands.extend(self._match_sentence(ctx, si, a, b))
            for c in cands:
                self._guard(ctx, c)
            cands += self._derive(ctx, [c for c in cands if not c.suppressed_by])
            if self.group_model is not None:
                window_classes.append(ctx.present_all)
                if group_at is None and not ctx.present_all.isdisjoint(_GROUP_NAMING):
                    group_at = _group_sentence(ctx)
                if ask_person and person_ctx is None and group_at is None and not ctx.present_all.isdisjoint(
                        _PERSON_NAMING):
                    person_ctx = ctx  # (its sentence is looked for only if the model finds a threat)
            for c in cands:
                if c.suppressed_by:
                    guarded.add(c.suppressed_by)
                    guarded_cats.add(c.category)
                    if explain:
                        suppressed.append({"rule": c.rule.id if not c.derived_from else c.derived_from,
                                           "category": c.category, "guard": c.suppressed_by,
                                           "text": ctx.original_text(c.s, c.e)})
                elif c.score >= self.min_score:
                    c.ctx = ctx
                    all_hits.append(c)
            if explain:
                token_dump.append([f"{t.text}{'/' + t.obf if t.obf else ''}:{','.join(sorted(t.classes))}"
                                   for t in ctx.toks])
        candidates = sorted({c.rule.id if not c.derived_from else f"{c.rule.id}<{c.derived_from}"
                             for c in all_hits}) if explain else []
        out = Hits(self._finish(all_hits))
        info: dict[str, Any] = {"suppressed": suppressed, "candidates": candidates, "tokens": token_dump}
        if group_at is not None:
            # (the windows' classes are joined only here, for the few messages that name a group)
            self._ask_group_model(doc, out, guarded_cats, set().union(*window_classes), group_at,
                                  info if explain else None)
        elif person_ctx is not None:
            self._ask_person_model(doc, out, guarded_cats, set().union(*window_classes), person_ctx,
                                   info if explain else None)
        if guarded:
            out.guarded = frozenset(guarded)
        return out, info

    def _ask_group_model(self, doc: Document, out: Hits, guarded_cats: set[str], seen: set[str],
                         group_at: tuple[_Context, int, int, str], info: dict[str, Any] | None) -> None:
        """Add the learned model's threat and hate where a protected group is named, no word makes someone the victim
        ("transvrouwen worden vaker mishandeld dan ...") and the rules silenced nothing (a guard read a negation, a
        quote, counter-speech or a report: not to be overruled). The threat head where the rules found no threat: from
        its threshold where the lexicon knows a word of violence in the message, from the higher `quiet_threshold`
        where it knows none; the hate head where neither the rules nor the threat head found hate (a hit the verdict
        heeds, `_HEEDED`). The span is the first sentence that names the group."""
        model = self.group_model
        assert model is not None
        if guarded_cats or "@VICTIM" in seen:
            return
        ctx, a, b, group = group_at
        s = e = -1
        asked: dict[str, float] = {}
        # (a weak hit of the rules, such as a bare "wacht maar" or "let maar op" at 0.3, is no threat found)
        # (a weak cue promoted by a menace marker names no group: the model may still find the threat against it)
        if not _threat_heeded(out):
            threshold = model.threat.threshold if not seen.isdisjoint(_VIOLENCE_KEYS) else model.quiet_threshold
            if threshold is not None:
                p = asked["threat"] = model.threat_probability(doc.original)
                if p >= threshold:
                    s, e = ctx.original_span(a, b)
                    out.append(IntentHit("THREAT", s, e, round(p, 3), "model.group.threat", doc.original[s:e],
                                         f"group:{group}", "onbepaald"))
                    if not any(h.category == "HATE" and h.score >= _HEEDED for h in out):
                        # as the rules derive it: a threat aimed at a protected group is hate
                        out.append(IntentHit("HATE", s, e, round(p * 0.95, 3),
                                             "hate.violence_against_group<model.group.threat", doc.original[s:e],
                                             f"group:{group}"))
        if model.hate is not None and not any(h.category == "HATE" and h.score >= _HEEDED for h in out):
            threshold = model.hate.threshold if not seen.isdisjoint(_HOSTILE_KEYS) else model.hate_quiet_threshold
            if threshold is not None:
                p = asked["hate"] = model.hate_probability(doc.original)
                if p >= threshold:
                    if s < 0:
                        s, e = ctx.original_span(a, b)
                    out.append(IntentHit("HATE", s, e, round(p, 3), "model.group.hate", doc.original[s:e],
                                         f"group:{group}"))
        if info is not None and asked:
            info["group_model"] = {k: round(v, 3) for k, v in asked.items()}
        if s >= 0:
            out.sort(key=lambda h: (h.start, h.category))

    def _ask_person_model(self, doc: Document, out: Hits, guarded_cats: set[str], seen: set[str],
                          ctx: _Context, info: dict[str, Any] | None) -> None:
        """Where no protected group is named but a person is: the model's threat head, where the rules found no
        threat (a weak cue a menace marker promoted does not count), silenced nothing and no word makes someone the
        victim; from `person_threshold` where the lexicon knows a word of violence, from `person_quiet_threshold`
        where it knows none. The span is the first sentence that names or addresses the person."""
        model = self.group_model
        assert model is not None and model.person_threshold is not None
        if guarded_cats or "@VICTIM" in seen:
            return
        if _threat_heeded(out):
            return
        threshold = model.person_threshold if not seen.isdisjoint(_PERSON_VIOLENCE_KEYS) else model.person_quiet_threshold
        if threshold is None or threshold > 1:
            return
        p = model.threat_probability(doc.original)
        if info is not None:
            info["group_model"] = {"threat": round(p, 3)}
        if p >= threshold:
            a, b = _person_sentence(ctx)
            s, e = ctx.original_span(a, b)
            out.append(IntentHit("THREAT", s, e, round(p, 3), "model.person.threat", doc.original[s:e], "",
                                 "onbepaald"))
            out.sort(key=lambda h: (h.start, h.category))

    @staticmethod
    def _windows(norm: str, positions: list[int]) -> list[tuple[int, int]]:
        """The sentence around each position, with the sentence before it (for pronouns)."""
        n = len(norm)
        if n <= _SHORT:
            return [(0, n)]
        spans: list[tuple[int, int]] = []
        for p in sorted(set(positions)):
            hi = min(n, p + 300)
            m = _SENT_CUT.search(norm, p, hi)
            if m:
                hi = m.end()
            while hi < n and norm[hi - 1].isalnum():
                hi += 1
            if spans and p <= spans[-1][1]:
                # lo <= p: this window joins the one before whatever its start
                if hi > spans[-1][1]:
                    spans[-1] = (spans[-1][0], hi)
                continue
            lo = max(0, p - 300)
            cuts = [m.end() for m in _SENT_CUT.finditer(norm, lo, p)]
            if len(cuts) >= 2:
                lo = cuts[-2]
            while lo > 0 and norm[lo - 1].isalnum():
                lo -= 1
            if spans and lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
            else:
                spans.append((lo, hi))
        return spans

    @staticmethod
    def _coref(toks: list[Token], sents: list[tuple[int, int]]) -> None:
        """Give plural pronouns the group of an antecedent earlier in the sentence or in the one before."""
        coref(toks, sents)

    # ------------------------------------------------------------------ matching
    def _match_sentence(self, ctx: _Context, si: int, a: int, b: int) -> list[_Cand]:
        texts, ats, pieces, plens = ctx.arrays
        present: set[str] = set(texts[a:b])
        out: list[_Cand] = []
        view: str | None = None
        offs: list[int] = []
        found = None
        if self._screen is not None:
            view = "".join(pieces[a:b])
            offs = list(accumulate(plens[a:b - 1], initial=0))
            view2 = " " + view
            found = self._screen.scan(view2)
        if found is None:
            present.update(*ats[a:b])
            idxs = set(self._always)
            gate = self._gate
            for k in present.intersection(self._gate_keys):
                idxs.update(gate[k])
        else:
            # the screened rules Hyperscan named, and the others through their gate: its words, and its classes
            # where the window has one of them (the classes of the sentence are needed only for the rules found)
            idxs = set(found)
            idxs.update(self._always_rest)
            gate = self._gate_rest
            for k in present.intersection(self._gate_rest_words):
                idxs.update(gate[k])
            classes = None
            if not ctx.present_all.isdisjoint(self._gate_rest_classes):
                classes = set().union(*ats[a:b])
                for k in self._gate_rest_classes.intersection(classes):
                    idxs.update(gate[k])
            if not idxs:
                return out
            if classes is None:
                present.update(*ats[a:b])
            else:
                present |= classes
        plan = self._plan
        present_all = ctx.present_all
        if ctx.skip:
            idxs -= ctx.skip
        for idx in sorted(idxs):
            rule, needs, ctx_keys, spaced = plan[idx]
            for need in needs:
                if present.isdisjoint(need):
                    break
            else:
                if ctx_keys is not None and present_all.isdisjoint(ctx_keys):
                    continue
                if rule.cooccur:
                    out.extend(self._cooccur(ctx, rule, si, a, b))
                    continue
                if view is None:
                    view = "".join(pieces[a:b])
                    offs = list(accumulate(plens[a:b - 1], initial=0))
                    view2 = " " + view
                if spaced is not None:
                    matches = _spaced_matches(spaced, view2, rule.pattern.groups)
                else:
                    matches = [(m.start(), m.end(), [m.span(g) for g in rule.pattern.groups])
                               for m in rule.pattern.regex.finditer(view)]
                for ms, me, spans in matches:
                    if me <= ms:
                        continue
                    s = a + bisect_right(offs, ms) - 1
                    e = a + bisect_right(offs, me - 1) - 1
                    groups: dict[str, tuple[int, int]] = {}
                    for g, (gs, ge) in zip(rule.pattern.groups, spans):
                        if gs >= 0 and ge > gs:
                            groups[g] = (a + bisect_right(offs, gs) - 1, a + bisect_right(offs, ge - 1) - 1)
                    cand = self._candidate(ctx, rule, si, s, e, groups)
                    if cand is not None:
                        out.append(cand)
        return out

    def _cooccur(self, ctx: _Context, rule: Rule, si: int, a: int, b: int) -> list[_Cand]:
        ca, cb, window = rule.cooccur
        toks = ctx.toks
        xs = [i for i in range(a, b) if toks[i].classes & ca]
        ys = [i for i in range(a, b) if toks[i].classes & cb and not (toks[i].classes & ca)]
        out: list[_Cand] = []
        used: set[int] = set()
        def region(i: int) -> int:
            for qi, (qa, qb) in enumerate(ctx.quotes):
                if qa < i < qb:
                    return qi
            return -1

        emotion = "NEG_EMOTE" in cb
        judged = emotion or "NEG_ATTR" in cb or "DEHUM" in cb  # a feeling or a judgement that may be about a clause
        for y in ys:
            if emotion and y + 2 < b and toks[y + 1].text == "het" and any(
                    t.text in _CLAUSE_AFTER_HET for t in toks[y + 2:min(b, y + 5)]):
                # the feeling is about what a clause says, not about the group in it: "ik haat het dat vrouwen online
                # zoveel bedreigingen krijgen", "ik haat het als mensen homo's uitlachen"
                continue
            ry = region(y)
            best = min((x for x in xs if region(x) == ry), key=lambda x: abs(x - y), default=None)
            if best is None or abs(best - y) > window or y in used:
                continue
            if judged and _feeling_aimed_elsewhere(toks, best, y):
                continue
            used.add(y)
            s, e = min(best, y), max(best, y)
            # a multi-word term: widen to the whole term
            while e + 1 < b and toks[e + 1].classes & cb and e == y:
                e += 1
                y = e
            c = _Cand(rule, rule.category, s, e, y, rule.score, sent=si)
            g = toks[best]
            c.target, c.target_group = f"group:{g.group}" if g.group else "", g.group
            out.append(c)
        return out

    def _candidate(self, ctx: _Context, rule: Rule, si: int, s: int, e: int,
                   groups: dict[str, tuple[int, int]]) -> _Cand | None:
        toks = ctx.toks
        if rule.forbid and any(toks[i].text in rule.forbid for i in range(s, e + 1)):
            return None
        person_groups = [groups[g] for g in rule.person if g in groups]
        if rule.person:
            if not person_groups:
                if not rule.person_optional:
                    return None
            elif not any(ctx.has_person(gs, ge) for gs, ge in person_groups):
                return None
        c = _Cand(rule, rule.category, s, e, e, rule.score, sent=si)
        span_groups = person_groups or ([groups["grp"]] if "grp" in groups else [])
        if "slur" in groups:
            span_groups = [groups["slur"]]
        if not span_groups:
            span_groups = [(s, e)]
        c.target, c.target_group, c.plural = ctx.target_of(span_groups)
        weak = all(ctx.only_guess(gs, ge) for gs, ge in person_groups) if person_groups else False
        if weak:
            c.score *= 0.9
        c.crime = rule.crime or next((toks[i].crime for i in range(s, e + 1) if toks[i].crime), "")
        if rule.category == "THREAT" and not c.crime:
            c.crime = "onbepaald"
        return c

    # ------------------------------------------------------------------ guards
    def _guard(self, ctx: _Context, c: _Cand) -> None:
        cat = c.category
        for gid, applies_to, check in self._guards:
            if cat not in applies_to:
                continue
            if check(ctx, c):
                c.suppressed_by = gid
                return
        applies_to, factor = self._laughter
        if cat in applies_to and ctx.laughing:
            c.score *= factor
            c.notes.append("guard.laughter")

    def _g_negation(self, ctx: _Context, c: _Cand) -> bool:
        if c.rule.id == "hate.slur":
            # a strong slur is used whatever the clause denies: "geen negers in mijn café", "vuile nikkers, meer zijn
            # jullie niet" (its mention, a quote and counter-speech still silence it)
            return False
        toks = ctx.toks
        a, b = ctx.sents[c.sent]
        for j in range(a, c.s - 1):
            if "NEG" not in toks[j].classes:
                continue
            # a statement embedded in a denial: "het is echt niet zo dat vrouwen minder waard zijn", "ik heb nooit beweerd
            # dat ...", "ik vind niet dat ..."
            if j + 2 < c.s and toks[j + 2].text == "dat" and (toks[j + 1].text in _DENIED_AS
                                                               or toks[j + 1].text in _SAID_VERBS):
                return True
            if toks[j].text == "niemand" and any(
                    toks[k].text in _OPINION_VERBS and toks[k + 1].text == "dat" for k in range(j + 1, min(c.s - 1, j + 6))):
                return True  # "niemand in deze groep vindt dat vrouwen minder waard zijn"
            if j > a and toks[j + 1].text == "dat" and (toks[j - 1].text in _OPINION_VERBS_FIRST or (
                    j - 1 > a and toks[j - 1].text in _DENIAL_ADVERBS and toks[j - 2].text in _OPINION_VERBS_FIRST)):
                return True  # "ik vind niet dat ...", "ik vind helemaal niet dat ..."
        if toks[a].text == "dat" and a < c.s and _denied_after(toks, c.key + 1, b):
            return True  # a claim put up as a clause and called false: "dat lesbiennes mannen haten is onzin"
        cs = ctx.clause_start(c.s, a)
        # a hit that ends on its clause's punctuation ("ik ga je vinden, het internet vergeet niks") ends its clause
        ce = c.key if ctx.is_boundary(c.key) else ctx.clause_end(c.key, b)
        if ce == c.key and c.key + 1 < b and toks[c.key + 1].text in _RETRACT and not toks[c.key + 1].negidiom and not (
                c.key + 2 < b and (toks[c.key + 2].text in _WHEN_WORDS
                                   or (toks[c.key + 1].text, toks[c.key + 2].text) in _NEG_IDIOMS)):
            return True  # but taken back at once: "ik ga je pakken, niet echt natuurlijk"
        for i in range(cs, ce + 1):
            t = toks[i]
            if "NEG" not in t.classes or t.negidiom:
                continue
            if c.rule.allow_negation and c.s <= i <= c.e:
                continue
            if cs < i < c.s and toks[cs].text in _CONDITIONS:
                continue  # the negation is the condition's: "als je niet betaalt sta ik voor je deur"
            if ctx.in_condition(i, a, c.key):
                continue  # "als je dat filmpje niet verwijdert kom ik je vermoorden"
            if i > c.e and any(toks[k].text in _CLAUSE_AFTER for k in range(c.e + 1, i)):
                continue  # a clause of its own after the hit: "X zijn honden die geen recht hebben om te leven"
            if ctx.negation_exempt(i, a, b):
                continue
            if (t.text == "niet" and toks[a].text in _QUESTION_MODALS and toks[b - 1].text == "?" and i + 1 < b
                    and toks[i + 1].text in _RHETORICAL_AFTER_NIET):
                continue  # a rhetorical question: "kunnen die parasieten niet gewoon oprotten?"
            return True
        return False

    def _g_quote(self, ctx: _Context, c: _Cand) -> bool:
        # (a hit whose loose subject took in the opening quote is still inside it: "'Vrouwen moeten dood' roepen ...")
        s, e = c.s, c.e
        while s < e and "QUOTE" in ctx.toks[s].classes:
            s += 1
        while e > s and "QUOTE" in ctx.toks[e].classes:
            e -= 1
        for qa, qb in ctx.quotes:
            if qa < s and e < qb:
                outside = [t for i, t in enumerate(ctx.toks) if (i < qa or i > qb) and t.text.isalnum()]
                if len(outside) < 2:
                    # the window is the quote alone; what follows it may say who said it: "'X zijn ongedierte.' Stond
                    # letterlijk onder een artikel", "'...' riep een man in de tram"
                    return _REPORTED_AFTER.match(ctx.norm, ctx.toks[qb].end) is not None
                frame = " ".join(t.text for t in outside)
                if _POST_WHERE.search(frame) and _POST_VERB.search(frame):
                    return False  # the quote is what others are called to post: "... en 'we weten wie je bent' in de
                    # chat zetten"
                return _OWN_SPEECH.search(frame) is None
        return False

    def _g_report(self, ctx: _Context, c: _Cand) -> bool:
        toks = ctx.toks
        a, b = ctx.sents[c.sent]
        # news is told in the third person: "die flik die mijne heeft opgepakt", "de rechter die mijn broer
        # veroordeelde, ik weet waar je woont" is a grievance, not a report (words of the hit or of a quote do not
        # count: "hij riep 'ik maak je dood' en werd opgepakt" is news)
        # (a question that asks where someone is, is no news: "wie weet waar die agent woont die vorige week die
        # jongen heeft aangehouden?")
        asks = c.rule.id.startswith("cta.find") and any(toks[i].text == "?" for i in range(c.e, b))
        if c.category != "HATE" and not asks and any("NEWS" in toks[i].classes for i in range(a, b)) and not any(
                toks[i].text in _SPEAKER_WORDS for i in range(a, b)
                if not c.s <= i <= c.e and not any(qa <= i <= qb for qa, qb in ctx.quotes)):
            return True
        for j in range(a + 1, c.s - 1):
            # an opinion held by others, put up to be rejected: "wie denkt dat geweld tegen homo's oké is, moet ...",
            # "jullie die onder elke post over homo's roepen dat ze opgehangen moeten worden: jullie zijn het probleem"
            if toks[j].text in _OPINION_VERBS and toks[j + 1].text == "dat" and (
                    toks[j - 1].text in _OPINION_HOLDERS or _in_relative_clause(toks, a, j)):
                return True
        q = next((q for q in range(a + 1, c.s) if toks[q].text == ":"), None)
        if q is not None and not any("P1" in toks[k].classes for k in range(q + 1, c.s + 1)) and not any(
                "NEG" in toks[k].classes for k in range(a, q)):
            # what was posted or said, after a colon: "ziek dat dit gewoon blijft staan op Facebook: vrouwen zijn ...",
            # "kreeg ik vanochtend in mijn dm: ..." (not the writer's own: "ik zei het al: ...")
            for j in range(a, q):
                w = toks[j].text
                if w in _POSTED_INTRO or (w in _SPEECH_VERBS_PAST and not any(
                        "P1" in toks[k].classes for k in (j - 1, j + 1) if a <= k < q)):
                    return True
        for j in range(c.s, c.key):
            # a verb of speech inside the hit's span, with "dat" after it: "een collega schreeuwde vanochtend dat ..."
            if toks[j].text in _SPEECH_VERBS_PAST or (toks[j].text in _OPINION_VERBS and _in_relative_clause(toks, a, j)):
                k = next((k for k in range(j + 1, min(c.key, j + 5)) if toks[k].text == "dat"), None)
                if k is not None and not any(toks[i].is_punct for i in range(j + 1, k)):
                    return True
        for j in range(a, c.s):
            t = toks[j]
            if "REPORT" not in t.classes:
                continue
            if t.text == "volgens" and j + 1 < b and toks[j + 1].text in ("mij", "ons", "me"):
                continue
            if t.text == "gezegd" and j > a and toks[j - 1].text in _SAID_MANNER:
                continue  # the writer's own manner of speaking: "eerlijk gezegd", "kort gezegd"
            if t.text in _CHAT_MESSAGE_NOUNS and ((j > a and toks[j - 1].text in _OWN_MESSAGE) or (
                    j + 2 < b and toks[j + 1].text == "van" and "P2" in toks[j + 2].classes)):
                continue
            nxt = {toks[k].text for k in range(j + 1, min(b, j + 4))}
            if "dat" not in nxt:
                # "mijn oom riep op de verjaardag dat ...", also where the hit's span takes in "in de tram dat ..."
                k = next((k for k in range(j + 4, min(b, j + 7, c.key)) if toks[k].text == "dat"), None)
                if k is not None and not any(toks[i].is_punct for i in range(j + 1, k)):
                    nxt.add("dat")
            if "dat" in nxt and "P1" in toks[c.s].classes and c.category == "THREAT":
                continue  # the writer's own plan in a "dat" clause: "heb je hem gezegd dat we hem gaan steken?"
            if nxt & _REPORT_FRAME or (j > a and toks[j - 1].text == "het"):
                return True
        # ', zei hij' after the hit
        for j in range(c.e + 1, min(b, c.e + 4)):
            if "REPORT" in toks[j].classes and j + 1 < b and toks[j + 1].classes & {"P3", "PERSONISH", "DEM"}:
                return True
        return False

    def _g_counter(self, ctx: _Context, c: _Cand) -> bool:
        toks = ctx.toks
        a, b = ctx.sents[c.sent]
        cues = [i for i in range(a, b) if "COUNTER" in toks[i].classes and not (c.s <= i <= c.e)]
        if not cues:
            return False
        if all(i > c.e and all(toks[k].is_punct or toks[k].text in _INTENSIFIERS or not toks[k].classes.isdisjoint(
                _MORE_OF_THE_SAME) or "COUNTER" in toks[k].classes for k in range(c.e + 1, i)) for i in cues):
            return False  # a cue right after the hit adds to it: "vrouwen zijn zo dom, echt niet normaal meer"
        if all(toks[i].text in _TOLERATE for i in cues) and (
                any(toks[i - 1].text == "nog" for i in cues) or any(toks[i].text == "lang" and toks[i - 1].text == "hoe"
                                                                    for i in range(a + 1, b))):
            return False  # a complaint that a group is still put up with: "hoe lang moeten we dat tuig nog tolereren?"
        if c.rule.id == "hate.slur" and not any(toks[i].text in _COUNTER_OF_SPEECH for i in range(a, b)):
            # a strong slur used is hate whatever the writer deplores beside it: "ze laten tegenwoordig elke ... binnen,
            # echt triest" (counter-speech names the speech: "echt triest dat mensen nog steeds ... roepen"; a quote,
            # a mention and what someone was called have guards of their own)
            return False
        if c.category in ("HATE", "INSULT"):
            return True
        in_quote = any(qa < c.s and c.e < qb for qa, qb in ctx.quotes)
        # (the chat's own messages frame nothing: "stop met berichten over mij plaatsen of ik kom je wurgen")
        framed = any(toks[i].text in _SPEECH_FRAME or (
            "REPORT" in toks[i].classes and toks[i].text not in _CHAT_MESSAGE_NOUNS) for i in range(a, c.s))
        return in_quote or framed

    def _g_victim(self, ctx: _Context, c: _Cand) -> bool:
        if c.rule.cooccur is None and not c.rule.id.endswith("_predicate"):
            return False
        a, b = ctx.sents[c.sent]
        return any("VICTIM" in ctx.toks[i].classes for i in range(a, b))

    def _g_mention(self, ctx: _Context, c: _Cand) -> bool:
        toks = ctx.toks
        if c.rule.cooccur is not None and c.rule.id.startswith("hate.group."):
            # a group and the word it is called, in what someone calls the group: "dat homo's in deze reacties voor
            # ongedierte worden uitgemaakt", "wie migranten wegzet als tweederangsburgers, heeft zelf een probleem"
            y = c.key
            a, b = ctx.sents[c.sent]
            return y > a and toks[y - 1].text in ("voor", "als") and any(
                toks[k].text in _CALLED for k in range(max(a, y - 6), min(b, y + 4)))
        if not c.rule.id.startswith("hate.slur"):
            return False
        a, b = ctx.sents[c.sent]
        before = " ".join(t.text for t in toks[max(a, c.s - 5):c.s])
        after = " ".join(t.text for t in toks[c.e + 1:min(b, c.e + 4)])
        if _MENTION_WORD.search(before):  # "het woord ...", "zoals ...": the word itself
            return True
        if _NAMED_BEFORE.search(before) is None and _NAMED_AFTER.match(after) is None:
            return False
        # what someone was called: reported, unless the writer did the calling ("ik noemde hem ...") or stands by it
        # ("... en dat is hij ook")
        if any(t.text in _WRITER for t in toks[max(a, c.s - 5):c.s]):
            return False
        return _ENDORSED.search(ctx.norm, toks[c.e].end, toks[c.e].end + 80) is None

    def _g_self(self, ctx: _Context, c: _Cand) -> bool:
        if c.category == "HATE" and not c.rule.id.startswith("hate.slur"):
            return False
        toks = ctx.toks
        a, b = ctx.sents[c.sent]
        cs = ctx.clause_start(c.s, a)
        window = toks[cs:c.s + 1]
        texts = [t.text for t in window]
        if any("P1" in t.classes for t in window) and any(x in _COPULA for x in texts):
            return True
        prev = toks[c.s - 1].text if c.s > a else ""
        prev2 = toks[c.s - 2].text if c.s - 1 > a else ""
        return prev in ("wij", "we", "als") or prev2 in ("wij", "als") and prev in ("trotse", "echte", "andere")

    def _g_game(self, ctx: _Context, c: _Cand) -> bool:
        if len(ctx.norm) <= 400:
            return ctx.has_game
        a, b = ctx.sents[max(0, c.sent - 1)][0], ctx.sents[min(len(ctx.sents) - 1, c.sent + 1)][1]
        classes = [ctx.toks[i].classes for i in range(a, b)]
        return _game_context(lambda cls: any(cls in c for c in classes))

    def _g_lost_found(self, ctx: _Context, c: _Cand) -> bool:
        return c.rule.id.startswith("cta.find.") and ctx.lost_found

    def _g_impersonal(self, ctx: _Context, c: _Cand) -> bool:
        if c.rule.cooccur is None and "predicate" not in c.rule.id:
            return False
        toks = ctx.toks
        a, b = ctx.sents[c.sent]
        k = c.key
        before = [t.text for t in toks[max(a, k - 4):k]]
        after = [t.text for t in toks[k + 1:min(b, k + 3)]]
        if any(x in ("het", "dat", "dit") for x in before) and any(x in ("is", "was", "lijkt", "vind") for x in before):
            return any(x in ("om", "dat", "als", "hoe", "wanneer") for x in after)
        return False

    # ------------------------------------------------------------------ derived hits
    def _derive(self, ctx: _Context, live: list[_Cand]) -> list[_Cand]:
        out: list[_Cand] = []
        inc_rule = _DERIVED_RULES["incite.group_target"]
        hate_rule = _DERIVED_RULES["hate.violence_against_group"]
        for c in live:
            if c.category not in ("THREAT", "INCITEMENT"):
                continue
            if c.category == "THREAT" and (c.rule.incite or c.plural):
                d = _Cand(inc_rule, "INCITEMENT", c.s, c.e, c.key, c.score * 0.95, c.target, c.target_group,
                          c.plural, c.crime, c.sent, derived_from=c.rule.id)
                out.append(d)
            group = c.target_group
            if not group:
                a, b = ctx.sents[c.sent]
                if any(ctx.toks[i].text in _PLURAL_PRON or "ALL" in ctx.toks[i].classes for i in range(c.s, c.e + 1)):
                    group = next((ctx.toks[i].group for i in range(a, b) if "GRP" in ctx.toks[i].classes
                                  and ctx.toks[i].group), "")
            if group:
                d = _Cand(hate_rule, "HATE", c.s, c.e, c.key, c.score * 0.95, f"group:{group}", group,
                          True, c.crime, c.sent, derived_from=c.rule.id)
                out.append(d)
        return out

    # ------------------------------------------------------------------ output
    def _finish(self, cands: list[_Cand]) -> list[IntentHit]:
        hits: list[IntentHit] = []
        _promote_weak_threats(cands)
        cands.sort(key=lambda c: (-c.score, -(c.e - c.s)))
        # the spans kept per category, disjoint, as sorted starts and their ends: a span overlaps one of them exactly
        # when it overlaps the last that starts before its end (one bisection, not a pass over all: a flood of 8,000
        # hits in one message once took seconds here)
        kept: dict[str, tuple[list[int], list[int]]] = {}
        for c in cands:
            ctx: _Context = c.ctx
            s, e = ctx.original_span(c.s, c.e)
            starts, ends = kept.setdefault(c.category, ([], []))
            k = bisect_left(starts, e)
            if k and ends[k - 1] > s:
                continue
            starts.insert(k, s)
            ends.insert(k, e)
            rule_id = c.rule.id if not c.derived_from else f"{c.rule.id}<{c.derived_from}"
            hits.append(IntentHit(c.category, s, e, round(min(1.0, c.score), 3), rule_id,
                                  ctx.doc.original[s:e], c.target, c.crime if c.category in ("THREAT", "INCITEMENT") else ""))
        hits.sort(key=lambda h: (h.start, h.category))
        return hits


_THREAT_CATS = frozenset({"THREAT", "INCITEMENT"})


def _threat_heeded(out: Iterable[IntentHit]) -> bool:
    """Whether the rules found a threat the verdict heeds, other than a weak cue a menace marker promoted (where the
    group model is still asked)."""
    return any(h.category in _THREAT_CATS and h.score >= _HEEDED and not h.rule.startswith(_PROMOTABLE) for h in out)
# the lexicon's words of violence, as "@CLASS" keys: where the group model may be asked
# (not the separable verbs' finite forms, bases and particles, nor body parts: "maak", "doen", "neer", "hand" are as
# often harmless)
_VIOLENCE_KEYS = frozenset("@" + c for c in ("VINF", "VFIN", "VPART", "VNOUN", "VBODY", "HARM_CONSEQ", "HARM_STATE",
                                             "EXEC_PLACE", "WEAPON", "MENACE"))


# words that let the hate head be heeded from its threshold: a derogatory, dehumanising, hostile or abusive word, a slur,
# a grievance, or one of violence; a sentence about a group with none of them needs its higher `hate_quiet_threshold`
# (n-grams tell "... zijn sterk en slim" from "... zijn dom en lui" only as far as the training data has both)
_HOSTILE_KEYS = _VIOLENCE_KEYS | frozenset("@" + c for c in (
    "NEG_ATTR", "NEG_ATTR_WEAK", "DEHUM", "DEHUM_WEAK", "NEG_EMOTE", "DEROG_CTX", "PROFANITY", "PROFANE_NOUN", "SLUR",
    "GRIEVANCE", "DISCRIM_VERB"))
_CLAUSE_WORDS = frozenset({"hoe", "hoeveel", "waarop", "wat", "wie", "waarmee", "waarover", "wanneer"})


def _feeling_aimed_elsewhere(toks: list[Token], x: int, y: int) -> bool:
    """For a protected group at `x` and a word of strong feeling or judgement at `y`: whether the group stands in a
    clause that tells what the feeling is about, people or a way of talking, not the group: "ik word misselijk van
    mensen die gehandicapten uitlachen", "... van hoe sommigen over homo's praten", "... van de manier waarop er over
    vluchtelingen gepraat wordt", "walgelijk hoeveel haat er naar homo's wordt gespuid", "mensen die moslims haten
    hebben een probleem" (not "ik haat mensen die transgender zijn")."""
    if _talked_about(toks, x, y):
        return True
    if y + 1 < len(toks) and toks[y + 1].text in _IDEA_NOUNS and not (y and toks[y - 1].text in _THEIR):
        return True  # a judgement of an idea or of words: "... is zo'n domme gedachte", "wat een walgelijke reacties"
    if y + 2 < x and toks[y + 1].text == "dat" and any(
            not toks[k].classes.isdisjoint(_SOMEONE_ELSE) for k in range(y + 2, x)):
        # a feeling about what someone else does to the group: "walgelijk dat die presentator transpersonen
        # belachelijk maakt" (not "walgelijk dat al die moslims hier wonen": the group does it)
        return True
    if x + 1 < len(toks) and toks[x + 1].text in ("zijn", "is", "waren", "was"):
        return False  # "ik haat mensen die transgender zijn": the people are the group
    if y < x:
        for k in range(y + 1, x):
            w = toks[k].text
            if w in _CLAUSE_WORDS or (w in ("die", "dat") and "PERSONISH" in toks[k - 1].classes):
                return True
        return False
    # the group inside a clause about other people: "mensen die moslims haten hebben een probleem", "dat er mensen
    # rondlopen die homo's in elkaar willen slaan maakt me misselijk", "wie vrouwen uitscheldt is walgelijk"
    for k in range(x - 1, max(-1, x - 9), -1):
        t = toks[k]
        if t.is_punct:
            return False
        if t.text == "wie" or (t.text == "die" and any("PERSONISH" in toks[j].classes
                                                      for j in range(max(0, k - 3), k))):
            return True
    return False


def _denied_after(toks: list[Token], i: int, b: int) -> bool:
    """Whether the clause that ends before `i` is called false right after it: "... is onzin", "... klopt niet",
    "... is een fabel", "... is gewoon niet waar"."""
    j = i
    while j < b and (toks[j].text == "," or toks[j].text in _INTENSIFIERS_SHORT):
        j += 1
    if j + 2 < b and toks[j].text in _CLAUSE_FINAL_VERBS and toks[j + 1].text in ("is", "zijn", "was", "klopt"):
        j += 1  # the clause's own verb first: "dat homo's ziek zijn is een fabel"
    if j + 1 >= b:
        return False
    w = toks[j].text
    rest = [t.text for t in toks[j + 1:min(b, j + 5)]]
    while rest and rest[0] in _INTENSIFIERS_SHORT:
        rest.pop(0)
    if w == "klopt":
        return bool(rest) and rest[0] in ("niet", "geen", "niks", "helemaal")
    if w not in ("is", "zijn", "was"):
        return False
    if rest[:2] in (["niet", "waar"], ["een", "fabel"], ["een", "mythe"], ["een", "leugen"], ["een", "vooroordeel"],
                    ["een", "sprookje"], ["complete", "onzin"], ["klinkklare", "onzin"], ["pure", "onzin"]):
        return True
    return bool(rest) and rest[0] in _FALSE_WORDS


_CLAUSE_FINAL_VERBS = frozenset({"zijn", "is", "was", "waren", "worden", "wordt", "hebben", "heeft", "zouden", "zou",
                                 "moeten", "moet", "kunnen", "kan", "willen", "wil"})
_INTENSIFIERS_SHORT = frozenset({"gewoon", "echt", "natuurlijk", "dus", "toch", "ook", "helemaal", "allemaal", "totaal",
                                 "compleet"})
_FALSE_WORDS = frozenset({"onzin", "nonsens", "bullshit", "kletskoek", "flauwekul", "gelul", "onwaar", "bangmakerij",
                          "bangmakerei", "fake", "fakenews", "propaganda", "lariekoek", "larie", "quatsch"})


def _in_relative_clause(toks: list[Token], a: int, j: int) -> bool:
    """Whether the verb at `j` is the verb of a relative clause about people ("jullie die ... roepen", "mensen die ...
    beweren", "wie ... denkt"), without a punctuation mark between."""
    for k in range(j - 1, max(a - 1, j - 9), -1):
        t = toks[k]
        if t.is_punct:
            return False
        if t.text == "wie" or (t.text == "die" and k > a and (
                "PERSONISH" in toks[k - 1].classes or toks[k - 1].text in ("jullie", "iedereen", "zij", "ze"))):
            return True
    return False


def _talked_about(toks: list[Token], x: int, y: int) -> bool:
    """Whether the group at `x` is what others' words are about, and the feeling or judgement at `y` is about those
    words: "misselijk van de reacties over zwarte mensen", "die comments onder dat filmpje van dat homostel zijn
    walgelijk", "al die posts over asielzoekers zijn gewoon haat in een net jasje" (not "posts van moslims": by the
    group)."""
    lo, hi = (y + 1, x) if y < x else (max(0, x - 8), x)
    for k in range(lo, hi - 1):
        t = toks[k]
        if y > x and t.text in _SENT_STOPS:
            return False
        if t.text in _TALK_NOUNS and toks[k + 1].text in _ABOUT_PREPS and not any(
                toks[j].text in _SENT_STOPS for j in range(k + 1, x)):
            return True
    return False


# words said or written by others, and the prepositions that say what about (`_talked_about`)
_TALK_NOUNS = frozenset({"haat", "haatcampagne", "hetze", "lastercampagne", "campagne", "discriminatie", "reacties",
                         "reactie", "comments", "comment", "commentaar", "opmerkingen", "opmerking", "posts",
                         "post", "berichten", "bericht", "tweets", "tweet", "grappen", "grap", "uitspraken",
                         "uitspraak", "teksten", "leuzen", "spreekkoren", "kreten", "praatjes", "memes", "gescheld",
                         "scheldpartijen", "scheldwoorden", "haatberichten", "haatreacties"})
# what a judgement may be about instead of the group it names (`_feeling_aimed_elsewhere`)
_IDEA_NOUNS = _TALK_NOUNS | frozenset({"gedachte", "gedachtes", "gedachten", "idee", "ideeen", "vooroordeel",
                                       "vooroordelen", "redenering", "beweringen", "bewering", "stelling", "praat",
                                       "opvatting", "opvattingen", "mening", "onzin", "cliche", "aanname", "aannames"})
_THEIR = frozenset({"hun", "hunne", "zijn", "haar", "jullie"})
_SOMEONE_ELSE = frozenset({"PERSONISH", "P1", "P2", "P3"})
_ABOUT_PREPS = frozenset({"over", "onder", "tegen", "richting", "naar", "op", "bij"})
_SENT_STOPS = frozenset({".", "!", "?", ";", "\n"})


_CLAUSE_AFTER_HET = frozenset({"dat", "als", "wanneer", "hoe", "zoals", "dit"})
_GROUP_NAMING = frozenset({"@GRP", "@SLUR", "@SLUR_AMB"})  # a group named, by its name or a slur for it
# a person addressed, named, or named by a role or a person noun ("je", "wethouder", "die vent", "Kevin")
_PERSON_NAMING = frozenset({"@P2", "@ROLE", "@PERSONISH"})
_PERSON_CLASSES = frozenset({"P2", "ROLE", "PERSONISH"})
# the words of violence that let the threat head be heeded from `person_threshold` where no group is named: not a
# hospital, a plaster cast or a menace marker alone ("ik hoop dat je snel uit het ziekenhuis bent")
_PERSON_VIOLENCE_KEYS = frozenset("@" + c for c in ("VINF", "VFIN", "VPART", "VNOUN", "VBODY", "EXEC_PLACE", "WEAPON"))


def _person_sentence(ctx: _Context) -> tuple[int, int]:
    """First and last token of the first sentence of the window that names or addresses a person (the window's
    first sentence where none does)."""
    toks = ctx.toks
    sents = [(a, b) for a, b in ctx.sents if b > a] or [(0, len(toks))]
    a, b = next(((a, b) for a, b in sents if any(not t.classes.isdisjoint(_PERSON_CLASSES) for t in toks[a:b])),
                sents[0])
    last = b - 1
    while last > a and toks[last].is_punct:
        last -= 1
    return a, last


def _group_sentence(ctx: _Context) -> tuple[_Context, int, int, str] | None:
    """(context, first and last token of the first sentence that names a protected group, by its name or a slur for
    it, the group's id)."""
    toks = ctx.toks
    for a, b in ctx.sents:
        for i in range(a, b):
            t = toks[i]
            if t.group and not t.classes.isdisjoint(("GRP", "SLUR", "SLUR_AMB")):
                last = b - 1
                while last > a and toks[last].is_punct:
                    last -= 1
                return ctx, a, last, t.group
    return None


_WEAK_THREAT = "threat.weak."
_PROMOTABLE = ("threat.weak.", "threat.menace.")
_MENACE = "threat.menace."
_PROMOTED_SCORE = 0.6
def _game_context(has: Callable[[str], bool]) -> bool:
    """A game's context, by `has(class)` (whether a lexicon class is in the text the guard reads): a video game named,
    or a game's or match's words and nothing that puts a threat off the field ("na de wedstrijd", "die scheids")."""
    return bool(has("VIDEOGAME") or (has("GAME") and not has("OFF_FIELD")))


# a slur mentioned, not used: named as a word ("het woord ..."), or what someone was called ("uitgescholden voor vuile
# homo", "ze noemde me een slet", "werd voor kankerhomo uitgemaakt"), unless the writer called them so or stands by it
_SPEECH_VERBS_PAST = frozenset({"zei", "zeiden", "riep", "riepen", "schreeuwde", "schreeuwden", "brulde", "brulden",
                                "scandeerde", "scandeerden", "schreef", "schreven", "tweette", "twitterde", "postte",
                                "beweerde", "beweerden", "appte"})
# words that make a sentence about speech, where a counter cue beside a strong slur is counter-speech (`_g_counter`)
_COUNTER_OF_SPEECH = _SPEECH_VERBS_PAST | frozenset({
    "roepen", "roept", "zeggen", "zegt", "schreeuwen", "schreeuwt", "scanderen", "noemen", "noemt", "noemde", "noemden",
    "schelden", "scheldt", "schold", "uitschelden", "woord", "woorden", "scheldwoord", "scheldwoorden", "term",
    "gebruiken", "gebruikt", "typen", "typt", "posten", "post", "schrijven", "schrijft", "grap", "grappen", "leuzen",
    "spreekkoren", "horen", "hoor", "hoorde", "lezen", "lees", "las"})
_CALLED = frozenset({"uitgemaakt", "uitgescholden", "uitmaken", "uitschelden", "weggezet", "wegzet", "wegzetten",
                     "neergezet", "afgeschilderd", "afschilderen", "bestempeld", "bestempelen", "genoemd"})
_MENTION_WORD = re.compile(r"(?:het woord|woord|term|scheldwoord|scheldwoorden|zoals)$")
_NAMED_BEFORE = re.compile(r"(?:noemen|genoemd|(?:uitgescholden|uitschelden|uitgemaakt|uitmaken) voor(?: een)?(?: \w+)?|"
                           r"noemde(?: (?:hem|haar|me|mij|ons|hen|jou|je))?(?: een)?(?: \w+)?)$")
_NAMED_AFTER = re.compile(r"te noemen|noemen|genoemd|noemt|noemde|als scheldwoord|is een scheldwoord|zeggen|uitgemaakt|"
                          r"uitgescholden|uitscheldt|uitschelden|uitmaakt|uitmaken")
_WRITER = frozenset({"ik", "'k", "k", "ikke", "we", "wij"})
_ENDORSED = re.compile(r"\b(?:dat is (?:hij|ze|zij|het)|dat ben je|dat zijn ze|dat blijf je|terecht|want dat|en dat klopt|"
                       r"doe het (?:weer|nog eens|opnieuw)|ja want)\b")
_MENACE_MARKER = "threat.menace.marker"
# menace markers that are as often only a turn of phrase ("snap je zelf wel hoe ziek dat is?"): they do not count
# towards two markers
_SOFT_MARKERS = frozenset({"snap je", "je snapt me wel", "dat weet je", "wedden", "geloof me maar",
                           "als je snapt wat ik bedoel", "dan zie je wel"})
_ADDRESSED = frozenset({"@ROLE"})  # (not any "je": "wacht maar tot je thuis bent, dan praten we" is a parent's)
_MENACE_CLASSES = frozenset({"@MENACE", "@PROFANE_NOUN", "@SLUR", "@PILLORY"})


def _promote_weak_threats(cands: list[_Cand]) -> None:
    """A weak threat cue ('we komen eraan', 'hij is de volgende') is a threat when the same message also holds a
    menace marker ('reken maar', 'wacht maar af'), an insult, profanity, an accusatory label or a second weak cue
    elsewhere; then its score is raised to the threat threshold and above."""
    weak = [c for c in cands if c.rule.id.startswith(_WEAK_THREAT)]
    if not weak:
        # two menace markers apart, said to someone: "wacht maar tot je thuiskomt, smeris. Dan praten we verder"
        markers = sorted({(id(c.ctx), c.s): c for c in cands if c.rule.id == _MENACE_MARKER}.values(),
                         key=lambda c: (id(c.ctx), c.s))
        phrases: list[list[_Cand]] = []  # runs of adjacent marker tokens: one phrase each ("dan praten we verder")
        for c in markers:
            last = phrases[-1][-1] if phrases else None
            if last is not None and last.ctx is c.ctx and c.s <= last.e + 1:
                phrases[-1].append(c)
            else:
                phrases.append([c])
        strong = [p for p in phrases if " ".join(t.text for c in p for t in c.ctx.toks[c.s:c.e + 1])
                  not in _SOFT_MARKERS]
        if len(strong) >= 2 and any(not p[0].ctx.present_all.isdisjoint(_ADDRESSED) for p in strong):
            first = strong[0][0]
            first.score = max(first.score, _PROMOTED_SCORE)
            first.notes.append("promoted")
        return
    cue = any(c.rule.id.startswith(_MENACE) or c.category in ("INSULT", "PROFANITY")
              or c.rule.id == "cta.implicit.pillory" or not c.ctx.present_all.isdisjoint(_MENACE_CLASSES)
              for c in cands)
    if not cue and len({(c.ctx.doc is not None, c.s, c.sent) for c in weak}) < 2:
        return
    for c in weak:
        c.score = max(c.score, _PROMOTED_SCORE)
        c.notes.append("promoted")

_DERIVED_RULES: dict[str, Rule] = {
    rid: Rule(id=rid, category=d["category"], score=1.0, doc=d["doc"], pattern=None, cooccur=None, person=(),
              person_optional=True, allow_negation=False, incite=False, crime="", forbid=frozenset(),
              context_any=frozenset(), examples=(), quiet=(), needs=(), triggers=frozenset())
    for rid, d in DERIVED.items()
}


class _Context:
    """Per-window state shared by the rules and guards."""

    toks: list[Token]  # made on first use (`__getattr__`): most windows are ruled out without them

    def __init__(self, doc: Document, tagged: Tagged, person_spans: list[tuple[int, int]], norm: str) -> None:
        self.doc = doc
        self.tagged = tagged
        self.quotes = tagged.quotes
        self.sents = tagged.sents
        self.person_spans = person_spans
        self.norm = norm
        # texts, "@" class keys, rendered pieces and their lengths, token by token (`tagger.window_arrays`)
        self.arrays: Arrays = tagged.arrays
        self.present_all: set[str] = set().union(*self.arrays[1])
        present = self.present_all
        self.has_game = _game_context(lambda cls: "@" + cls in present)
        self.skip: frozenset[int] = frozenset()  # rules whose triggers are not in the message
        self._laughing: bool | None = None
        self._lost_found: bool | None = None
        self._orig: dict[int, tuple[int, int]] = {}

    def __getattr__(self, name: str) -> Any:
        if name == "toks":
            toks = self.toks = self.tagged.tokens()
            return toks
        raise AttributeError(name)

    @property
    def lost_found(self) -> bool:
        """Does the window speak of something lost or found ("vermist", "eigenaar", "sleutels gevonden")? (Once per
        window: a guard asks it for every find request.)"""
        if self._lost_found is None:
            self._lost_found = _LOST_FOUND.search(self.norm) is not None
        return self._lost_found

    @property
    def laughing(self) -> bool:
        if self._laughing is None:
            # (a laugh word after a negator says the opposite: "geen grap", "echt geen geintje")
            self._laughing = _LAUGH_EMOJI.search(self.norm) is not None or ("@LAUGH" in self.present_all and any(
                "LAUGH" in t.classes and not (i and self.toks[i - 1].text in _NOT_JOKING)
                for i, t in enumerate(self.toks)))
        return self._laughing

    def original_span(self, s: int, e: int) -> tuple[int, int]:
        return self.doc.to_original(self.toks[s].start, self.toks[e].end)

    def original_text(self, s: int, e: int) -> str:
        a, b = self.original_span(s, e)
        return self.doc.original[a:b]

    def _tok_orig(self, i: int) -> tuple[int, int]:
        r = self._orig.get(i)
        if r is None:
            t = self.toks[i]
            r = self._orig[i] = self.doc.to_original(t.start, t.end)
        return r

    def has_person(self, s: int, e: int) -> bool:
        toks = self.toks
        words = [i for i in range(s, e + 1) if not toks[i].is_punct]
        for i in words:
            if toks[i].classes & {"PERSONISH", "POSS", "HANDLE"}:  # (an @mention names an account: a person's)
                return True
        core = [i for i in words if toks[i].text not in _OBJECT_FILLERS]
        if len(core) == 1 and toks[core[0]].text in _DEM_PRON:
            return True  # "die", also "die gewoon", "die allemaal"
        if self.person_spans:
            for i in words:
                a, b = self._tok_orig(i)
                if any(a < pe and ps < b for ps, pe in self.person_spans):
                    return True
        return False

    def only_guess(self, s: int, e: int) -> bool:
        return not any(self.toks[i].classes & {"GRP", "ROLE", "SLUR", "PERSON", "P2", "P3", "PROFANE_NOUN"}
                       for i in range(s, e + 1))

    def target_of(self, groups: list[tuple[int, int]]) -> tuple[str, str, bool]:
        toks = self.toks
        idx = [i for gs, ge in groups for i in range(gs, ge + 1)]
        plural = False
        for i in idx:
            t = toks[i]
            if "ALL" in t.classes or t.text in ("hen", "jullie"):
                plural = True
            elif t.classes & {"GRP", "ROLE", "PERSONISH"} and not t.classes & {"P2", "P3"} and \
                    t.text.endswith(("en", "s", "ici", "'s")) and len(t.text) > 3:
                plural = True
        for i in idx:
            t = toks[i]
            if "GRP" in t.classes and t.group:
                return f"group:{t.group}", t.group, plural or t.coref
        for i in idx:
            t = toks[i]
            if "SLUR" in t.classes or "SLUR_AMB" in t.classes:
                return (f"group:{t.group}" if t.group else "person"), t.group, plural
        for i in idx:
            t = toks[i]
            if "ROLE" in t.classes and t.role:
                return f"role:{t.role}", "", plural
        for i in idx:
            if toks[i].classes & {"NAME", "HANDLE"}:
                return "person", "", plural
        for i in idx:
            if "P2" in toks[i].classes:
                return "addressee", "", plural
        for i in idx:
            if toks[i].classes & {"P3", "PERSONISH"} or toks[i].text in _DEM_PRON:
                return "third_person", "", plural
        return "", "", plural

    def is_boundary(self, i: int) -> bool:
        t = self.toks[i]
        return t.text in _BOUNDARY or "QUOTE" in t.classes or ("SUBORD" in t.classes and not t.negidiom)

    def clause_start(self, i: int, a: int) -> int:
        j = i
        while j > a and not self.is_boundary(j - 1):
            j -= 1
        if j > a and "SUBORD" in self.toks[j - 1].classes:
            j -= 1  # the subordinator belongs to its clause ("als ze niet ...")
        return j

    def clause_end(self, i: int, b: int) -> int:
        j = i
        while j + 1 < b and not self.is_boundary(j + 1):
            j += 1
        return j

    def in_condition(self, i: int, a: int, key: int) -> bool:
        """Does token i lie in a condition fronted before the main clause that holds token `key`? A condition word
        before i with no punctuation between ("als je dat filmpje van mij niet verwijdert kom ik je vermoorden", where
        "dat" opens a clause of its own), and the main clause starting between i and `key`: "dan", or a verb with the
        writer as its subject after it ("kom ik", "ga ik"). Not "als ik je zie ga ik je niet slaan": there the
        negation comes after the main clause's start."""
        toks = self.toks
        k = i - 1
        while k >= a and toks[k].text not in _CONDITIONS:
            if toks[k].text in _BOUNDARY or "PUNCT" in toks[k].classes:
                return False
            k -= 1
        if k < a:
            return False
        for j in range(i + 1, key):
            if toks[j].text == "dan":
                return True
            if "P1" in toks[j + 1].classes and not toks[j].classes & _NOT_A_VERB:  # "kom ik", "ga ik"
                return True
        return False

    def negation_exempt(self, i: int, a: int, b: int) -> bool:
        toks = self.toks
        t = toks[i]
        nxt = toks[i + 1].text if i + 1 < b else ""
        if t.text == "niet" and nxt in ("alleen", "zomaar"):
            return True
        if (t.text, nxt) in _NEG_IDIOMS:
            return True  # it negates nothing said beside it: "een zure oude trut, geen wonder dat ze alleen is"
        if t.text in _NOTHING and ((nxt == "meer" and i + 2 < b and toks[i + 2].text in _NOTHING_MORE) or (
                nxt == "minder" and i > a and toks[i - 1].text in ("meer", "en"))):
            return True  # "niks meer, niks minder", "niet meer en niet minder": an emphasis, not a denial
        if t.text == "niet" and nxt in _WHEN_WORDS and i + 2 < b and toks[i + 2].text in (",", "maar") and not any(
                "NEG" in toks[j].classes and not (toks[j].text == "niet" and toks[j + 1].text in _WHEN_WORDS)
                for j in range(a, b - 1)) and "NEG" not in toks[b - 1].classes:
            # not now but later: "we komen je halen, niet vandaag, niet morgen, maar we komen"; not where another
            # negation denies the act ("ik ga je niet vandaag vermoorden en ook niet morgen")
            return True
        # "niets irriteert me meer dan ...", "niemand haat ze meer dan ik"
        ce = self.clause_end(i, b)
        for j in range(i + 1, ce):
            if toks[j].text in ("meer", "erger", "liever", "harder") and toks[j + 1].text == "dan":
                return True
        texts = [x.text for x in toks[a:b]]
        if texts and texts[0] == "waarom":
            return True
        if texts[:2] == ["is", "er"] and "?" in texts:
            return True  # rhetorical: "is er één goede reden om ze niet het land uit te schoppen?"
        if t.text in ("niks", "niets", "niemand") and "zo" in texts[i - a + 1:] and "als" in texts[i - a + 1:]:
            return True  # "niks haat ik zo diep als ..."
        if texts[:3] == ["is", "het", "niet"] or (i > a + 1 and toks[i - 2].text == "is" and toks[i - 1].text == "het"):
            return True
        # counterfactual: "als ze niet zulke schoften waren"
        cs = self.clause_start(i, a)
        if toks[cs].text in ("als", "indien") and any(x.text in ("waren", "was", "zouden", "zou") for x in toks[i:b]):
            return True
        # "ze denken dat ik ze niet zou ...": the negation belongs to someone else's belief
        for j in range(a, i - 1):
            if toks[j].text in _SELF_SPEECH_VERBS and toks[j + 1].text == "dat" and j > a and \
                    "P1" not in toks[j - 1].classes:
                return True
        return False
