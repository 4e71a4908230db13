"""URL and IP_ADDRESS: web addresses (http(s), www., and bare platform links such as t.me/...) and
IPv4/IPv6 addresses validated with `ipaddress`."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from doxwacht.detectors.base import PatternDetector, Rejected
from doxwacht.detectors.context import ContextWords
from doxwacht.document import Document
from doxwacht.findings import Evidence, Label
from doxwacht.detectors.triggers import Trigger, until_message_end

_TRAILING = ".,;:!?)]}'\"»”’>"
PLATFORM_DOMAINS = (
    "t.me", "telegram.me", "instagram.com", "facebook.com", "fb.com", "tiktok.com", "twitter.com", "x.com",
    "snapchat.com", "youtube.com", "youtu.be", "linkedin.com", "reddit.com", "discord.gg", "wa.me",
    "maps.google.com", "goo.gl", "bit.ly", "linktr.ee", "onlyfans.com", "threads.net", "mastodon.social",
)


_TLDS = sorted({d.rsplit(".", 1)[1] for d in PLATFORM_DOMAINS} | {"nl", "com", "be", "de", "org", "net", "eu", "io",
                                                                 "me", "info", "tv"})
_URL_ANCHOR = re.compile(r"://|www\.|\.(?:" + "|".join(_TLDS) + ")/")
_URL_CHARS = re.compile(r"[^\s<>\"'\x00]")


_EV_URL = Evidence("pattern", "URL")  # (immutable: one object serves every finding)


class UrlDetector(PatternDetector):
    name = "nl.url.v1"
    label = Label.URL
    triggers = (
        Trigger(until_message_end("://|www\\."), caseless=True),
        Trigger(until_message_end(r"\.(?:" + "|".join(_TLDS) + ")/")),
    )
    pattern = re.compile(
        r"(?<![\w@/.-])(?:(?:https?|ftp)://[^\s<>\"'\x00]+|www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[^\s<>\"'\x00]*|"
        r"(?:" + "|".join(re.escape(d) for d in PLATFORM_DOMAINS) + r")/[^\s<>\"'\x00]+|"
        r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:nl|com|be|de|org|net|eu|io|me|info|tv)/[^\s<>\"'\x00]+)"
    )

    def candidates(self, doc: Document) -> Iterator[re.Match[str]]:
        """The pattern's matches, found from anchors ("://", "www.", ".nl/" ...) that every URL
        contains, instead of trying the pattern at every position: the same matches, much faster."""
        text = doc.norm
        consumed = 0
        for a in _URL_ANCHOR.finditer(text):
            if a.start() < consumed:
                continue
            # back over the URL characters before the anchor (at most 200): the run of them that ends
            # there, cut at whitespace and at <>"' or NUL
            lo = a.start()
            window = text[max(0, lo - 200) : lo]
            if window and not window[-1].isspace():
                run = window.rsplit(None, 1)[-1]
                cut = max(run.rfind("<"), run.rfind(">"), run.rfind('"'), run.rfind("'"), run.rfind("\x00"))
                lo -= len(run) - cut - 1
            for p in range(max(lo, consumed), a.start() + 1):
                if p > 0 and (text[p - 1].isalnum() or text[p - 1] in "_@/.-"):
                    continue  # the pattern's look-behind: a URL does not start inside a word
                m = self.pattern.match(text, p)
                if m is not None and m.end() > a.start():
                    consumed = m.end()
                    yield m
                    break

    def span(self, match: re.Match[str]) -> tuple[int, int]:
        start, end = match.span()
        text = match.group()
        while text and text[-1] in _TRAILING:
            if text[-1] == ")" and text.count("(") >= text.count(")"):
                break
            text = text[:-1]
            end -= 1
        return start, end

    def validate(self, doc: Document, match: re.Match[str]) -> tuple[str, float, list[Evidence]]:
        start, end = self.span(match)
        value = doc.norm[start:end]
        if len(value) < 6 or value.endswith("://"):
            raise Rejected
        score = 0.9 if "://" in value or value.lower().startswith("www.") else 0.8
        return value, score, [_EV_URL]


class IpDetector(PatternDetector):
    name = "nl.ip.v1"
    label = Label.IP_ADDRESS
    triggers = (r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}", r"::", r"[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:")
    pattern = re.compile(
        r"(?<![\w.:])(?:(?P<v4>(?:\d{1,3}\.){3}\d{1,3})(?![\w]|\.\d)"
        r"|(?P<v6>(?=[0-9A-Fa-f:]*::|(?:[0-9A-Fa-f]{1,4}:){3})[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\w:]))"
    )
    context = ContextWords.of(
        positive=["ip", "ipadres", "ip-adres", "adres", "server", "host", "inlog", "ingelogd", "vpn", "router"],
        negative=["versie", "v", "version", "patch", "versienummer", "update", "build", "release", "firmware", "app", "hoofdstuk", "artikel"],
        window=30, after=0, boost=0.1, penalty=0.5,
    )

    def validate(self, doc: Document, match: re.Match[str]) -> tuple[str, float, list[Evidence]]:
        raw = match.group()
        try:
            ip = ipaddress.ip_address(raw)
        except ValueError:
            raise Rejected from None
        if ip.version == 6 and ":" not in raw.strip(":"):
            raise Rejected
        ev = [Evidence("pattern", f"IPv{ip.version}"), Evidence("validator", "ipaddress")]
        if ip.version == 4 and any(len(p) > 1 and p.startswith("0") for p in raw.split(".")):
            raise Rejected  # "01.02.03.04" is a date-like code, not an address
        score = 0.85 if ip.is_global else 0.7
        if ip.is_global:
            ev.append(Evidence("validator", "public address"))
        return ip.compressed, score, ev
