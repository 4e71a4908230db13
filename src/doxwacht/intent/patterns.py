"""A small pattern language over tagged tokens, compiled to one regular expression per rule.

A sentence is rendered as ``word#CLASS#CLASS# word# ...`` (see `tagger.render`). Patterns are
whitespace-separated items:

=================  ===============================================================================
``word``           a token whose folded form is ``word``
``word~``          a token starting with ``word``
``@CLASS``         a token with lexical class ``CLASS``
``a|b|@C``         one token matching any of the alternatives
``!a|@C``          one token matching none of them
``_``              any token; ``_w`` any word token (not punctuation)
``*m-n``           a gap of m..n word tokens (lazy; ``*m-n+`` greedy); ``**m-n`` any tokens
``( ... | ... )``  a group of alternative sequences; ``(name: ...)`` a named group
``)?`` / ``x?``    an optional group or item
``^`` / ``$``      start or end of the sentence (punctuation and quotes allowed around it)
``{MACRO}``        replaced by the macro text before parsing
=================  ===============================================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOK_END = r"#[^ ]* "
_CLASS_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_GAP_RE = re.compile(r"^(\*{1,2})(\d+)-(\d+)(\+?)$")
_NAME_RE = re.compile(r"^\(([a-z][a-z0-9_]*):$")


class PatternError(ValueError):
    pass


def _atom(alt: str) -> tuple[str, str | None]:
    """Regex for one alternative of a token item, and its requirement key (class or word) if exact."""
    if alt.startswith("@"):
        cls = alt[1:]
        if not _CLASS_RE.match(cls):
            raise PatternError(f"bad class name {alt!r}")
        return rf"[^ #]+#(?:[A-Z0-9_]+#)*{cls}#(?:[A-Z0-9_]+#)*", "@" + cls
    if alt == "_":
        return r"[^ ]+", None
    if alt == "_w":
        return r"(?![^ #]*#(?:[A-Z0-9_]+#)*(?:PUNCT|QUOTE)#)[^ ]+", None
    if alt.endswith("~") and len(alt) > 1:
        return re.escape(alt[:-1]) + r"[^ #]*" + r"#[^ ]*", None
    if not alt or any(c in alt for c in " #()|"):
        raise PatternError(f"bad literal {alt!r}")
    return re.escape(alt) + r"#[^ ]*", alt


def _token_item(item: str) -> tuple[str, frozenset[str] | None]:
    negated = item.startswith("!")
    body = item[1:] if negated else item
    alts = body.split("|")
    if any(a == "" for a in alts):
        raise PatternError(f"empty alternative in {item!r}")
    parts = [_atom(a) for a in alts]
    rx = "(?:" + "|".join(p for p, _ in parts) + ")"
    if negated:
        return rf"(?!{rx} )[^ ]+ ", None
    keys = [k for _, k in parts]
    need = None if any(k is None for k in keys) else frozenset(k for k in keys if k)
    return rx + " ", need


@dataclass(frozen=True)
class CompiledPattern:
    regex: re.Pattern[str]
    groups: tuple[str, ...]
    needs: tuple[frozenset[str], ...]   # each set: at least one of these words/@classes must be present


def compile_pattern(src: str, macros: dict[str, str] | None = None) -> CompiledPattern:
    text = src
    for _ in range(5):
        if "{" not in text:
            break
        for k, v in (macros or {}).items():
            text = text.replace("{" + k + "}", v)
    if "{" in text or "}" in text:
        raise PatternError(f"unknown macro in {src!r}")
    items = text.split()
    if not items:
        raise PatternError("empty pattern")
    pos = 0
    names: list[str] = []

    def parse_seq() -> tuple[str, list[frozenset[str]]]:
        nonlocal pos
        out: list[str] = []
        seq_needs: list[frozenset[str]] = []
        while pos < len(items):
            it = items[pos]
            if it in ("|", ")", ")?"):
                return "".join(out), seq_needs
            pos += 1
            m_name = _NAME_RE.match(it)
            if it == "(" or m_name:
                name = m_name.group(1) if m_name else None
                if name:
                    if name in names:
                        raise PatternError(f"duplicate group name {name!r}")
                    names.append(name)
                branches: list[tuple[str, list[frozenset[str]]]] = []
                while True:
                    branches.append(parse_seq())
                    if pos >= len(items):
                        raise PatternError(f"unclosed group in {src!r}")
                    tok = items[pos]
                    pos += 1
                    if tok == "|":
                        continue
                    optional = tok == ")?"
                    break
                if not optional:
                    if len(branches) == 1:
                        seq_needs.extend(branches[0][1])
                    elif all(b[1] for b in branches):
                        # one of the branches must match: the union of each branch's smallest requirement
                        seq_needs.append(frozenset().union(*(min(b[1], key=len) for b in branches)))
                inner = "|".join(b[0] for b in branches)
                grp = f"(?P<{name}>{inner})" if name else f"(?:{inner})"
                out.append(grp + ("?" if optional else ""))
                continue
            if it == "^":
                out.append(r"^(?:(?:[^ #]+#(?:[A-Z0-9_]+#)*(?:PUNCT|QUOTE)#[^ ]* )*)")
                continue
            if it == "$":
                out.append(r"(?:[^ #]+#(?:[A-Z0-9_]+#)*(?:PUNCT|QUOTE)#[^ ]* )*$")
                continue
            gm = _GAP_RE.match(it)
            if gm:
                lo, hi = int(gm.group(2)), int(gm.group(3))
                if lo > hi:
                    raise PatternError(f"bad gap {it!r}")
                unit = r"[^ ]+ " if gm.group(1) == "**" else (
                    r"(?![^ #]*#(?:[A-Z0-9_]+#)*(?:PUNCT|QUOTE)#)[^ ]+ ")
                out.append(f"(?:{unit}){{{lo},{hi}}}" + ("" if gm.group(4) else "?"))
                continue
            optional = it.endswith("?") and len(it) > 1
            body = it[:-1] if optional else it
            rx, need = _token_item(body)
            if optional:
                out.append(f"(?:{rx})?")
            else:
                out.append(rx)
                if need is not None:
                    seq_needs.append(need)
        return "".join(out), seq_needs

    body, needs = parse_seq()
    if pos != len(items):
        raise PatternError(f"unbalanced parentheses in {src!r}")
    try:
        regex = re.compile(r"(?<![^ ])" + body)
    except re.error as exc:  # pragma: no cover - defensive
        raise PatternError(f"{src!r}: {exc}") from exc
    return CompiledPattern(regex, tuple(names), tuple(needs))
