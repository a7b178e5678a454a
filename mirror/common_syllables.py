"""Write ``transforms/data/common_syllables.txt``: the syllables of ordinary police and party reports.

Event linking (``transforms.events``) compares the wording of two reports without the formulaic words
every report shares ("công an", "hội nghị", "đồng chí"). Those words are the syllables found in at
least a quarter of the mirror's ordinary reports (its corpus of the national and provincial sites and
the layout zoo), which are not the labelled event sets. Run ``python -m mirror.common_syllables``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

from transforms.text import key_words, normalize_text

TARGET = Path(__file__).resolve().parent.parent / "transforms" / "data" / "common_syllables.txt"
BACKGROUND = (Path(__file__).parent / "corpus" / "articles.yaml", Path(__file__).parent / "zoo" / "corpus.yaml")
SHARE = 0.25


def common_syllables() -> list[str]:
    reports = [entry for path in BACKGROUND for entry in yaml.safe_load(path.read_text(encoding="utf-8"))]
    seen: Counter[str] = Counter()
    for entry in reports:
        seen.update(set(key_words(normalize_text(" ".join([entry["title"], entry["lead"], *entry["body"]])))))
    return sorted(word for word, count in seen.items() if count >= len(reports) * SHARE and not word.isdigit())


def main() -> None:
    words = common_syllables()
    header = (
        "# Syllables found in a quarter or more of the mirror's ordinary police and party reports: the formulaic\n"
        "# vocabulary every report shares. Written by `python -m mirror.common_syllables`.\n"
    )
    TARGET.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} syllables -> {TARGET}")


if __name__ == "__main__":
    main()
