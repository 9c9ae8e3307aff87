"""Near-duplicates: signatures, clusters, best copies, paragraphs, and the persistent index."""

import json
import os
import random
import shutil
import socket
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash

from cleaners import CleanConfig, normalised_key
from cleaners.keys import key_digest
from cleaners.near_duplicates import (VERIFY, drop_paragraphs, estimated_jaccard, shingle_count, shingle_hashes,
                                      signatures, signatures_from_hashes)
from cleaners.passes import ParagraphFurniture
from flows.dedup import DedupIndex, IndexFileError, NearDuplicates, find_duplicates
from flows.records import Document
from flows.steps import Batch, apply_and_observe, clean_and_spool, merge_stats
from tests.conftest import SEEDS, read_jsonl, run_qingxi

ARTICLE = [p for p in (SEEDS / "000_4471ee463593ae93.txt").read_text(encoding="utf-8").split("\n") if len(p) > 40]


def test_signatures_equal_datasketch_minhash_on_the_same_shingle_hashes():
    keys = [normalised_key("\n".join(ARTICLE[i:i + 3])) for i in range(0, 9, 3)] + ["短", ""]
    ours = signatures(keys)
    for key, sig in zip(keys, ours):
        m = MinHash(num_perm=128, seed=1, hashfunc=int)  # identity: feed our 32-bit shingle hashes
        m.update_batch(shingle_hashes(key).tolist())
        assert np.array_equal(m.hashvalues, sig)


def test_signature_chunks_do_not_change_results(monkeypatch):
    hashes = [shingle_hashes(normalised_key(p)) for p in ARTICLE[:6]]
    hashes.insert(2, shingle_hashes(""))
    whole = signatures_from_hashes(hashes)
    monkeypatch.setattr("cleaners.near_duplicates.CHUNK_SHINGLES", 7)  # documents span many chunks
    assert np.array_equal(whole, signatures_from_hashes(hashes))


def test_estimates_track_true_jaccard():
    rng = random.Random(3)
    text = "".join(ARTICLE)
    for _ in range(5):
        a = text[: rng.randrange(800, 1200)]
        b = text[rng.randrange(100, 400): rng.randrange(900, 1300)]
        sa = {a[i:i + 5] for i in range(len(a) - 4)}
        sb = {b[i:i + 5] for i in range(len(b) - 4)}
        true = len(sa & sb) / len(sa | sb)
        est = estimated_jaccard(*signatures([a, b]))
        assert abs(est - true) < 0.15  # 128 slots: standard error about 0.045


def decide(tmp_path, docs, *passes):
    """Clean and spool a batch, let ``passes`` (by default near-duplicates) look at it, and decide;
    the decisions by pass name."""
    passes = passes or (NearDuplicates(),)
    summary = apply_and_observe(clean_and_spool(Batch(0, docs), CleanConfig(), str(tmp_path)), [], {}, passes)
    context: dict = {}
    for p in passes:
        context[p.name] = p.decide([merge_stats(p, [summary], 0)], context)
    return context


def variant(paragraphs, drop=None, typo_every=0):
    text = "\n".join(p for i, p in enumerate(paragraphs) if i != drop)
    if typo_every:
        text = "".join("错" if i % typo_every == 0 else c for i, c in enumerate(text))
    return text


def test_clusters_keep_the_cleanest_copy(tmp_path):
    body = ARTICLE[:6]
    docs = [
        Document("dirty", "s", "打印本页\n" + variant(body, typo_every=150)),  # boilerplate and typos
        Document("clean", "s", variant(body)),
        Document("short", "s", variant(body, drop=2)),
        Document("other", "s", "\n".join(ARTICLE[8:12])),
    ]
    decision = decide(tmp_path, docs)["near_duplicates"]
    duplicates, sizes = decision.by_id, decision.cluster_sizes
    assert set(duplicates) == {"dirty", "short"}
    assert duplicates["dirty"].of == "clean" and duplicates["short"].of == "clean"
    assert 0.4 <= duplicates["short"].similarity < 1.0
    assert sizes == {3: 1, 1: 1}


def test_a_chain_of_partial_overlaps_is_not_one_cluster(tmp_path):
    # Windows sliding over one article: each shares most of its paragraphs with the next,
    # little with those further away. Single links chain them all; only the copies that
    # resemble the document kept for them are rejected, with that similarity.
    windows = [ARTICLE[i:i + 4] for i in range(0, 9, 2)]
    docs = [Document(f"w{i}", "s", "\n".join(w)) for i, w in enumerate(windows)]
    duplicates = decide(tmp_path, docs, NearDuplicates(threshold=0.2))["near_duplicates"].by_id
    keys = {d.id: normalised_key(d.text) for d in docs}
    for doc_id, dup in duplicates.items():
        a, b = set(shingle_hashes(keys[doc_id]).tolist()), set(shingle_hashes(keys[dup.of]).tolist())
        assert len(a & b) / len(a | b) >= 0.45 and dup.similarity >= 0.6
        assert dup.of not in duplicates  # verified against a kept document, not a neighbour
    assert len(docs) - len(duplicates) >= 2


def test_documents_that_each_carry_their_own_text_are_not_copies(tmp_path):
    # Two weekly posts in one long template, each with its own paragraph: similar enough to be
    # copies by their estimate alone, but each has a fifth of its text the other lacks. The
    # template alone is a copy of both: it adds nothing.
    template = "\n".join(ARTICLE[1:4])
    docs = [Document("week1", "s", f"{template}\n{ARTICLE[15]}"), Document("week2", "s", f"{template}\n{ARTICLE[20]}"),
            Document("template", "s", template)]
    keys = [normalised_key(d.text) for d in docs]
    sigs = signatures(keys)
    assert estimated_jaccard(sigs[0], sigs[1]) >= VERIFY  # without the test of own text, one would go
    decision = decide(tmp_path, docs)["near_duplicates"]
    assert set(decision.by_id) == {"template"}
    assert decision.by_id["template"].of in {"week1", "week2"}
    assert decision.kept_for_own_text == 1  # the other week, reported as kept for its own text


COMPANY = ("某某市环保科技有限公司成立于2005年，是一家集研发、生产、销售和服务于一体的高新技术企业。公司坐落于某某经济开发区，"
           "占地面积五万平方米，拥有现代化的生产车间和完善的检测设备。公司始终坚持“质量第一、客户至上”的经营理念，产品远销"
           "东南亚、中东和非洲等二十多个国家和地区，赢得了国内外客户的一致好评。公司拥有一支经验丰富的技术团队，先后获得国家"
           "专利三十余项，并通过了ISO9001质量管理体系认证和ISO14001环境管理体系认证。")
NEWS = ["本周三，公司组织全体员工开展消防安全演练，员工们按照预案迅速疏散。参加演练的员工表示，通过这次演练掌握了灭火器的正确使用方法，提高了自救能力。",
        "近日，公司研发的新型污水处理设备通过了省级科技成果鉴定，专家认为其能耗低。该设备已在三家污水处理厂投入试运行，日处理能力达到两万吨。",
        "为庆祝三八妇女节，公司工会为全体女职工准备了鲜花和节日礼品，并组织了插花活动。女职工们纷纷表示感受到了公司大家庭的温暖。",
        "公司与某某大学签署产学研合作协议，双方将共同建设联合实验室。签约仪式上，校方代表介绍了学校在环境工程领域的科研优势和人才培养情况。",
        "受连续降雨影响，公司及时启动防汛应急预案，对厂区排水设施进行全面检查。截至目前，厂区未出现积水和设备受损情况，各生产线运行正常。",
        "公司参加在上海举办的国际环保展览会，展出的多款新产品吸引了众多客商。展会期间，公司技术人员就行业发展趋势作了主题演讲，受到广泛关注。"]


def test_a_sites_news_items_under_its_long_template_are_not_copies():
    """A company site's news items, each two sentences (a third of the page) above the company's
    introduction, went as near-duplicates of the first: under OWN_SHINGLES of their own.
    Text of its own that is whole paragraphs the kept page lacks needs fewer; the introduction
    then goes as furniture, but from the first page (prose is kept once). A copy whose paragraphs
    a typo changed has some shingles of its own inside paragraphs the kept page has the rest of:
    it stays a copy."""
    from cleaners.passes import run_passes

    site = {f"https://example.cn/news/{k}.html": f"公司新闻\n{story}\n{COMPANY}" for k, story in enumerate(NEWS)}
    out, _ = run_passes([[NearDuplicates(), ParagraphFurniture()]], site)
    assert [out[url].text for url in site] == [site[next(iter(site))]] + [f"公司新闻\n{story}" for story in NEWS[1:]]

    article = "\n".join(ARTICLE[1:6])
    typos = article.replace("的", "地", 3).replace("。", "，", 2)
    out, decisions = run_passes([[NearDuplicates()]], {"a": article, "b": typos})
    assert decisions["near_duplicates"].by_id["b"].of == "a"


def test_an_article_many_sites_syndicate_is_kept_once():
    """A probe of one news story reposted by six sites, each with an introduction of its own, came
    out as six introductions: the story's paragraphs recurred on five pages or more, so they were
    page furniture, removed from every page, and gone from the corpus. A recurring paragraph that
    is prose stays on the first page that has it; a disclaimer's line goes from all."""
    from cleaners.passes import run_passes

    story = ("国家统计局今天发布数据显示，今年前三季度全国居民人均可支配收入同比名义增长百分之六点三。\n"
             "其中，城镇居民人均可支配收入增长百分之五点二，农村居民人均可支配收入增长百分之七点三。\n"
             "专家表示，居民收入稳步增长，为扩大消费需求提供了有力支撑。")
    notice = "本站部分文章来自互联网，如有侵权请联系删除"
    intros = ["【甲地新闻网讯】今天上午，我们从统计部门获悉了一组关于居民收入的最新数据，请看详细报道。",
              "本台记者从北京发回报道：前三季度的居民收入数据出炉，城乡居民的钱袋子都鼓了起来。",
              "编者按：收入是民生之本，本报今天刊发统计部门的最新数据，供读者朋友们参考了解。",
              "乙城晚报消息，连日来市民十分关心收入增长情况，我们第一时间为您带来权威发布的内容。",
              "丙省广播电视台报道，统计数据再次印证了经济稳中向好的态势，下面是新闻的详细内容。",
              "丁县融媒体中心转载：以下内容来源于国家统计局官方网站，转载时有删节，特此说明一下。"]
    pages = {f"https://site{k}.example.cn/news/1.html": f"{intro}\n{story}\n{notice}" for k, intro in enumerate(intros)}
    out, _ = run_passes([[NearDuplicates(), ParagraphFurniture()]], pages)
    assert [out[url].text.rstrip("\n") for url in pages] == [f"{intros[0]}\n{story}"] + intros[1:]


def test_paragraph_repeated_within_a_document_and_furniture_across_documents(tmp_path):
    notice = "欢迎关注我们的公众号获取每日工会工作最新动态与政策解读"
    assert drop_paragraphs(f"{ARTICLE[0]}\n{ARTICLE[1]}\n{ARTICLE[0]}").text == f"{ARTICLE[0]}\n{ARTICLE[1]}"
    docs = [Document(i, "s", f"{ARTICLE[i]}\n{notice}") for i in range(6)]
    furniture = decide(tmp_path, docs, NearDuplicates(), ParagraphFurniture(min_docs=5))["paragraph_furniture"]
    assert len(furniture.everywhere) == 1 and not furniture.by_host
    result = drop_paragraphs(f"{ARTICLE[9]}\n{notice}", furniture.everywhere)
    assert result.text == ARTICLE[9] and result.edits[0].rule == "dedup.paragraph_furniture"


def test_a_tutorials_code_is_neither_repeated_paragraphs_nor_furniture():
    from cleaners.passes import run_passes

    code = "```javascript\nconst total = a1.concat(a2);\nconsole.log(total);\n```"
    posts = {f"http://blog.example.cn/es6/{i}.html": f"{ARTICLE[i]}\n{code}\n下面换一种写法。\n{code}" for i in range(6)}
    out, _ = run_passes([[ParagraphFurniture(min_docs=5)]], posts)
    for doc_id, text in posts.items():
        assert out[doc_id].text == text and out[doc_id].edits == []


def _untouched_but_a_template_line_at_their_end(pages: dict[str, str]) -> None:
    """Paragraph furniture leaves ``pages`` as they are, and takes a template line added at their end."""
    from cleaners.passes import run_passes

    out, _ = run_passes([[ParagraphFurniture(min_docs=5)]], pages)
    for doc_id, text in pages.items():
        assert out[doc_id].text == text and out[doc_id].edits == []
    template = {doc_id: f"{text}\n本站部分文章来自互联网如有侵权请联系删除" for doc_id, text in pages.items()}
    out, _ = run_passes([[ParagraphFurniture(min_docs=5)]], template)
    assert all(out[doc_id].text == text for doc_id, text in pages.items())


def test_an_error_and_its_fix_that_posts_on_many_sites_quote_are_not_furniture():
    """Questions about one failure, asked on many sites, all quote what the program printed and the
    command that fixed it, and a recursion's traceback repeats its frames: the posts keep them; a
    template line beside them goes."""
    failure = ("Traceback (most recent call last):\n  File \"main.py\", line 3, in <module>\n"
               "  File \"main.py\", line 3, in <module>\n    import numpy as np\n"
               "ModuleNotFoundError: No module named 'numpy'\n"
               "Exception in thread \"main\" java.lang.NullPointerException: 对象为空\n"
               "$ pip install numpy\nsudo apt-get install python3-numpy")
    posts = {f"https://qa{i}.example.cn/q/{i}": f"{ARTICLE[i]}\n{failure}\n{ARTICLE[i + 6]}" for i in range(6)}
    _untouched_but_a_template_line_at_their_end(posts)


def test_headings_many_sites_share_stay_between_a_pages_own_sentences():
    """Answers on many sites open a part with the same law's name, and amendments of many rules
    share their items (2.将第一条修改为：): between two of the page's own sentences they are its
    text; a template line at the page's edge still goes."""
    said = [p for p in ARTICLE if p.endswith("。")]
    pages = {f"https://law{i}.example.cn/q/{i}.html": (f"{said[i]}\n中华人民共和国劳动合同法\n{said[i + 6]}\n"
                                                       f"2.将第一条修改为：\n{said[i + 12]}")
             for i in range(6)}
    _untouched_but_a_template_line_at_their_end(pages)


def test_a_books_listing_captions_are_not_furniture():
    """Every chapter of a book names the file of its listings above them (檔案名稱：src/main.rs,
    rust-tw/book-tw): a caption of code, not a template's line."""
    from cleaners.passes import run_passes

    listing = "檔案名稱：src/main.rs\n\n```rust\nfn main() {\n    println!(\"{}\", 1);\n}\n```"
    chapters = {f"https://book.example.tw/ch{i:02d}.html": f"{ARTICLE[i]}\n{listing}" for i in range(6)}
    out, _ = run_passes([[ParagraphFurniture(min_docs=5)]], chapters)
    for doc_id, text in chapters.items():
        assert out[doc_id].text == text
    template = {doc_id: f"{text}\n本书由社群翻译，欢迎一同参与贡献" for doc_id, text in chapters.items()}
    out, _ = run_passes([[ParagraphFurniture(min_docs=5)]], template)
    assert all(out[doc_id].text == text for doc_id, text in chapters.items())


def test_a_sites_template_is_furniture_on_that_site_only():
    from cleaners.passes import run_passes

    footer = "本站部分文章来自互联网，如有侵权请联系我们删除"
    related = "盘扣式脚手架的搭建效率怎么样"
    site = {f"http://www.site-a.cn/news/{i}.html": f"{ARTICLE[i]}\n{related}\n{footer}" for i in range(4)}
    pair = {f"https://site-b.cn/{i}": f"{ARTICLE[i + 4]}\n{footer}" for i in range(2)}  # too few pages to tell
    plain = {"weixin:account#1": f"{ARTICLE[6]}\n{footer}"}  # no host
    out, decisions = run_passes([[ParagraphFurniture(min_docs=10)]], {**site, **pair, **plain})
    assert set(decisions["paragraph_furniture"].by_host) == {"site-a.cn"}
    for doc_id in site:
        assert out[doc_id].text.strip() in ARTICLE
        assert {e.rule for e in out[doc_id].edits} == {"dedup.host_furniture"}
    for doc_id in [*pair, *plain]:
        assert footer in out[doc_id].text


def test_local_index_round_trip(tmp_path):
    location = str(tmp_path / "index.qxi")
    sig = signatures([normalised_key(variant(ARTICLE[:5]))])[0]
    index = DedupIndex(location)
    index.add('"a"', sig, 321, {2**63 + 5: 40, 7: 12})
    index.add('"b"', signatures([normalised_key(ARTICLE[-1])])[0], 12)  # kept by an earlier version: no paragraphs
    index.save()
    again = DedupIndex(location)
    assert len(again) == 2
    assert again.matches(sig) == [('"a"', 1.0, 321, {2**63 + 5: 40, 7: 12})]
    assert again.matches(signatures([normalised_key(ARTICLE[-1])])[0])[0][3] is None  # still not known
    with pytest.raises(IndexFileError, match="threshold 0.4, 128 permutations"):
        DedupIndex(location, threshold=0.8)


def test_sorted_bands_find_what_datasketchs_lsh_finds():
    # The buckets of a local index: the same candidates as datasketch's MinHashLSH, for signatures
    # loaded at once and for those added one by one, queried with near and far signatures.
    from datasketch import MinHashLSH
    from cleaners.near_duplicates import SortedBands
    from flows.dedup import LSH_WEIGHTS, lsh_bands
    rng = np.random.default_rng(7)
    prototypes = rng.integers(0, 2**32, size=(30, 128), dtype=np.uint64).astype(np.uint32)
    noise = rng.integers(0, 2**32, size=(300, 128), dtype=np.uint64).astype(np.uint32)
    base = np.where(rng.random((300, 128)) < 0.4, noise, prototypes[rng.integers(0, 30, 300)])  # near copies
    loaded, added = base[:200], base[200:]
    bands = SortedBands(loaded, *lsh_bands(0.4, 128))
    lsh = MinHashLSH(0.4, 128, weights=LSH_WEIGHTS)
    for row, signature in enumerate(loaded):
        lsh.insert(row, DedupIndex._minhash(signature))
    for row, signature in enumerate(added, start=len(loaded)):
        assert bands.add(signature) == row
        lsh.insert(row, DedupIndex._minhash(signature))
    queries = np.concatenate([base, np.where(rng.random((200, 128)) < 0.3, noise[:200], base[100:])])
    found = 0
    for query in queries:
        rows = bands.query(query)
        assert rows == sorted(lsh.query(DedupIndex._minhash(query)))
        found += len(rows) > 1
    assert found > 300  # not only each signature finding itself


def test_an_index_matches_a_key_indexed_again_once_and_ties_in_the_order_indexed(tmp_path):
    location = str(tmp_path / "index.qxi")
    sig = signatures([normalised_key(variant(ARTICLE[:5]))])[0]
    index = DedupIndex(location)
    for key in ('"b"', '"a"', '"b"'):  # "b" kept again in a later run
        index.add(key, sig, 100)
    assert [key for key, *_ in index.matches(sig)] == ['"b"', '"a"']
    index.save()
    assert [key for key, *_ in DedupIndex(location).matches(sig)] == ['"b"', '"a"']


def test_an_index_searched_for_a_whole_run_answers_with_what_the_run_added_since(tmp_path):
    # find_duplicates asks about each document in turn and adds those it keeps: a question asked
    # after an add sees it, as one index query per document did.
    location = str(tmp_path / "index.qxi")
    first, second = (signatures([normalised_key(variant(ARTICLE[k:k + 5]))])[0] for k in (0, 6))
    index = DedupIndex(location)
    index.add('"earlier"', first, 100)
    index.save()
    index = DedupIndex(location)
    ask = index.matches_many(np.stack([first, second, second]))
    assert [key for key, *_ in ask(0)] == ['"earlier"'] and ask(1) == []
    index.add('"this run"', second, 100)
    assert [key for key, *_ in ask(2)] == ['"this run"']
    assert ask(2) == index.matches(second)


def test_an_index_file_without_shingle_counts_still_opens(tmp_path):
    # Files written before shingle counts were kept: their documents count 0 shingles, against
    # which nothing adds text of its own, as before.
    location = tmp_path / "index.qxi"
    sig = signatures([normalised_key(variant(ARTICLE[:5]))])[0]
    header = {"format": "qingxi.dedup-index", "version": 1, "threshold": 0.4, "num_perm": 128, "seed": 1,
              "documents": 1}
    with open(location, "wb") as f:
        np.savez(f, header=np.array(json.dumps(header)), keys=np.array(['"a"']), signatures=sig[None, :])
    assert DedupIndex(str(location)).matches(sig) == [('"a"', 1.0, 0, None)]


def test_a_sites_news_item_is_not_a_copy_of_one_an_earlier_run_kept(tmp_path):
    """Scheduled over a growing crawl: last week's news item of a company's site is in the index,
    this week's has a story of its own under the same introduction. It is no copy of last week's
    (the paragraphs an index keeps, as a run's own documents have them); last week's page caught
    again is one."""
    from cleaners.passes import run_passes

    pages = {f"https://example.cn/news/{k}.html": f"公司新闻\n{story}\n{COMPANY}" for k, story in enumerate(NEWS[:2])}
    location = str(tmp_path / "index.qxi")
    index = DedupIndex(location)
    run_passes([[NearDuplicates()]], dict(list(pages.items())[:1]), {"index": index})
    index.save()
    again = {"https://example.cn/news/1.html": pages["https://example.cn/news/1.html"],
             "https://example.cn/news/0-again.html": pages["https://example.cn/news/0.html"]}
    _, decisions = run_passes([[NearDuplicates()]], again, {"index": DedupIndex(location)})
    assert set(decisions["near_duplicates"].by_id) == {"https://example.cn/news/0-again.html"}


def test_a_document_that_adds_its_own_text_to_one_an_earlier_run_kept_is_kept(tmp_path):
    # The week's post of a template kept last week is new; the template alone is a copy of it.
    template = "\n".join(ARTICLE[1:4])
    week1, week2 = f"{template}\n{ARTICLE[15]}", f"{template}\n{ARTICLE[20]}"
    keys = [normalised_key(t) for t in (week1, week2, template)]
    sigs = signatures(keys)
    index = DedupIndex(str(tmp_path / "index.qxi"))
    index.add('"week1"', sigs[0], shingle_count(keys[0]))
    batch = (0, ["week2", "template"], [key_digest(k) for k in keys[1:]], [0, 0], [len(week2), len(template)],
             [shingle_count(k) for k in keys[1:]], sigs[1:])
    decision = find_duplicates([batch], index)
    assert set(decision.by_id) == {"template"}
    assert decision.by_id["template"].of == "week1" and decision.by_id["template"].earlier_run
    assert decision.kept_for_own_text == 1


def _bad_index_files(tmp_path, good: Path) -> dict[str, Path]:
    import pickle

    class Payload:  # what a crafted pickle would run on load
        def __reduce__(self):
            return (open, (str(tmp_path / "pwned"), "w"))

    files = {"truncated": good.read_bytes()[: len(good.read_bytes()) // 2], "random": os.urandom(4096),
             "crafted": pickle.dumps({"lsh": Payload()})}
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / f"{name}.qxi"
        paths[name].write_bytes(data)
    return paths


def test_truncated_random_and_crafted_index_files_are_refused_before_any_work(tmp_path):
    good = tmp_path / "good.qxi"
    index = DedupIndex(str(good))
    index.add('"a"', signatures([normalised_key(variant(ARTICLE[:5]))])[0])
    index.save()
    corpus = tmp_path / "in.txt"
    corpus.write_text(ARTICLE[0], encoding="utf-8")
    for name, path in _bad_index_files(tmp_path, good).items():
        with pytest.raises(IndexFileError, match=str(path)):
            DedupIndex(str(path))
        result = run_qingxi(str(corpus), "--out", str(tmp_path / name), "--index", str(path), "--no-progress")
        assert result.returncode == 2 and str(path) in result.stderr and "fresh index" in result.stderr, name
        assert not (tmp_path / name).exists()  # refused before any work
    assert not (tmp_path / "pwned").exists()  # the crafted file ran nothing


def run_twice(tmp_path, index: str):
    """First run: the article. Second run: a Traditional copy with a typo, and a new article."""
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    original = "\n".join(ARTICLE[:6])
    first.write_text(json.dumps({"id": "a1", "text": original}, ensure_ascii=False) + "\n", encoding="utf-8")
    from cleaners.script import convert_script

    copy = convert_script(original.replace("工会", "工人", 1), "traditional").text
    second.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [
        {"id": "b1", "text": copy}, {"id": "b2", "text": "\n".join(ARTICLE[8:13])}]), encoding="utf-8")
    for name, path in (("out1", first), ("out2", second)):
        result = run_qingxi(str(path), "--out", str(tmp_path / name), "--index", index, "--no-progress")
        assert result.returncode == 0, result.stderr
    kept = {r["id"] for r in read_jsonl(tmp_path / "out2" / "clean.jsonl")}
    [rejected] = read_jsonl(tmp_path / "out2" / "rejected.jsonl")
    assert kept == {"b2"}
    assert rejected["id"] == "b1" and rejected["reason"] == "duplicate" and rejected["duplicate_of"] == "a1"
    assert "earlier run" in rejected["detail"] and rejected["similarity"] >= 0.4
    manifest = json.loads((tmp_path / "out2" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["index"]["documents"] == 2


def test_second_run_rejects_duplicates_of_the_first_with_a_local_index(tmp_path):
    run_twice(tmp_path, str(tmp_path / "index.qxi"))


@pytest.fixture
def redis_url(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (.ci/run installs it)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(["redis-server", "--port", str(port), "--save", "", "--appendonly", "no",
                               "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    try:
        import redis

        client = redis.Redis(port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_second_run_rejects_duplicates_of_the_first_with_redis(tmp_path, redis_url):
    run_twice(tmp_path, redis_url)


def test_an_index_in_a_store_remembers_documents_across_runs(s3_store, tmp_path):
    """--index s3://…: the second run rejects the first run's documents as seen before, as with a
    local index file; a damaged index there is a clear error before any work."""
    from tests.conftest import SEEDS, read_jsonl, run_qingxi

    _, s3 = s3_store
    s3.create_bucket(Bucket="state")
    first = run_qingxi(str(SEEDS), "--out", str(tmp_path / "first"), "--index", "s3://state/qingxi/index.npz")
    assert first.returncode == 0, first.stderr
    kept = {r["id"] for r in read_jsonl(tmp_path / "first" / "clean.jsonl")}
    assert kept and s3.head_object(Bucket="state", Key="qingxi/index.npz")["ContentLength"] > 0

    second = run_qingxi(str(SEEDS), "--out", str(tmp_path / "second"), "--index", "s3://state/qingxi/index.npz")
    assert second.returncode == 0, second.stderr
    rejected = read_jsonl(tmp_path / "second" / "rejected.jsonl")
    assert {r["id"] for r in rejected if r["reason"] == "duplicate"} == kept

    s3.put_object(Bucket="state", Key="qingxi/broken.npz", Body=b"not an index")
    broken = run_qingxi(str(SEEDS), "--out", str(tmp_path / "third"), "--index", "s3://state/qingxi/broken.npz")
    assert broken.returncode == 2 and "not a qingxi dedup index" in broken.stderr


def test_statutes_keep_the_formulas_they_share_and_sites_lose_their_template():
    """Laws share formulas (单位犯前款罪的，…; （五）法律、法规规定的其他情形。) and chapter headings
    (第二章 法律责任): in the pipeline benchmark's corpus, paragraph furniture removed 3,935 lines, 1,919
    of them such. A sentence between two of the page's own sentences, an item of a list that says a
    sentence, and a chapter's heading are the text's; a template's block of sentences still goes."""
    from cleaners.passes import run_passes

    clause = "单位犯前款罪的，对单位判处罚金，并对其直接负责的主管人员和其他直接责任人员，依照前款的规定处罚。"
    item = "（五）法律、法规规定的其他情形。"
    template = "爱好收藏，请关注我们的公众号！\n文化需要传承，知识重在分享！"
    laws = {f"law{i}": (f"第二章 法律责任\n第十{i}条 违反本条例第{i}条规定，擅自占用第{i}类设施的，责令限期改正。\n"
                        f"{clause}\n第二十{i}条 有下列情形之一的，不予登记：\n"
                        f"（一）申请材料不齐全的；\n{item}\n第三十{i}条 本条例自公布之日起施行。\n{template}")
            for i in range(6)}
    out, decisions = run_passes([[ParagraphFurniture(min_docs=5)]], laws)
    assert len(decisions["paragraph_furniture"].everywhere) >= 5
    for doc_id, text in laws.items():
        assert out[doc_id].text.rstrip("\n") == text.removesuffix("\n" + template)
