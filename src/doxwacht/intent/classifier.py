"""A trainable text classifier beside the rules: the user trains it on his own labelled data.

Character n-grams (2-5, within word boundaries, robust to spelling variants and obfuscation) and word
n-grams (1-2), TF-IDF weighted, into a logistic regression (or a linear SVM). The model is saved with
skops (a format that loads without running arbitrary code) plus a JSON sidecar that records the labels,
the hash of the training file, the date and the versions. No model is shipped with doxwacht.

    train(Path("mijn_data.csv"), Path("model.skops"))
    report = evaluate(Path("test.csv"), Path("model.skops"))
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ALGORITHMS = ("logreg", "svm")


class ClassifierError(ValueError):
    pass


def build_pipeline(algorithm: str = "logreg", *, seed: int = 0):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.svm import LinearSVC

    if algorithm not in ALGORITHMS:
        raise ClassifierError(f"unknown algorithm {algorithm!r}; choose from {', '.join(ALGORITHMS)}")
    features = FeatureUnion([
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=1,
                                 lowercase=True, strip_accents="unicode")),
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=1,
                                 lowercase=True, strip_accents="unicode", token_pattern=r"(?u)\b\w[\w'*@$]*\b")),
    ])
    if algorithm == "svm":
        clf = LinearSVC(C=0.5, class_weight="balanced", random_state=seed)
    else:
        clf = LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced", random_state=seed)
    return Pipeline([("features", features), ("clf", clf)])


def read_labelled(path: Path, text_field: str = "text", label_field: str = "label"
                  ) -> tuple[list[str], list[str]]:
    """Read (text, label) pairs from a CSV (with header) or JSONL file."""
    if not path.exists():
        raise ClassifierError(f"no such file: {path}")
    texts: list[str] = []
    labels: list[str] = []
    suffix = path.suffix.lower()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        if suffix in (".jsonl", ".ndjson", ".json"):
            for n, line in enumerate(fh, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ClassifierError(f"{path}:{n}: not JSON: {exc}") from exc
                if text_field not in obj or label_field not in obj:
                    raise ClassifierError(f"{path}:{n}: needs fields {text_field!r} and {label_field!r}")
                texts.append(str(obj[text_field]))
                labels.append(str(obj[label_field]))
        else:
            sample = fh.read(4096)
            fh.seek(0)
            try:
                dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            reader = csv.DictReader(fh, dialect=dialect)
            if not reader.fieldnames or text_field not in reader.fieldnames or label_field not in reader.fieldnames:
                raise ClassifierError(f"{path}: needs columns {text_field!r} and {label_field!r}; "
                                      f"found {reader.fieldnames}")
            for row in reader:
                texts.append(row[text_field] or "")
                labels.append(str(row[label_field]))
    if not texts:
        raise ClassifierError(f"{path}: no examples")
    return texts, labels


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sidecar_path(model_path: Path) -> Path:
    return model_path.with_name(model_path.name + ".json")


def train(input_path: Path, model_path: Path, *, text_field: str = "text", label_field: str = "label",
          algorithm: str = "logreg") -> dict[str, Any]:
    import sklearn
    import skops.io as sio

    from doxwacht import __version__

    texts, labels = read_labelled(input_path, text_field, label_field)
    classes = sorted(set(labels))
    if len(classes) < 2:
        raise ClassifierError("training needs at least two different labels")
    pipe = build_pipeline(algorithm)
    pipe.fit(texts, labels)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(pipe, model_path)
    meta = {
        "format": "doxwacht-intent-classifier/1",
        "labels": classes,
        "counts": {c: labels.count(c) for c in classes},
        "n_examples": len(texts),
        "algorithm": algorithm,
        "features": "tfidf char_wb 2-5 + word 1-2",
        "text_field": text_field,
        "label_field": label_field,
        "training_file": str(input_path),
        "training_sha256": _sha256(input_path),
        "model_sha256": _sha256(model_path),
        "trained_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "doxwacht_version": __version__,
        "sklearn_version": sklearn.__version__,
    }
    sidecar_path(model_path).write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    return meta


_TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.", "collections.", "re.")


def load(model_path: Path):
    """Load a model written by `train`; checks its hash against the sidecar and trusts only sklearn,
    numpy and scipy types."""
    import skops.io as sio

    side = sidecar_path(model_path)
    if not model_path.exists():
        raise ClassifierError(f"no such model: {model_path}")
    if not side.exists():
        raise ClassifierError(f"model sidecar missing: {side}")
    meta = json.loads(side.read_text(encoding="utf-8"))
    if meta.get("model_sha256") != _sha256(model_path):
        raise ClassifierError(f"{model_path} does not match the hash in {side.name}; retrain or restore it")
    untrusted = sio.get_untrusted_types(file=model_path)
    bad = [t for t in untrusted if not t.startswith(_TRUSTED_PREFIXES)]
    if bad:
        raise ClassifierError(f"model holds types that are not trusted: {bad}")
    return sio.load(model_path, trusted=untrusted), meta


@dataclass
class ClassReport:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


def report(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    labels = sorted(set(gold) | set(pred))
    rows: list[ClassReport] = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        rows.append(ClassReport(lab, p, r, f, sum(1 for g in gold if g == lab)))
    acc = sum(1 for g, p in zip(gold, pred) if g == p) / len(gold) if gold else 0.0
    confusion = {g: {p: sum(1 for a, b in zip(gold, pred) if a == g and b == p) for p in labels} for g in labels}
    return {
        "classes": [r.__dict__ for r in rows],
        "accuracy": acc,
        "macro_f1": sum(r.f1 for r in rows) / len(rows) if rows else 0.0,
        "n": len(gold),
        "confusion": confusion,
    }


def evaluate(input_path: Path, model_path: Path, *, text_field: str | None = None,
             label_field: str | None = None) -> dict[str, Any]:
    pipe, meta = load(model_path)
    texts, gold = read_labelled(input_path, text_field or meta.get("text_field", "text"),
                                label_field or meta.get("label_field", "label"))
    pred = [str(p) for p in pipe.predict(texts)]
    out = report(gold, pred)
    out["model"] = str(model_path)
    out["unseen_labels"] = sorted(set(gold) - set(meta.get("labels", [])))
    return out


def predict(model_path: Path, texts: Sequence[str]) -> list[str]:
    pipe, _ = load(model_path)
    return [str(p) for p in pipe.predict(list(texts))]
