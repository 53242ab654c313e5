"""News-page chrome that the generic rules meet on Chinese and English portals: breadcrumbs
written without spaces, reporter lines, sign-offs below the article, calls to action."""

from __future__ import annotations

from pathlib import Path

import pytest

from textclean.boilerplate import STAGE
from textclean.stage import Context

CTX = Context(options=dict(STAGE.defaults))

ZH_BODY = [
    "市民在摊位前挑好蔬菜后，只需在屏幕上扫码，就能完成付款，整个过程不到十秒。",
    "据介绍，每个摊位都安装了带有溯源功能的电子秤，顾客可以查看蔬菜的产地和检测结果。",
    "后台系统会实时统计各类蔬菜的销量和价格，一旦菜价波动过大，管理人员就会及时提醒商户。",
    "相关负责人表示，今年计划再改造四十家传统菜场，争取在年底前实现中心城区全覆盖。",
]
EN_BODY = [
    "The council approved a plan to build fourteen miles of protected cycle lanes.",
    "Councillors voted 27 to 24 in favour of the scheme after a four-hour meeting on Tuesday.",
    "Supporters said the lanes would make the roads safer for children and reduce congestion.",
    "Shop owners argued that the loss of parking spaces would drive their customers away.",
    "Construction of the first section is expected to begin in the summer, officials said.",
]


def run(lines: list[str]):
    return STAGE("\n".join(lines), CTX)


@pytest.mark.parametrize("crumb", ["本网>>地方>>正文", "首页＞新闻中心＞国内新闻",
                                   "Home>News>Local"])
def test_unspaced_breadcrumb_goes_and_the_headline_is_the_title(crumb):
    headline = "全市首批智慧菜场投入运营 买菜可扫码付款"
    res = run([crumb, headline, *ZH_BODY])
    assert [r.reason for r in res.removed] == ["nav-separators"]
    assert res.meta["title"] == headline


@pytest.mark.parametrize("line", ["x >> 2", "a > b > c", "如果 a>b>c 则成立"])
def test_comparisons_are_no_breadcrumb(line):
    from textclean.boilerplate import rules

    assert rules._structure(line, False, 0, len(line)) is None


def test_reporter_line_gives_the_author():
    res = run(["新能源车企一季度交付量出炉 头部企业同比增长超三成", "某某新闻记者 孙立", *ZH_BODY])
    assert res.meta["author"] == "孙立"
    assert res.text.split("\n")[1:] == ZH_BODY


def test_sign_off_below_the_middle_moves_into_fields():
    """``本文来源：…　作者：…`` under the article but above a long footer is still metadata."""
    footer = ["相关推荐", "城南新建三座口袋公园 下月开放", "地铁五号线二期工程完成首段铺轨",
              "春季招聘会周末举行", "热门跟贴", "查看全部跟贴", "关于我们 | 联系我们 | 广告服务",
              "隐私政策", "网站地图", "不良信息举报"]
    res = run([*ZH_BODY, "本文来源：城市晚报　作者：周明远", *footer])
    assert (res.meta["site"], res.meta["author"]) == ("城市晚报", "周明远")
    assert res.text.split("\n") == ZH_BODY


def test_a_sentence_with_a_colon_in_the_lower_half_stays():
    closing = "来源：他说这只是开始，明年还会有更多菜场加入改造。"
    res = run([*ZH_BODY, closing, *ZH_BODY])
    assert closing in res.text


@pytest.mark.parametrize("promo", [
    "Get regular updates on our latest stories and offers: subscribe to the newsletter today.",
    "Follow us on Twitter and Instagram, or send us a message on WhatsApp with your tips.",
    "Like what you read? Find us on Facebook and Instagram for daily photos from the newsroom.",
])
def test_calls_to_action_after_the_article_go(promo):
    res = run([*EN_BODY, promo, "About us", "Contact"])
    assert [r.reason for r in res.removed if r.text == promo] == ["promo"]
    assert res.text.split("\n") == EN_BODY


def test_an_article_about_newsletters_keeps_its_paragraphs():
    """The same words inside the article, with more article after them, are its own words."""
    own = ("If you subscribe to a dozen newsletters, your inbox fills up before breakfast, "
           "the researchers found.")
    doc = [*EN_BODY, own, EN_BODY[0].replace("council", "county"),
           "The study will be repeated next year with a larger group of readers, they said."]
    assert run(doc).removed == ()


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "boilerplate"


@pytest.mark.parametrize(("name", "fields", "chrome"), [
    ("zh_finance_portal.txt",
     {"title": "多地推出消费券 带动假日消费回暖", "published": "2024-02-18T09:20",
      "site": "经济日报"},
     ["新闻 体育 财经", "滚动新闻", "放大字体", "尽在某浪财经APP", "责任编辑", "文章关键词",
      "扫描二维码关注", "返回顶部"]),
    ("zh_local_portal.txt",
     {"title": "山区小学用上“双师课堂” 孩子们在家门口听名师讲课", "published": "2024-05-09T08:12"},
     ["某某网>>地方", "小字号", "分享让更多人看到", "返回某某网首页", "推荐阅读",
      "一图读懂", "网站声明"]),
    ("zh_portal_comments.txt",
     {"title": "全市首批智慧菜场投入运营 买菜可“刷脸”付款", "site": "城市晚报", "author": "周明远"},
     ["国内新闻", "分享至", "本文来源", "相关推荐", "口袋公园", "热门跟贴", "网友A", "版权所有"]),
    ("en_local_news.txt",
     {"title": "City council approves new cycle lanes after long debate",
      "published": "2024-03-12T17:05"},  # ``17.05 GMT``: a British time
     ["Skip to main content", "Opinion", "Explore more on these topics", "Reuse this content",
      "Most viewed", "Heatwave warning", "Cookie policy", "All rights reserved", "Photograph:"]),
    ("en_wire.txt",
     {"title": "Storm knocks out power to thousands along the coast", "published": "2024-03-04"},
     ["By MARIA LOPEZ", "Updated 6:15", "ADVERTISEMENT", "may not be published", "mailto",
      "Lopez covers"]),
])
def test_news_portal_pages(name, fields, chrome):
    """Portal and wire pages written for these tests: the metadata lands in its fields, the
    chrome goes and every paragraph of the article stays, in order."""
    doc = (FIXTURES / name).read_text("utf-8")
    res = STAGE(doc, CTX)
    assert {k: res.meta.get(k) for k in fields} == fields
    for piece in chrome:
        assert piece not in res.text, piece
    paragraphs = [ln for ln in doc.split("\n") if len(ln) >= 40 and ln.endswith(("。", "."))
                  and not any(piece in ln for piece in chrome)]
    kept = res.text.split("\n")
    assert [ln for ln in kept if ln in paragraphs] == paragraphs


@pytest.mark.parametrize("top", [
    ["某某网_某某新闻_本地人自己的门户", "首页", "新闻", "财经"],
    ["行情中心 自选股 登录"],
    ["Riverside Sentinel", "Home | News | Sport | Weather"],
    # a masthead or a kicker right above the headline reads like one but is not
    ["The Riverside Evening Chronicle"],
    ["Coastal Weather Watch | Storm Season"],
    ["滨江晚报数字报"],
])
def test_the_headline_above_the_date_line_is_the_title(top):
    """A site name, a tagline or a menu above the headline is not the title: the line right
    above the date or byline is."""
    headline = "Storm knocks out power to thousands along the coast"
    res = run([*top, headline, "By Maria Lopez", "March 4, 2024", *EN_BODY])
    assert res.meta["title"] == headline
    assert headline in res.text.split("\n")


def test_a_closing_sentence_above_a_sign_off_is_not_a_title():
    res = run([*ZH_BODY, "【编辑：韦思】", "更多新闻请关注客户端"])
    assert res.meta.get("title") != ZH_BODY[-1]


@pytest.mark.parametrize(("line", "ticker"), [
    ("DOW 41,208.33 +0.4% S&P 500 5,612.10 +0.3% NASDAQ 17,944.02 +0.6%", True),
    ("恒指 24,318 +0.82% 國指 8,702 -1.01%", True),
    ("Inflation 3.2% Unemployment 4.1%", False),  # a table of rates: no changes
    ("Shares rose +2% and bonds fell -1%", False),
])
def test_market_tickers_are_navigation(line, ticker):
    from textclean.boilerplate import rules

    rule = rules._structure(line, False, 0, len(line))
    assert (rule == "nav-separators") is ticker


def test_a_story_link_inside_the_article_does_not_end_it():
    """``Related: …`` between paragraphs is a link, not the end of the article."""
    link = "Related: Gulls sign veteran pitcher to one-year deal"
    last = "The team plays its next home game on Tuesday night, officials said."
    res = run([*EN_BODY, link, last])
    assert [r.text for r in res.removed] == [link]


def test_a_statistics_table_in_a_match_report_stays():
    """Rows of a label and figures are the article's table, not a menu."""
    table = ["Match stats", "Possession 58% 42%", "Shots 14 9", "Shots on target 6 3",
             "Corners 7 2", "Fouls 11 13"]
    res = run([*EN_BODY[:3], *table, *EN_BODY[3:]])
    assert all(row in res.text.split("\n") for row in table[1:])


@pytest.mark.parametrize(("line", "author"), [
    ("作者：桃子", "桃子"), ("文｜苏小满", "苏小满"), ("编辑 阿乔", "阿乔"), ("作者最新文章", None),
])
def test_a_chinese_byline_key_needs_a_separator(line, author):
    from textclean.boilerplate import metadata

    found = metadata.classify_meta(line)
    assert (found[1].get("author") if found else None) == author


@pytest.mark.parametrize("code", [
    ["settings = load_settings(config_path); client = HttpClient(base_url, retries=3)",
     "for record in client.fetch_all(page_size=500): totals[record.region] += record.amount"],
    ["# ~/.config/editor.conf set-option -g wrap on bind-key -T normal C-s write-file -q --force"],
    ['{ "Owner": "Lena Park", "Quota": "40 GB", "Region": { "Value": "north", "Zone": 2 } }'],
])
def test_code_in_a_tech_article_is_content(code):
    """Program lines (shell flags and JSON keys too) have almost no stopwords; between
    paragraphs they are the article's own."""
    lines = [EN_BODY[0], EN_BODY[1], "The setup takes two lines:", *code, *EN_BODY[2:]]
    res = run(lines)
    assert res.text.split("\n") == lines
    assert res.removed == ()


@pytest.mark.parametrize("credit", ["© Harbour Press | Ann Field", "(© Lakeside Photo/J. Moor)",
                                    "©"])
def test_copyright_credit_under_a_photo_goes_without_ending_the_article(credit):
    """A leading © is what the line is, not decoration: a credit, and the article goes on."""
    lines = [*EN_BODY[:2], credit, *EN_BODY[2:]]
    res = run(lines)
    assert [r.reason for r in res.removed] == ["credit"]
    assert res.text.split("\n") == EN_BODY


TW_BODY = [
    "〔記者周文琪／台南報導〕台南市政府今天公布新的公車路網，預計明年三月起分兩階段上路。",
    "交通局表示，新路網將原本繞行的路線拉直，尖峰時段的平均候車時間可縮短約四分鐘。",
    "請繼續往下閱讀...",
    "部分里長擔心偏遠里的班次減少，交通局承諾會以預約式小巴補足服務。",
    "市府也將在五個轉運站設置即時到站看板，方便乘客掌握轉乘資訊。",
]


def test_taiwan_page_chrome_is_looked_up_with_the_mainland_words():
    """登入, 列印 and 看更多 are Taiwan's words for the lexicon's 登录, 打印, 查看更多."""
    chrome = ["已經加入會員了嗎？立即登入", "列印", "按讚加入粉絲團", "看更多新聞"]
    res = run(["首頁 > 地方", "台南公車路網明年三月上路 分兩階段調整", *TW_BODY, *chrome])
    assert res.text.split("\n") == ["台南公車路網明年三月上路 分兩階段調整",
                                     *TW_BODY[:2], *TW_BODY[3:]]
    assert {r.text: r.reason for r in res.removed}["請繼續往下閱讀..."] == "widget"
    assert res.meta["author"] == "周文琪"


@pytest.mark.parametrize(("lead", "author"), [
    ("新华社南宁11月3日电（记者韦芳、陆明）广西今年秋粮收购进度已过半，收购价格总体平稳。",
     "韦芳、陆明"),
    ("（中央社記者林志豪台中5日電）台中市今天起試辦夜間公車，首月免費搭乘。", "林志豪"),
])
def test_reporter_tag_opening_the_lead_names_the_author_and_stays(lead, author):
    headline = "秋粮收购进度过半 价格总体平稳" if "广西" in lead else "台中試辦夜間公車 首月免費"
    res = run([headline, lead, *(ZH_BODY if "广西" in lead else TW_BODY[1:2])])
    assert res.meta["author"] == author
    assert lead in res.text.split("\n")


@pytest.mark.parametrize(("line", "fields"), [
    ("Published Mon, Mar 2 2026 8:10 AM EST Updated Mon, Mar 2 2026 9:55 AM EST",
     {"published": "2026-03-02T08:10"}),
    ("By Ruth Adair | radair@valleypost.example", {"author": "Ruth Adair"}),
    ("Owen Blake @owenblake", {"author": "Owen Blake"}),
    ("Originally Published: March 2, 2026 at 8:10 p.m.", {"published": "2026-03-02"}),
])
def test_metadata_lines_of_english_news_sites(line, fields):
    """A second (updated) timestamp, a contact after the name, a social handle as the byline,
    ``p.m.`` with its full stops: still metadata lines."""
    from textclean.boilerplate.metadata import classify_meta

    found = classify_meta(line)
    assert found is not None and found[1] == fields


@pytest.mark.parametrize(("line", "fields"), [
    ("来源：江城新闻客户端 2026年03月02日 19:48", {"site": "江城新闻客户端",
                                          "published": "2026-03-02T19:48"}),
    ("来源：城市晚报 2026-03-02 08:10", {"site": "城市晚报", "published": "2026-03-02T08:10"}),
    ("Source: Valley Post March 2, 2026", {"site": "Valley Post", "published": "2026-03-02"}),
    ("来源：城市晚报", {"site": "城市晚报"}),
])
def test_a_source_line_ending_with_the_date_gives_both_fields(line, fields):
    """The date after a source's name is the page's date, not part of the site's name."""
    from textclean.boilerplate.metadata import classify_meta

    found = classify_meta(line)
    assert found is not None and found[1] == fields


def test_keyed_publication_date_under_the_article_moves_into_the_record():
    """A bare date at the bottom may be a comment's; ``Originally published:`` is the article's."""
    res = run(["Council backs protected cycle lanes", *EN_BODY,
               "Originally published: March 2, 2026 at 8:10 p.m.", "Tags: Cycling, Council"])
    assert res.meta["published"] == "2026-03-02"
    assert res.text.split("\n")[1:] == EN_BODY


def test_player_label_inside_an_article_is_a_widget():
    res = run([*EN_BODY[:2], "VIDEO 02:14", *EN_BODY[2:]])
    assert [(r.text, r.reason) for r in res.removed] == [("VIDEO 02:14", "widget")]
    assert res.text.split("\n") == EN_BODY


def test_roles_between_reporter_names_are_not_names():
    from textclean.boilerplate.metadata import classify_meta

    found = classify_meta("城南晚报记者 许蓝 实习生 唐果")
    assert found == ("meta-author", {"author": "许蓝 唐果"})


def test_name_over_role_is_a_two_line_byline_and_anchors_the_headline():
    headline = "Harbour dredging to start after years of delay"
    menu = ["Home", "News", "Sport", "Weather", "Business", "Culture", "Menu"]
    res = run([*menu, headline, "Share", "Nina Holt", "Transport correspondent", *EN_BODY])
    assert res.meta["author"] == "Nina Holt"
    assert res.meta["title"] == headline
    assert res.text.split("\n") == [headline, *EN_BODY]


def test_tech_media_head_a_kicker_in_the_headline_and_a_writer_credit():
    """``首发 | …`` is the headline itself; ``文｜name`` is the author, ``封面来源｜…`` a credit."""
    headline = "首发 | 做冷链物流的「北岭科技」完成数千万元A轮融资"
    res = run(["首页", "快讯", "资讯", "专题", "登录", headline, "文｜何清", "编辑｜董遥",
               "2026-03-02 10:30", "封面来源｜某图库", *ZH_BODY])
    assert res.meta["title"] == headline
    assert res.meta["author"] == "何清"
    assert res.text.split("\n") == [headline, *ZH_BODY]
    assert {r.text: r.reason for r in res.removed}["封面来源｜某图库"] == "credit"


def test_headline_below_the_account_and_date_of_a_self_media_page():
    headline = "老街修缮后重新开放 百年骑楼焕发新颜"
    res = run(["首页", "下载APP", "城事小记", "2026-03-02 21:06 · 本地领域创作者", "关注", headline,
               *ZH_BODY])
    assert res.meta["title"] == headline
    assert res.text.split("\n")[0] == headline


@pytest.mark.parametrize(("line", "author"), [
    ("Rachel Moyo Environment editor", "Rachel Moyo"),
    ("Council Names New Editor", None),  # a headline in title case
])
def test_name_and_lower_case_role_on_one_line_is_a_byline(line, author):
    from textclean.boilerplate.metadata import classify_meta

    found = classify_meta(line)
    assert (found[1].get("author") if found else None) == author


def test_newsletter_box_inside_an_article_goes():
    box = ["skip past newsletter promotion", "Sign up to Green Notes", "Free weekly newsletter",
           "Privacy Notice: Newsletters may contain information about partners and offers.",
           "after newsletter promotion"]
    res = run([*EN_BODY[:2], *box, *EN_BODY[2:]])
    assert res.text.split("\n") == EN_BODY


def test_labels_above_the_headline_are_the_sites_header():
    """Once the headline is known, the short lines above it (site name, section) are chrome."""
    headline = "葵涌貨櫃碼頭擴建計劃 明年動工"
    body = ["運輸及物流局今日公布葵涌貨櫃碼頭擴建計劃，預計明年第二季動工，工程為期四年。",
            "當局表示，擴建完成後碼頭每年處理量可增加約一成，並會同步改善周邊交通配套。",
            "有業界人士認為，計劃有助鞏固本港的航運中心地位，但亦擔心工程期間會影響運作。"]
    res = run(["港灣新聞", "港聞", "撰文：梁曉彤", "出版：2026-03-02 18:30", headline, *body])
    assert res.text.split("\n") == [headline, *body]
    assert {r.reason for r in res.removed} == {"above-headline", "meta-author", "meta-date"}


def test_taiwan_reporter_line_photo_credit_and_line_friend_call():
    headline = "台南公車路網明年三月上路 分兩階段調整"
    res = run(["首頁", "地方", "記者周文琪／台南報導", "2026年3月2日 15:20", headline, *TW_BODY[:2],
               "（示意圖／取自網路）", *TW_BODY[3:], "★ 快加入《南城報》LINE好友，掌握最新消息 ★"])
    assert res.meta["author"] == "周文琪"
    assert res.meta["title"] == headline
    assert res.text.split("\n") == [headline, *TW_BODY[:2], *TW_BODY[3:]]


@pytest.mark.parametrize("line", ["原文網址：https://news.example.tw/a/1", "字級：小 中 大",
                                  "贊助廣告", "看完整報導", "追蹤我們"])
def test_taiwan_interface_line_between_paragraphs_goes(line):
    """Between two paragraphs a short line is kept unless the lexicon knows it (via tw2sp)."""
    res = run(["台南公車路網明年三月上路 分兩階段調整", TW_BODY[1], line, *TW_BODY[3:]])
    assert res.text.split("\n")[1:] == [TW_BODY[1], *TW_BODY[3:]]


def test_section_menu_and_kicker_above_the_headline_go():
    """Above a headline found by its byline, a row of section names and a ``|`` kicker are the
    site's, however long."""
    headline = "Why Cycle Lanes Divide the City Council"
    res = run(["Home World Business Markets Tech Opinion Life Real Estate",
               "Local | Transport and Planning", headline, "By Nora Quill", *EN_BODY])
    assert res.meta["title"] == headline
    assert res.text.split("\n") == [headline, *EN_BODY]
    assert [r.reason for r in res.removed] == ["above-headline", "above-headline", "meta-author"]


@pytest.mark.parametrize("line", ["Listen (4 min)", "Posts: 1,204", "Joined: Mar 2019",
                                  "Quote · Like (31)", "Reply | Report",
                                  "Continue reading your article with a Harbour Times membership"])
def test_player_forum_and_paywall_lines_between_paragraphs_go(line):
    res = run([*EN_BODY[:2], line, *EN_BODY[2:]])
    assert res.text.split("\n") == EN_BODY


@pytest.mark.parametrize("intro, items, close", [
    ("Weekend closures:", ["June 7-10", "June 21-24", "July 5-8"],
     "Shops along the route will stay open while the work goes on, the council said."),
    ("業界主要建議",
     ["延長融資擔保計劃申請期一年", "寬免商業登記費兩年", "加快審批專才入境申請"],
     "諮詢期至九月底，市民可透過網上平台或郵寄方式提交意見。"),
    ("What happens next", ["- Consultation opens in March", "- Work starts in the summer",
                           "- The first lanes open in 2027"],
     "The council will publish the final map in April."),
    ("数据一览：",
     ["| 品种 | 规模 | 利率 |", "| 1年期MLF | 3000亿元 | 2.50% |",
      "| 7天逆回购 | 20亿元 | 1.80% |"],
     "债市方面，十年期国债收益率早盘小幅下行，市场情绪总体平稳。"),
])
def test_a_list_with_prose_on_both_sides_near_the_end_is_the_articles(intro, items, close):
    """Near the end a run of headline-like lines is usually a teaser list, but one between two
    paragraphs is the article's own (a schedule, points under a subheading, a table)."""
    body = EN_BODY if intro.isascii() else ZH_BODY
    lines = [*body, intro, *items, close]
    res = run(lines)
    assert res.text.split("\n") == lines


def test_a_teaser_list_among_paragraphs_with_chrome_inside_still_goes():
    """Teasers with one line of summary each look like a list between paragraphs; the chrome
    among them (a share button) gives them away."""
    teasers = ["Harbour ferry timetable to change in spring", "Share",
               "New library opens in the old post office", "Market hall reopens after repairs"]
    summary = "The new library has room for more than forty thousand books and a cafe."
    res = run([*EN_BODY, *teasers, summary])
    assert res.text.split("\n") == EN_BODY


@pytest.mark.parametrize("line", [
    "A- A+ 字級 ｜ 列印 ｜ 分享", "【字体：大 中 小】 【打印】 【关闭】",
    "分享至 臉書 LINE 複製連結", "WhatsApp Facebook Telegram 複製連結",
    "點閱數：876　字級：小 中 大", "電子報　｜　訂閱　｜　登入"])
def test_a_row_of_interface_items_goes(line):
    """Each item is in the lexicon on its own; a row of them is chrome as a whole."""
    lines = [TW_BODY[0], TW_BODY[1], line, *TW_BODY[3:]]
    res = run(lines)
    assert res.text.split("\n") == [TW_BODY[0], TW_BODY[1], *TW_BODY[3:]]


def test_a_sentence_of_known_words_is_not_a_row_of_items():
    lines = [EN_BODY[0], "Share, print or email the results to your family.", *EN_BODY[1:]]
    assert run(lines).text.split("\n") == lines


@pytest.mark.parametrize("line", [
    "按此睇更多寵物新聞", "廣告　繼續閱讀下文",
    "▌本文由「好房計畫」贊助，內容由觀點誌編輯室獨立製作。",
    "不用抽 不用搶 現在用APP看新聞", "工商银行 5.62 +0.36%", "Republish this story", "Reprints",
    "ALSO READ | Metro line trial run likely by August",
    "Subscribe now from S$9.90/month. Cancel anytime.",
    "This article first appeared on Valley Ledger and is republished here under a Creative "
    "Commons license.",
    "This service may include material from wire agencies which is copyright and cannot be "
    "reproduced.",
    "We acknowledge Aboriginal and Torres Strait Islander peoples as the First Australians.",
    "Support independent local journalism. Donate today and your gift will be matched.",
])
def test_more_site_chrome_between_paragraphs_goes(line):
    body = EN_BODY if line.isascii() else ZH_BODY
    res = run([*body[:2], line, *body[2:]])
    assert res.text.split("\n") == body


def test_a_name_right_above_the_date_line_is_the_author():
    headline = "City to add 120 electric buses before the monsoon"
    res = run(["The Daily Sentinel", "India  World  Cities  Business  Sports", headline,
               "Rohan Kulkarni", "Updated: May 22, 2024 07:45 IST", *EN_BODY])
    assert res.meta["author"] == "Rohan Kulkarni"
    assert res.meta["title"] == headline
    assert res.text.split("\n") == [headline, *EN_BODY]


@pytest.mark.parametrize("label", ["Press Release", "STORM WARNING", "The Daily Sentinel"])
def test_a_label_above_the_date_line_is_no_author(label):
    res = run(["Harbour ferry timetable to change in the spring", label, "May 22, 2024",
               *EN_BODY])
    assert "author" not in res.meta


def test_the_headline_walk_stops_at_a_chrome_line():
    """Above the headline a row of chrome ends the headline block: the menu above it is no
    headline, even when it reads like one."""
    headline = "Motorway closed for hours after a crash near the tunnel"
    res = run(["Police ticker", "Home Current Accidents Traffic Fire Service Missing",
               "Imprint | Privacy", headline, "22 May 2024", *EN_BODY])
    assert res.meta["title"] == headline


def test_a_crumb_above_the_headline_is_not_the_title_and_a_photographer_is_no_author():
    headline = "花蓮光復鄉老街市集重新開張 在地小農手作攤位齊聚"
    res = run(["聯絡我們", "最新消息 ／ 鄉鎮動態", headline, "文／許文靜　攝影／周志明",
               "發佈日期：2024-04-21", *TW_BODY[:2], *TW_BODY[3:]])
    assert res.meta["title"] == headline
    assert res.meta["author"] == "許文靜"



@pytest.mark.parametrize("line", ["主頁 》 新聞 》 本地", "本场比赛全场集锦 ▶",
                                  "要聞｜港聞｜經濟｜國際"])
def test_crumbs_menus_and_play_links_of_chinese_sites_go(line):
    res = run([ZH_BODY[0], ZH_BODY[1], line, *ZH_BODY[2:]])
    assert res.text.split("\n") == ZH_BODY


def test_a_bare_read_more_link_inside_the_article_does_not_end_it():
    """``Read more`` over a story's headline sits inside an article like any story link: the
    two go, and what follows is still the article."""
    more = ["The plan also includes new crossings at four junctions near schools.",
            "Cyclists' groups said the lanes should connect to the routes in the next town.",
            "The council will publish a map of the first section later this month."]
    lines = [*EN_BODY, *more, "Read more", "Harbour ferry timetable to change in spring",
             "Residents can comment on the final design until the end of March."]
    res = run(lines)
    assert res.text.split("\n") == [*EN_BODY, *more, lines[-1]]


LONG_EN = [*EN_BODY,
           "The plan also includes new crossings at four junctions near schools.",
           "Cyclists' groups said the lanes should connect to the routes in the next town.",
           "The council will publish a map of the first section later this month."]


@pytest.mark.parametrize("box", [
    ["Download the Harbour News app for breaking news alerts"],
    ["Have a news tip? Email tips@harbour.example or call 555-0188."],
    ["Most Popular", "Harbour ferry timetable to change in spring",
     "New library opens in the old post office", "Market hall reopens after repairs"],
])
def test_a_promo_or_story_rail_inside_the_article_does_not_end_it(box):
    """Near the end a call to action or a rail of popular stories is set inside the article
    as often as after it: when the article's prose goes on below, it was inside."""
    last = "Residents can comment on the final design until the end of March."
    res = run([*LONG_EN, *box, last, "© 2026 Harbour News. All rights reserved."])
    assert res.text.split("\n") == [*LONG_EN, last]


def test_a_story_list_with_a_summary_under_each_headline_still_ends_the_article():
    teasers = ["Most Popular", "Harbour ferry timetable to change in spring",
               "The new timetable adds two crossings on weekday evenings.",
               "New library opens in the old post office",
               "The library has room for forty thousand books and a cafe."]
    res = run([*LONG_EN, *teasers])
    assert res.text.split("\n") == LONG_EN


@pytest.mark.parametrize("box", [
    ["店家資訊", "店名：阿福米糕", "地址：台南市中西區信義街 87 號", "電話：06-222-0587",
     "營業時間：10:00–18:00（週二公休）"],
    ["近三個月營收表現如下：", "月份｜營收（億元）｜月增率｜年增率", "8月｜27.1｜3.1%｜15.2%",
     "9月｜28.0｜3.3%｜18.9%"],
])
def test_a_fact_box_or_a_table_near_the_end_is_the_articles(box):
    close = "老闆說，未來不打算開分店，希望把老街的味道留在老街。"
    lines = [*ZH_BODY, *box, close]
    assert run(lines).text.split("\n") == lines


def test_an_up_next_section_of_a_sports_story_stays():
    """``UP NEXT`` labels a video player's queue too: it goes, but it does not end the story."""
    lines = [*LONG_EN, "UP NEXT", "Hawks: Host Montreal on Tuesday night.",
             "Rivermen: At Tampa Bay on Monday night."]
    res = run([*lines, "More from Harbour Sports", "Hawks place forward on injured reserve",
               "Power rankings after week seven"])
    assert res.text.split("\n") == [*LONG_EN, *lines[-2:]]


@pytest.mark.parametrize("line", [
    "港能電力 01839 5.87 +0.06 (+1.03%) 成交額 8,421萬",
    "鼎晶電子 6427 162.5 ▲4.5 (+2.85%) 成交量 18,342張",
    "【廣告】數位帳戶開戶禮 首筆交易回饋300元",
    "［廣告］雙11限定 指定信用卡刷卡最高享12期0利率",
    "【延伸閱讀】海洋保育署：台灣近海漁獲十年減少三成",
    "相關文章：台南必吃牛肉湯 6 選，凌晨四點就開賣",
    "本文出自《遠見觀察》2026年12月號 第486期", "本文由作者授權轉載，原文刊載於「小芸的食旅日記」",
    "免費註冊會員，即可閱讀全文", "喜歡這篇文章嗎？追蹤我們的 Instagram 看更多美食",
    "訂閱電子報，每週五寄送週末出遊提案",
])
def test_more_chinese_site_chrome_goes(line):
    res = run([*ZH_BODY[:2], line, *ZH_BODY[2:]])
    assert res.text.split("\n") == ZH_BODY


@pytest.mark.parametrize("line", [
    "You have 2 free articles remaining this month. Subscribe now for unlimited access.",
    "Loading video...", "Estimated 5 minutes", "2 Mins Read",
    "The audio version of this article is generated by text-to-speech.",
    "Open this photo in gallery:", "Reader comments",
    "Disclaimer: The views expressed by readers are their own.",
    "By providing an email address. I agree to the Terms of Use.",
    "Don't miss out on the latest news and information.",
    "BET $5, GET $200 IN BONUS BETS. 21+. Gambling problem? Call 1-800-GAMBLER.",
    "Media Contact:", "Forward-Looking Statements", "Story Source:", "Journal Reference:",
    "Materials provided by Eastbay University. Note: Content may be edited for length.",
    "This article appears in the December 2026 print edition with the headline “Lanes.”",
    "A version of this article appears in print on May 23, 2024, Section A, Page 18 of the "
    "New York edition with the headline: Tenants Buy Their Building. Order Reprints | Subscribe",
    "Share on Facebook  Share on X  Share via Email  Copy link", "Bet responsibly. 18+ only.",
    "Support independent science journalism. Donate today.",
    "Market data delayed by at least 20 minutes.",
    "This copy is for your personal, non-commercial use only.",
    "Start your free trial: 4 weeks for £1", "Republish this story for free under our licence.",
    "Checkpoint is funded by readers. Donate from £3 a month.",
    "Promoted: Find your dream home in Millbrook Heights",
    "Tags: Leeds Crown Court, manslaughter, construction",
    "Read next: Driver jailed for causing death by dangerous driving",
])
def test_more_english_site_chrome_goes(line):
    res = run([*EN_BODY[:2], line, *EN_BODY[2:]])
    assert res.text.split("\n") == EN_BODY


@pytest.mark.parametrize("line", ["25 Min.", "60 min."])
def test_a_cooking_time_is_no_reading_time(line):
    lines = [*EN_BODY[:2], line, *EN_BODY[2:]]
    assert run(lines).text.split("\n") == lines


@pytest.mark.parametrize("pull, paragraph", [
    ("“The river doesn’t care what the map says.”",
     "“The river,” the ferryman says, “doesn’t care what the map says.” He means it literally: "
     "the channel has moved west by three hundred feet since he started."),
    ("「老街的味道，就留在老街。」",
     "林志豪說，他未來不打算開分店，「老街的味道，就留在老街。」他希望年輕人願意回來，陪老店一起走下去。"),
])
def test_a_pull_quote_that_repeats_a_paragraph_goes(pull, paragraph):
    body = EN_BODY if pull.startswith("“") else ZH_BODY
    res = run([*body[:2], paragraph, pull, *body[2:]])
    assert res.text.split("\n") == [*body[:2], paragraph, *body[2:]]
    assert [r.reason for r in res.removed] == ["dup-quote"]


def test_a_paragraph_of_speech_and_a_quoted_headline_stay():
    """A quotation on its own line is a paragraph unless a paragraph twice its length says it;
    a headline that quotes it is no such paragraph."""
    headline = "“We are not waiting any longer,” says council leader"
    lines = [headline, "By Nora Quill", *EN_BODY[:2], "“We are not waiting any longer.”",
             *EN_BODY[2:]]
    res = run(lines)
    assert res.text.split("\n") == [headline, *lines[2:]]


def test_link_labels_left_in_a_sentence_are_cut_out():
    line = "Foreign orders fell 9.1%, the agency said in a statement, opens new tab. Sales rose."
    res = run([*EN_BODY[:2], line, *EN_BODY[2:]])
    assert res.text.split("\n")[2] == ("Foreign orders fell 9.1%, the agency said in a "
                                       "statement. Sales rose.")
    assert [(r.reason, r.text) for r in res.removed] == [("link-label", ", opens new tab")]


def test_in_article_ad_markers_do_not_end_the_article():
    """``Advertisement`` / ``SKIP ADVERTISEMENT`` sit between an article's paragraphs."""
    last = ["On a recent evening the board met in the basement laundry room.",
            "The tomatoes passed unanimously."]
    res = run([*LONG_EN, "Advertisement", "SKIP ADVERTISEMENT", *last, "Read 214 comments",
               "Share full article"])
    assert res.text.split("\n") == [*LONG_EN, *last]


@pytest.mark.parametrize("line", [
    "Video Ad Feedback", "Related article Mountain towns are running out of workers. Here’s why",
    "Get weekly news and analysis on the economy and what it means for you. Sign up here.",
    "NEW You can now listen to Harbour News articles!", "Story continues",
    "Become an MPR sponsor",
    "Copyright © 2024 MPR. All rights reserved. Visit our website terms of use and permissions "
    "pages at www.example.org for further information.",
    "Transcripts are created on a rush deadline by a contractor and may be updated.",
    "还没有评论，发表第一个评论吧", "所属专栏 · 城市慢观察", "正在加载播放器...",
    "广告声明：文中出现的对外跳转链接，用于传递更多信息，结果仅供参考。",
])
def test_more_mainstream_site_chrome_goes(line):
    body = EN_BODY if line.isascii() or "’" in line or "©" in line else ZH_BODY
    res = run([*body[:2], line, *body[2:]])
    assert res.text.split("\n") == body


@pytest.mark.parametrize("first", ["港島日報", "The Lakeshore Ledger", "週末去哪玩 ｜ 旅遊美食誌"])
def test_a_site_name_or_motto_on_the_first_line_is_no_title(first):
    body = ZH_BODY if not first.isascii() else EN_BODY
    res = run([first, "2024年8月14日", *body])
    assert "title" not in res.meta


@pytest.mark.parametrize("first, title, site", [
    ("梧州论坛 - 城事杂谈 - 市区第三座跨江大桥通车，大家感受如何？",
     "市区第三座跨江大桥通车，大家感受如何？", "梧州论坛"),
    ("Council approves fourteen miles of cycle lanes | Harbour Times",
     "Council approves fourteen miles of cycle lanes", "Harbour Times"),
    ("图集 | 秋日银杏大道迎来最佳观赏期", "秋日银杏大道迎来最佳观赏期", None),
])
def test_a_page_title_on_the_first_line_gives_the_headline_and_site(first, title, site):
    body = ZH_BODY if not first.isascii() else EN_BODY
    res = run([first, *body])
    assert res.meta["title"] == title
    assert res.meta.get("site") == site


@pytest.mark.parametrize("line, author", [
    ("Karen Mills, Senior Editor", "Karen Mills"),
    ("By Dana Whitfield | dwhitfield@tribune.example | Lakeshore Tribune", "Dana Whitfield"),
    ("By: Jerome Villanueva - Reporter / @jvillanueva", "Jerome Villanueva"),
    ("界观新闻记者 | 刘子墨", "刘子墨"),
    ("撰文：吳思穎 攝影：黃柏勳", "吳思穎"),
    ("記者：張家豪、吳承翰 攝影：林俊宏", "張家豪、吳承翰"),
])
def test_more_byline_forms(line, author):
    from textclean.boilerplate import metadata

    assert metadata.classify_meta(line) == ("meta-author", {"author": author})


def test_a_date_key_line_with_a_reporter_tag_gives_both():
    from textclean.boilerplate import metadata

    assert metadata.classify_meta("發佈日期：2024-04-21　記者黃美玲／光復報導") == (
        "meta-date", {"published": "2024-04-21", "author": "黃美玲"})


@pytest.mark.parametrize("line, site", [
    ("本报讯", "本报"), ("新华社讯", "新华社"), ("市集资讯", None), ("科技资讯", None),
    ("7x24小时快讯", None), ("财经简讯", None), ("专题报道", None), ("深度報道", None)])
def test_an_outlet_report_line_but_not_a_word_ending_in_xun(line, site):
    from textclean.boilerplate import metadata

    found = metadata.classify_meta(line)
    assert (found[1]["site"] if found else None) == site


@pytest.mark.parametrize("rows", [
    ["Lane | This week | Last week | Change", "Shanghai–Genoa | 2,604 | 2,688 | -3.1%",
     "Ningbo–Rotterdam | 2,350 | 2,431 | -3.3%"],
    ["號次｜候選人｜政黨｜得票數｜得票率", "1｜王美華｜民主進步黨｜52,110｜40.1%",
     "2｜李國華｜新未來黨｜57,298｜44.1%"],
    ["Battery\t4,800mAh", "Weight\t238g", "Screen\t6.7in"],
    ["投票率：52.3%", "有效票：128,400", "無效票：1,210"],
    ["• Weekly change: -4.2%", "• Six weeks of declines: yes", "• Lowest since: May 2023"],
])
def test_a_table_or_a_box_of_figures_inside_the_article_stays(rows):
    body = ZH_BODY if not rows[0].isascii() and "–" not in rows[0] else LONG_EN
    lines = [*body, *rows, body[0].replace("市民", "居民") if body is ZH_BODY else
             "Rates are expected to stay low until the spring, analysts said."]
    assert run(lines).text.split("\n") == lines


@pytest.mark.parametrize("line", ["Born: 3 March 1931, Porthaven", "Died: 14 November 2026",
                                  "出生：1931年3月3日"])
def test_a_life_date_in_an_obituary_is_no_publication_date(line):
    lines = [*EN_BODY[:2], line, *EN_BODY[2:]]
    res = run(lines)
    assert res.text.split("\n") == lines
    assert "published" not in res.meta


@pytest.mark.parametrize("head", [
    # a standfirst sentence between the headline and the byline
    ["Valley Ledger", "Topics  Investigations  Education  Health", "Council backs cycle lanes plan",
     "The vote ends a two-year fight over the high street.", "By Dana Whitfield",
     "March 2, 2026"],
    # an e-paper: the date at the top, the byline under the headline
    ["The Harbour Gazette", "Monday, March 2, 2026", "Page A3  Local", "Next page",
     "Council backs cycle lanes plan", "BY DANA WHITFIELD"],
    # a broadsheet: the date, then section menus, then the headline right above the article
    ["Harbour Gazette", "Monday, March 2, 2026", "Home  News  Sport  Business  Opinion", "News",
     "Council backs cycle lanes plan"],
    # a wire story on a portal: the time of day and the reading time beside the date
    ["Yonder News", "Sign in", "Council backs cycle lanes plan", "Dana Whitfield",
     "Mon, March 2, 2026 at 10:14 PM EST·3 min read"],
])
def test_the_headline_is_found_among_the_pages_other_head_lines(head):
    res = run([*head, *EN_BODY])
    assert res.meta["title"] == "Council backs cycle lanes plan"
    assert res.meta["published"] == "2026-03-02"
    assert res.text.split("\n")[-len(EN_BODY):] == EN_BODY


def test_a_gallery_caption_under_the_date_is_no_headline():
    """Between the date and the first paragraph the one headline-like line is a caption's
    credit line, shorter than the caption above it: no title rather than a wrong one."""
    caption = ("Crowds gather on the seafront to watch the lights over the harbour wall, where they"
               " stayed visible for two hours")
    res = run(["Science", "By Dana Whitfield", "March 2, 2026", "Image 1 of 5", caption,
               "Students photograph the sky (Lee Moor/Harbour Gazette)", *EN_BODY])
    assert res.meta.get("title") is None


def test_paging_links_in_pairs_are_chrome():
    res = run([*EN_BODY, "Previous page Next page", "Older posts Newer posts"])
    assert [r.reason for r in res.removed] == ["chrome", "chrome"]


def test_the_reporter_in_the_lead_outranks_the_editor_at_the_bottom():
    """``（记者 韩立群）`` wrote the story; ``【编辑:刘欣然】`` edited it. With no reporter named
    anywhere, the editor is the author (the issue's ``编辑:桃子``)."""
    lead = "江城3月2日电（记者 韩立群）" + ZH_BODY[0]
    res = run([lead, *ZH_BODY[1:], "【编辑:刘欣然】", "更多新闻请关注客户端"])
    assert res.meta["author"] == "韩立群"
    assert run([*ZH_BODY, "【编辑:刘欣然】"]).meta["author"] == "刘欣然"


@pytest.mark.parametrize(("line", "author"), [
    ("文：梁曉彤　攝：鄭家豪", "梁曉彤"),
    ("文・攝影／陳小芸", "陳小芸"),
    ("記者何嘉欣", "何嘉欣"),
    ("By Brett Hollis Falcon News", "Brett Hollis"),
    ("Owen Tregarthen, Meteorologist", "Owen Tregarthen"),
])
def test_more_byline_shapes(line, author):
    """A short photographer key after the writer, a writer who also took the photos, a reporter
    key run together with the name, the outlet after the name, a forecaster's role."""
    from textclean.boilerplate.metadata import classify_meta

    found = classify_meta(line)
    assert found is not None and found[1] == {"author": author}


@pytest.mark.parametrize("line", [
    "百度一下", "百度为您找到相关结果约1,230,000个", "搜索工具",
    "您查询的关键词是：城市 步道 夜间照明。如果打开速度慢，可以尝试快速版。",
    "（百度和网页 https://news.example.cn/2026/0302/ 的作者无关，不对其内容负责。）",
    "输入小区、街道或地区  搜索", "请输入品牌/车系",
    "电梯直达", "签名档：江边住了二十年。", "付费阅读", "本文为城市财经付费内容，订阅后阅读全文",
    "订阅城报，每月只需12元，无限畅读", "LINE 加入好友，台风动态第一时间掌握",
    "#榴梿季  #最低工资  #汇率", "【点击查看岗位表】  【报名入口】  【备考资料】", "AI 摘要",
    "本文已获作者授权转载，原文链接见文末。", "分享至：Facebook　WeChat　WhatsApp　复制链接",
    "Photo 1 of 8", "Font size: Large  Medium  Small",
    "We use some essential cookies to make this website work.",
    "Comments are closed on this story.", "Follow the Valley Ledger on WhatsApp",
    "Thanks for reading The Slow Road! Subscribe for free to receive new posts.",
    "This episode is brought to you by Fernhill Mattress. Use code ROAD for 20% off.",
    "Support for this podcast comes from Harbour Credit Union.",
    "Rate and review us on Apple Podcasts. It really helps!",
    "This page was last edited on 3 May 2026, at 14:22 (UTC).",
    "Follow: Facebook X LinkedIn RSS Feeds Newsletter",
    "When you purchase through links on our site, we may earn an affiliate commission.",
    "Check price at Amazon $1,149", "Prices checked daily. Powered by DealFinder",
    "Send flowers to the service of Ann Field. Same-day delivery available.",
    "Sign the Guest Book", "Translate this page", "Select a School...", "News provided by",
    "Promoted by Harbour Finance", "Listen · 6 min", "Like  Comment  Repost  Send",
    "收听本文 00:00 / 08:41", "展开剩余70%内容", "跟贴 1,286 参与 9,432",
    "文明上网理性发言，请遵守新闻评论服务协议", ">>点击进入志愿填报系统", "走线图（PDF 2.1MB）",
    "相片 3 / 6",
])
def test_search_forum_paywall_podcast_and_wiki_chrome_goes(line):
    """Search-engine residue, forum buttons, paywall and price notes, tag and link rows, podcast
    sponsor reads, wiki footers: chrome wherever it sits."""
    body = EN_BODY if line.isascii() else ZH_BODY
    res = run([*body[:2], line, *body[2:]])
    assert res.text.split("\n") == body


@pytest.mark.parametrize("table", [
    ["Town | Council | Funding", "Seaton Carew | Hartlepool | £6.8 million",
     "Hornsea | East Riding | £5.1 million", "Dawlish Warren | Teignbridge | £4.9 million"],
    ["單位類型　｜　推售伙數　｜　折實價（萬元）", "開放式　｜　48　｜　398 – 455",
     "一房　｜　156　｜　512 – 638", "兩房　｜　98　｜　702 – 865"],
])
def test_a_table_between_paragraphs_stays(table):
    body = EN_BODY if table[0].isascii() else TW_BODY[:2] + TW_BODY[3:]
    lines = [*body[:2], *table, *body[2:]]
    assert run(lines).text.split("\n") == lines


def test_a_story_tip_call_under_the_article_goes():
    res = run([*EN_BODY, "Have a story? WhatsApp us on 0700 000 111"])
    assert res.text.split("\n") == EN_BODY


@pytest.mark.parametrize("table", [
    ["月份 毛收入 按年變幅", "3月 195.62 +18.3%", "4月 188.10 +20.5%", "5月 202.59 +24.1%"],
    ["Team  Q1  Q2  Q3  Q4  Final", "Harbor  24  25  30  27  106", "Denver  28  22  29  27  106"],
])
def test_a_table_set_out_with_spaces_stays(table):
    body = EN_BODY if table[0].isascii() else TW_BODY[:2] + TW_BODY[3:]
    lines = [*body[:2], *table, *body[2:]]
    assert run(lines).text.split("\n") == lines


def test_a_score_card_near_the_end_is_no_teaser_run():
    card = ["Jaipur Royals 180/7 (20 ov)", "Imran Qadri 4-0-26-3, Vikram Rao 4-0-38-2",
            "Chennai Chargers 184/4 (19.2 ov)", "Aakash Rathore 87* (52), Yash Khanna 39 (25)"]
    res = run([*EN_BODY, *card, "Latest News", "Gault: We go again on Saturday",
               "Academy duo sign first professional contracts", "Download the official club app"])
    assert res.text.split("\n")[:len(EN_BODY) + len(card)] == [*EN_BODY, *card]


def test_a_stats_table_near_the_end_is_no_teaser_run():
    table = ["Match stats | Town | Rovers", "Possession | 54% | 46%", "Shots on target | 6 | 4",
             "Corners | 7 | 3"]
    res = run([*EN_BODY, *table, "Latest News", "Gault: We go again on Saturday",
               "Academy duo sign first professional contracts", "Download the official club app"])
    assert res.text.split("\n")[:len(EN_BODY) + len(table)] == [*EN_BODY, *table]


def test_a_teaser_list_with_times_ago_is_no_table():
    from textclean.boilerplate.rules import table_rows

    teasers = ["Council backs cycle lanes | 2 hours ago",
               "Bridge to close for repairs | 3 hours ago",
               "New school opens in March | 5 hours ago"]
    menus = ["Home | News | Sport", "World | Business | Tech", "Opinion | Video | Audio"]
    assert table_rows(teasers) == [] and table_rows(menus) == []


def test_a_sentence_before_its_citation_markers_is_still_a_sentence():
    """``…公园。[1]`` is a sentence: the marker goes as a span and the lead stays."""
    lead = ("青溪湿地公园位于南岭市青溪区东部，是一处以河流湿地为主体的城市湿地公园，"
            "总面积约18平方公里。[1]")
    res = run(["百科", "进入词条 全站搜索 帮助", "青溪湿地公园", "播报 编辑 讨论", lead,
               "中文名：青溪湿地公园", "所在地区：南岭市青溪区", "目录", *ZH_BODY])
    assert lead[:-3] in res.text.split("\n")
    assert [r.reason for r in res.removed if r.text == "[1]"] == ["citation-marker"]


def test_a_caption_that_says_what_happens_is_no_credit():
    caption = "图：轻轨东线工地，工人正在进行月台层装修工程。"
    res = run([*ZH_BODY[:2], caption, "图：新华社", *ZH_BODY[2:]])
    assert caption in res.text.split("\n") and "图：新华社" not in res.text


@pytest.mark.parametrize("line", [
    "October 1, 2026: no-cause evictions end for new tenancies",
    "2026年5月20日：全市启动垃圾分类工作",
    "（二）年龄18周岁以上、35周岁以下（1988年5月20日至2006年5月20日期间出生）；",
])
def test_a_timeline_entry_or_a_clause_with_a_date_is_no_date_line(line):
    from textclean.boilerplate.metadata import classify_meta

    assert classify_meta(line) is None
