"""Page verdicts: each signal on small crafted pages, each verdict, and the hard negatives
(pages that mention gambling or porn, or carry long menus, but are content)."""

import itertools
import json

import pytest

from cleaners.quality import QualityConfig, _verse_share, page_signals, page_verdict

NEWS = ("今天上午，市政府召开新闻发布会，介绍了今年城市建设的进展情况。"
        "会上，有关负责人回答了记者提问，并表示明年将继续加大投入，改善老旧小区的居住条件。")


def test_signals_of_a_news_paragraph():
    s = page_signals(NEWS)
    assert s.sentence_share > 0.95 and s.sentence_chars == s.chars
    assert s.han_share > 0.85 and s.menu_share == 0.0 and s.repeated_line_share == 0.0
    assert s.longest_run == s.chars and -7.5 < s.fluency < -4.0
    assert s.adult_terms == s.gambling_terms == 0


def test_menus_and_repeats_are_measured_by_characters():
    page = "\n".join(["首页", "新闻中心", "产品展示", "联系我们"]) + "\n" + NEWS + "\n" + NEWS
    s = page_signals(page)
    assert 0 < s.menu_share < 0.1  # a few short lines against two long paragraphs
    assert s.repeated_line_share == pytest.approx(0.5, abs=0.05)  # the second copy of the paragraph
    assert s.longest_run == 2 * len(NEWS)


def test_lines_broken_at_every_comma_are_read_as_sentences():
    page = "本期\n[\n天成\n]\n艺术平台专门搜集整理了一些珍藏文物与大家分享\n.\n收藏讲究眼界\n,\n多欣赏上品精品有利于眼界的提高\n;"
    assert page_signals(page).sentence_share > 0.8


def test_a_menu_page_is_no_content_and_says_why():
    menu = "\n".join(["网站首页", "关于我们", "新闻中心", "产品展示", "成功案例", "在线留言", "联系我们"] * 8)
    reason, why = page_verdict(page_signals(menu))
    assert reason == "no_content" and "0 of" in why


def test_furniture_the_cleaners_removed_still_counts_as_navigation():
    from cleaners import clean_text
    from cleaners.quality import furniture_chars

    # A listing page whose stamped headlines the listing rule took: what is left is small and says little.
    page = "作文列表\n" + "\n".join(f"关于春天的作文第{k}篇（精选） 2022-05-0{k % 9 + 1} 10:3{k % 10}" for k in range(12))
    cleaned = clean_text("这一页收录了同学们写的一段话。\n" + page)
    s = page_signals(cleaned.text, furniture_chars(cleaned.edits))
    assert s.furniture_chars > s.chars and s.navigation_share > 0.7
    assert page_verdict(s)[0] == "no_content"
    assert page_verdict(page_signals(cleaned.text))[0] is None  # judged on what was left alone, a stub


def test_a_list_of_names_is_content_not_navigation():
    # Long lines of names split by 、 are not sentences, nor menus: a roll of members is content.
    names = "、".join(f"{a}{b}" for a in "王李张刘陈杨黄赵" for b in "立平建国明华强军")
    assert page_verdict(page_signals("中国民主建国会(65人)\n" + names + "\n中国民主促进会(35人)\n" + names))[0] is None


def test_a_column_of_months_is_an_archive_menu_not_a_table():
    archive = "\n".join(f"• 20{y:02d} 年 {m} 月" for y in range(15, 25) for m in (1, 6, 9))
    s = page_signals("文章导航\n近期评论\n" + archive)
    assert s.data_share < 0.1
    assert page_verdict(s)[0] == "no_content"


def test_a_word_list_is_content_a_bilingual_menu_is_not():
    """A probe's vocabulary list (abandon v. 放弃；抛弃, one word a line) went as no_content: its
    lines have no sentence and say nothing, as a menu's. Its entries carry a part of speech, as a
    dictionary writes it; a bilingual menu's items (关于我们 About Us) carry none."""
    words = [("abandon", "v.", "放弃；抛弃"), ("ability [əˈbɪləti]", "n.", "能力；才能"), ("abroad", "adv.", "在国外"),
             ("absent", "adj.", "缺席的"), ("absorb", "v.", "吸收；吸引"), ("academic", "adj.", "学术的"),
             ("accept", "v.", "接受"), ("access", "n.", "通道；访问"), ("accident", "n.", "事故；意外"),
             ("accompany", "v.", "陪伴"), ("look after", "v.", "照顾"), ("account", "n.", "账户；描述")]
    s = page_signals("高考英语核心词汇\n" + "\n".join(" ".join(entry) for entry in words))
    assert s.sentence_chars == 0 and s.data_share > 0.8 and page_verdict(s)[0] is None
    menu = [("首页", "Home"), ("关于我们", "About Us"), ("新闻中心", "News"), ("产品中心", "Products"),
            ("解决方案", "Solutions"), ("成功案例", "Cases"), ("服务支持", "Service"), ("人才招聘", "Careers"),
            ("联系我们", "Contact"), ("在线留言", "Message"), ("下载中心", "Download"), ("网站地图", "Sitemap"),
            ("企业文化", "Culture"), ("荣誉资质", "Honors"), ("合作伙伴", "Partners"), ("投资者关系", "Investors")]
    s = page_signals("某某科技有限公司\n" + "\n".join(f"{han} {latin}" for han, latin in menu))
    assert s.data_share == 0 and page_verdict(s)[0] == "no_content"


SONG_VERSES = ["清晨的阳光照在河面上", "老槐树下坐着我的爹娘", "炊烟升起在屋后的山岗", "那是我从小长大的地方",
               "走过千山万水", "看过大海汪洋", "心里最美的风景", "还是家乡的月亮"]
SONG_CHORUS = ["我和我的家乡", "一刻也不能分开", "无论我走到哪里", "都想着那条小河旁"]


def test_a_song_is_content_and_its_chorus_no_stuffing():
    """Written for this test, as the lyrics of Jay Chou's albums (d2l-zh's data) showed: 21 of 148
    pages of 40 lines went, 14 as no_content (their lines carry no adjective or adverb: 无论我走到
    哪里) and 7 as seo_spam, more than half of them the lines of a chorus, repeated. A line that
    tells of someone doing something reads as a clause; a chorus sings of someone, where a stuffed
    page's keywords and offers name no one."""
    song = "\n".join(["《家乡》歌词"] + SONG_VERSES[:4] + SONG_CHORUS * 2 + SONG_VERSES[4:6] + SONG_CHORUS * 3)
    s = page_signals(song)
    assert s.sentence_chars == 0 and s.clause_line_share >= 0.5
    assert s.repeated_line_share > 0.5 and s.repeated_person_share == 0.25  # 无论我走到哪里
    assert page_verdict(s)[0] is None
    offers = ["点击查看最新优惠活动详情", "立即注册领取新人礼包大奖", "下载官方客户端享受更多福利", "联系在线客服获取专属服务"]
    keywords = ["上海网站建设公司哪家好", "上海网站优化排名报价", "上海网络推广外包服务", "上海小程序开发费用"]
    for block in (offers, keywords):
        s = page_signals("\n".join(["欢迎光临"] + block * 5))
        assert s.repeated_person_share == 0 and page_verdict(s)[0] == "seo_spam"


def test_a_short_stub_without_sentences_is_not_judged():
    assert page_verdict(page_signals("１、纪念汶川地震１周年\n２、纪念国家首个防灾减灾日"))[0] is None


def test_a_spec_sheet_with_some_sentences_is_kept():
    rows = "\n".join(f"型号A{k} 主频最高{k}0MHz 工作电压3.3V" for k in range(12))
    assert page_verdict(page_signals(NEWS + "\n" + rows))[0] is None


def test_a_company_page_with_a_long_product_menu_is_kept():
    menu = "\n".join(["数控车床", "加工中心", "磨床系列", "铣床系列", "钻床系列", "刀具配件", "售后服务"] * 3)
    about = ("本公司成立于一九九八年，是一家集研发、生产、销售于一体的机床制造企业。"
             "公司拥有先进的生产设备和完善的检测手段，产品远销东南亚和欧洲。"
             "多年来，我们始终坚持质量第一、用户至上的原则，赢得了广大客户的信赖。")
    assert page_verdict(page_signals(menu + "\n" + about))[0] is None


def test_a_porn_page_is_adult():
    lines = ["国产精品自拍偷拍在线观看", "人妻熟妇无码中文字幕", "日韩av巨乳制服诱惑", "午夜福利视频免费看片"]
    reason, why = page_verdict(page_signals("\n".join(lines * 3) + "\n" + NEWS))
    assert reason == "adult" and "porn terms" in why


def test_a_gambling_page_is_gambling():
    page = ("百家乐真人荷官在线投注，注册送彩金，首存返水。\n时时彩北京赛车幸运飞艇，赔率最高的娱乐平台。\n"
            "老虎机、轮盘、德州扑克，现金网信誉平台，app下载登录入口。")
    assert page_verdict(page_signals(page))[0] == "gambling"


def test_a_news_story_on_a_gambling_crackdown_is_kept():
    story = ("警方近日破获一起跨境网络赌博案，抓获犯罪嫌疑人二十余名。经查，该团伙通过境外博彩网站组织赌博，"
             "涉案资金数亿元。警方提醒广大市民，远离赌博，切勿轻信所谓的高回报投资。") * 2
    s = page_signals(story)
    assert s.gambling_terms == 0 and s.gambling_share > 0.05 and page_verdict(s)[0] is None


def test_a_law_on_gambling_cases_is_kept():
    # Written after the judicial interpretation that once went as gambling (LawRefBook).
    law = ("第一条 以营利为目的，组织三人以上赌博，抽头渔利数额累计达到五千元以上的，属于聚众赌博。\n"
           "第二条 以营利为目的，在计算机网络上建立赌博网站，或者为赌博网站担任代理，接受投注的，属于开设赌场。\n"
           "第三条 利用棋牌室等场所赌博的，依照前款的规定处罚。")
    s = page_signals(law)
    assert s.gambling_terms == 2 and page_verdict(s)[0] is None


def test_a_doorway_headed_by_the_trade_between_scraped_paragraphs_is_gambling():
    blurb = ("某某机械有限公司是一家专业生产搅拌设备的企业，产品远销海内外，"
             "公司秉承质量第一、客户至上的理念，竭诚为新老客户提供优质的服务。")
    headings = ["极速飞艇开奖结果查询", "澳洲幸运10在线计划", "秒速赛车人工计划软件", "幸运飞艇走势图"]
    page = "\n".join(f"{h}\n{blurb}\n某某机械有限公司" for h in headings)
    s = page_signals(page)
    assert s.gambling_share < 0.05 and s.gambling_headings == 4 and s.headings == 8
    reason, why = page_verdict(s)
    assert reason == "gambling" and "4 of its 8 headings" in why


def test_a_crackdown_story_with_headed_sections_is_kept():
    page = "\n".join(["跨境网络赌博案告破", "警方近日破获一起跨境网络赌博案，抓获犯罪嫌疑人二十余名。",
                      "团伙利用博彩网站敛财", "经查，该团伙通过境外博彩网站组织赌博，涉案资金数亿元。",
                      "警方提醒：远离赌博", "警方提醒广大市民，远离赌博，切勿轻信所谓的高回报投资。",
                      "记者 张三", "编辑 李四", "相关新闻", "更多报道"])
    s = page_signals(page)
    assert s.gambling_headings == 0 and page_verdict(s)[0] is None  # the words news reports with
    assert page_signals(page.replace("跨境网络赌博案告破", "百家乐平台被查")).gambling_headings == 1


def test_a_lottery_results_news_page_is_kept():
    page = ("本期双色球开奖结果揭晓，一等奖开出八注，单注奖金五百多万元，分落多个省份。"
            "彩票中心提醒，购买彩票应量力而行，理性投注，未满十八周岁者不得购买。\n"
            "本期全国销量为三亿多元，奖池累计金额超过十亿元。")
    assert page_verdict(page_signals(page))[0] is None


def test_a_story_on_the_sports_lotterys_sales_is_kept():
    """A probe written as news on the state sports lottery during a World Cup went as gambling: 6
    different terms (竞彩, 足彩, 购彩, 投注, 让球, 赔率) covered 11% of it. 竞彩, 足彩 and 购彩 are
    the state lottery's words, which news uses as it uses 赌博 and 博彩; a betting site still has
    its trade's (注册送, 首存, 亚盘, 返水)."""
    story = ("世界杯期间竞彩销量创新高\n"
             "记者从省体育彩票管理中心获悉，世界杯开赛以来，全省竞彩销量同比增长45%，足彩和竞彩篮球也保持稳定增长。\n"
             "业内人士表示，球迷购彩热情高涨，但要理性投注，量力而行。体彩中心提醒广大购彩者，购买体育彩票请到正规"
             "销售网点，切勿参与网上赌球等非法活动。\n"
             "据介绍，本届世界杯竞彩推出了胜平负、让球胜平负、比分、总进球数、半全场等多种玩法，赔率根据比赛情况实时调整。")
    assert page_verdict(page_signals(story))[0] is None
    site = "竞彩足球在线投注，注册送彩金，首存返水。\n竞彩亚盘、足彩让球推荐，赔率最高的信誉平台。"
    assert page_verdict(page_signals(site))[0] == "gambling"


def test_a_medical_article_is_not_adult():
    page = ("阴道炎是妇科常见病，医生建议患者及时就诊，遵医嘱用药。"
            "日常生活中应注意个人卫生，避免过度清洗，保持良好的作息习惯。") * 2
    assert page_verdict(page_signals(page))[0] is None


def test_a_doctors_answer_on_sex_and_hepatitis_is_not_adult():
    # Written after a medical Q&A that went as adult: the words health advice speaks of sex in.
    page = ("乙肝患者能过性生活吗？\n我是乙肝病毒携带者，和爱人做爱会不会传染？\n"
            "乙肝病毒可通过血液、精液和阴道分泌物传播，性交时应全程使用避孕套，口交、肛交同样有传染风险。"
            "爱人应及时检查乙肝抗体，没有抗体的话尽快接种疫苗。")
    s = page_signals(page)
    assert s.adult_terms == 0 and s.adult_share > 0.05 and page_verdict(s)[0] is None
    porn = "\n".join(["国产精品自拍偷拍", "人妻无码中文字幕", "午夜福利女优番号"] + [page])
    assert page_verdict(page_signals(porn))[0] == "adult"  # the trade's own words still tell


def test_a_modern_poem_without_punctuation_is_content():
    # Written for this test: a poem of short lines with no punctuation has no sentence, and went as
    # no_content like a menu. Its lines say something (a clause's words), a menu's items do not.
    poem = "\n".join(["秋天的小路", "我走在秋天的小路上", "落叶在脚下轻轻作响", "远处的山峦披上金黄",
                      "风吹过田野带来稻香", "母亲在村口向我招手", "炊烟从屋顶慢慢升起", "我加快脚步奔向家门",
                      "那里有温暖的灯光", "有一碗热腾腾的米饭", "还有说不完的家常话", "多少年过去了",
                      "这条小路依然在我梦里", "弯弯曲曲通向远方", "通向我永远的故乡", "春天我在这里放过风筝",
                      "夏天我在河边捉过蜻蜓", "冬天的雪落满了屋檐", "父亲扫出一条回家的路", "如今我已两鬓斑白"])
    s = page_signals(poem)
    assert s.sentence_chars == 0 and s.page_chars >= 150 and s.clause_line_share >= 0.5
    assert page_verdict(s)[0] is None
    menu = "\n".join(["网站首页", "新闻中心", "产品展示", "联系我们", "关于我们", "在线留言", "人才招聘", "企业文化",
                      "荣誉资质", "售后服务", "技术支持", "下载中心", "公司简介", "行业动态", "公司新闻", "媒体报道",
                      "产品中心", "解决方案", "成功案例", "合作伙伴", "招商加盟", "服务网点", "常见问题", "网站地图",
                      "隐私政策", "法律声明", "友情链接", "投资者关系", "社会责任", "发展历程", "组织架构", "领导致辞",
                      "视频中心", "图片中心", "资料下载", "客户留言", "意见反馈", "在线客服", "销售网络", "品牌故事"])
    s = page_signals(menu)
    assert s.clause_line_share < 0.5 and page_verdict(s)[0] == "no_content"


def test_a_listing_for_a_keyword_is_no_content():
    # Written for this test, in the shape of crawled search and image-search doorways: a keyword
    # for a title, then other pages' headlines and captions that each carry it, and little else.
    listing = "\n".join(["家庭菜园种植技巧", "阳台种菜的十个技巧，新手也能轻松上手", "种植技巧：番茄怎样才能结得多",
                          "家庭种植蔬菜有哪些技巧", "图解草莓的种植技巧和方法", "盆栽辣椒的种植技巧",
                          "这些种植技巧让你的黄瓜产量翻倍", "冬季大棚蔬菜种植技巧有哪些?", "老农分享的种植技巧",
                          "种植技巧大全", "生菜的种植技巧及注意事项", "韭菜种植技巧，一年能割好几茬",
                          "土壤是蔬菜生长的基础，选择疏松肥沃的土壤很重要。"])
    s = page_signals(listing)
    assert s.title_listing_lines >= 8 and s.title_listing_share >= 0.6
    reason, why = page_verdict(s)
    assert reason == "no_content" and "listing for a keyword" in why
    assert page_verdict(s, QualityConfig(min_title_listing_lines=20))[0] is None  # its own threshold


def test_pages_whose_lines_carry_the_title_word_but_are_no_listing():
    # A tag page whose teasers are sentences, the rows of a table (names: they say nothing), and a
    # children's song whose lines come back to its title.
    teasers = "\n".join(["电动汽车"] + [f"电动汽车{x}，业内人士认为这将进一步推动市场的发展。" for x in
                                          ("销量连续三个月增长", "充电桩建设提速", "电池成本持续下降", "出口创新高",
                                           "下乡活动启动", "补贴政策调整", "续航里程再提升", "保险新规出台", "二手车市场升温")])
    rows = "\n".join(["证券营业部 (30日上榜次数2次)"] + [f"{firm}证券股份有限公司{city}路证券营业部 {n}.{n}%"
                                                     for firm, city, n in zip("华国中东兴方广招申", "宁蓉杭苏沪渝京深汉", range(1, 10))])
    song = "\n".join(["春天在哪里", "春天在哪里呀 春天在哪里", "春天在那青翠的山林里", "这里有红花呀 这里有绿草",
                       "还有那会唱歌的小黄鹂", "春天在青翠的山林里", "春天在哪里呀 春天在哪里", "春天在那湖水的倒影里",
                       "映出红的花呀 映出绿的草", "还有那会唱歌的小黄鹂", "春天在湖水的倒影里", "春天在哪里呀 春天在哪里",
                       "春天在那小朋友眼睛里", "看见红的花呀 看见绿的草", "还有那会唱歌的小黄鹂"])
    # A writer's lines on the title's word, left without punctuation, numbered or not: no headline
    # of another page carries no mark of its own (，？：, digits, Latin) as all of these do.
    moon = ["月亮像一个大玉盘挂在天上", "弯弯的月亮像一条小船", "月亮悄悄地爬上了树梢", "今晚的月亮又大又圆", "月亮躲进了云层里",
            "十五的月亮格外明亮", "月亮把银色的光洒满大地", "我喜欢看天上的月亮", "月亮静静地照着小村庄", "夏夜的月亮特别温柔"]
    sayings = "\n".join(["描写月亮的句子"] + moon)
    numbered = "\n".join(["描写月亮的句子"] + [f"{k}、{line}" for k, line in enumerate(moon, 1)])
    for page in (sayings, numbered):
        s = page_signals(page)
        assert s.title_listing_lines >= 8 and s.title_listing_marked < 0.25 and page_verdict(s)[0] is None
    for page in (teasers, rows, song):
        s = page_signals(page)
        assert s.title_listing_share < 0.6 and page_verdict(s)[0] is None, page[:10]


def test_a_page_of_repeated_lines_is_seo_spam():
    page = "\n".join(["专业私家侦探公司，调查取证服务"] * 12 + [NEWS])
    assert page_verdict(page_signals(page))[0] == "seo_spam"


def test_garbled_sentences_are_gibberish():
    garbled = "攴蛂癫善珨踬怢督扂珨嶱宎憩桶陇婓锋眒疑珨嶲湮散滇，坴仅竭船腔挲扂腔岆媪散奥祥岆珨湮散。"
    page = garbled + garbled[::-1] + garbled[10:] + garbled[:10]  # no sentence twice: not a page that repeats
    assert page_verdict(page_signals(page))[0] == "gibberish"


def test_a_few_rare_characters_in_a_short_text_are_not_garbling():
    # Written after a shopping review and a headline that went as gibberish (CLUE's EPRSTMT and
    # TNEWS): three rare characters are a fifth of a dozen, and a dozen says nothing of a page.
    # (The review's 嗲嗲嗲 is written Cantonese's now: the slang 屮艸芔茻 stands in for it.)
    for short in ("速度很快，价格实惠，屮艸芔茻！", "御鉴崐崘新姿 华润置地崐崘御产品发布盛典"):
        s = page_signals(short)
        assert s.rare_share >= 0.2 and s.han_chars < 20 and page_verdict(s)[0] is None
    garbled = "攴蛂癫善珨踬怢督扂珨嶱宎憩桶陇婓锋眒疑珨嶲湮散滇"  # as long, garbled all through
    assert page_verdict(page_signals(garbled + "，" + garbled[::-1] + "。"))[0] == "gibberish"


def test_written_cantonese_is_not_garbled():
    # A Hong Kong page in Cantonese went as gibberish: wordfreq's Chinese is Mandarin, in which
    # 佢哋, 咗, 嚟 and 啲 are one in a million, so a fifth of the page read as characters Chinese
    # almost never uses. Written Cantonese's own (pycantonese's sentences) are ordinary now;
    # garbled text is still garbled.
    page = ("佢哋今日唔得閒，聽日先嚟搵你啦。我哋去咗飲茶，啲點心好好食，蝦餃燒賣都冇得頂。你食咗飯未呀？\n"
            "嗰日我喺巴士站等咗成個鐘，啲車一架都冇嚟，真係激死人。最後要搭的士返屋企，俾咗成百蚊車錢。")
    s = page_signals(page)
    assert s.fluency < -8.0 and s.rare_share < 0.05 and page_verdict(s)[0] is None
    garbled = "攴蛂癫善珨踬怢督扂珨嶱宎憩桶陇婓锋眒疑珨嶲湮散滇，坴仅竭船腔挲扂腔岆媪散奥祥岆珨湮散。"
    assert page_verdict(page_signals(garbled + garbled[::-1]))[0] == "gibberish"


def test_one_dense_line_of_a_ritual_classic_is_not_a_garbled_line():
    # The Book of Etiquette with its modern translation (NiuTrans/Classical-Modern) went as
    # gibberish: one line of ritual vocabulary has a fifth to a third rare characters. A garbled
    # line has half or more, and still decides for its page.
    ritual = ("古文：苴刌茅，长五寸，束之，实于篚，馔于西坫上。馔两豆菹、醢于西楹之东，醢在西，一鉶亚之。\n"
              "古文：主人升酌，酳上餕，上餕拜受爵，主人答拜；酳下餕，亦如之。")
    modern = ["现代文：截取茅草，长五寸，捆扎起来，放在竹器里，陈设在西边的土台上。",
              "在西边的柱子东面陈设两只豆，分别盛着腌菜和肉酱，肉酱放在西边。",
              "再往东放一只盛着菜汤的鼎，这些都是祭祀时要用的器物和食品。"]
    s = page_signals("\n".join([ritual, *modern]))
    assert s.fluency < -8.0 and 0.2 <= s.garbled_line_share < 0.4 and s.rare_share < 0.2
    assert page_verdict(s)[0] is None
    garbled = "攴蛂癫善珨踬怢督扂珨嶱宎憩桶陇婓锋眒疑珨嶲湮散滇，坴仅竭船腔挲扂腔岆媪散奥祥岆珨湮散。"
    s = page_signals("\n".join([*modern, garbled]))
    assert s.garbled_line_share >= 0.4 and s.rare_share < 0.2 and page_verdict(s)[0] == "gibberish"


def test_a_herbal_formulas_listed_herbs_are_not_a_garbled_line():
    """A probe of a page on a Chinese medicine formula went as gibberish: its line of herbs (薜荔、
    蘘荷、蓍草、菝葜…) was half characters Chinese almost never uses. Fluency already left a list's
    items out; the garbled line does too. A garbled line between the listed herbs still decides."""
    page = ("中药方剂：川芎茶调散\n组成：川芎、荆芥、白芷、羌活、甘草、细辛、防风、薄荷。\n"
            "功用：疏风止痛。主治外感风邪头痛，偏正头痛或巅顶作痛，目眩鼻塞，或恶风发热，舌苔薄白，脉浮。\n"
            "方中川芎辛温香窜，为血中气药，上行头目，为治诸经头痛之要药。薄荷、荆芥轻而上行，疏风止痛。\n"
            "另有中药薜荔、蘘荷、蓍草、菝葜、蒺藜、菥蓂、芫荽、荸荠，亦各有药用。")
    s = page_signals(page)
    assert s.garbled_line_share < 0.4 and page_verdict(s)[0] is None
    garbled = "攴蛂癫善珨踬怢督扂珨嶱宎憩桶陇婓锋眒疑珨嶲湮散滇，坴仅竭船腔挲扂腔岆媪散奥祥岆珨湮散。"
    s = page_signals(page + "\n" + garbled)
    assert s.garbled_line_share >= 0.4 and page_verdict(s)[0] == "gibberish"


def test_verse_and_slang_read_badly_to_a_model_of_modern_words_but_are_not_garbled():
    poem = "秋夜寄友\n寒山轉蒼翠，秋水日潺湲。\n倚杖柴門外，臨風聽暮蟬。\n渡頭餘落日，墟里上孤煙。"  # written for this test
    review = "米饭太硬，汤也凉了。"
    for page in (poem, review):
        s = page_signals(page)
        assert s.fluency < -8.0 and s.rare_share < 0.2 and page_verdict(s)[0] is None, page


def test_keep_all_annotates_and_rejects_nothing():
    menu = "\n".join(["网站首页", "关于我们", "新闻中心", "产品展示"] * 12)
    assert page_verdict(page_signals(menu), QualityConfig(keep_all=True)) == (None, "")


def test_thresholds_can_be_moved_from_the_recorded_signals():
    s = page_signals(NEWS)
    assert page_verdict(s, QualityConfig(min_fluency=0.0, min_rare_share=0.0))[0] == "gibberish"
    assert json.loads(json.dumps(s.to_dict()))["sentence_chars"] == s.sentence_chars


def test_a_table_of_figures_is_content_not_navigation():
    rows = "\n".join(f"{k}四川制药{19 + k}.63" for k in range(1, 30))
    s = page_signals("沪市上周上涨前五名(%)\n" + rows)
    assert s.data_share > 0.9 and s.sentence_chars == 0
    assert page_verdict(s)[0] is None


def test_links_with_a_year_in_them_are_navigation_not_a_table():
    links = [f"{2022 - k // 12}年{'一二三四五六七八九十'[k % 10]}月白银的美元价格" for k in range(12)]
    s = page_signals("\n".join(links))
    assert s.data_share == 0.0 and page_verdict(s)[0] == "no_content"


def test_a_search_query_stuffed_through_the_page_is_seo_spam_a_name_or_a_headline_is_not():
    query = "什么药治咳喘效果好"
    body = ["引起慢性支气管炎的原因有很多，所以很多患者想了解怎样治疗，下面一起来看看吧，{}。",
            "初发病时要及时治疗，平常要多注意休息，避免做过分劳累的工作。{}",
            "建议使用正规药物，可以快速缓解咳喘等症状，{}，各种类型的哮喘患者都应遵医嘱。"]
    doorway = "\n".join([query] + [line.format(query) for line in body])
    s = page_signals(doorway)
    assert s.query_echoes == 3
    reason, why = page_verdict(s)
    assert reason == "seo_spam" and "search query" in why and "3 times" in why
    assert page_verdict(s, QualityConfig(max_query_echoes=3))[0] is None  # the threshold is the config's
    # An article that names its subject twice, a company page that repeats its name, a headline
    # that is no question: kept.
    twice = "\n".join([query] + [line.format(query if k < 2 else "") for k, line in enumerate(body)])
    company = "\n".join(["江苏旭日液压设备有限公司"] + [line.format("江苏旭日液压设备有限公司") for line in body])
    headline = "\n".join(["全市职工技能竞赛开幕"] + [line.format("全市职工技能竞赛开幕") for line in body])
    for page in (twice, company, headline):
        assert page_verdict(page_signals(page))[0] is None


def test_a_question_glued_between_scraped_sentences_is_a_stuffed_query_a_qa_formula_is_not():
    """The query need not be the title: a doorway glues it, a sentence of its own, into prose
    line after line. A Q&A whose questions end alike (…的纠纷，人民法院是否受理？) and a FAQ whose
    question stands on its own lines are no doorways."""
    query = "这款电子烟有什么好处？"
    prose = ["戒烟并不是一件容易的事情，可是我们可以变通一下。", "没有明火或烟灰，因此扔烟头非常方便，不需要带烟灰缸。",
             "香烟焦油基本经过过滤，大大减少了吸烟者遭受的伤害。", "它比大多数抽烟油的电子烟更像一支香烟，味道也很小。"]
    doorway = "\n".join(["电子烟花式吸引青少年，如何监管亟待细化"] + [p + " " + query for p in prose])
    s = page_signals(doorway)
    assert s.query_echoes == 3
    reason, why = page_verdict(s)
    assert reason == "seo_spam" and "search query" in why
    formula = "人民法院是否受理？"
    qa = "\n".join(["关于审理名誉权案件若干问题的解答"] + [f"{k}、问：因{p[:-1]}引起的名誉权纠纷，{formula}"
                                                  for k, p in enumerate(prose, 1)])
    faq = "\n".join(["常见问题"] + [line for p in prose for line in (query, p)])
    for page in (qa, faq):
        assert page_signals(page).query_echoes == 0
        assert page_verdict(page_signals(page))[0] is None


def test_a_long_line_with_no_punctuation_costs_its_length_not_its_square():
    """Every signal's pattern runs in time linear in the page: a question pattern tried from every
    position of a 20,000-character line without a question mark once cost 2 s (and 50,000, 13 s).
    The line opens with a question, so that it is searched at all (lines without one are not)."""
    import time

    page_signals("短句。")  # tables built outside the timing
    started = time.process_time()  # CPU time: other tests may share the cores
    s = page_signals("这是为什么呢？" + "中" * 50_000)
    assert time.process_time() - started < 2.0
    assert s.query_echoes == 0


# Sentences of scraped news, pasted by a doorway again and again, each time among others.
SCRAPED = ["那是八十年代末，不少人奔赴大洋彼岸打拼，想在异国他乡闯出一片天地。",
           "当时不少人劝她，高档写字楼租金高、投资大、客源少，风险实在太大了。",
           "根据用户反映，自从收取押金以后，可用车辆就越来越少，提现越来越困难。",
           "记者询问用户反映的余额无法提现的问题，负责人则称会有退款途径。"]


def test_a_collage_of_pasted_sentences_is_seo_spam():
    lines = ["".join(order) for order in itertools.islice(itertools.permutations(SCRAPED, 3), 0, 24, 4)]
    s = page_signals("闸把\n" + "\n".join(lines))
    assert s.repeated_line_share == 0.0  # no line repeats: the lines are spliced differently
    assert s.pasted_sentence_share > QualityConfig().max_pasted_sentence_share
    reason, why = page_verdict(s)
    assert reason == "seo_spam" and "a collage" in why


def test_an_article_that_repeats_its_lead_once_is_kept():
    lead = "今天上午，市政府召开新闻发布会，介绍了今年城市建设的进展情况。"
    body = ("会上，有关负责人回答了记者提问，并表示明年将继续加大投入，改善老旧小区的居住条件。"
            "据介绍，今年全市共完成三百多个小区的改造，惠及居民十多万户。"
            "负责人还说，改造中听取居民意见，把加装电梯、增设停车位列为重点。")
    s = page_signals(f"{lead}\n{body}\n{body[:60]}\n{lead}")  # a lead said again as a summary
    assert 0 < s.pasted_sentence_share < QualityConfig().max_pasted_sentence_share
    assert page_verdict(s)[0] is None


def test_a_page_whose_text_a_scrape_caught_twice_is_kept_six_times_is_not():
    # The same sentences in the same company: doubled, not pasted anew each time. Twice is
    # half of the page repeated, and kept (the copy is for deduplication); six times is junk.
    assert page_verdict(page_signals("".join(SCRAPED) * 3))[0] is None
    chapter = "".join(SCRAPED)
    twice = page_signals(chapter * 2)
    assert twice.pasted_sentence_share < QualityConfig().max_pasted_sentence_share
    assert page_verdict(twice)[0] is None
    reason, why = page_verdict(page_signals(chapter * 6))
    assert reason == "seo_spam" and "sentences it repeats" in why


def test_garbled_text_without_punctuation_is_gibberish():
    # Text garbled through and through has lost its punctuation with its characters: fluency was
    # measured over sentences only, so a page with none read as 0.0 and was kept (a page of 200,000
    # random Han characters, 71% of them rare). With no sentence, the lines are read instead.
    garbled = "攴蛂癫善珨踬怢督扂珨嶱宎憩桶陇婓锋眒疑珨嶲湮散滇坴仅竭船腔挲扂腔岆媪散奥祥岆珨湮散"
    s = page_signals(garbled + "\n" + garbled[::-1])
    assert s.sentence_chars == 0 and s.fluency < -8.0 and page_verdict(s)[0] == "gibberish"
    menu = "公司简介 产品展示 新闻动态 在线留言 联系方式\n企业文化 组织结构 分支公司 售后服务 技术支持"
    assert page_verdict(page_signals(menu))[0] != "gibberish"


def test_a_tang_poem_full_of_rare_characters_is_verse_not_gibberish():
    # Tang poems (chinese-poetry's 全唐诗) went as gibberish, 36 of 78,692: mountains and birds are
    # rare characters (嶾嶙, 鸀鳿), and verse reads at -10 to -12 nats a character to a model of
    # modern words. Their clauses are one length, five or seven characters, cut by the punctuation
    # that garbling loses; a garbled page cut into clauses of all lengths is still gibberish.
    poem = "石淙\n奇峰嶾嶙箕山北，秀崿岹嶢嵩鎮南。\n地首地肺何曾擬，天目天台倍覺慙。\n樹影蒙蘢鄣疊岫，波深洶湧落懸潭。"
    s = page_signals(poem)
    assert s.fluency < -8.0 and s.rare_share >= 0.2 and s.verse_share >= 0.75
    assert page_verdict(s)[0] is None
    garbled = "攴蛂癫善珨踬，怢督扂珨嶱宎憩桶陇婓锋，眒疑珨嶲湮，散滇坴仅竭船腔挲扂腔岆，媪散奥祥岆珨湮散。"
    s = page_signals(garbled + garbled[::-1])
    assert s.verse_share < 0.75 and page_verdict(s)[0] == "gibberish"


@pytest.mark.parametrize("poem", [
    "螽斯\n国风 周南\n螽斯羽，诜诜兮。宜尔子孙，振振兮。\n螽斯羽，薨薨兮。宜尔子孙，绳绳兮。\n螽斯羽，揖揖兮。宜尔子孙，蛰蛰兮。",
    "驺虞\n国风 召南\n彼茁者葭，壹发五豝，于嗟乎驺虞！\n彼茁者蓬，壹发五豵，于嗟乎驺虞！",
    "隰有苌楚\n国风 桧风\n隰有苌楚，猗傩其枝，夭之沃沃，乐子之无知。\n隰有苌楚，猗傩其华，夭之沃沃，乐子之无家。\n"
    "隰有苌楚，猗傩其实，夭之沃沃，乐子之无室。"])
def test_poems_of_the_book_of_songs_are_verse_not_gibberish(poem):
    """chinese-poetry's 诗经: 3 of 305 poems went as gibberish. Their lines mix lengths, four
    characters with refrains of three (螽斯羽，诜诜兮) or five (于嗟乎驺虞), so no one length was
    three quarters of the clauses. Verse keeps to a length give or take a character."""
    s = page_signals(poem)
    assert s.rare_share >= 0.2 and s.verse_share >= 0.75 and page_verdict(s)[0] is None


def test_garble_cut_into_clauses_of_verse_lengths_is_still_gibberish():
    """Clauses of three to seven random characters keep to no length; the garbled lines of a
    poem (GBK read as Big5) keep their commas but carry other characters than Han."""
    import random

    rng = random.Random(5)
    clauses = ["".join(rng.choice("攴蛂癫善珨踬怢督扂嶱宎憩桶陇婓锋眒嶲湮散滇坴竭船腔挲岆媪奥祥") for _ in range(rng.randint(3, 7)))
               for _ in range(24)]
    s = page_signals("，".join(clauses) + "。")
    assert s.verse_share < 0.75 and page_verdict(s)[0] == "gibberish"
    garbled = "床前明月光，疑是地上霜。举头望明月，低头思故乡。".encode("gbk").decode("big5", errors="replace")
    assert _verse_share(garbled * 2) == 0.0


@pytest.mark.parametrize("page", [
    "404 Not Found\n抱歉，您访问的页面不存在或已被删除！\n可能原因：\n1. 网址输入错误\n2. 页面已过期",
    "该内容已被发布者删除",
    "该域名正在出售\n如有意购买请联系：domain@example.com\n电话：138-0000-0000",
    "正在跳转，请稍候……\n如果您的浏览器没有自动跳转，请点击这里",
    "请输入验证码\n看不清？换一张\n为了您的账号安全，请完成安全验证\n拖动滑块完成拼图",
    "访问受限\n您的访问过于频繁，请稍后再试。\n如有疑问，请联系网站管理员。",
    "系统维护中\n尊敬的用户：为了提供更好的服务，本站正在进行系统升级维护，预计维护时间为2小时，给您带来的不便敬请谅解！",
    "搜索结果\n没有找到与“某某”相关的内容\n建议您：\n检查输入是否正确\n尝试其他关键词",
    "您的浏览器版本过低，请升级浏览器或使用Chrome浏览器访问本站。\n请开启JavaScript以获得最佳浏览体验。",
])
def test_what_a_site_says_in_place_of_a_page_is_no_content(page):
    """An error, a removed or parked page, a redirect, a check for robots, maintenance, an empty
    search, an old browser: short pages made mostly of a site's message, too short for the other
    no_content rules to judge."""
    reason, why = page_verdict(page_signals(page))
    assert reason == "no_content" and "in place of a page" in why


@pytest.mark.parametrize("page", [
    "为什么打开网站显示页面不存在？",  # a user asking about the message
    "分区时出现拒绝访问，怎么分都不行，请求帮助！",
    "我打开网页总是提示系统维护中，已经两天了。",
    "某银行手机客户端昨晚出现故障，用户登录时页面显示“系统维护中”，该行表示已于今晨恢复。",  # a report of it
    "新版本即将上线，敬请期待。",
    "第三条 提供互联网域名注册、服务器托管、空间租用服务的，应当依法备案。",
    # A reference of status codes, each with what it means (a probe that went as no_content).
    "常见HTTP状态码\n200 OK：请求成功\n301 Moved Permanently：页面已永久移动到新地址\n403 Forbidden：服务器拒绝访问\n"
    "404 Not Found：页面不存在\n500 Internal Server Error：服务器内部错误\n503 Service Unavailable：服务暂时不可用",
])
def test_a_page_that_speaks_of_a_sites_message_is_kept(page):
    assert page_verdict(page_signals(page)) == (None, "")


def test_a_sites_message_on_a_long_page_is_a_line_of_it():
    article = "".join(f"记者从市交通局获悉，今年第{k}批新开通的公交线路有{k + 2}条，新增站点{k * 7}个，方便了沿线市民出行。"
                      for k in range(1, 12))
    assert page_signals("404 Not Found\n" + article).stub_share == 0.0  # not measured past max_stub_chars
    assert page_verdict(page_signals("404 Not Found\n" + article)) == (None, "")
