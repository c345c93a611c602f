"""Precision / recall of classify_community_text on the labelled texts.

    .venv/bin/python -m python_udfs.intent_eval               # print the table
    .venv/bin/python -m python_udfs.intent_eval --write-docs  # refresh docs/udfs.md

The labelled file (tests/python/data/community_texts.jsonl) holds one JSON
object a line: ``id``, ``split``, ``platform``, ``text``, ``labels``. Splits:
``dev`` (written first, rules tuned on it), ``holdout`` and ``holdout2``
(written later, rules then tuned on them too), ``demo`` (the bodies of the demo
generator, scripts/demo_data/vocabulary.py, labelled by the group they are drawn from) and
``holdout3`` (written last, never tuned on: the honest estimate of how the
rules generalize).
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path

from python_udfs.community_intent import DEFAULT_COMPETITORS, LABELS, classify_community_text

PROJECT_DIR = Path(__file__).resolve().parents[1]
LABELLED_TEXTS = PROJECT_DIR / "tests" / "python" / "data" / "community_texts.jsonl"
DOCS_FILE = PROJECT_DIR / "docs" / "udfs.md"
UNTUNED_SPLIT = "holdout3"
_DOCS_START = "<!-- intent-metrics:start -->"
_DOCS_END = "<!-- intent-metrics:end -->"


@dataclass(frozen=True)
class LabelScore:
    """Confusion counts of one label, with precision and recall (1.0 when undefined)."""

    label: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load_labelled(path: Path = LABELLED_TEXTS) -> list[dict]:
    """The labelled texts, one dict per line of the JSONL file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score(rows: list[dict]) -> dict[str, LabelScore]:
    """Per-label confusion counts of the classifier (default competitors) on `rows`."""
    counts = {label: [0, 0, 0] for label in LABELS}
    for row in rows:
        predicted = set(classify_community_text(row["text"], DEFAULT_COMPETITORS))
        expected = set(row["labels"])
        for label in LABELS:
            if label in predicted and label in expected:
                counts[label][0] += 1
            elif label in predicted:
                counts[label][1] += 1
            elif label in expected:
                counts[label][2] += 1
    return {label: LabelScore(label, *c) for label, c in counts.items()}


def markdown_table(rows: list[dict]) -> str:
    """Markdown table: every labelled text (the test gate) and the untuned split."""
    untuned = [row for row in rows if row["split"] == UNTUNED_SPLIT]
    all_scores, untuned_scores = score(rows), score(untuned)
    lines = [
        f"All {len(rows)} labelled texts (the test gate) and the {len(untuned)} never-tuned `{UNTUNED_SPLIT}` texts:",
        "",
        "| label | support (all) | precision (all) | recall (all) | support (holdout3) "
        "| precision (holdout3) | recall (holdout3) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label in LABELS:
        a, u = all_scores[label], untuned_scores[label]
        lines.append(
            f"| `{label}` | {a.tp + a.fn} | {a.precision:.3f} | {a.recall:.3f} "
            f"| {u.tp + u.fn} | {u.precision:.3f} | {u.recall:.3f} |"
        )
    return "\n".join(lines)


def write_docs(table: str, docs: Path = DOCS_FILE) -> None:
    """Replace the table between the metrics markers of docs/udfs.md."""
    text = docs.read_text(encoding="utf-8")
    block = f"{_DOCS_START}\n{table}\n{_DOCS_END}"
    pattern = re.compile(re.escape(_DOCS_START) + r".*?" + re.escape(_DOCS_END), re.DOTALL)
    docs.write_text(pattern.sub(lambda _: block, text), encoding="utf-8")


def docs_table(docs: Path = DOCS_FILE) -> str:
    """The table currently written between the metrics markers of docs/udfs.md."""
    text = docs.read_text(encoding="utf-8")
    start, end = text.index(_DOCS_START) + len(_DOCS_START), text.index(_DOCS_END)
    return text[start:end].strip()


def main() -> None:
    """Print the metrics table; with --write-docs also refresh docs/udfs.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-docs", action="store_true", help="rewrite the table in docs/udfs.md")
    args = parser.parse_args()
    table = markdown_table(load_labelled())
    print(table)
    if args.write_docs:
        write_docs(table)


if __name__ == "__main__":
    main()
