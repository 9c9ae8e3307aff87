"""Injected spam: evidence from split words, discovery across a corpus, removal with edits."""

import pickle
import random

import numpy as np
import pytest

from cleaners.passes import Page, Spam, observe_rounds
from cleaners.spam import SpamLexicon, count_occurrences, remove_spam, split_candidates
from cleaners.spliced import (SPLICED_FAMILY, TAIL, Occurrence, SplicedSentence, TailSample, document_tail_hashes,
                              find_spliced, recurring_tails, tail_occurrences)
from tests.conftest import SEEDS

NEWS = [p for path in sorted(SEEDS.glob("00[03]_*.txt")) for p in path.read_text(encoding="utf-8").split("\n")
        if len(p) > 60]


def inject(text: str, token: str, count: int, rng: random.Random) -> str:
    for position in sorted(rng.sample(range(5, len(text) - 5), count), reverse=True):
        text = text[:position] + token + text[position:]
    return text


def discover(corpus: dict) -> tuple[SpamLexicon, dict]:
    """The spam pass over a corpus in memory, as the flow runs it over shards, from an empty
    lexicon: the lexicon, and the families of tokens it discovered."""
    spam = Spam(SpamLexicon())
    lexicon = spam.decide(observe_rounds(spam, [[Page(i, t) for i, t in corpus.items()]]), {})
    return lexicon, {f: tokens & lexicon.discovered for f, tokens in lexicon.families.items() if f != SPLICED_FAMILY}


def test_a_token_that_splits_a_word_is_a_candidate():
    text = "2024包养年1月13日上包养午,居全国第包养三。"
    found = {text[a:b] for a, b in split_candidates(text)}
    assert "包养" in found


def test_clean_text_has_few_candidates_and_none_recur():
    assert discover(dict(enumerate(NEWS)))[1] == {}


def test_a_new_family_is_discovered_and_removed_everywhere_it_is_proven():
    rng = random.Random(5)
    token, variant = "蓝鲸娱乐城", "蓝鲸娱乐"  # a campaign that appears in no list, with a variant
    corpus = {i: inject(p, token if i % 3 else variant, 3, rng) for i, p in enumerate(NEWS[:12])}
    corpus.update({100 + i: p for i, p in enumerate(NEWS[12:20])})
    lexicon, new = discover(corpus)
    assert any(token in tokens for tokens in new.values())
    for doc_id, text in corpus.items():
        result = remove_spam(text, lexicon)
        assert variant not in result.text
        original = NEWS[doc_id] if doc_id < 100 else NEWS[12 + doc_id - 100]
        assert result.text == original
        assert all(e.rule == "spam.token" and e.before in (token, variant) for e in result.edits)
    family = next(f for f, tokens in new.items() if token in tokens)
    assert lexicon.to_json()["families"][family]["splits"] >= 3


def test_a_campaign_that_hit_one_page_hard_is_proven_by_that_page():
    rng = random.Random(2)
    token = "金鹰娱乐"  # in no list, on one long page only, twenty times
    page = inject("\n".join(NEWS[:8]), token, 20, rng)
    corpus = {0: page, **{i: p for i, p in enumerate(NEWS[8:], 1)}}
    lexicon, new = discover(corpus)
    assert token in lexicon.page_proven and any(token in tokens for tokens in new.values())
    assert remove_spam(page, lexicon).text == "\n".join(NEWS[:8])
    # The same page with three injections proves nothing on its own.
    lexicon, new = discover({0: inject("\n".join(NEWS[:8]), token, 3, rng)})
    assert not lexicon.page_proven and new == {}


def test_a_name_wrapped_in_words_goes_with_its_wrapper_unless_the_page_uses_them():
    lexicon = SpamLexicon.from_tokens({"escort": ["包养"]})
    lexicon.discovered.add("包养")
    host = "发布成渝地区双城经济圈建设任务清单。"
    page = host.replace("经济圈", "经济女大生包养俱乐部圈")
    result = remove_spam(page, lexicon)
    assert result.text == host
    assert [(e.rule, e.before) for e in result.edits] == [("spam.token", "女大生包养俱乐部")]
    # A page that talks about clubs: 俱乐部 is its own word there, and stays.
    assert "女大生俱乐部" in remove_spam(page + "本市共有体育俱乐部十个。", lexicon).text


def test_removal_never_fails_wherever_tokens_land_and_edits_replay():
    from cleaners import undo_edits

    rng = random.Random(4)
    # Proven names that are no ordinary words (包养 alone is one: it needs evidence on the page).
    lexicon = SpamLexicon.from_tokens({"escort": ["包养网", "甜心包养网"]})
    lexicon.discovered |= {"包养网", "甜心包养网"}
    for paragraph in NEWS[:30]:
        text = paragraph = paragraph.rstrip("。")  # a page may end in a word
        for _ in range(rng.randint(1, 12)):  # the ends too: a wrapper once looked past them
            at = rng.choice([0, 1, 2, len(text) - 1, len(text), rng.randrange(len(text)), rng.randrange(20)])
            text = text[:at] + rng.choice(["包养网", "甜心包养网"]) + text[at:]
        result = remove_spam(text, lexicon)
        assert undo_edits(result.text, result.edits) == text
        assert "包养网" not in result.text


def test_a_known_word_without_evidence_stays():
    lexicon = SpamLexicon.from_tokens({"surrogacy": ["代孕"]})
    story = "国家卫健委重申禁止代孕,对代孕中介机构依法查处。"
    assert remove_spam(story, lexicon).text == story
    injected = "国家卫健委重代孕申禁止,工作上代孕午召开。"
    assert "代孕" not in remove_spam(injected, lexicon).text


def test_lexicon_round_trips_through_json_in_both_scripts():
    lexicon = SpamLexicon.from_tokens({"escort": ["包养网"], "surrogacy": ["代孕"]})
    lexicon.discovered.add("包养网")
    again = SpamLexicon.from_json(lexicon.to_json())
    assert {"包养网", "包養網"} <= again.families["escort"]
    assert again.proven("包养网") and not again.proven("代孕")  # a seed word still needs evidence


def test_a_family_discovered_in_one_run_is_reused_by_another(tmp_path):
    import json

    from tests.conftest import read_jsonl, run_qingxi

    rng = random.Random(9)
    token, variant = "蓝鲸娱乐城", "蓝鲸娱乐"
    first = tmp_path / "first.jsonl"
    first.write_text("".join(json.dumps({"id": i, "text": inject(p, token if i % 3 else variant, 3, rng)},
                                        ensure_ascii=False) + "\n" for i, p in enumerate(NEWS[:12])), encoding="utf-8")
    second = tmp_path / "second.jsonl"  # one document: nothing to discover from on its own
    second.write_text(json.dumps({"id": "x", "text": f"{NEWS[14]}{token}"}, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    run = run_qingxi(str(first), "--out", str(tmp_path / "out1"), "--no-progress")
    assert run.returncode == 0, run.stderr
    saved = json.loads((tmp_path / "out1" / "spam_lexicon.json").read_text(encoding="utf-8"))
    assert any(token in f["discovered"] for f in saved["families"].values())  # NEWS is Simplified
    run = run_qingxi(str(second), "--out", str(tmp_path / "out2"), "--no-progress",
                     "--spam-lexicon", str(tmp_path / "out1" / "spam_lexicon.json"))
    assert run.returncode == 0, run.stderr
    [doc] = read_jsonl(tmp_path / "out2" / "clean.jsonl")
    assert doc["text"] == NEWS[14]
    assert [e["rule"] for e in doc["edits"]] == ["spam.token"]


def test_an_affix_that_only_ever_follows_removed_tokens_goes_with_them():
    lexicon = SpamLexicon.from_tokens({"escort": ["包养"]})
    lexicon.discovered.add("包养")
    text = "走进包养行情攀枝花,愣了包养行情半天。优秀的包养优秀工会,评为优秀单位。"
    result = remove_spam(text, lexicon)
    # 行情 only ever follows the token: part of it. 优秀 also stands alone: the text's own word.
    assert result.text == "走进攀枝花,愣了半天。优秀的优秀工会,评为优秀单位。"


def _spliced_in(corpus: dict) -> list[str]:
    tails = recurring_tails([np.array(sorted(document_tail_hashes(t)), dtype=np.int64) for t in corpus.values()])
    return [s.text for s in find_spliced(o for i, t in corpus.items() for o in tail_occurrences(t, tails, i))]


def test_a_sentence_spliced_into_many_documents_is_found_and_removed():
    rng = random.Random(3)
    sentence = "她嘆了口氣:“如果他只是出去一會兒,他會回來的。”"  # Traditional, in Simplified hosts too
    corpus = {i: inject(p, sentence, 1, rng) for i, p in enumerate(NEWS[:6])}
    found = _spliced_in(corpus)
    assert found == ["她叹了口气:“如果他只是出去一会儿,他会回来的。”"]
    lexicon = SpamLexicon()
    lexicon.add_spliced(SplicedSentence(s, 6, 6, 1.0, []) for s in found)
    for i, text in corpus.items():
        result = remove_spam(text, lexicon)
        assert result.text == NEWS[i]
        assert [e.rule for e in result.edits] == ["spam.spliced"]


def test_a_sentence_shared_at_sentence_starts_or_by_copies_is_not_spliced():
    quotation = "江泽民同志指出,发展是硬道理。"
    quoted = {i: p + quotation + p for i, p in enumerate(NEWS[:6])}  # after a full stop: a quotation
    assert _spliced_in(quoted) == []
    copies = {i: NEWS[0][:40] + "张伟站在门口愣了半天,不知道该说什么。" + NEWS[0][40:] for i in range(6)}
    assert _spliced_in(copies) == []  # one place: copies of one page


def test_a_sample_merged_batch_by_batch_keeps_the_first_occurrences_of_each_tail():
    rng = random.Random(5)
    lines = [f"第{k}行写的是这件事情的经过和结果。" for k in range(4)]  # four tails
    batches = [[Occurrence((b, i), rng.choice(lines), "") for i in range(30)] for b in range(6)]
    merged = TailSample(limit=7)
    for batch in batches:
        sample = TailSample(limit=7)
        sample.add(batch)
        merged.add(pickle.loads(pickle.dumps(sample)).occurrences)  # as a worker's sample comes back
    every = [o for batch in batches for o in batch]
    first = [o for k, o in enumerate(every) if sum(p.before[-TAIL:] == o.before[-TAIL:] for p in every[:k]) < 7]
    assert merged.occurrences == first
    assert len({id(o.before) for o in merged.occurrences}) == len(lines)  # equal lines held once
    again = pickle.loads(pickle.dumps(merged))  # counts rebuilt from the occurrences: still at the limit
    again.add(every)
    assert again.occurrences == first


def test_tails_in_too_few_places_are_never_judged_spliced_when_grown():
    # Asked first to spare the growing, _in_places must turn away only what judging would.
    from cleaners.spliced import _common_text, _in_places, _judge
    rng = random.Random(11)
    sentence = "她嘆了口氣:“如果他只是出去一會兒,他會回來的。”"
    hosts = [inject(p, sentence, 1, rng) for p in NEWS[:6]]
    occurrences = [o for i, t in enumerate(hosts) for o in tail_occurrences(t, document_tail_hashes(t), i)]
    spliced_tail = "他会回来的。”"[-TAIL:]
    group = [o for o in occurrences if o.before.endswith(spliced_tail)]
    assert _in_places(group) and _judge(*_common_text(group)) is not None
    turned_away = 0
    for _ in range(300):
        # Some of its places, some of them copied again and again (a copy is another document).
        picked = rng.sample(group, rng.randint(1, 4))
        subset = [Occurrence(("copy", k, o.doc), o.before, o.after) for k in range(rng.randint(1, 3)) for o in picked]
        if not _in_places(subset):
            turned_away += 1
            assert _judge(*_common_text(subset)) is None
    assert turned_away > 100


def test_a_formula_that_ends_host_sentences_framed_alike_is_not_spliced():
    # Recurring, each time after a different country and before a different sentence: a
    # formula of diplomatic news, which every host leads up to alike (对…).
    visits = ["应国务院总理邀请，哈萨克斯坦总统昨天抵达北京，对中国进行为期三天的国事访问。两国元首将签署联合声明。",
              "据外交部消息，意大利总理将于下周对日本进行为期三天的国事访问。访问期间，双方将讨论能源合作。",
              "埃及总统当天下午乘专机离开开罗，对希腊进行为期三天的国事访问。这是他就任以来首次出访欧洲。",
              "新加坡总理一行抵达河内，对越南进行为期三天的国事访问。越方为其举行了隆重的欢迎仪式。"]
    assert _spliced_in(dict(enumerate(visits))) == []


def test_a_sentence_that_templated_stubs_share_after_a_count_is_not_spliced():
    # Species stubs an encyclopedia's bot wrote from one template: the shared sentence follows
    # each stub's own count (16枚。), and 16|…|多 is a number and what it counts, not a split word.
    stubs = ["本种背鳍硬棘13枚、背鳍软条14至16枚。体长可达12公分。本鱼多单独栖息于礁区斜坡，以浮游生物为食。",
             "本种背鳍硬棘12枚、臀鳍软条12至13枚。体长可达12公分。本鱼栖息在岩礁区水较浅处，以藻类为食。",
             "本种背鳍硬棘11枚、臀鳍硬棘2枚、软条8枚。体长可达12公分。本鱼在白天成群活动，夜间躲入洞穴。",
             "本种臀鳍硬棘3枚、软条9枚。体长可达12公分。本鱼栖息于珊瑚礁外缘，可作为观赏鱼。"]
    assert _spliced_in(dict(enumerate(stubs))) == []


@pytest.mark.parametrize("quote, places", [
    # After a different speaker each time, whose clause opens just before it (…。张辽曰：“…) ...
    ("曰：“兵贵神速，不可迟疑。", [("探马来报，敌军已至城下。张辽", "今夜便当出城劫寨，诸将各领一军。”众将领命而去。"),
                            ("众人议论纷纷，莫衷一是。徐晃", "我愿引五千精兵为先锋。”主公大喜，即令起兵。"),
                            ("天色将晚，风雨大作，军士皆有怨言。”赵云", "若待天明，彼必有备矣。”遂引兵连夜进发。"),
                            ("城中粮草将尽，人心惶惶。于是魏延", "明日五更造饭，平明进兵。”众皆依计而行。")]),
    # ... or right after its speaker, no clause opening near: the quote starts at its speech verb.
    ("笑道：“不妨事，不妨事！", [("那老者听了行者", "我这里自有办法。”说罢便转身进去了。"),
                            ("八戒在旁边看着那呆子却", "师父只管放心前行。”众人只得依他。"),
                            ("唐僧正在着急忽见悟净", "这点小事何足挂齿。”遂上前扶起长老。"),
                            ("国王见他们来了国王听了", "寡人早有安排了。”即命摆宴款待。")]),
])
def test_a_saying_that_a_novels_speakers_quote_is_not_spliced(quote, places):
    assert _spliced_in({i: before + quote + after for i, (before, after) in enumerate(places)}) == []


def test_dialogue_cut_from_a_story_goes_with_the_campaign_that_brought_it():
    lexicon = SpamLexicon.from_tokens({"escort": ["包养网"]})
    lexicon.discovered.add("包养网")
    host = "全市工会累计为职工办理各类业务400余万件次,连续四年获评先进。"
    dialogue = "宝说呢?如果?”李雪皱了皱眉。"
    text = host[:18] + dialogue + host[18:] + "\n今天上包养网午召开会议。\n开心就好了包养网。” ——”\n会议结束。"
    result = remove_spam(text, lexicon)
    assert result.text == host + "\n今天上午召开会议。\n\n会议结束。"
    assert [(e.rule, e.detail) for e in result.edits] == [
        ("spam.token", "escort"), ("spam.token", "escort"),
        ("spam.dialogue", "spliced_text"), ("spam.fragment", "spliced_text")]
    # Without a campaign on the page, unusual quotation marks are the page's own business.
    assert remove_spam(host[:18] + dialogue + host[18:], lexicon).changed is False


def test_single_pieces_of_a_story_go_only_from_a_page_that_carries_several():
    lexicon = SpamLexicon.from_tokens({"escort": ["包养网"]})
    lexicon.discovered.add("包养网")
    spliced = ["\n今天上包养网午召开会议。", "\n全市累计办理业务400宝说呢?如果?”李雪皱了皱眉。余万件次。",
               "\n开心就好了包养网。” ——”"]  # a campaign, with two pieces of dialogue cut at random
    host = ("全面推动工会工作高质量发展。\n把温暖送到职工群众的身边。\n他说:“今年要办好十件实事。”"
            "\n职工群众满意度不断提高,高质量发展取得新成效。")
    # Once each, with their quotation marks paired: one cut into a word (群|众), one between
    # two words of a phrase the page uses again (高质量|发展).
    question = "她看着窗外发呆,他到底去哪里了呢?也许明天就会"
    quoted = "“好吧,我听你的。”王丽轻轻地笑了笑。"
    page = host.replace("高质量发展。", "高质量" + quoted + "发展。", 1).replace("职工群众的", "职工群" + question + "众的")
    result = remove_spam(page + "".join(spliced), lexicon)
    assert result.text == host + "\n今天上午召开会议。\n全市累计办理业务400余万件次。\n"
    assert [e.rule for e in result.edits][-2:] == ["spam.story", "spam.story"]
    # With one piece of story found, a single one is not evidence enough.
    one_piece = remove_spam(page + spliced[0] + spliced[1], lexicon)
    assert quoted in one_piece.text and question in one_piece.text


def test_seo_header_and_footer_lines_go_whole_a_lottery_report_stays():
    lexicon = SpamLexicon.from_tokens({"gambling": ["新葡京", "百家乐", "六合彩", "真人荷官"],
                                       "porn": ["成人影片", "av女优"]})
    body = "本报讯 今年全市体育彩票销售额比上年增长一成,六合彩等境外赌博活动受到严厉打击。"
    page = f"澳门新葡京官网 - 真人荷官 - 百家乐在线\n{body}\n免费成人影片 | av女优 | 成人影片下载"
    result = remove_spam(page, lexicon)
    assert result.text == f"\n{body}\n"
    assert [e.rule for e in result.edits] == ["spam.line", "spam.line"]
    assert remove_spam(body, lexicon).text == body  # one word of a family, in a sentence: news


def test_new_campaigns_of_every_shape_are_discovered_and_nothing_else():
    # Made-up campaigns: a lone name, names with variants (私家侦探 is also an ordinary word,
    # removed only where it splits a word on the page). Two documents in three carry one to
    # three injections; the third stays clean and must come out untouched.
    rng = random.Random(11)
    families = [["龙腾娱乐汇"], ["金牌代写论文", "代写论文"], ["私家侦探", "私家侦探公司", "找私家侦探"]]
    corpus, injected = {}, {}
    for i, paragraph in enumerate(NEWS):
        tokens = [] if i % 3 == 0 else [rng.choice(families[i // 3 % 3]) for _ in range(rng.randint(1, 3))]
        text = paragraph
        for token in tokens:
            text = inject(text, token, 1, rng)
        corpus[i], injected[i] = text, tokens
    lexicon, new = discover(corpus)
    assert {t for tokens in new.values() for t in tokens} <= {t for f in families for t in f}
    left = total = 0
    for i, text in corpus.items():
        result = remove_spam(text, lexicon).text
        if not injected[i]:
            assert result == NEWS[i]
        total += len(injected[i])
        left += sum(token in result for token in injected[i])
    assert 1 - left / total >= 0.8


def test_a_spliced_piece_cut_off_mid_sentence_is_found_whole():
    rng = random.Random(3)
    piece = "窗外的雨越下越大。屋里却安静得"  # goes on past its full stop, then stops
    corpus = {i: inject(p, piece, 1, rng) for i, p in enumerate(NEWS[:12])}
    assert _spliced_in(corpus) == [piece]


def test_broken_dialogue_never_overlaps_and_loose_quotes_are_left_alone():
    from cleaners import undo_edits
    from cleaners.spliced import MAX_UNPAIRED, strip_broken_dialogue

    rng = random.Random(8)
    for paragraph in NEWS[:20]:
        text = paragraph
        for _ in range(rng.randint(2, MAX_UNPAIRED)):
            at = rng.randrange(len(text))
            text = text[:at] + rng.choice("“”") + text[at:]
        result = strip_broken_dialogue(text, {0})  # spans that overlapped raised here once
        assert undo_edits(result.text, result.edits) == text
    loose = "他说”这是一个很长的句子。" * (MAX_UNPAIRED + 1)
    assert not strip_broken_dialogue(loose, {0}).changed


def test_an_ordinary_word_is_never_proven_however_often_it_splits_words():
    # 千瓦 and 美元兑换 pushed at random into news split words like any injection would;
    # they are ordinary Chinese all the same, and corpus statistics alone never remove them.
    rng = random.Random(7)
    corpus = {i: inject(p, "千瓦" if i % 2 else "美元兑换", 3, rng) for i, p in enumerate(NEWS[:16])}
    lexicon, new = discover(corpus)
    assert new == {} and not lexicon.proven("千瓦")
    assert all(remove_spam(text, lexicon).text == text for text in corpus.values())


def test_numbers_dates_and_directions_of_classical_text_are_never_proven():
    """Modern translations of the classics (NiuTrans/Classical-Modern) lost 有馀 from 百有馀万 and
    十有馀年, 九千馀 from 二万九千馀丈, 载正月初 from 天宝十载正月初八 and 面的山崖 from 沿南面的山崖向北:
    numbers, dates and directions join as their own kind does, not as words split by a token.
    (Sentences written for this test.)"""
    corpus = {
        0: "史载其时兵士百有馀万，粮草十有馀万石，前后征战十有馀年。古文：诸将皆曰善。",
        1: "其地东西千有馀里，南北八百有馀里，户口百有馀万。现代文：这里地方广阔，人口众多。",
        2: "筑城役夫三十五万九千馀人，修堤二万九千馀丈，凡十有馀月而成。众人都称赞他的功劳。",
        3: "天宝十载正月初八，玄宗到太清宫。天宝九载正月初十，玄宗从华清宫回京。百官都来朝贺。",
        4: "天宝十一载正月初九，玄宗从华清宫返回京城。次年十载正月初三，又到骊山。天下太平无事。",
        5: "沿南面的山崖向北转，半里，又沿东面的山坡往西北行。我顺着西面的山坡往北下，就是峡谷。",
        6: "顺着北面的山崖向南走，再沿西面的山崖向东转，六里，沿东面的山坡往西北行，到了村里。",
    }
    lexicon, new = discover(corpus)
    assert new == {}
    assert all(remove_spam(text, lexicon).text == text for text in corpus.values())


def test_allowed_strings_are_never_proven_nor_removed():
    rng = random.Random(5)
    corpus = {i: inject(p, "蓝鲸娱乐城", 3, rng) for i, p in enumerate(NEWS[:12])}
    lexicon = SpamLexicon()
    lexicon.allow(["藍鯨娛樂城"])  # either script
    for doc_id, text in corpus.items():
        lexicon.observe(doc_id, text, split_candidates(text))
    assert lexicon.discover(count_occurrences(corpus.values(), lexicon.candidates())) == {}
    saved = SpamLexicon.from_json({"families": {"gambling": {"tokens": ["蓝鲸娱乐城", "百家乐"]}},
                                   "allow": ["蓝鲸娱乐城"]})
    assert saved.families["gambling"] == {"百家乐", "百家樂"}
    assert remove_spam(corpus[0], saved).text == corpus[0]


def test_a_built_in_family_takes_only_strings_that_hold_its_own_words():
    lexicon = SpamLexicon.from_tokens({"fake_documents": ["办证", "假证"]})
    assert lexicon._family_for(["快速办证中心"]) == "fake_documents"
    assert lexicon._family_for(["3个", "有6", "让我"]) is None


def test_a_phrase_between_two_words_is_no_split_though_their_characters_pair_up():
    # 营运|单位应当制定|载运: taking the phrase out puts 运 beside 载 (运载 is a word), but the
    # sides were the words 营运 and 载运 already; injected text inside 上午 is a split.
    lexicon = SpamLexicon()
    for doc_id, text in enumerate(["客渡船营运单位应当制定载运电动自行车安全规定。", "会议于今天上包养午召开。"]):
        lexicon.observe(doc_id, text, split_candidates(text))
    assert "单位应当制定" not in lexicon.splits and lexicon.splits["包养"] == 1


def test_sightings_keep_only_strings_a_lexicon_could_prove():
    # 工作 pushed into words splits them like an injection, but it is a common word: no lexicon could
    # prove it, so the corpus-wide sightings (driver memory) do not hold it; 包养 they do.
    lexicon = SpamLexicon()
    for doc_id, text in enumerate(["会议于今天上工作午召开。", "会议于今天上包养午召开。"]):
        lexicon.observe(doc_id, text, split_candidates(text))
    assert "工作" not in lexicon.splits and "工作" not in lexicon.contexts and lexicon.splits["包养"] == 1


def test_only_what_a_count_could_prove_is_counted_and_discovery_is_unchanged():
    rng = random.Random(11)
    families = [["龙腾娱乐汇"], ["金牌代写论文", "代写论文"], ["私家侦探", "私家侦探公司", "找私家侦探"]]
    corpus = {}
    for i, paragraph in enumerate(NEWS):
        text = paragraph
        for _ in range(0 if i % 3 == 0 else rng.randint(1, 3)):
            text = inject(text, rng.choice(families[i // 3 % 3]), 1, rng)
        corpus[i] = text

    def sighted() -> SpamLexicon:
        lexicon = SpamLexicon()
        for doc_id, text in corpus.items():
            lexicon.observe(doc_id, text, split_candidates(text))
        return lexicon

    everything, counted = sighted(), sighted()
    candidates, countable = counted.candidates(), counted.countable()
    assert countable < candidates and len(countable) < len(candidates) / 2
    provable = {s for s in countable if not any(p in s and p != s for p in countable)}
    assert all(s in counted.page_proven or counted._splits_widely(s, 2) for s in provable)
    assert {"找私家侦探", "私家侦探公司"} & countable  # an occurrence inside them counts for them, not 私家侦探
    assert (counted.discover(count_occurrences(corpus.values(), countable))
            == everything.discover(count_occurrences(corpus.values(), candidates)) != {})


def test_a_clause_laws_share_is_not_spliced_for_one_word_it_happens_to_cut():
    """Four laws end a sentence alike, each with its own subject (公共交通工具|应当逐步达到无障碍设施的
    要求。): the LawRefBook laws, and the pipeline benchmark's corpus, lost it as spam.spliced, on the
    evidence of one occurrence whose sides join into a word (工具|…|有关: 具有). A spliced text must
    have cut two different words."""
    from cleaners.passes import run_passes

    clause = "应当逐步达到无障碍设施的要求。"
    laws = {
        "a": f"第五十七条 公共交通工具和乘客等候区{clause}机场、车站、港口客运站应当设置方便残疾人通行的绿色通道。",
        "b": f"第五条 鼓励推广使用高效能、低排放车辆；公共汽车客运车辆{clause}\n第六条 主管部门负责编制发展规划。",
        "c": f"第五十五条 公共服务机构应当为残疾人提供服务。\n公共交通工具{clause}有条件的公共停车场应当设置专用停车位。",
        "d": f"第十五条 民用航空器、客运列车等公共交通工具{clause}有关主管部门应当制定公共交通工具的无障碍技术标准。",
    }
    out, decisions = run_passes([[Spam()]], laws)
    assert SPLICED_FAMILY not in decisions["spam"].families
    assert all(o.edits == [] for o in out.values())
