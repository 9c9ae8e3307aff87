"""What the worst inputs cost to clean, single core: pages built to make each cleaner work hardest.

The real pages (:mod:`page_cost`) say what crawled pages cost; these say what a crawl's worst
can: binary junk read as GBK (rare characters, each a suspect of mojibake), characters each
followed by a '?' that a decoder wrote for lost bytes, random bytes (a binary file served as text)
decoded as UTF-8, GBK or Latin-1, long UTF-8 read as GBK or Latin-1,
thousands of short lines, entities, nested tags. Each page is built with a fixed seed, at the
sizes given, and timed through the clean stage (``clean_document``) against the afternoon
baseline (``ftfy.fix_text`` and OpenCC's t2s) on the same page in the same run.

    python benchmarks/worst_pages.py [--chars 20000] [--repeat 1]

Prints each page's ms per KB for both and the ratio.
"""

from __future__ import annotations

import argparse
import random

from page_cost import afternoon, cleaned_text, page_seconds

from cleaners import warm_up

COMMON = "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会"
SENTENCE = "工会工作很好，职工很满意。"


def worst_pages(chars: int, seed: int = 34) -> list[dict]:
    """The pages, each about ``chars`` characters long."""
    rng = random.Random(seed)
    rare = [chr(c) for c in range(0x3400, 0x4DB6)]
    repeats = chars // len(SENTENCE)
    junk = rng.randbytes(chars)  # a binary file served as text
    pages = {
        "binary junk read as GBK (rare characters)": "".join(rng.choice(rare) for _ in range(chars)),
        **{f"random bytes read as {codec}": junk.decode(codec, errors="replace") for codec in ("UTF-8", "GBK", "Latin-1")},
        "characters each followed by '?'": "?".join(rng.choice(COMMON) for _ in range(chars // 2)),
        "UTF-8 read as GBK, one line": (SENTENCE * repeats).encode("utf-8").decode("gbk", errors="replace"),
        "UTF-8 read as Latin-1, one line": (SENTENCE * repeats).encode("utf-8").decode("latin-1"),
        "short lines of common characters": "\n".join(
            "".join(rng.choice(COMMON) for _ in range(rng.randint(2, 8))) for _ in range(chars // 5)),
        "entities": "&#x5728;" * (chars // 8),
        "nested tags": "<div>" * (chars // 11) + "正文" + "</div>" * (chars // 11),
        "clean prose (for scale)": SENTENCE * repeats,
    }
    return [{"id": name, "text": text} for name, text in pages.items()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    pages = worst_pages(args.chars)
    warm_up()
    mine, _ = page_seconds(cleaned_text, pages, args.repeat)
    base, _ = page_seconds(afternoon, pages, args.repeat)
    print(f"{len(pages)} pages of about {args.chars:,} characters, best of {args.repeat}, caches forgotten before each")
    print(f"{'page':44s} {'KB':>7s} {'qingxi ms/KB':>13s} {'baseline ms/KB':>15s} {'ratio':>7s}")
    for page, seconds, baseline in zip(pages, mine, base):
        kb = len(page["text"].encode("utf-8", "surrogatepass")) / 1024
        print(f"{page['id']:44s} {kb:7.1f} {seconds * 1e3 / kb:13.2f} {baseline * 1e3 / kb:15.2f} "
              f"{seconds / baseline:7.1f}x")


if __name__ == "__main__":
    main()
