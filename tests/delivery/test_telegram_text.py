"""Statements as Telegram posts (delivery.telegram_text): escaping, cleaning,
length after entity parsing in UTF-16 units, and right-to-left Arabic."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from delivery.telegram_text import (
    CAPTION_LIMIT,
    MESSAGE_LIMIT,
    RLM,
    compose,
    utf16_length,
)

URL = "https://example.org/en/statements/2023/12/regional-water-programme/"
AR_URL = "https://example.org/ar/statements/2023/12/1448-12/"
ENGLISH = {
    "title": "Statement on the regional water programme",
    "date_line": "Sunday, 19 Jumada al-awwal 1445 | 2023/12/03",
    "reference": "Office of Information — No. 12/1448",
    "excerpt": "The office welcomes the second phase of the programme.",
    "url": URL,
    "language": "en",
}
ARABIC = {
    "title": "بيان حول برنامج المياه الإقليمي",
    "date_line": "الأحد، 19 جمادى الأولى 1445 | 2023/12/03",
    "reference": "مكتب الإعلام — رقم 12/1448",
    "excerpt": "يرحب المكتب بالمرحلة الثانية من البرنامج.",
    "url": AR_URL,
    "language": "ar",
}
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
ENTITY = re.compile(r"&(amp|lt|gt|quot);")


class _Visible(HTMLParser):
    """Reads a post back as Telegram does: the text without tags, entities
    decoded; fails on tags other than <b> and <a href> or unbalanced ones."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.open, self.hrefs = [], [], []

    def handle_starttag(self, tag, attrs):
        assert tag in ("b", "a"), tag
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])
        self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open.pop() == tag, tag

    def handle_data(self, data):
        self.text.append(data)

    def handle_startendtag(self, tag, attrs):
        raise AssertionError(tag)


def read(html):
    """The visible text of ``html`` and the links in it; asserts well-formed
    Telegram HTML."""
    parser = _Visible()
    parser.feed(html)
    parser.close()
    assert not parser.open, f"unclosed {parser.open}"
    # Every & starts one of the entities Telegram knows: none was cut.
    assert all(ENTITY.match(html, m.start()) for m in re.finditer("&", html))
    return "".join(parser.text), parser.hrefs


def units(text):
    return len(text.encode("utf-16-le")) // 2


def post(**fields):
    return compose(**{**ENGLISH, **fields})


def test_an_english_post_reads_title_date_reference_excerpt_link():
    html = post()
    text, hrefs = read(html)
    assert text.split("\n") == [
        ENGLISH["title"],
        ENGLISH["date_line"],
        ENGLISH["reference"],
        "",
        ENGLISH["excerpt"],
        "",
        URL,
    ]
    assert html.startswith(f"<b>{ENGLISH['title']}</b>\n")
    assert html.endswith(f'<a href="{URL}">{URL}</a>')
    assert hrefs == [URL]
    assert RLM not in html


def test_empty_parts_are_left_out():
    text, _ = read(post(reference="", excerpt=""))
    assert text.split("\n") == [ENGLISH["title"], ENGLISH["date_line"], "", URL]


@pytest.mark.parametrize(
    "title",
    [
        "<script>alert('water')</script>",
        "Fish &amp; chips &lt;b&gt; & more",
        "<b>Bold</b> claim on <i>water</i>",
        "*stars* _under_ `ticks` [link](https://example.net) ~strike~ ||spoiler||",
        "Quotes \"double\" and 'single' > <",
    ],
)
def test_a_hostile_title_posts_as_plain_text(title):
    html = post(title=title)
    text, _ = read(html)
    assert text.split("\n")[0] == title
    assert "<script" not in html
    assert html.count("<b>") == 1


def test_literal_entities_in_a_title_stay_literal():
    html = post(title="Water &amp; power")
    assert html.startswith("<b>Water &amp;amp; power</b>")


def test_bidi_and_control_characters_are_stripped():
    title = f"Water{BIDI_CONTROLS} \u202eprogramme\u202c\x00\x07\x1b\x7f\x9f end"
    text, _ = read(post(title=title, reference="No.\u200f 12\u061c/1448"))
    first, _, reference = text.split("\n")[:3]
    assert first == "Water programme end"
    assert reference == "No. 12/1448"
    assert not set(BIDI_CONTROLS) & set(text)


def test_whitespace_collapses_to_one_space_on_heading_lines():
    text, _ = read(post(title="  Water\t\tand \n\n power\u00a0 ", date_line="a \r\n b"))
    assert text.split("\n")[:2] == ["Water and power", "a b"]


def test_the_excerpt_keeps_single_line_breaks():
    excerpt = "First paragraph.\r\n\r\n\r\nSecond  \t paragraph.\u2028Third.\x85Fourth."
    text, _ = read(post(excerpt=excerpt))
    assert text.split("\n")[4:8] == [
        "First paragraph.",
        "Second paragraph.",
        "Third.",
        "Fourth.",
    ]


def test_the_link_is_escaped_in_its_href_and_shown_whole():
    url = 'https://example.org/s?a=1&b="2"<x>'
    html = post(url=url)
    assert 'href="https://example.org/s?a=1&amp;b=&quot;2&quot;&lt;x&gt;"' in html
    text, hrefs = read(html)
    assert text.endswith(url)
    assert hrefs == [url]


def test_a_link_that_is_not_http_is_shown_as_text():
    html = post(url="javascript:alert(1)")
    assert "<a " not in html
    assert read(html)[0].endswith("javascript:alert(1)")


def test_an_arabic_post_begins_every_line_with_a_right_to_left_mark():
    html = compose(**ARABIC)
    lines = html.split("\n")
    assert len(lines) == 7
    for line in lines:
        assert line == "" or (line.startswith(RLM) and line.count(RLM) == 1)
    assert lines[0] == f"{RLM}<b>{ARABIC['title']}</b>"
    assert lines[-1] == f'{RLM}<a href="{AR_URL}">{AR_URL}</a>'


def test_right_to_left_marks_the_caller_wrote_are_not_doubled():
    html = compose(**{**ARABIC, "title": f"{RLM}{RLM}2023 بيان"})
    assert html.startswith(f"{RLM}<b>2023 بيان</b>")


def test_astral_characters_count_two_units():
    assert utf16_length("💧") == 2
    assert utf16_length("ماء💧water") == 3 + 2 + 5
    excerpt = "💧 " * 400
    whole, _ = read(post(excerpt=excerpt, limit=10**6))
    # Short enough for a caption in characters, too long in UTF-16 units.
    assert len(whole) <= CAPTION_LIMIT < units(whole)
    text, _ = read(post(excerpt=excerpt, limit=CAPTION_LIMIT))
    assert units(text) <= CAPTION_LIMIT
    assert text.split("\n")[4].endswith("💧…")


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("limit", [MESSAGE_LIMIT, CAPTION_LIMIT])
@pytest.mark.parametrize("long", ["excerpt", "title", "both"])
def test_a_huge_statement_yields_a_valid_post_within_the_limit(language, limit, long):
    fields = {**(ARABIC if language == "ar" else ENGLISH), "limit": limit}
    word = "الماء " if language == "ar" else "water "
    huge = (word * 20000)[:100_000]
    if long in ("excerpt", "both"):
        fields["excerpt"] = huge
    if long in ("title", "both"):
        fields["title"] = huge
    html = compose(**fields)
    text, hrefs = read(html)
    assert limit - 20 <= units(text) <= limit
    lines = text.split("\n")
    assert lines[-1].removeprefix(RLM) == fields["url"]
    assert hrefs == [fields["url"]]
    assert "…" in text
    if long == "both":  # the excerpt goes first, then the title is cut
        assert fields["reference"] in lines[2]
        assert lines[3:] == ["", lines[-1]]
    for line in lines:
        if line.endswith("…"):  # cut at a word, whole words before
            assert set(line.removeprefix(RLM)[:-1].split()) == {word.strip()}


def test_a_cut_never_falls_inside_an_entity():
    excerpt = 'a&b <c> d&&e "f" ' * 10_000
    for limit in range(1000, 1030):
        html = post(excerpt=excerpt, limit=limit)
        text, _ = read(html)  # asserts every & starts a whole entity
        assert units(text) <= limit
        shown = text.split("\n")[4]
        assert excerpt.startswith(shown.removesuffix("…").rstrip())


def test_a_title_without_spaces_is_cut_between_characters():
    html = post(title="💧" * 100_000, excerpt="", limit=CAPTION_LIMIT)
    text, _ = read(html)
    assert units(text) <= CAPTION_LIMIT
    assert text.startswith("💧💧") and "…" in text.split("\n")[0]


def test_a_cut_keeps_emoji_sequences_whole():
    coder = "👩\u200d💻"
    text, _ = read(post(excerpt=coder * 2000, limit=CAPTION_LIMIT))
    shown = text.split("\n")[4]
    assert shown.endswith(f"{coder}…")


def test_a_link_longer_than_the_limit_is_refused():
    with pytest.raises(ValueError):
        post(url="https://example.org/" + "x" * 2000, limit=CAPTION_LIMIT)


@settings(max_examples=150, deadline=None)
@given(
    title=st.text(max_size=3000),
    excerpt=st.text(max_size=3000),
    reference=st.text(max_size=50),
    language=st.sampled_from(["en", "ar"]),
)
def test_any_text_yields_a_valid_caption(title, excerpt, reference, language):
    html = compose(
        title=title,
        date_line=ENGLISH["date_line"],
        reference=reference,
        excerpt=excerpt,
        url=URL,
        language=language,
        limit=CAPTION_LIMIT,
    )
    text, hrefs = read(html)
    assert units(text) <= CAPTION_LIMIT
    assert hrefs == [URL]
    assert not set(BIDI_CONTROLS.replace(RLM, "")) & set(text)
