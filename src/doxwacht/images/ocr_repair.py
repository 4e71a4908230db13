"""Repair of OCR misreads in tokens that look like an IBAN, a phone number or an e-mail address.

OCR confuses look-alike characters (O/0, I/l/1, S/5, B/8, Z/2, G/6) and sometimes puts a space inside
one token ("kees1987 @gmail.com"). A repair is only ever accepted when a validator confirms it, so the
validators keep precision:

* IBAN: the token (or a run of up to 9 words on one line, groups of four) has the length of its
  country's IBAN; each character is mapped to the KIND its position needs in that country's format
  (schwifty's IBAN spec, e.g. `NL2!n4!a10!n`: letters, digits), with at most `MAX_SUBSTITUTIONS`
  look-alike substitutions, and the result must pass schwifty (mod-97 check digits and the BBAN format).
  The mapping is fixed by position, nothing is searched: a random string of the right shape passes
  mod-97 by chance about once in 97.
* Phone: a run of up to 4 words of digits, `+`, `-`, `(`, `)` and look-alike letters (at least 6 real
  digits, at most 2 look-alikes) whose letters, mapped to digits, make a number that `phonenumbers`
  calls valid (region NL).
* E-mail: an "@" read as "®" or "©" is put back when the word is then an address or its "@domain.tld"
  half; an address split into words on one line is put back together from the piece with the "@"
  (`_merge_emails`: only pieces that cannot stand alone, "@gmail.com", "_smit@ziggo.nl" or "r.van.")
  when the result is exactly one address (`local@domain.tld`). Boxes that touch are no evidence: the
  "j" of "jan.devries@" reaches under the "op" before it. Dark, JPEG-compressed screenshots add two misreads that
  no address can contain: a ":" for the "." after a short first part ("p:jansen@", "mo:elamrani@",
  put back only when at most `MAX_INITIALS` characters precede it and they are no header label
  (to, cc, bcc, aan, van), so "mail:jan@x.nl" and "to:jan@x.nl" keep their label), and a stray "-", "_", "." or "+" glued before the address ("-anna_smit@"), which the
  text detector rightly refuses as part of a longer word: dropped when the rest is an address.

An IBAN with one character too many, where OCR read one glyph as two look-alikes side by side
("NL90OTRIO5445246193": the "0" as "0O"), is read with each such pair as one character; exactly one
reading may pass schwifty.

An IBAN that OCR split where no group of four ends ("NL29INGB47 79881108") is merged into one word
when schwifty accepts it whole.

`repair_tokens(tokens)` works on `Token`s (text and box per word, a line number) and returns new ones;
a repaired token keeps its box and records what OCR read (`raw`) and why it was changed (`reason`).
"""

from __future__ import annotations

import functools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace

from schwifty import IBAN, registry

from doxwacht.detectors.nl.phone import _parse_valid

Box = tuple[int, int, int, int]

MAX_SUBSTITUTIONS = 3
MERGE_GAP = 0.45  # one "space": 0.45 x the line's median word height (real spaces measured ~0.5-0.7, 14-22 px)
AT_GAP = 2.5  # "@domain.tld" joins the word before it up to 2.5 x that gap
MAX_INITIALS = 3  # "p:jansen@", "mo:elamrani@": a ":" after at most this many characters was a "."
NO_START = "._-+"  # characters that cannot start an address (the text detector refuses them before one)
LABELS = frozenset({"to", "cc", "bcc", "aan", "van"})  # "to:jan@x.nl": a header label, not initials

TO_DIGIT = {"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "i": "1", "|": "1", "L": "1", "!": "1",
            "Z": "2", "z": "2", "S": "5", "s": "5", "B": "8", "G": "6", "b": "6", "T": "7", "g": "9", "q": "9"}
AT_LOOKALIKES = "®©"
TO_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G", "7": "T", "4": "A"}

_EMAIL = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9][A-Za-z0-9-]{0,62}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}"
)
_AT_DOMAIN = re.compile(r"@[A-Za-z0-9][A-Za-z0-9-]{0,62}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}[.,;:!?)]*")
_TRAIL = ".,;:!?)"
_PHONE_CHARS = re.compile(r"^[0-9+\-()" + re.escape("".join(TO_DIGIT)) + r"]+$")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    box: Box
    line: int  # tokens with the same line number are on one text line, in reading order
    raw: str = ""  # what OCR read, when `text` was repaired or merged
    reason: str = ""

    @property
    def height(self) -> int:
        return max(1, self.box[3] - self.box[1])


def _split_trailing(text: str) -> tuple[str, str]:
    core = text.rstrip(_TRAIL)
    return core, text[len(core):]


@functools.lru_cache(maxsize=64)
def _iban_kinds(country: str) -> tuple[int, str] | None:
    """(IBAN length, kind per position: 'a' letter, 'n' digit, 'c' either) of a country, from schwifty."""
    try:
        spec = registry.get_iban_spec(country)
    except (ValueError, KeyError):  # schwifty's InvalidCountryCode is a ValueError
        return None
    iban_spec = getattr(spec, "iban_spec", None)
    if not iban_spec or not iban_spec.startswith(country):
        return None
    kinds = "aa"
    for count, kind in re.findall(r"(\d+)!([nac])", iban_spec[2:]):
        kinds += kind * int(count)
    if len(kinds) != spec.iban_length:
        return None
    return spec.iban_length, kinds


def _iban_valid(text: str) -> bool:
    try:
        IBAN(text)
        return True
    except ValueError:  # every SchwiftyException is a ValueError
        return False


def repair_iban(text: str) -> str | None:
    """The valid IBAN that `text` (compact) is a misreading of, or None (also when `text` is valid as is
    or needs more than `MAX_SUBSTITUTIONS` look-alike substitutions). One character too many is
    allowed where OCR read one glyph as two look-alikes side by side ("NL90OTRIO...": "0" as "0O"):
    each such pair is tried as one character, and exactly one reading must be valid."""
    if not text.isalnum() or not (15 <= len(text) <= 34):
        return None
    upper = text.upper()
    country = "".join(TO_LETTER.get(c, c) for c in upper[:2])
    spec = _iban_kinds(country)
    if spec is None or _iban_valid(upper):
        return None
    if spec[0] == len(text):
        mapped = _to_spec(upper, spec[1])
        if mapped is None or mapped[1] == 0:
            return None
        return mapped[0] if _iban_valid(mapped[0]) else None
    if spec[0] == len(text) - 1:
        valid = set()
        for i in range(2, len(upper) - 1):
            a, b = upper[i], upper[i + 1]
            if a != b and (TO_DIGIT.get(a, a) == TO_DIGIT.get(b, b) or TO_LETTER.get(a, a) == TO_LETTER.get(b, b)):
                for drop in (i, i + 1):
                    mapped = _to_spec(upper[:drop] + upper[drop + 1 :], spec[1])
                    if mapped is not None and _iban_valid(mapped[0]):
                        valid.add(mapped[0])
        return valid.pop() if len(valid) == 1 else None
    return None


def _to_spec(upper: str, kinds: str) -> tuple[str, int] | None:
    """`upper` with each character mapped to the kind its position needs (look-alikes), and the number
    of changes; None when a character has no look-alike of that kind or more than
    `MAX_SUBSTITUTIONS` are needed."""
    out = []
    changes = 0
    for ch, kind in zip(upper, kinds, strict=True):
        if kind == "n" and not ch.isdigit():
            ch2 = TO_DIGIT.get(ch)
        elif kind == "a" and not ch.isalpha():
            ch2 = TO_LETTER.get(ch)
        else:
            ch2 = ch
        if ch2 is None:
            return None
        changes += ch2 != ch
        out.append(ch2)
    return ("".join(out), changes) if changes <= MAX_SUBSTITUTIONS else None


def _phone_valid(text: str) -> bool:
    """The phone detector's own (cached) libphonenumber check, so that a repair is confirmed exactly
    as the detector will judge the result."""
    if any(c.isalpha() for c in text):  # phonenumbers would read letters as keypad digits
        return False
    return _parse_valid(text) is not None


def repair_phone(text: str) -> str | None:
    """`text` with its look-alike letters read as digits when that makes a valid phone number (and
    `text` itself is not one), else None."""
    if not _PHONE_CHARS.match(text):
        return None
    digits = sum(c.isdigit() for c in text)
    lookalikes = sum(c in TO_DIGIT for c in text)
    if digits < 6 or not 1 <= lookalikes <= 2 or not (text[0] in "0+" or TO_DIGIT.get(text[0]) == "0"):
        return None
    fixed = "".join(TO_DIGIT.get(c, c) for c in text)
    if _phone_valid(text) or not _phone_valid(fixed):
        return None
    return fixed


def _lines(tokens: Sequence[Token]) -> list[list[Token]]:
    lines: list[list[Token]] = []
    for t in tokens:
        if lines and lines[-1][0].line == t.line:
            lines[-1].append(t)
        else:
            lines.append([t])
    return lines


def _fix_at(t: Token) -> Token:
    """"kees®kpnmail.nl", "®kpnmail.nl": an "@" read as a look-alike, when "@" makes an address (or its
    "@domain.tld" half)."""
    if "@" in t.text or sum(t.text.count(c) for c in AT_LOOKALIKES) != 1:
        return t
    fixed = "".join("@" if c in AT_LOOKALIKES else c for c in t.text)
    if _EMAIL.fullmatch(_split_trailing(fixed)[0]) or _AT_DOMAIN.fullmatch(fixed):
        return replace(t, text=fixed, raw=t.raw or t.text, reason="'@' read as a look-alike; the e-mail shape confirms")
    return t


def _fix_local(t: Token) -> Token:
    """"p:jansen@x.nl" -> "p.jansen@x.nl" (a ":" after at most `MAX_INITIALS` characters), "-anna@x.nl"
    -> "anna@x.nl" (a character that cannot start an address), each only when an address results."""
    core, trail = _split_trailing(t.text)
    if core.count("@") != 1 or _EMAIL.fullmatch(core):
        return t
    local, domain = core.split("@")
    why = []
    head, sep, rest = local.partition(":")
    if sep and 0 < len(head) <= MAX_INITIALS and ":" not in rest and head.isalnum() and head.lower() not in LABELS:
        local = f"{head}.{rest}"
        why.append("':' read for '.' in the address")
    stripped = local.lstrip(NO_START)
    if stripped != local and _EMAIL.fullmatch(f"{stripped}@{domain}"):
        local = stripped
        why.append("a stray mark before the address dropped")
    fixed = f"{local}@{domain}"
    if why and _EMAIL.fullmatch(fixed):
        return replace(t, text=fixed + trail, raw=t.raw or t.text, reason="; ".join(why) + "; the e-mail shape confirms")
    return t


def _merge_emails(line: list[Token]) -> list[Token]:
    """Split addresses put back together, built outwards from the piece with the "@" (see the module
    docstring): a piece before it joins when the run so far starts with "@" (it needs a local part; up
    to `AT_GAP` spaces) or with "_" or "." (which cannot start an address; up to one space; a "-" or
    "+" there is more often a stray mark, see `_fix_local`), or when
    the piece ends with ".", "_", "-" or "+" (which cannot end an address's local part; up to one
    space); a piece after a run that ends with "@" joins likewise. Then `_fix_local` on each word
    with an "@"."""
    out = _merge_split(line)
    return [_fix_local(t) if "@" in t.text else t for t in out]


def _merge_split(line: list[Token]) -> list[Token]:
    line = [_fix_at(t) for t in line]
    if not any("@" in t.text for t in line):
        return line
    space = MERGE_GAP * statistics.median(t.height for t in line)

    def gap(a: Token, b: Token) -> float:
        return b.box[0] - a.box[2]

    merges: dict[int, tuple[int, Token]] = {}  # first index -> (last index, merged token)
    skip_to = 0
    for j, t in enumerate(line):
        if j < skip_to or "@" not in t.text:
            continue
        lo, hi = j, j
        if t.text.endswith("@") and hi + 1 < len(line) and gap(line[hi], line[hi + 1]) <= AT_GAP * space:
            hi += 1
        while lo > max(skip_to, j - 3):
            left, first = line[lo - 1], line[lo]
            g = gap(left, first)
            if ((first.text.startswith("@") and g <= AT_GAP * space)
                    or ((left.text[-1:] in NO_START or first.text[:1] in "._") and g <= space)):
                lo -= 1
            else:
                break
        # the widest run that is one address (a word that joined by the rules above but makes no address
        # with the rest is left out again)
        while lo < hi:
            run = line[lo : hi + 1]
            core, trail = _split_trailing("".join(r.text for r in run))
            if _EMAIL.fullmatch(core) or _EMAIL.fullmatch(core.lstrip(NO_START)):
                break
            lo += 1
        if hi == lo:
            continue
        box = (run[0].box[0], min(r.box[1] for r in run), run[-1].box[2], max(r.box[3] for r in run))
        merges[lo] = (hi, Token(core + trail, box, run[0].line, " ".join(r.raw or r.text for r in run),
                                "merged: one address split by OCR"))
        skip_to = hi + 1
    out: list[Token] = []
    i = 0
    while i < len(line):
        if i in merges:
            out.append(merges[i][1])
            i = merges[i][0] + 1
        else:
            out.append(line[i])
            i += 1
    return out


def _repair_runs(line: list[Token], max_words: int, repair, reason: str,  # type: ignore[no-untyped-def]
                 valid=None) -> list[Token]:
    """Try runs of 1..max_words tokens (joined without spaces, trailing punctuation apart); a repaired run
    gives each token its own slice of the repaired text. With `valid`: a run that is valid as one word
    but split irregularly by OCR ("NL29INGB47 79881108", not groups of four) becomes one token."""
    line = list(line)
    i = 0
    while i < len(line):
        done = False
        for j in range(min(len(line), i + max_words) - 1, i - 1, -1):
            run = line[i : j + 1]
            texts = [t.text for t in run]
            core, trail = _split_trailing(texts[-1])
            texts[-1] = core
            if not all(texts):
                continue
            fixed = repair("".join(texts))
            irregular = len(run) > 1 and (not all(len(x) == 4 for x in texts[:-1]) or len(texts[-1]) > 4)
            if valid is not None and irregular and (fixed is not None or valid("".join(texts).upper())):
                joined = fixed or "".join(texts).upper()
                box = (run[0].box[0], min(t.box[1] for t in run), run[-1].box[2], max(t.box[3] for t in run))
                why = "merged: one number split by OCR" + (f"; {reason}" if fixed else "; the validator confirms")
                line[i : j + 1] = [Token(joined + trail, box, run[0].line, " ".join(t.raw or t.text for t in run), why)]
                i += 1
                done = True
                break
            if fixed is None:
                continue
            pos = 0
            for k, t in enumerate(run):
                piece = fixed[pos : pos + len(texts[k])]
                pos += len(texts[k])
                new = piece + (trail if k == len(run) - 1 else "")
                if new != t.text:
                    line[i + k] = replace(t, text=new, raw=t.raw or t.text, reason=reason)
            i = j + 1
            done = True
            break
        if not done:
            i += 1
    return line


def repair_tokens(tokens: Sequence[Token]) -> list[Token]:
    """E-mail merges, then IBAN and phone repairs, line by line (see the module docstring)."""
    out: list[Token] = []
    for line in _lines(tokens):
        line = _merge_emails(line)
        line = _repair_runs(line, 9, repair_iban, "IBAN look-alike characters; schwifty confirms the check digits",
                            valid=_iban_valid)
        line = _repair_runs(line, 4, repair_phone, "phone look-alike characters; phonenumbers confirms the number")
        out.extend(line)
    return out
