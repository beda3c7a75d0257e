"""Reading pages the way a browser does: html5lib trees for page tests."""

import html5lib

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def parse(response_or_html):
    """The page as an ElementTree (tag names without namespace)."""
    content = getattr(response_or_html, "content", response_or_html)
    if isinstance(content, bytes):
        content = content.decode()
    return html5lib.parse(content, namespaceHTMLElements=False)


def parse_strict(content):
    """Parse as HTML5 and raise ``html5lib.html5parser.ParseError`` on any error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(content)


def text(element):
    """All the text inside ``element``, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def headings(root):
    """``[(level, text), …]`` in document order."""
    return [(int(el.tag[1]), text(el)) for el in root.iter() if el.tag in HEADINGS]


def document_order(root):
    """``{element: index}`` to compare where two elements are on the page."""
    return {el: i for i, el in enumerate(root.iter())}


def find_by_class(root, tag, css_class):
    """Elements ``tag`` whose class list contains ``css_class``."""
    return [el for el in root.iter(tag) if css_class in (el.get("class") or "").split()]
