"""Spam families seen on the Chinese web, as seeds for the lexicon (Simplified; the
Traditional forms are added by OpenCC). Only a seed: occurrences are removed on
evidence (they split a word, or their family is proven injected in the corpus), and
new families are discovered from each corpus. Extend with ``--spam-lexicon FILE``."""

KNOWN_FAMILIES: dict[str, list[str]] = {
    "escort": ["包养网", "包养", "甜心宝贝", "援交", "约炮", "外围女"],
    "gambling": ["博彩", "百家乐", "娱乐城", "六合彩", "赌场", "真人荷官", "新葡京", "威尼斯人娱乐"],
    "porn": ["成人影片", "成人视频", "色情网站", "黄色网站", "av女优"],
    "loans": ["网贷秒批", "无抵押贷款", "信用卡套现", "快速放款"],
    "surrogacy": ["代孕", "试管婴儿包成功"],
    "fake_documents": ["代开发票", "办证", "假证"],
}
