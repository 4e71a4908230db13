"""Tests of the evaluation tooling: the span scorer (eval/score_spans.py) and the gold builder
(eval/build_gold.py), including that the committed gold JSONL matches the corpus text files."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

EVAL_DIR = Path(__file__).resolve().parents[1] / "eval"
sys.path.insert(0, str(EVAL_DIR))

import build_gold  # noqa: E402
import score_spans  # noqa: E402
from build_gold import MarkupError, parse_markup  # noqa: E402
from score_spans import score  # noqa: E402


def gold(id: str, text: str, *spans: tuple[int, int, str]) -> dict[str, Any]:
    return {"id": id, "text": text, "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in spans]}


def pred(id: str, *spans: tuple[int, int, str]) -> dict[str, Any]:
    return {"id": id, "findings": [{"label": lab, "start": s, "end": e, "score": 0.9} for s, e, lab in spans]}


TEXT = "bel 06-12345678 of mail jan@example.nl, Kerkweg 3a"


# --------------------------------------------------------------------------------------------
# Scorer
# --------------------------------------------------------------------------------------------


def test_perfect_prediction_scores_one() -> None:
    g = [gold("a", TEXT, (4, 15, "PHONE"), (24, 38, "EMAIL"))]
    report = score(g, [pred("a", (4, 15, "PHONE"), (24, 38, "EMAIL"))])
    for entry in report.labels.values():
        assert entry.exact.f1 == entry.overlap.f1 == 1.0
    assert report.micro_exact.tp == 2 and report.micro_exact.fp == report.micro_exact.fn == 0
    assert report.errors == []


def test_exact_versus_overlap() -> None:
    g = [gold("a", TEXT, (4, 15, "PHONE"))]
    report = score(g, [pred("a", (4, 14, "PHONE"))])  # one character short
    phone = report.labels["PHONE"]
    assert (phone.exact.tp, phone.exact.fp, phone.exact.fn) == (0, 1, 1)
    assert (phone.overlap.tp, phone.overlap.fp, phone.overlap.fn) == (1, 0, 0)
    assert [e.kind for e in report.errors] == ["BOUNDARY"]
    assert report.errors[0].gold_text == "06-12345678"


def test_overlap_requires_same_label() -> None:
    g = [gold("a", TEXT, (4, 15, "PHONE"))]
    report = score(g, [pred("a", (4, 15, "BSN"))])
    assert report.labels["PHONE"].overlap.fn == 1
    assert report.labels["BSN"].overlap.fp == 1
    assert report.labels["BSN"].support == 0


def test_touching_spans_do_not_overlap() -> None:
    g = [gold("a", TEXT, (4, 15, "PHONE"))]
    report = score(g, [pred("a", (15, 20, "PHONE"))])
    assert report.labels["PHONE"].overlap.tp == 0


def test_one_gold_is_matched_at_most_once() -> None:
    g = [gold("a", TEXT, (0, 20, "ADDRESS"))]
    report = score(g, [pred("a", (0, 10, "ADDRESS"), (10, 20, "ADDRESS"))])
    address = report.labels["ADDRESS"].overlap
    assert (address.tp, address.fp, address.fn) == (1, 1, 0)


def test_one_prediction_is_matched_at_most_once() -> None:
    g = [gold("a", TEXT, (0, 10, "PERSON"), (11, 20, "PERSON"))]
    report = score(g, [pred("a", (0, 20, "PERSON"))])
    person = report.labels["PERSON"].overlap
    assert (person.tp, person.fp, person.fn) == (1, 0, 1)


def test_overlap_matching_is_maximal() -> None:
    # Prediction X overlaps both gold spans, Y only the first: the best matching pairs X with the
    # second gold span and Y with the first, so both count (a greedy first-come match gives 1).
    g = [gold("a", TEXT, (0, 10, "PERSON"), (10, 20, "PERSON"))]
    report = score(g, [pred("a", (2, 18, "PERSON"), (0, 3, "PERSON"))])
    assert report.labels["PERSON"].overlap.tp == 2


def test_duplicate_predictions_count_once_in_exact_mode() -> None:
    g = [gold("a", TEXT, (4, 15, "PHONE"))]
    report = score(g, [pred("a", (4, 15, "PHONE"), (4, 15, "PHONE"))])
    assert (report.labels["PHONE"].exact.tp, report.labels["PHONE"].exact.fp) == (1, 1)
    assert (report.labels["PHONE"].overlap.tp, report.labels["PHONE"].overlap.fp) == (1, 1)


def test_empty_inputs() -> None:
    report = score([], [])
    assert report.labels == {} and report.documents == 0
    assert report.micro_exact.f1 == report.micro_overlap.f1 == 0.0
    assert report.macro_f1("overlap") == 0.0
    assert "micro avg" in score_spans.format_table(report)

    report = score([gold("a", "niets hier")], [pred("a")])
    assert report.documents == 1 and report.labels == {}


def test_missing_prediction_record_counts_as_empty() -> None:
    g = [gold("a", TEXT, (4, 15, "PHONE")), gold("b", "niets")]
    report = score(g, [pred("b")])
    assert report.labels["PHONE"].overlap.fn == 1
    assert report.errors[0].kind == "FN" and report.errors[0].text == "06-12345678"


def test_prediction_for_unknown_id_is_an_error() -> None:
    with pytest.raises(ValueError, match="not in the gold set"):
        score([gold("a", TEXT)], [pred("zzz")])
    with pytest.raises(ValueError, match="duplicate"):
        score([gold("a", TEXT), gold("a", TEXT)], [])


def test_label_filter() -> None:
    g = [gold("a", TEXT, (4, 15, "PHONE"), (24, 38, "EMAIL"))]
    report = score(g, [pred("a", (4, 15, "PHONE"), (40, 50, "ADDRESS"))], labels=["PHONE", "IBAN"])
    assert list(report.labels) == ["PHONE", "IBAN"]
    assert report.labels["IBAN"].support == 0
    assert report.micro_overlap.tp == 1 and report.micro_overlap.fp == 0 and report.micro_overlap.fn == 0
    assert all(e.label in {"PHONE", "IBAN"} for e in report.errors)


def test_micro_average_and_prf() -> None:
    g = [gold("a", TEXT, (4, 15, "PHONE"), (24, 38, "EMAIL"), (40, 50, "ADDRESS"))]
    report = score(g, [pred("a", (4, 15, "PHONE"), (24, 30, "EMAIL"), (0, 3, "PERSON"))])
    assert (report.micro_exact.tp, report.micro_exact.fp, report.micro_exact.fn) == (1, 2, 2)
    assert (report.micro_overlap.tp, report.micro_overlap.fp, report.micro_overlap.fn) == (2, 1, 1)
    assert report.micro_overlap.precision == pytest.approx(2 / 3)
    assert report.micro_overlap.recall == pytest.approx(2 / 3)
    assert report.micro_overlap.f1 == pytest.approx(2 / 3)


def test_gold_records_may_serve_as_predictions() -> None:
    g = [gold("a", TEXT, (4, 15, "PHONE"))]
    assert score(g, g).labels["PHONE"].exact.f1 == 1.0


def test_cli_writes_json_and_lists_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold_path, pred_path, out = tmp_path / "g.jsonl", tmp_path / "p.jsonl", tmp_path / "r.json"
    gold_path.write_text(json.dumps(gold("a", TEXT, (4, 15, "PHONE"), (24, 38, "EMAIL"))) + "\n")
    pred_path.write_text(json.dumps(pred("a", (4, 15, "PHONE"), (0, 3, "PERSON"))) + "\n")
    code = score_spans.main(
        ["--gold", str(gold_path), "--pred", str(pred_path), "--json", str(out), "--errors", "5"]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "PHONE" in printed and "micro avg" in printed and "jan@example.nl" in printed
    data = json.loads(out.read_text())
    assert data["labels"]["PHONE"]["exact"]["f1"] == 1.0
    assert data["labels"]["EMAIL"]["overlap"]["fn"] == 1
    assert {e["kind"] for e in data["errors"]} == {"FN", "FP"}


# --------------------------------------------------------------------------------------------
# Gold builder: markup
# --------------------------------------------------------------------------------------------


def test_parse_markup_offsets() -> None:
    text, spans = parse_markup("bel [[PHONE|06-12345678]] of mail [[EMAIL|a@b.nl]]!")
    assert text == "bel 06-12345678 of mail a@b.nl!"
    found = [(text[s.start : s.end], s.label) for s in spans]
    assert found == [("06-12345678", "PHONE"), ("a@b.nl", "EMAIL")]


def test_parse_markup_nesting() -> None:
    text, spans = parse_markup("Adres: [[ADDRESS|Hoofdstraat 12, [[POSTCODE|1234 AB]] Utrecht]].")
    assert text == "Adres: Hoofdstraat 12, 1234 AB Utrecht."
    found = {(text[s.start : s.end], s.label) for s in spans}
    assert found == {("Hoofdstraat 12, 1234 AB Utrecht", "ADDRESS"), ("1234 AB", "POSTCODE")}
    # the outer span is listed first (sorted by start, then longest)
    assert spans[0].label == "ADDRESS"

    text, spans = parse_markup("[[ADDRESS|[[POSTCODE|5119wa]] huisnummer 350]]")
    assert text == "5119wa huisnummer 350"
    assert [(s.start, s.end, s.label) for s in spans] == [(0, 21, "ADDRESS"), (0, 6, "POSTCODE")]


def test_parse_markup_keeps_plain_text_and_pipes() -> None:
    text, spans = parse_markup("a | b [c] ]d [e")
    assert text == "a | b [c] ]d [e" and spans == ()
    text, spans = parse_markup("[[PERSON|Jan]] | [[PERSON|Piet]]")
    assert text == "Jan | Piet" and len(spans) == 2


@pytest.mark.parametrize(
    ("marked", "message"),
    [
        ("bel [[PHONE|06-12345678", "unclosed PHONE"),
        ("bel 06-12345678]] nu", "without an open"),
        ("[[FOO|x]]", "unknown label"),
        ("[[phone|x]]", "unknown label"),
        ("[[PHONE|]]", "empty PHONE"),
        ("[[PERSON| Jan]]", "whitespace"),
        ("[[PERSON|Jan ]]", "whitespace"),
        ("[[PHONE 0612345678]]", "not followed by"),
        ("[[POSTCODE|[[ADDRESS|Kerkweg 3]]]]", "may not nest"),
        ("[[PERSON|Jan [[PERSON|de]] Vries]]", "may not nest"),
    ],
)
def test_malformed_markup_is_an_error(marked: str, message: str) -> None:
    with pytest.raises(MarkupError, match=message):
        parse_markup(marked)


def test_error_reports_line_and_column() -> None:
    with pytest.raises(MarkupError, match="line 12, column 5"):
        parse_markup("eerste regel\nbel [[PHONE|0612345678", first_line=11)


def test_split_blocks() -> None:
    source = ";; comment\nfirst\nmessage\n---\n\n;; also a comment\nsecond ;; not a comment\n\n---\n---\n"
    blocks = build_gold.split_blocks(source)
    assert [b for _, b in blocks] == ["first\nmessage", "second ;; not a comment"]
    assert [line for line, _ in blocks] == [2, 7]


def test_invalid_spans_are_rejected(tmp_path: Path) -> None:
    corpus = tmp_path / "c.txt"
    corpus.write_text(
        "[[PHONE|06-1234567]]\n---\n[[IBAN|NL00ABNA0417164300]]\n---\n[[BSN|123456789]]\n---\n"
        "[[POSTCODE|1234 SS]]\n---\n[[LICENSE_PLATE|AA-123-B]]\n---\nagent [[PERSON|agent Bakker]]\n---\n"
        "[[ADDRESS|Hoofdstraat 12, 1234 AB Utrecht]]\n---\n[[DATE_OF_BIRTH|12 maart]]\n"
    )
    with pytest.raises(MarkupError) as info:
        build_gold.load_corpus(corpus, "x")
    message = str(info.value)
    assert "8 problem(s)" in message
    expected = (
        "libphonenumber", "check digits", "11-proef", "never issued", "BDFGHJKLNPRSTVXZ",
        "titles and roles", "not marked", "not a full date",
    )
    for fragment in expected:
        assert fragment in message


def test_validators_accept_valid_values() -> None:
    ok = {
        "PHONE": ["06-12345678", "+31 6 12345678", "+31(0)6-12345678", "0031612345678", "020-1234567",
                  "0 6 - 1 2 3 4 5 6 7 8", "O6-12345678", "+32 470 12 34 56", "+49 151 23456789"],
        "EMAIL": ["jan@domein.nl", "jan [at] domein [punt] nl", "jan(at)gmail(dot)com"],
        "POSTCODE": ["1234 AB", "1234AB", "1234ab", "1234 ab"],
        "LICENSE_PLATE": ["GJ-412-K", "8-KTZ-45", "xnb-17-g", "KFR48N", "AB-12-34", "999-BB-9"],
        "IBAN": ["NL91 ABNA 0417 1643 00", "nl91abna0417164300"],
        "BSN": ["111222333", "1112.22.333", "111 222 333"],
        "DATE_OF_BIRTH": ["12-03-1998", "3 mei 2001", "1999-07-21", "04/11/2002", "24 dec. 1999"],
        "IP_ADDRESS": ["192.168.1.1", "2001:db8::1"],
        "URL": ["https://example.nl/a", "www.example.nl", "t.me/groep", "instagram.com/lisa"],
        "SOCIAL_HANDLE": ["@lisa_2004", "lisa.xo"],
        "GEO_COORDINATE": ["52.3702, 4.8952", "51.9225 N 4.4792 E"],
        "ADDRESS": ["Hoofdstraat 12", "5119wa huisnummer 350"],
        "PERSON": ["J.P. van der Berg", "Kees van 't Hof", "de Vries"],
    }
    for label, values in ok.items():
        for value in values:
            assert build_gold.VALIDATORS[label](value) is None, (label, value)


def test_iban_check_digits_match_schwifty() -> None:
    from schwifty import IBAN

    for value in ("NL91ABNA0417164300", "BE73001260181560", "DE89370400449093786579"):
        assert build_gold.iban_check_digits(value[:2], value[4:]) == value[2:4]
        assert IBAN(value).checksum_digits == value[2:4]


def test_plate_sidecodes() -> None:
    assert build_gold.plate_sidecode("XX-99-99".replace("X", "B")) == 1
    assert build_gold.plate_sidecode("9-XX-999".replace("X", "B")) == 13
    assert build_gold.plate_sidecode("BB99BB") == 4
    assert build_gold.plate_sidecode("B-B-99") is None


# --------------------------------------------------------------------------------------------
# The committed corpus
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "corpus", "jsonl", "prefix"), build_gold.DATASETS)
def test_committed_jsonl_is_in_sync(name: str, corpus: Path, jsonl: Path, prefix: str) -> None:
    records = build_gold.load_corpus(corpus, prefix)
    assert jsonl.read_text(encoding="utf-8") == build_gold.to_jsonl(records), (
        f"{jsonl.name} is out of date: run python eval/build_gold.py"
    )
    for record in build_gold.read_jsonl(jsonl):
        assert re.fullmatch(rf"{prefix}-\d{{4}}", record["id"])
        for span in record["spans"]:
            assert 0 <= span["start"] < span["end"] <= len(record["text"])


def test_corpus_size_and_coverage() -> None:
    minimums = {"dev": (350, 40, 15), "test": (250, 25, 10)}
    main_labels = {"PHONE", "EMAIL", "POSTCODE", "IBAN", "BSN", "LICENSE_PLATE", "ADDRESS", "PERSON",
                   "DATE_OF_BIRTH"}
    for name, corpus, _, prefix in build_gold.DATASETS:
        records = build_gold.load_corpus(corpus, prefix)
        messages, main_min, other_min = minimums[name]
        assert len(records) >= messages
        counts, empty = build_gold.stats(records)
        for label in build_gold.LABELS:
            assert counts[label] >= (main_min if label in main_labels else other_min), (name, label)
        assert empty * 3 >= len(records), f"{name}: fewer than a third of the messages without PII"


def test_test_set_shares_no_values_with_dev() -> None:
    """The held-out set measures generalisation: none of its PII values occurs in dev."""

    def values(prefix: str, corpus: Path) -> set[tuple[str, str]]:
        out = set()
        for record in build_gold.load_corpus(corpus, prefix):
            for span in record.spans:
                key = re.sub(r"[^0-9a-z]", "", record.text[span.start : span.end].lower())
                out.add((span.label, key))
        return out

    (_, dev_corpus, _, dev_prefix), (_, test_corpus, _, test_prefix) = build_gold.DATASETS
    assert values(dev_prefix, dev_corpus) & values(test_prefix, test_corpus) == set()


# --------------------------------------------------------------------------------------------
# run_pii (with a stand-in engine, so the check does not depend on the detectors)
# --------------------------------------------------------------------------------------------


class _EchoEngine:
    """Returns the gold spans of a text as findings (or nothing when `empty`)."""

    def __init__(self, gold_by_text: dict[str, list[dict[str, Any]]], empty: bool = False) -> None:
        self.gold_by_text = gold_by_text
        self.empty = empty

    def scan(self, text: str, *, id: Any = None) -> Any:
        findings = [] if self.empty else self.gold_by_text[text]

        class _Result:
            def to_dict(self) -> dict[str, Any]:
                return {"id": id, "findings": findings}

        return _Result()


@pytest.mark.parametrize("empty", [False, True])
def test_run_pii_targets_and_strict_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], empty: bool
) -> None:
    import doxwacht
    import run_pii

    marked = [
        "[[PERSON|Jan de Vries]], geb. [[DATE_OF_BIRTH|12-03-1998]], bsn [[BSN|111222333]]",
        "[[ADDRESS|Kerkweg 3a, [[POSTCODE|1234 AB]] Utrecht]], [[PHONE|06-12345678]], [[EMAIL|jan@x.nl]]",
        "auto [[LICENSE_PLATE|GJ-412-K]], rekening [[IBAN|NL91ABNA0417164300]]",
        "niets bijzonders hier",
    ]
    records = []
    for number, line in enumerate(marked):
        text, spans = parse_markup(line)
        records.append({"id": f"t-{number}", "text": text, "spans": [s.to_dict() for s in spans]})
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    by_text = {r["text"]: r["spans"] for r in records}
    monkeypatch.setattr(doxwacht, "Engine", lambda **_: _EchoEngine(by_text, empty))

    out = tmp_path / "report.json"
    code = run_pii.main(["--gold", str(path), "--targets-on", str(path), "--strict", "--json", str(out)])
    printed = capsys.readouterr().out
    assert code == (1 if empty else 0)
    assert ("FAIL" in printed) == empty and "PHONE" in printed
    targets = json.loads(out.read_text())["targets"]
    assert {t["label"] for t in targets} == set(run_pii.TARGETS)
    assert all(t["passed"] != empty for t in targets)
    # without --strict the exit code is 0 whatever the scores
    assert run_pii.main(["--gold", str(path), "--targets-on", str(path)]) == 0
