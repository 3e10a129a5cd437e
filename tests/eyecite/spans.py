"""Runs eyecite over every fixtures/opinions/*.txt and prints, as JSON, the span of
each case citation it finds (full, short, Id.) in UTF-8 byte offsets, so the Rust test
(tests/eyecite.rs) can compare brieflint's citations with them.

    python3 tests/eyecite/spans.py fixtures/opinions > fixtures/opinions/eyecite-spans.json
"""

import json
import sys
from importlib.metadata import version
from pathlib import Path

from eyecite import get_citations
from eyecite.models import FullCaseCitation, IdCitation, ShortCaseCitation

KINDS = {FullCaseCitation: "full", ShortCaseCitation: "short", IdCitation: "id"}


def byte_offsets(text):
    """Character index -> UTF-8 byte offset, for every index up to len(text)."""
    offsets = [0] * (len(text) + 1)
    total = 0
    for i, ch in enumerate(text):
        offsets[i] = total
        total += len(ch.encode("utf-8"))
    offsets[len(text)] = total
    return offsets


def main(folder):
    out = {"eyecite": version("eyecite"), "reporters-db": version("reporters-db"), "files": {}}
    for path in sorted(Path(folder).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        to_byte = byte_offsets(text)
        spans = []
        for citation in get_citations(text):
            kind = KINDS.get(type(citation))
            if kind is None:
                continue
            start, end = citation.span()
            spans.append([kind, to_byte[start], to_byte[end], text[start:end]])
        out["files"][path.name] = spans
    json.dump(out, sys.stdout, indent=0, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "fixtures/opinions")
