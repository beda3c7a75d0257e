"""Every public page, in both languages, is well-formed and accessible HTML5."""

import pytest
from html5lib.html5parser import ParseError

from articles import services
from pages.models import Page
from tests.factories import (
    make_article,
    make_author,
    make_category,
    make_image,
    make_office,
)
from tests.markup import headings, parse_strict, text

pytestmark = pytest.mark.django_db

PAGES = [
    "/{}/",
    "/{}/?page=2",
    "/{}/article/illustrated/",
    "/{}/article/plain/",
    "/{}/article/arabic/",
    "/{}/article/corrected/",
    "/{}/article/withdrawn/",
    "/{}/category/news/",
    "/{}/category/news/north/",
    "/{}/author/omar/",
    "/{}/author/layla/",
    "/{}/office/central/",
    "/{}/authors/",
    "/{}/tag/volunteering/",
    "/{}/tag/مياه/",
    "/{}/page/about/",
    "/{}/no-such-page/",
    "/{}/article/no-such-article/",
]
ALL_PAGES = [url.format(lang) for lang in ("en", "ar") for url in PAGES]


@pytest.fixture
def site(settings):
    """A small site exercising every template part: featured articles, a lead
    image, an author photo, nested categories, pagination, several authors."""
    settings.CMS_PAGINATE_BY = 2
    office = make_office(slug="central", name_en="Central Media Office")
    omar = make_author(slug="omar", office=office, photo=make_image("omar.png"))
    layla = make_author(slug="layla", office=office, gender="f", bio_en="Invented.")
    news = make_category(slug="news", name_en="News")
    north = make_category(slug="north", parent=news, name_en="North")
    illustrated = make_article(
        slug="illustrated",
        category=north,
        authors=[omar, layla],
        is_featured=True,
        lead_image=make_image("lead.png"),
        lead_image_alt="A placeholder picture",
        lead_image_caption="An invented caption",
        excerpt="An invented summary.",
        body="<h2>A section</h2><p>Text with <a href='https://example.org/'>a "
        "link</a>.</p><ul><li>one</li></ul>",
    )
    illustrated.tags.add("Volunteering", "مياه")
    make_article(slug="plain", category=news, authors=[layla]).tags.add("مياه")
    make_article(slug="arabic", language="ar", title="بيان تجريبي", category=north)
    for slug in ("corrected", "withdrawn"):
        article = make_article(slug=slug, category=news, authors=[layla])
        services.article_correct(article=article, note="A date fixed.")
    services.article_withdraw(article=article, reason="Issued in error.")
    for language, title in (("en", "About"), ("ar", "عن المكتب")):
        Page.objects.create(
            slug="about", language=language, title=title,
            body="<h2>Who</h2><p>Invented.</p><ul><li>One</li></ul>",
        )  # fmt: skip


def fetch(client, url):
    """The page at ``url`` (an article asked for in the other edition's prefix
    is followed to its own address)."""
    response = client.get(url, follow=True)
    assert response.status_code in (200, 404, 410), url
    return response.content.decode()


@pytest.mark.parametrize("url", ALL_PAGES)
def test_page_parses_as_html5_without_errors(client, site, url):
    html = fetch(client, url)

    try:
        parse_strict(html)
    except ParseError as error:  # pragma: no cover - the message is the point
        pytest.fail(f"{url}: {error}")


def test_server_error_page_parses_as_html5_without_errors(client, site):
    client.raise_request_exception = False
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            "articles.views.HomeView.get_queryset",
            lambda self: (_ for _ in ()).throw(RuntimeError("crash")),
        )
        response = client.get("/en/")

    assert response.status_code == 500
    root = parse_strict(response.content.decode())
    assert [level for level, _ in headings(root)].count(1) == 1


@pytest.mark.parametrize("url", ALL_PAGES)
def test_page_has_exactly_one_h1(client, site, url):
    root = parse_strict(fetch(client, url))

    assert len(list(root.iter("h1"))) == 1


@pytest.mark.parametrize("url", ALL_PAGES)
def test_headings_do_not_skip_levels(client, site, url):
    levels = [level for level, _ in headings(parse_strict(fetch(client, url)))]

    assert levels[0] == 1
    for previous, current in zip(levels, levels[1:], strict=False):
        assert current <= previous + 1, f"h{previous} followed by h{current}"


@pytest.mark.parametrize("url", ALL_PAGES)
def test_every_image_has_alt_text(client, site, url):
    root = parse_strict(fetch(client, url))

    for img in root.iter("img"):
        assert img.get("alt"), f"{url}: <img src={img.get('src')}> has no alt"


def test_pages_with_images_are_really_checked(client, site):
    """The fixture puts images on these pages, so the alt test means something."""
    for url in ("/en/article/illustrated/", "/en/author/omar/"):
        assert list(parse_strict(fetch(client, url)).iter("img")), url


UNLABELLED_INPUTS = {"hidden", "submit", "reset", "button", "image"}


def _has_label(control, root, labels_for, inside_label):
    if control.get("aria-label") or control.get("aria-labelledby"):
        return True
    if control.get("id") and control.get("id") in labels_for:
        return True
    if control in inside_label:
        return True
    return bool(control.tag == "button" and text(control))


@pytest.mark.parametrize("url", ALL_PAGES)
def test_every_form_control_has_a_label(client, site, url):
    root = parse_strict(fetch(client, url))
    labels = list(root.iter("label"))
    labels_for = {label.get("for") for label in labels if label.get("for")}
    inside_label = {el for label in labels for el in label.iter()}

    for control in root.iter():
        if control.tag not in ("input", "select", "textarea", "button"):
            continue
        if control.tag == "input" and control.get("type") in UNLABELLED_INPUTS:
            continue
        assert _has_label(control, root, labels_for, inside_label), (
            f"{url}: <{control.tag} name={control.get('name')}> has no label"
        )


@pytest.mark.parametrize("url", ALL_PAGES)
def test_ids_are_unique_and_references_point_at_them(client, site, url):
    root = parse_strict(fetch(client, url))
    ids = [el.get("id") for el in root.iter() if el.get("id")]

    assert len(ids) == len(set(ids)), f"{url}: duplicate ids"
    for el in root.iter():
        for reference in (el.get("aria-labelledby") or "").split():
            assert reference in ids, f"{url}: aria-labelledby={reference}"
        href = el.get("href") or ""
        if el.tag == "a" and href.startswith("#") and len(href) > 1:
            assert href[1:] in ids, f"{url}: link to missing {href}"
