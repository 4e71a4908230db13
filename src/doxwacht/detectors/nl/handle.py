"""SOCIAL_HANDLE: "@name" mentions and bare handles after a platform cue ("insta: lisa.xo",
"snap kimmie04", "mijn discord is lars#4821", "psn: dutchsniper_88") or a user name's ("op Vinted,
gebruikersnaam lisa_vintage"). Not inside e-mail addresses or URLs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from doxwacht.document import Document
from doxwacht.findings import Evidence, Finding, Label
from doxwacht.detectors.triggers import Trigger, WordListTrigger

_HANDLE = r"[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?"
_MENTION = re.compile(rf"(?<![\w@./:-])@(?P<h>{_HANDLE})(?![\w@]|\.[A-Za-z]{{2,}}\b)")
_CUE = re.compile(
    r"(?<![\w@/.])(?P<cue>instagram|insta|snapchat|snap|tiktok|telegram|twitter|facebook|discord|threads|"
    r"twitch|youtube|steam|psn|xbox|gamertag|gebruikersnaam|username|ig|sc|tg|fb)\b(?:\s*(?:naam|name|account|id))?"
    r"\s*(?::|=|->|(?<=\s)-|-(?=\s)|is)?\s*"
    # (a hyphen glued on both sides makes a compound word: "Twitch-streamer", "tiktok-trend")
    r"(?<!\w-)"
    # (a Discord tag: "lars#4821")
    rf"(?P<at>@)?(?P<h>{_HANDLE}(?:#\d{{4}}(?!\d))?)(?![\w@]|\.[A-Za-z]{{2,}}\b)",
    re.IGNORECASE,
)
_DOMAIN = re.compile(r"\.(?:com|nl|be|net|org|me|tv|io|eu|de)$", re.IGNORECASE)
_SHORT_CUES = {"ig", "sc", "tg", "fb"}
# cues of a user name on any site, often in forms and help texts ("Gebruikersnaam: onbekend", "username = email"): a
# handle after them needs a digit, "_" or "." in it, as one after a platform's name does without a ":"
_FORM_CUES = {"gebruikersnaam", "username"}
_COUNT = re.compile(r"\d+x", re.IGNORECASE)  # "gebruikersnaam 10x geprobeerd"
# words that follow a platform name in ordinary sentences
_NOT_HANDLES = frozenset(
    "is en of op in de het een van voor met maar ook via heeft had wordt werd gaat kan moet om dat die dit er "
    "account accounts groep groepen bericht berichten post posts story stories profiel kanaal verhaal filmpje "
    "video videos foto fotos live app lijst link links chat chats bot groepje".split()
)


_TEMPLATES = frozenset({"voornaam.achternaam", "naam.achternaam", "jouw.naam", "naam_123", "gebruiker123", "user123"})


class HandleDetector:
    name = "nl.handle.v1"
    labels = frozenset({Label.SOCIAL_HANDLE})
    triggers = (
        # (`_MENTION`'s look-behind as a class that holds wherever it does: not the "@" of an e-mail address)
        Trigger(r"(?:^|[^A-Za-z0-9_@./:\-])@[A-Za-z0-9_]"),
        WordListTrigger({"instagram", "insta", "snapchat", "snap", "tiktok", "telegram", "twitter", "facebook",
                         "discord", "threads", "twitch", "youtube", "steam", "psn", "xbox", "gamertag", "gebruikersnaam",
                         "username", "ig", "sc", "tg", "fb"}),
    )

    def detect(self, doc: Document) -> Iterator[Finding]:
        text = doc.norm
        seen: set[int] = set()
        if "@" in text:
            for m in _MENTION.finditer(text):
                handle = m.group("h")
                if handle.isdigit():
                    continue  # "@12" is a time or a count
                seen.add(m.start())
                yield doc.finding(Label.SOCIAL_HANDLE, m.start(), m.end(), value=handle.lower(), score=0.8,
                                  detector=self.name, evidence=[Evidence("pattern", "@mention")])
        for m in _CUE.finditer(text):
            handle = m.group("h")
            cue = m.group("cue").lower()
            start = m.start("at") if m.group("at") else m.start("h")
            if start in seen or handle.lower() in _NOT_HANDLES or len(handle) < 3:
                continue
            if text[m.end("h") : m.end("h") + 1] in (":", "/") or _DOMAIN.search(handle):
                continue  # "https://..." or "instagram.com/...": a URL, not a handle
            between = text[m.end("cue") : start]
            explicit = bool(m.group("at")) or any(c in between for c in ":=-")
            if cue in _SHORT_CUES and not explicit:
                continue
            score = 0.8 if explicit else 0.6
            has_sign = any(c.isdigit() or c in "_.#" for c in handle)
            if (not explicit or cue in _FORM_CUES) and not has_sign:
                continue  # "instagram Lisa" is a sentence, not a handle
            if _COUNT.fullmatch(handle) or (cue in _FORM_CUES and handle.lower() in _TEMPLATES):
                continue
            yield doc.finding(Label.SOCIAL_HANDLE, start, m.end("h"), value=handle.lower(), score=score,
                              detector=self.name, evidence=[Evidence("pattern", f"handle after platform cue '{cue}'")])
