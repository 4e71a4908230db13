"""The fast paths of intent and verdict give what the plain formulations they replace give.

Each faster piece is checked against the simple code it stands for (kept here as the reference): the
pre-check against one automaton of every key walked hit by hit, the fused tokenise-and-tag against
`tag(tokenize(...))`, the rule regexes searched from a space against `finditer` with the look-behind,
the folding, the obfuscation pre-filters, the windows, and the verdict's condition evaluation.
"""

from __future__ import annotations

import copy
import json
import random
import re
from pathlib import Path

import ahocorasick
import pytest

from doxwacht.document import Document
from doxwacht.intent import IntentAnalyzer
from doxwacht.intent import analyzer as A
from doxwacht.intent import tagger as T
from doxwacht.intent.rules_data import RULES
from doxwacht.verdict import analyzer as VA
from doxwacht.verdict.facts import Facts
from doxwacht.verdict.policy import FACTS, QUALIFICATIONS, VERDICT_RULES

IA = IntentAnalyzer()
EVAL = Path(__file__).resolve().parents[1] / "eval" / "intent"


def _texts() -> list[str]:
    out = [ex for r in RULES for ex in r.get("examples", []) + r.get("quiet", [])]
    for name in ("doxing_dev.jsonl", "doxing_test.jsonl"):
        path = EVAL / name
        if path.exists():
            out += [json.loads(x)["text"] for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    out += [
        "k a n k e r m o n g o o l, ik w e e t w a a r j e w o o n t", "j00d3n moeten d00d", "k*nker h*er",
        "vuile kankerturk ik maak je af", "die gewoonvermoorden jij", "ik vermoordn je", "Ik Zweer Het: Jan",
        "«ik maak je af» zei hij, haha 😂", "zwarte jongens en joodse buren", "mijn homo buurman",
        "Ingrid, die ‘hoer’ van hiernaast... `echt` ´zo´", "de politie-agent van Utrecht!!1", "u u u",
        "ik ga je vinden en dan ben je dood\n\ndeel dit met iedereen", "a b c d e f", "h3ll0 w0rld 06-12345678",
        "vuile p o t", "je bent een k u t wijf", "t e e f", "x y kut", "m o n g o o l e n",
    ]
    return out


TEXTS = _texts()


def _mutations(texts: list[str], n: int, seed: int) -> list[str]:
    """Texts glued together, cut, upper-cased and sprinkled with leet, masks, spaces and punctuation."""
    r = random.Random(seed)
    extra = list(" \n.,!?'’\"“”«»*@$€|+0134_-😂é`´")
    out = []
    for _ in range(n):
        t = " ".join(r.choice(texts) for _ in range(r.randint(1, 3)))
        chars = list(t)
        for _ in range(r.randint(0, 6)):
            if chars:
                i = r.randrange(len(chars))
                chars[i] = r.choice(extra + [chars[i].upper(), chars[i] + " "])
        t = "".join(chars)
        if r.random() < 0.3:
            t = t[r.randrange(len(t) + 1):]
        out.append(t)
    return out


ALL = TEXTS + _mutations(TEXTS, 600, 1) + [
    # stretched letters, a chat ending, sentences without spaces (`tagger._squeezed`, `_chat_ending`, `_segments`)
    "Ik haaaat die gasten echt", "die moetn allemaal weg", "ikhaatallemoslims!!", "Doodaanallelesbiennes, zei hij",
    "zijnékinderen naar school", "ikhaatallemensenmeteenbeperking en jij?", "doodaanallehomo's!",
    # words split by a space (`tagger._join_split`), and pieces that stay apart
    "Ik sla die mos lims allemaal kapot.", "gaan wij die zwar ten persoonlijk af ma ken", "ne gers",
    "Die gehandi capten trap ik", "ik ga de was op hangen", "mos lims", "ik ga ze af ma ken",
    # "haat" as a noun (`tagger._hatred_noun`)
    "ondanks al die haat", "Haat tegen moslims is nooit oké", "hij zit haat te spugen over homo's", "ik haat homo's",
]


def _lowered(text: str) -> str:
    lower = Document(text).norm.lower()
    return lower if lower.isascii() else lower.translate(A._FOLD_TABLE)


# ------------------------------------------------------------------ pre-check

def _reference_precheck(ia: IntentAnalyzer, auto: ahocorasick.Automaton, lower: str) -> list[int]:
    """The pre-check as first written: one automaton of all keys, every hit checked in turn."""
    present: set[str] = set()
    where: list[tuple[int, frozenset[str]]] = []
    n = len(lower)
    for end, (length, left, right_free, ks) in auto.iter(lower):
        start = end - length + 1
        if left and start > 0 and lower[start - 1].isalnum():
            continue
        if end + 1 < n and lower[end + 1].isalnum() and not right_free:
            if left or (end + 3 < n and lower[end + 3].isalnum()) or (end + 2 < n and lower[end + 2].isalnum()
                                                                       and lower[end + 1:end + 3] in A._SUFFIX2):
                continue
        present |= ks
        where.append((start, ks))
    if not where:
        return []
    anchors: set[str] = set()
    if present & A._DEROG:
        present.add("@GRP")
    if "@GRP" in present or "@SLUR" in present or "@SLUR_AMB" in present:
        anchors |= {"@GRP", "@SLUR", "@SLUR_AMB"}
    for k in present:
        for idx in ia._rule_gates.get(k, ()):
            if all(need & present for need in ia._msg_needs[idx]):
                anchors.add(k)
                break
    if not anchors:
        return []
    return [pos for pos, ks in where if ks & anchors]


def test_precheck_equals_one_automaton_walk() -> None:
    auto = ahocorasick.Automaton()
    for a in (IA._auto, IA._auto_rest):
        for k, v in a.items():
            auto.add_word(k, v)
    auto.make_automaton()
    for text in ALL:
        lower = _lowered(text)
        assert sorted(IA._precheck(lower)) == sorted(_reference_precheck(IA, auto, lower)), text


def test_inlined_word_test_is_stands() -> None:
    """`_hits` and `_any_hit` write `_stands` out; they must keep agreeing with it."""
    for text in ALL[:300]:
        padded = " " + _lowered(text) + "   "
        for auto in (IA._auto, IA._auto_rest):
            expected = [(end - length, ks) for end, (length, left, right_free, ks) in auto.iter(padded)
                        if A._stands(padded, end, length, left, right_free)]
            present: set[str] = set()
            where: list = []
            IA._hits(auto, padded, present, where)
            assert where == expected
            assert IA._any_hit(auto, padded) == bool(expected)


def test_fold_equals_translate() -> None:
    r = random.Random(3)
    pool = "aeé`´\u1ffd’‘ÆæK\u212aİıß😭🙂 xX'ü\u0301ñ.\nÉ"
    samples = ["".join(r.choice(pool) for _ in range(r.randint(1, 12))).lower() for _ in range(5000)]
    samples += ["ab" + chr(c) + "x" for c in range(0x80, 0x3000)]
    samples += [_lowered(t).lower() for t in ALL]
    for s in samples:
        if not s.isascii():
            assert A._fold(s) == s.translate(A._FOLD_TABLE), repr(s)


def test_obfuscated_equals_regex() -> None:
    r = random.Random(5)
    alpha = "ab 1@$€*|!0 \n.-ſKİı_9é😭Zz"
    samples = ["".join(r.choice(alpha) for _ in range(r.randint(0, 12))) for _ in range(20000)]
    samples += [Document(t).norm for t in ALL]
    for s in samples:
        a, b = A._OBFUSCATION.search(s), A._obfuscated(s)
        assert (a is None) == (b is None) and (a is None or a.start() == b.start()), repr(s)


def test_lower_is_norm_lower() -> None:
    for text in ALL[:200]:
        doc = Document(text)
        assert A._lower(doc) == (doc.lower if doc.lower_aligned else doc.norm.lower())
        assert A._lower(doc) == doc.norm.lower()  # now from the document's cache


def _reference_windows(norm: str, positions: list[int]) -> list[tuple[int, int]]:
    n = len(norm)
    if n <= A._SHORT:
        return [(0, n)]
    spans: list[tuple[int, int]] = []
    for p in sorted(set(positions)):
        lo = max(0, p - 300)
        hi = min(n, p + 300)
        cuts = [m.end() for m in A._SENT_CUT.finditer(norm, lo, p)]
        if len(cuts) >= 2:
            lo = cuts[-2]
        m = A._SENT_CUT.search(norm, p, hi)
        if m:
            hi = m.end()
        while lo > 0 and norm[lo - 1].isalnum():
            lo -= 1
        while hi < n and norm[hi - 1].isalnum():
            hi += 1
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        else:
            spans.append((lo, hi))
    return spans


def test_windows_equal_reference() -> None:
    r = random.Random(7)
    for _ in range(400):
        norm = Document(". ".join(r.choice(TEXTS) for _ in range(r.randint(1, 12)))).norm
        positions = [r.randrange(len(norm) + 1) for _ in range(r.randint(1, 8))]
        assert IA._windows(norm, positions) == _reference_windows(norm, positions)


# ------------------------------------------------------------------ tagger

def _state(toks: list[T.Token]) -> list[tuple]:
    return [(t.text, t.start, t.end, sorted(t.classes), t.cap, t.obf, t.group, t.role, t.crime, t.negidiom, t.coref)
            for t in toks]


def _reference_tokenize(norm: str) -> list[T.Token]:
    """`tokenize` as first written: every token folded and repaired in turn, no caches."""
    toks: list[T.Token] = []
    for m in T._TOKEN.finditer(norm):
        raw = m.group()
        s, e = m.span()
        c0 = raw[0]
        if c0 == "\n":
            toks.append(T.Token("\n", s, e, {"PUNCT"}))
            continue
        if not c0.isalnum() and (len(raw) == 1 or raw == "..."):
            if raw in T._QUOTE_CHARS:
                toks.append(T.Token(raw.translate(T._APOS) if raw in "’‘" else raw, s, e, {"QUOTE"}))
            else:
                toks.append(T.Token(raw, s, e, {"PUNCT"}))
            continue
        w = T.fold_word(raw)
        tok = T.Token(w, s, e, None, c0.isupper())
        if w not in T.LEX.known:
            if "*" in w:
                alt = T._unmask("".join(c if c == "*" else T.L.LEET.get(c, c) for c in w) if
                                any(c.isalpha() for c in w) else w) or T._unmask(w)
                if alt:
                    tok.text, tok.obf = alt, "masked"
                else:
                    tok.text = w.replace("*", "")
            elif any(c in T.L.LEET for c in w):
                alt = T._deleet(w)
                if alt:
                    tok.text, tok.obf = alt, "leet"
                elif w.isdigit():
                    tok.classes.add("NUM")
            elif w.isdigit():
                tok.classes.add("NUM")
        toks.append(tok)
    return T._join_spaced(toks, norm)


def _reference_repair(toks: list[T.Token]) -> list[T.Token]:
    """Split glued words and correct typos towards the lexicon (only for unknown alphabetic tokens)."""
    out: list[T.Token] = []

    def parts(t: T.Token, sp: tuple[str, ...]) -> None:
        pos = t.start
        for k, part in enumerate(sp):
            end = t.end if k == len(sp) - 1 else pos + len(part)
            out.append(T.Token(part, pos, end, cap=t.cap and k == 0, obf="glued"))
            pos = end

    for t in toks:
        w = t.text
        if t.obf or t.classes:
            out.append(t)
            continue
        if w.endswith("'s") and w[:-2].isalpha() and not T._is_known(w):
            sp = T._segments(w[:-2])
            if sp and T._is_known(sp[-1] + "'s"):
                parts(t, sp[:-1] + (sp[-1] + "'s",))
                continue
            glued = T._split_glued(w[:-2])
            if glued and T._is_known(glued[1] + "'s"):
                parts(t, (glued[0], glued[1] + "'s"))
                continue
            fz = T._fuzzy(w)
            if fz:
                t.text, t.obf = fz, "fuzzy"
            out.append(t)
            continue
        if w in T.L.CHAT_WORDS and not T._is_known(w):
            sp = tuple(T.L.CHAT_WORDS[w].split(" "))
            if len(sp) == 1:
                t.text, t.obf = sp[0], "fuzzy"
                out.append(t)
            else:
                parts(t, sp)
            continue
        if T._is_known(w) or not w.isalpha() or len(w) < 4:
            out.append(t)
            continue
        fz = T._squeezed(w) or T._fuzzy(w) or T._chat_ending(w)
        if fz:
            t.text, t.obf = fz, "fuzzy"
            out.append(t)
            continue
        sp = T._split_glued(w) or T._glue_pair(w) or T._segments(w)
        if sp:
            parts(t, sp)
            continue
        out.append(t)
    return out


def _reference_tag(toks: list[T.Token], norm: str | None = None) -> list[T.Token]:
    """`tag` as first written: every token looked up in turn, no caches. With `norm` (the text the tokens' offsets
    point into), also words split by single spaces joined, as `tag_span` does."""
    toks = _reference_repair(toks)
    if norm is not None:
        toks = _reference_join(toks, norm)
    n = len(toks)
    # single words
    for t in toks:
        if "PUNCT" in t.classes or "QUOTE" in t.classes:
            continue
        cls = T.LEX.words.get(t.text)
        if cls:
            t.classes |= cls
            g = T.LEX.group_of.get(t.text) or T.LEX.slur_group.get(t.text)
            if g:
                t.group = g
            r = T.LEX.role_of.get(t.text)
            if r:
                t.role = r
            c = T.LEX.crime_of.get(t.text)
            if c:
                t.crime = c
        # compounds with an abusive prefix: "kankermarokkanen", "kuthoer"
        w = t.text
        if len(w) > 6 and w.startswith(T._PROFANE_PRE) and w.isalpha() and "PROFANE_NOUN" not in t.classes:
            for pre in ("kanker", "tyfus", "tering", "kut", "klere", "pleuris", "kolere", "rot", "vuile"):
                if w.startswith(pre) and len(w) - len(pre) >= 3:
                    rest = w[len(pre):]
                    rc = T.LEX.words.get(rest)
                    if rc is not None or pre != "rot":
                        personal = (rc is not None and bool(rc & {"GRP", "SLUR", "SLUR_AMB", "PERSON", "ROLE",
                                                                  "PROFANE_NOUN"})) or rest.endswith(T._ABUSE_HEADS)
                        t.classes.add("PROFANE_NOUN" if personal else "PROFANITY")
                        if rc and rc & {"GRP", "SLUR_AMB", "SLUR"}:
                            t.classes.add("SLUR")
                            t.group = T.LEX.group_of.get(rest) or T.LEX.slur_group.get(rest, "")
                        if rc and "ROLE" in rc:
                            t.classes.add("ROLE")
                            t.role = T.LEX.role_of.get(rest, "")
                    break
        # an @mention
        if not t.classes and len(w) > 1 and w[0] == "@" and w[1].isalnum():
            t.classes.add("HANDLE")
    # multi-word entries
    texts = [t.text for t in toks]
    i = 0
    while i < n:
        cands = T.LEX.mwes.get(texts[i])
        if cands:
            for parts, cls in cands:
                k = len(parts)
                if i + k <= n and tuple(texts[i:i + k]) == parts:
                    phrase = " ".join(parts)
                    g = T.LEX.group_of.get(phrase) or T.LEX.slur_group.get(phrase)
                    r = T.LEX.role_of.get(phrase)
                    c = T.LEX.crime_of.get(phrase)
                    content = bool(cls & T.CONTENT_CLASSES)
                    for j in range(k):
                        tj = toks[i + j]
                        tj.classes |= cls
                        if g:
                            tj.group = g
                        if r:
                            tj.role = r
                        if c:
                            tj.crime = c
                        if content and "NEG" in tj.classes:
                            tj.negidiom = True
                    break
        i += 1
    # "haat" as a noun: after an article or a preposition, before "tegen", "jegens", "richting", or before a verb of
    # spreading ("haat spugen", "haat te spugen"): neither it nor that verb is the writer's feeling
    for i in range(n):
        if texts[i] != "haat" or not any("NEG_EMOTE" in t.classes for t in toks):
            continue
        nxt = texts[i + 1] if i + 1 < n else ""
        spread = None
        if nxt in T._HATRED_SPREAD:
            spread = i + 1
        elif nxt == "te" and i + 2 < n and texts[i + 2] in T._HATRED_SPREAD:
            spread = i + 2
        if spread is not None or (i > 0 and texts[i - 1] in T._HATRED_NOUN_BEFORE) or nxt in T._HATRED_NOUN_AFTER:
            toks[i].classes.discard("NEG_EMOTE")
            if spread is not None:
                toks[spread].classes.discard("NEG_EMOTE")
    # group adjective + person noun: "zwarte jongens", "joodse buren"
    for i in range(n - 1):
        a, b = toks[i], toks[i + 1]
        if "GRP_ADJ" in a.classes and ("PERSON" in b.classes or "GRP" in b.classes or "ROLE" in b.classes):
            a.classes.add("GRP")
            b.classes.add("GRP")
            b.group = b.group if "GRP" in b.classes and b.group and b.group != "women" else a.group
            a.group = b.group
    # a singular group noun with a definite or possessive determiner is one person, not the group
    for i in range(1, n):
        t = toks[i]
        if "GRP" in t.classes and t.group and not T._plural(t.text) and \
                toks[i - 1].text in T._SPECIFIC_DET and "GRP" not in toks[i - 1].classes:
            t.classes.discard("GRP")
            t.classes.add("PERSON")
    # person heuristics
    for t in toks:
        if not t.classes:
            if T._person_suffix(t.text):
                t.classes.add("PERSONISH")
                t.classes.add("PERSON_GUESS")
            continue
        if t.classes & T._PERSONISH_SRC:
            t.classes.add("PERSONISH")
        elif t.classes & T._PERSON_PRON:
            t.classes.add("PERSONISH")
        elif not t.classes and T._person_suffix(t.text):
            t.classes.add("PERSONISH")
            t.classes.add("PERSON_GUESS")
    return toks


def _reference_join(toks: list[T.Token], norm: str) -> list[T.Token]:
    """Two or three pieces of a word split by single spaces, each of letters only, at most 7 of them and no word of
    the lexicon unless of one or two letters (the first of at least two), joined where the word is a lexicon word of at least 6 letters with one
    of the classes of `T._JOIN_CLASSES` (three pieces tried before two)."""
    out: list[T.Token] = []
    i = 0
    while i < len(toks):
        for k in (3, 2):
            parts = toks[i:i + k]
            if len(parts) < k:
                continue
            raws = [norm[p.start:p.end].lower() for p in parts]
            if len(raws[0]) < 2 or not all(r.isalpha() and len(r) <= 7 and (len(r) <= 2 or r not in T.LEX.words)
                                           for r in raws):
                continue
            if any(parts[j].end + 1 != parts[j + 1].start for j in range(k - 1)):
                continue
            w = "".join(raws)
            if len(w) >= 6 and T.LEX.words.get(w, frozenset()) & T._JOIN_CLASSES:
                out.append(T.Token(w, parts[0].start, parts[-1].end, cap=parts[0].cap, obf="spaced"))
                i += k
                break
        else:
            out.append(toks[i])
            i += 1
    return out


def _cuts_word(text: str, i: int) -> bool:
    return 0 < i < len(text) and text[i - 1].isalnum() and text[i].isalnum()


def test_tag_span_equals_tag_of_tokenize() -> None:
    r = random.Random(11)
    for text in ALL:
        norm = Document(text).norm
        a = r.randint(0, len(norm))
        b = r.randint(a, len(norm))
        spans = [(0, len(norm))]
        # a span that cuts a word in two ("o n t D|ie") can differ from the same letters alone: spaced letters
        # before the cut are joined when the cut leaves a single letter; the analyzer's windows never cut words
        if not (_cuts_word(norm, a) or _cuts_word(norm, b)):
            spans.append((a, b))
        for start, end in spans:
            plain = _reference_tokenize(norm[start:end])
            for t in plain:
                t.start += start
                t.end += start
            assert _state(T.tokenize(norm, start, end)) == _state(plain), (text, start, end)
            expected = _reference_tag(plain, norm)
            assert _state(T.tag_span(norm, start, end)) == _state(expected), (text, start, end)


def _reference_render(toks: list[T.Token], a: int, b: int) -> tuple[str, list[int]]:
    parts: list[str] = []
    offs: list[int] = []
    pos = 0
    for t in toks[a:b]:
        w = t.text.replace("#", "_").replace(" ", "_")
        s = w + "#" + "#".join(sorted(t.classes)) + "# " if t.classes else w + "# "
        offs.append(pos)
        parts.append(s)
        pos += len(s)
    return "".join(parts), offs


def _views() -> list[str]:
    views = []
    for text in ALL:
        toks = T.tag_span(Document(text).norm)
        quotes = T.quote_spans(toks, Document(text).norm)
        sents = T.sentences(toks, quotes)
        T.mark_names(toks, {a for a, _ in sents})
        for a, b in sents:
            view, offs = T.render(toks, a, b)
            assert (view, offs) == _reference_render(toks, a, b)
            views.append(view)
        views.append(T.render(toks, 0, len(toks))[0])
    return views


VIEWS = _views()


@pytest.mark.parametrize("idx", [i for i, p in enumerate(IA._plan) if p[3] is not None],
                         ids=[p[0].id for p in IA._plan if p[3] is not None])
def test_spaced_regex_equals_finditer(idx: int) -> None:
    rule, _, _, spaced = IA._plan[idx]
    groups = rule.pattern.groups
    for view in VIEWS:
        expected = [(m.start(), m.end(), [m.span(g) for g in groups]) for m in rule.pattern.regex.finditer(view)]
        assert A._spaced_matches(spaced, " " + view, groups) == expected, view


def test_spaced_regex_only_where_exact() -> None:
    for rule, _, _, spaced in IA._plan:
        if rule.pattern is None:
            assert spaced is None
            continue
        src = rule.pattern.regex.pattern
        if spaced is not None:
            assert src.startswith("(?<![^ ])") and rule.pattern.regex.match("") is None
            assert "^" not in re.sub(r"\[\^", "", src)


# ------------------------------------------------------------------ verdict

def test_verdict_conditions_equal_holds() -> None:
    r = random.Random(13)
    names = list(FACTS) + ["reported"]
    for _ in range(3000):
        flags = {k: r.random() < 0.3 for k in names}
        facts = Facts(flags, [], [], {})
        true = {k for k, v in flags.items() if v}
        expected = [x for x in VERDICT_RULES if all(VA._holds(facts, w) for w in x["when"])]
        assert VA._fired(VERDICT_RULES, true) == expected
        for q in QUALIFICATIONS:
            assert VA._all_hold(flags, q.get("when", [])) == all(VA._holds(facts, w) for w in q.get("when", []))


# ------------------------------------------------------------------ batches

def test_analyze_batch_equals_analyze(engine) -> None:
    """`analyze_batch` over a batch gives what `analyze` gives message by message, for intent and verdict,
    with PII findings, watchlist matches (spans of persons) and without intent (the verdict computes it)."""
    ia = IntentAnalyzer()
    va = VA.VerdictAnalyzer()
    texts = TEXTS + _mutations(TEXTS, 150, 17) + [
        "Jan de Vries woont op Kerkstraat 12, 1234 AB Amsterdam, bel 06-12345678 en maak hem af",
        "wie weet waar die agent woont? zijn kenteken is 12-ABC-3, deel dit",
        "mijn nummer is 06-12345678, bel me maar", "", "   ",
    ]
    results = engine.scan_batch(texts)
    docs = [r.document for r in results]
    findings = [r.findings for r in results]
    extras: list[dict] = []
    for r in results:
        watch = [{"person": "p1", "kind": "name", "strength": "medium", "start": f.start, "end": f.end,
                  "role_group": "politie"} for f in r.findings if f.label == "PERSON"]
        extras.append({"watchlist": watch} if watch else {})
    before = copy.deepcopy(extras)
    hits = ia.analyze_batch(docs, findings, extras)
    assert hits == [ia.analyze(d, f, x) for d, f, x in zip(docs, findings, extras)]
    assert any(hits) and any(extras)
    assert extras == before  # read, not changed
    with_intent = [{**x, "intent": h} for x, h in zip(extras, hits)]
    for ex in (with_intent, extras):
        batch = [v.to_dict() for v in va.analyze_batch(docs, findings, ex)]
        assert batch == [va.analyze(d, f, x).to_dict() for d, f, x in zip(docs, findings, ex)]
        assert {v["level"] for v in batch} >= {"none", "personal_data", "hostile", "doxing"}
    with pytest.raises(ValueError):
        ia.analyze_batch(docs, findings[:-1], extras)


# ------------------------------------------------------------------ windows tagged in one pass

def _window_spans(text: str, r: random.Random) -> tuple[str, list[tuple[int, int]]]:
    doc = Document(text)
    norm = doc.norm
    spans = [(0, len(norm))]
    lower = _lowered(text)
    positions = IA._precheck(lower) or [0]
    spans += IA._windows(norm, positions)
    a = r.randint(0, len(norm))
    b = r.randint(a, len(norm))
    if not (_cuts_word(norm, a) or _cuts_word(norm, b)):
        spans.append((a, b))
    return norm, spans


def _reference_window(norm: str, start: int, end: int) -> tuple:
    """A window as `_run` first read it: `_tag_span`, quotes, sentences, names, coreference, then `render`."""
    toks, seen = T._tag_span(norm, start, end)
    quotes = T.quote_spans(toks, norm) if "QUOTE" in seen else []
    sents = T.sentences(toks, quotes)
    T.mark_names(toks, {a for a, _ in sents})
    if "GRP" in seen or "GRP_ADJ" in seen:
        IA._coref(toks, sents)
    views = [_reference_render(toks, a, b) for a, b in sents]
    present = {"@" + c for c in set().union(*[t.classes for t in toks])}
    return toks, quotes, sents, views, present


def test_tag_window_equals_plain_formulation() -> None:
    r = random.Random(12)
    fast_windows = 0
    total = 0
    for text in ALL + _bench_texts():
        norm, spans = _window_spans(text, r)
        for start, end in spans:
            toks, quotes, sents, views, present = _reference_window(norm, start, end)
            for tagged in (T.tag_window(norm, start, end), T.tag_window_plain(norm, start, end)):
                total += 1
                lazy = tagged._toks is None
                fast_windows += lazy
                texts, ats, pieces, plens = tagged.arrays
                assert tagged.quotes == quotes and tagged.sents == sents, (text, start, end)
                assert texts == [t.text for t in toks]
                assert ats == [frozenset("@" + c for c in t.classes) for t in toks]
                assert plens == [len(p) for p in pieces]
                assert set().union(*ats) == present
                for (a, b), (view, offs) in zip(sents, views):
                    assert "".join(pieces[a:b]) == view
                    assert list(A.accumulate(plens[a:b - 1], initial=0)) == offs
                    assert tagged.bounds(a, b) == (toks[a].start, toks[b - 1].end)
                assert _state(tagged.tokens()) == _state(toks), (text, start, end)
                assert tagged.tokens() is tagged.tokens()
                if lazy:  # the arrays stay what they were once the tokens are made
                    assert tagged.arrays[0] == [t.text for t in toks]
    assert fast_windows > total // 4  # the one pass is taken


def _bench_texts() -> list[str]:
    import sys
    sys.path.insert(0, str(EVAL))
    try:
        import bench_intent
        from bench.bench_watchlist import make_people
    except ImportError:  # pragma: no cover - the bench is not part of an installed package
        return []
    finally:
        sys.path.remove(str(EVAL))
    return bench_intent.draw(make_people(50), 0.05, 7)


def test_context_makes_tokens_on_first_use() -> None:
    text = "Jan woont in de Kerkstraat 5. Ik maak hem af, die vuile rat."
    doc = Document(text)
    tagged = T.tag_window(doc.norm, 0, len(doc.norm))
    ctx = A._Context(doc, tagged, [], doc.norm)
    assert "toks" not in ctx.__dict__
    toks = ctx.toks
    assert ctx.__dict__["toks"] is toks is tagged.tokens()
    with pytest.raises(AttributeError):
        ctx.no_such_attribute  # noqa: B018


def test_screen_cache_equals_scan() -> None:
    screen = IntentAnalyzer()._screen
    if screen is None:
        pytest.skip("no Hyperscan")
    views = [" " + v for v in _views()]
    for v in views + views:
        plain = screen.scan_plain(v)
        got = screen.scan(v)
        assert (None if plain is None else tuple(plain)) == got
    assert screen.scan(" \ud800# ") is None  # not encodable: every rule is searched


def test_a_long_run_without_a_full_stop_is_read_in_pieces() -> None:
    """A flood without punctuation ("jij vuile hoer jij vuile hoer ...", 100 KB) is cut into sentences of at most
    `MAX_SENTENCE_TOKENS` tokens, the same way on the fast and the plain tagging path, so that the guards, which read a
    candidate's sentence, cost no more than the text's length."""
    for text in ["jij vuile hoer " * 400, "ik maak je af " * 300 + ". en nog wat", "a " * 121]:
        norm = text.strip()
        for tagged in (T.tag_window(norm, 0, len(norm)), T.tag_window_plain(norm, 0, len(norm))):
            sents = tagged.sents
            assert all(b - a <= T.MAX_SENTENCE_TOKENS for a, b in sents)
            assert [a for a, _ in sents[1:]] == [b for _, b in sents[:-1]]  # contiguous, every token in one
            assert sents[0][0] == 0 and sents[-1][1] == len(tagged.arrays[0])
        assert T.tag_window(norm, 0, len(norm)).sents == T.tag_window_plain(norm, 0, len(norm)).sents
    # a flood of hits keeps every hit that does not overlap another of its category
    hits = IntentAnalyzer().analyze(Document("jij vuile hoer " * 400))
    assert len(hits) > 400 and len({(h.category, h.start) for h in hits}) == len(hits)
