"""The one place rich HTML is made safe (nh3, the Ammonia sanitiser), and read
back as the text a reader sees; and JSON made safe to put inside HTML.

Only a safe list of tags and attributes survives; scripts, event handlers,
styles and ``javascript:`` links never reach a reader.
"""

import json
import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "li", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
GENERIC_ATTRIBUTES = {"lang", "dir", "title"}
# No "cite" attributes: the sanitiser checks URL schemes only in href and src.
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html):
    """Return ``html`` with everything outside the safe list removed."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        generic_attribute_prefixes=None,
        attributes={**ALLOWED_ATTRIBUTES, "*": GENERIC_ATTRIBUTES},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# Elements that start a new paragraph of text for a reader.
BLOCK_TAGS = {
    "blockquote", "caption", "div", "figcaption", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "li", "ol", "p", "pre", "table", "tr", "ul",
}  # fmt: skip


class _ReaderText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html):
    """The text of ``html`` as a reader sees it: no tags, entities decoded,
    paragraphs separated by a blank line, line breaks kept, spaces collapsed."""
    parser = _ReaderText()
    parser.feed(html or "")
    parser.close()
    paragraphs = []
    for block in re.split(r"\n[^\S\n]*\n\s*", "".join(parser.parts)):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def plain_text(html):
    """The text a reader reads in ``html``, on one line (search indexes it)."""
    return " ".join(html_to_text(html).split())


# Characters that could end a <script> element or open a comment inside it,
# written as JSON escapes (as Django's ``json_script`` does), and the two line
# separators JavaScript does not allow in strings: the data stays the same.
JSON_ESCAPES = str.maketrans(
    {
        "<": "\\u003C",
        ">": "\\u003E",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


def safe_json(data, *, encoder=None):
    """``data`` as JSON (UTF-8: Arabic stays readable) that stays inert inside
    HTML or a script, and in a client that reads it as either: the JSON-LD of
    pages, the API's answers."""
    return json.dumps(data, cls=encoder, ensure_ascii=False).translate(JSON_ESCAPES)
