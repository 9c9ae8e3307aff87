"""Spam discovery on campaigns that appear in no list: recall and damage.

Made-up campaigns (a lone name, names with variants, an ordinary word used as a
name) are pushed into paragraphs of the clean seed pages (000, 002, 003, 004 after
cleaning) at random positions, one to three times in two paragraphs out of three;
the third paragraph stays clean. The baseline, run on the same corpus, is the
built-in list alone (no discovery), which knows none of these campaigns. Then
made-up story sentences (some cut off mid-sentence, half in Traditional) are
spliced into the same paragraphs and found by recurrence (cleaners.spliced).
Last, each campaign hits one page hard, and that page is the whole corpus.

    python benchmarks/spam_discovery.py [--seeds 3]

Prints per run: recall of injected tokens, paragraphs changed beyond their
tokens, clean paragraphs changed, and the families discovered; for sentences,
the paragraphs not restored exactly and the clean paragraphs changed.
"""

from __future__ import annotations

import argparse
import random
from difflib import SequenceMatcher
from pathlib import Path
from unittest import mock

import numpy as np

from cleaners import clean_text, spam
from cleaners.script import convert_script
from cleaners.passes import Spam, run_passes
from cleaners.spam import SpamLexicon, remove_spam
from cleaners.spam_families import KNOWN_FAMILIES
from cleaners.spliced import document_tail_hashes, find_spliced, recurring_tails, tail_occurrences

ROOT = Path(__file__).resolve().parents[1]
CAMPAIGNS = [["龙腾娱乐汇"], ["金牌代写论文", "代写论文"], ["天天彩票网", "天天彩票"],
             ["刷单兼职", "兼职刷单日结", "刷单"], ["蓝海棋牌", "蓝海棋牌官网", "棋牌下载"], ["老虎机技巧"],
             ["私家侦探", "私家侦探公司", "找私家侦探"]]

STORY = ["她低头看着手里的信,半天没有说话。", "“你到底想怎么样?”他冷冷地问道,眼睛却",
         "窗外的雨越下越大。屋里却安静得", "老人叹了一口气,慢慢地把门关上了。"]


def paragraphs() -> list[str]:
    found = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        if not path.name.startswith("001"):  # 001 carries a real campaign
            found += [p for p in clean_text(path.read_text(encoding="utf-8")).text.split("\n") if len(p) > 60]
    return found


def corpus(hosts: list[str], seed: int) -> tuple[dict[int, str], dict[int, list[str]]]:
    rng = random.Random(seed)
    texts, injected = {}, {}
    for i, host in enumerate(hosts):
        tokens = [] if i % 3 == 0 else [rng.choice(CAMPAIGNS[i % len(CAMPAIGNS)]) for _ in range(rng.randint(1, 3))]
        text = host
        for token in tokens:
            at = rng.randrange(5, len(text) - 5)
            text = text[:at] + token + text[at:]
        texts[i], injected[i] = text, tokens
    return texts, injected


def score(lexicon: SpamLexicon, hosts: list[str], texts: dict, injected: dict) -> dict:
    total = left = damaged = clean_changed = 0
    for i, text in texts.items():
        out = remove_spam(text, lexicon).text
        total += len(injected[i])
        left += sum(token in out for token in injected[i])
        if not injected[i]:
            clean_changed += out != hosts[i]
        elif out != hosts[i] and not any(token in out for token in injected[i]):
            damaged += 1
    return {"recall": round(1 - left / total, 3), "damaged": damaged, "clean_changed": clean_changed}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    hosts = paragraphs()
    for seed in range(1, args.seeds + 1):
        texts, injected = corpus(hosts, seed)
        baseline = score(SpamLexicon.from_tokens(KNOWN_FAMILIES), hosts, texts, injected)
        lexicon = run_passes([[Spam(SpamLexicon.from_tokens(KNOWN_FAMILIES))]], texts)[1][Spam.name]
        new = {family: tokens & lexicon.discovered for family, tokens in lexicon.families.items()
               if tokens & lexicon.discovered}
        ours = score(lexicon, hosts, texts, injected)
        print(f"run {seed}: {len(texts)} paragraphs, {sum(map(len, injected.values()))} injections")
        print(f"  built-in list only (baseline): {baseline}")
        print(f"  with discovery:                {ours}")
        print(f"  discovered: {sorted(sorted(tokens) for tokens in new.values())}")
        print(f"  spliced story sentences:     {spliced_sentences(hosts, seed)}")
        print(f"  one page hit hard:           {one_page(hosts, seed)}")


def one_page(hosts: list[str], seed: int, injections: int = 12) -> dict:
    """Each campaign's main name pushed into one page (eight paragraphs) twelve times; that
    page is the whole corpus, so only the page itself can prove the campaign. The baseline
    is the corpus-level evidence alone (``spam.MIN_PAGE_SPLITS`` out of reach)."""
    rng = random.Random(seed)
    pages = []
    for campaign in CAMPAIGNS:
        start = rng.randrange(len(hosts) - 8)
        host = text = "\n".join(hosts[start:start + 8])
        for _ in range(injections):
            at = rng.randrange(5, len(text) - 5)
            text = text[:at] + campaign[0] + text[at:]
        pages.append((campaign[0], host, text))

    def run() -> dict:
        left = lost = 0
        for token, host, text in pages:
            outcome, _ = run_passes([[Spam(SpamLexicon.from_tokens(KNOWN_FAMILIES))]], {0: text})
            out = outcome[0].text
            left += out.count(token)
            lost += sum(i2 - i1 for op, i1, i2, _, _ in SequenceMatcher(None, host, out, autojunk=False).get_opcodes()
                        if op in ("delete", "replace"))
        return {"recall": round(1 - left / (injections * len(pages)), 3), "host_chars_lost": lost}

    with mock.patch.object(spam, "MIN_PAGE_SPLITS", float("inf")):
        baseline = run()
    return {"pages": len(pages), "corpus evidence only": baseline, "with page evidence": run()}


def spliced_sentences(hosts: list[str], seed: int) -> dict:
    """One story sentence spliced into two paragraphs in three, found by recurrence."""
    rng = random.Random(seed)
    texts, injected = {}, {}
    for i, host in enumerate(hosts):
        sentence = "" if i % 3 == 0 else STORY[i % len(STORY)]
        if i % 2:
            sentence = convert_script(sentence, "traditional").text
        at = rng.randrange(5, len(host) - 5)
        texts[i], injected[i] = host[:at] + sentence + host[at:], sentence
    tails = recurring_tails([np.array(sorted(document_tail_hashes(t)), dtype=np.int64) for t in texts.values()])
    lexicon = SpamLexicon()
    lexicon.add_spliced(find_spliced(o for i, t in texts.items() for o in tail_occurrences(t, tails, i)))
    outcome = {i: remove_spam(t, lexicon).text == hosts[i] for i, t in texts.items()}
    return {"spliced": sum(map(bool, injected.values())),
            "not_restored": sum(not ok for i, ok in outcome.items() if injected[i]),
            "clean_changed": sum(not ok for i, ok in outcome.items() if not injected[i]),
            "found": len(lexicon.discovered)}


if __name__ == "__main__":
    main()
