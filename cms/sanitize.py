"""The one place rich HTML is made safe (nh3, the Ammonia sanitiser).

Only a safe list of tags and attributes survives; scripts, event handlers,
styles and ``javascript:`` links never reach a reader.
"""

import re
from html import unescape

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


# A tag of sanitised HTML (attribute values may hold ">").
TAG = re.compile(r"""<(/?)([a-zA-Z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
# Tags inside a line of text: "<b>word</b>s" reads "words", not "word s".
INLINE_TAGS = {
    "a", "abbr", "b", "cite", "code", "em", "i", "q", "s", "small", "span",
    "strong", "sub", "sup", "u",
}  # fmt: skip


def plain_text(html):
    """The text a reader reads in sanitised ``html``, on one line.

    Block elements (paragraphs, headings, list items, cells, ``<br>``)
    separate words; inline ones do not. Entities are decoded.
    """

    def replace(match):
        return "" if match[2].lower() in INLINE_TAGS else " "

    return " ".join(unescape(TAG.sub(replace, html or "")).split())
