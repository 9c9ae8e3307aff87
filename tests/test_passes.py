"""Corpus passes: statistics merge in any order, and in memory they decide as the flow does."""

import json
import random

from cleaners import clean_text
from cleaners.passes import Page, ParagraphFurniture, Spam, Verdict, observe_rounds, run_passes
from cleaners.spam import SpamLexicon
from cleaners.spam_families import KNOWN_FAMILIES
from flows.dedup import NearDuplicates
from tests.conftest import SEEDS, read_jsonl, run_qingxi

NOTICE = "欢迎关注我们的公众号获取每日工会工作最新动态与政策解读"


def corpus() -> dict:
    """Paragraphs of the seed pages, a campaign pushed into some, a notice under every one,
    and copies of a few."""
    rng = random.Random(7)
    paragraphs = [p for path in sorted(SEEDS.glob("*.txt")) for p in clean_text(path.read_text(encoding="utf-8")).text.split("\n")
                  if len(p) > 60][:40]
    pages = {}
    for i, p in enumerate(paragraphs):
        for _ in range(2 if i % 3 else 0):
            at = rng.randrange(5, len(p) - 5)
            p = p[:at] + "蓝鲸娱乐城" + p[at:]
        pages[f"p{i}"] = f"{p}\n{NOTICE}"
    pages |= {f"copy{i}": pages[f"p{i}"] for i in range(0, 12, 4)}
    return pages


def test_statistics_merge_in_any_order():
    pages = [Page(doc_id, text) for doc_id, text in corpus().items()]
    batches = [pages[k:k + 7] for k in range(0, len(pages), 7)]
    for corpus_pass in (Spam(SpamLexicon.from_tokens(KNOWN_FAMILIES)), NearDuplicates(), ParagraphFurniture()):
        forward = corpus_pass.decide(observe_rounds(corpus_pass, batches), {})
        backward = corpus_pass.decide(_observed_backwards(corpus_pass, batches), {})
        if isinstance(corpus_pass, Spam):
            assert forward.to_json() == backward.to_json() and forward.discovered
        elif isinstance(corpus_pass, NearDuplicates):
            assert forward.by_id == backward.by_id and forward.by_id
        else:
            assert forward == backward and forward


def _observed_backwards(corpus_pass, batches):
    """Every round, with each batch's statistics merged in reverse order."""
    merged, hint = [], None
    for round in range(corpus_pass.rounds):
        stats = corpus_pass.start(round)
        for number in reversed(range(len(batches))):
            one = corpus_pass.start(round)
            corpus_pass.observe(one, number, batches[number], round, hint)
            stats = corpus_pass.merge(stats, one)
        merged.append(stats)
        if round + 1 < corpus_pass.rounds:
            hint = corpus_pass.between(merged, round)
    return merged


def test_in_memory_the_passes_keep_and_reject_what_the_flow_does(tmp_path):
    pages = corpus()
    path = tmp_path / "pages.jsonl"
    path.write_text("".join(json.dumps({"id": k, "text": v}, ensure_ascii=False) + "\n" for k, v in pages.items()),
                    encoding="utf-8")
    result = run_qingxi(str(path), "--out", str(tmp_path / "out"), "--no-progress", "--batch-size", "9")
    assert result.returncode == 0, result.stderr
    flow_kept = {r["id"]: r["text"] for r in read_jsonl(tmp_path / "out" / "clean.jsonl")}
    flow_rejected = {r["id"]: r["reason"] for r in read_jsonl(tmp_path / "out" / "rejected.jsonl")}

    cleaned = {doc_id: Page(doc_id, clean_text(text).text) for doc_id, text in pages.items()}
    outcome, decisions = run_passes([[Spam(SpamLexicon.from_tokens(KNOWN_FAMILIES))],
                                     [NearDuplicates(), ParagraphFurniture()]], cleaned, batch_size=9)
    assert {k: r.text for k, r in outcome.items() if not isinstance(r, Verdict)} == flow_kept
    assert {k: r.reason for k, r in outcome.items() if isinstance(r, Verdict)} == flow_rejected
    assert "蓝鲸娱乐城" in decisions["spam"].discovered and decisions["paragraph_furniture"]
    assert all(NOTICE not in text and "蓝鲸娱乐城" not in text for text in flow_kept.values())


def test_spam_prepares_what_deciding_needs_and_not_what_observing_does():
    """A two-worker run's driver prepares a pass's decision while Prefect starts: after
    ``prepare``, hints and decision build no table of their own, and the pair tables that only
    observing uses are not built. A fresh process, so nothing is built already; the statistics
    are observed in this one, as workers observe them."""
    import pickle
    import subprocess
    import sys

    pages = [Page(doc_id, text) for doc_id, text in corpus().items()]
    spam = Spam(SpamLexicon.from_tokens(KNOWN_FAMILIES))
    merged = observe_rounds(spam, [pages])
    probe = ("import pickle, sys\n"
             "from cleaners import lm, spam as s\n"
             "p, merged = pickle.load(sys.stdin.buffer)\n"
             "import wordfreq.chinese as w\n"
             "def built():  # the character model, wordfreq's list and segmenter; observing's pair tables and jieba's\n"
             "    return [lm.char_model.cache_info().currsize, lm._word_frequencies.cache_info().currsize,\n"
             "            int(w.jieba_tokenizer is not None and w.jieba_tokenizer.initialized),\n"
             "            s._pair_sides.cache_info().currsize,\n"
             "            int(bool(lm._jieba.cache_info().currsize) and lm._jieba().dt.initialized)]\n"
             "p.prepare()\n"
             "prepared = built()\n"
             "p.between(merged[:1], 0)\n"
             "lexicon = p.decide(merged, {})\n"
             "print(prepared, built(), sorted(lexicon.discovered))")
    out = subprocess.run([sys.executable, "-c", probe], input=pickle.dumps((spam, merged)),
                         capture_output=True, check=True).stdout.decode()
    assert out.strip() == "[1, 1, 1, 0, 0] [1, 1, 1, 0, 0] ['蓝鲸娱乐城']"
