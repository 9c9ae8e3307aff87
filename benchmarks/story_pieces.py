"""How much single-piece story detection would remove if every page were open to it.

`remove_spam` looks for single pieces of a story (cleaners.spliced.strip_story_pieces)
only on pages where two or more pieces of spliced text were already found. This
script runs the rule on every page of the inputs instead, as an upper bound on what
it can take from pages that carry no story: each span it prints is text the rule
would remove if such a page were opened to it.

    python benchmarks/story_pieces.py seeds ../shared/bench/data/*.jsonl.gz

Prints each span, then pages, spans, characters and the time taken.
"""

from __future__ import annotations

import argparse
import time

from cleaners.spliced import strip_story_pieces
from flows.readers import Document, discover_inputs, read_file


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("inputs", nargs="+")
    args = parser.parse_args()
    pages = spans = removed = total = 0
    started = time.perf_counter()
    documents = (d for f in discover_inputs(args.inputs) for d in read_file(f) if isinstance(d, Document))
    for document in documents:
        pages += 1
        total += len(document.text)
        for edit in strip_story_pieces(document.text).edits:
            spans += 1
            removed += len(edit.before)
            print(f"{document.id}: {edit.before[:60]}")
    seconds = time.perf_counter() - started
    print(f"{pages} pages, {spans} spans, {removed} of {total} characters ({removed / max(total, 1) * 1e4:.1f} "
          f"per 10k), {seconds:.1f} s")


if __name__ == "__main__":
    main()
