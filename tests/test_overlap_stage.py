"""The overlap stage compares a finding only with kept findings near it (an index by position); the decisions are those
of comparing it with every kept finding."""

from __future__ import annotations

import random

from doxwacht.document import Document
from doxwacht.findings import Finding
from doxwacht.pipeline import OverlapStage

_LABELS = ["ADDRESS", "POSTCODE", "PERSON", "PHONE", "EMAIL", "URL", "SOCIAL_HANDLE", "LICENSE_PLATE"]


def _all_pairs(stage: OverlapStage, findings: list[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    for f in sorted(findings, key=stage._strength, reverse=True):
        if all(not f.overlaps(k) or stage._compatible(f, k) for k in kept):
            kept.append(f)
    kept.sort(key=lambda f: (f.start, -f.end, f.label))
    return kept


def test_the_index_gives_the_decisions_of_comparing_with_every_kept_finding() -> None:
    r = random.Random(7)
    stage = OverlapStage()
    text = "x" * 5000
    doc = Document(text)
    for _ in range(400):
        findings = []
        for _ in range(r.randint(2, 60)):
            start = r.randrange(0, 4900)
            end = start + r.choice([1, 3, 8, 20, 60, 300, 700])
            findings.append(doc.finding(r.choice(_LABELS), start, min(end, 5000), value="v",
                                        score=r.choice([0.5, 0.7, 0.9]), detector="test"))
        assert stage(doc, findings) == _all_pairs(stage, findings)


def test_the_address_detectors_span_index_answers_as_a_plain_list() -> None:
    from doxwacht.detectors.nl.address import _Spans

    r = random.Random(11)
    for _ in range(200):
        spans, plain = _Spans(), []
        for _ in range(r.randint(1, 40)):
            s = r.randrange(0, 3000)
            span = (s, s + r.choice([1, 5, 30, 90, 200]))
            spans.add(span)
            plain.append(span)
            for _ in range(10):
                a = r.randrange(0, 3300)
                b = a + r.randint(1, 100)
                assert spans.covers(a) == any(s <= a < e for s, e in plain)
                assert spans.overlaps(a, b) == any(s < b and a < e for s, e in plain)
