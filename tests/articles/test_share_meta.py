"""What link previews and search engines read on a page: canonical address,
OpenGraph, the Twitter card and schema.org JSON-LD."""

import json

import pytest

from articles import services
from articles.models import Article
from images.sanitize import sanitize_upload
from site_settings.models import SiteSettings
from tests.articles.desk import log_in, make_editor
from tests.factories import (
    make_article,
    make_author,
    make_category,
    make_image,
    make_office,
)
from tests.jobs.running import worked
from tests.markup import parse

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
HOSTILE = 'Roads </script><script>alert("x")</script> & <!-- "water"'


def meta(root):
    """``{key: [content, …]}`` of the ``<meta property|name>`` tags."""
    found = {}
    for tag in root.find("head").iter("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            found.setdefault(key, []).append(tag.get("content"))
    return found


def json_ld(root):
    """The JSON-LD blocks of the page, parsed."""
    return [
        json.loads(script.text)
        for script in root.iter("script")
        if script.get("type") == "application/ld+json"
    ]


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return parse(response)


@pytest.fixture
def article():
    office = make_office(slug="central", name_en="Central Media Office")
    author = make_author(slug="omar", name_en="Omar Khalil", office=office)
    news = make_category(slug="news", name_en="News")
    with worked():  # the renditions
        article = make_article(
            slug="road-repairs",
            title="Road repairs",
            excerpt="The northern road is repaired.",
            category=news,
            authors=[author],
            lead_image=make_image("lead.png", size=(1600, 900)),
            lead_image_alt="A repaired road",
        )
    article.tags.add("Roads", "Water")
    return article


def translate(article, **fields):
    fields.setdefault("language", "ar")
    fields.setdefault("title", "إصلاح الطرق")
    translation = make_article(slug="islah", **fields)
    article.translation = translation
    services.article_save(article=article)
    return translation


# Articles ---------------------------------------------------------------------------


def test_an_article_page_names_its_canonical_address_and_opengraph(client, article):
    root = page(client, "/en/article/road-repairs/")
    tags = meta(root)

    url = f"{ORIGIN}/en/article/road-repairs/"
    (canonical,) = [
        link.get("href") for link in root.iter("link") if link.get("rel") == "canonical"
    ]
    assert canonical == url
    assert tags["og:url"] == [url]
    assert tags["og:type"] == ["article"]
    assert tags["og:title"] == ["Road repairs"]
    assert tags["og:description"] == ["The northern road is repaired."]
    assert tags["og:site_name"] == ["Media Office"]
    assert tags["og:locale"] == ["en_US"]
    assert "og:locale:alternate" not in tags
    assert tags["article:section"] == ["News"]
    assert sorted(tags["article:tag"]) == ["Roads", "Water"]
    assert tags["article:author"] == [f"{ORIGIN}/en/author/omar/"]
    for key in ("article:published_time", "article:modified_time"):
        assert tags[key][0].endswith("+03:00")


def test_the_lead_image_is_shared_with_its_size(client, article):
    tags = meta(page(client, "/en/article/road-repairs/"))

    (image,) = tags["og:image"]
    assert image.startswith(f"{ORIGIN}/media/renditions/")
    assert (tags["og:image:width"], tags["og:image:height"]) == (["1200"], ["675"])
    assert tags["og:image:alt"] == ["A repaired road"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:image"] == [image]
    assert tags["twitter:title"] == ["Road repairs"]


def test_an_article_without_an_image_has_a_small_card_and_the_logo(client):
    make_article(slug="plain")

    tags = meta(page(client, "/en/article/plain/"))

    assert tags["twitter:card"] == ["summary"]
    assert tags["og:image"] == [f"{ORIGIN}/static/img/publisher-logo.png"]
    (data,) = json_ld(page(client, "/en/article/plain/"))
    assert "image" not in data


def test_a_published_translation_is_a_locale_alternate(client, article):
    translate(article)

    tags = meta(page(client, "/en/article/road-repairs/"))
    arabic = meta(page(client, "/ar/article/islah/"))

    assert tags["og:locale:alternate"] == ["ar_AR"]
    assert arabic["og:locale"] == ["ar_AR"]
    assert arabic["og:locale:alternate"] == ["en_US"]


def test_an_unpublished_translation_is_never_mentioned(client, article):
    translate(article, status=Article.Status.DRAFT, title="مسودة سرية")

    response = client.get("/en/article/road-repairs/")
    root = parse(response)

    assert "og:locale:alternate" not in meta(root)
    (data,) = json_ld(root)
    assert "workTranslation" not in data
    assert "مسودة سرية".encode() not in response.content
    assert b"/ar/article/islah/" not in response.content


def test_the_article_json_ld_is_a_news_article(client, article):
    translate(article)
    (data,) = json_ld(page(client, "/en/article/road-repairs/"))

    url = f"{ORIGIN}/en/article/road-repairs/"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Road repairs"
    assert data["description"] == "The northern road is repaired."
    assert data["url"] == data["mainEntityOfPage"]["@id"] == url
    assert data["datePublished"].endswith("+03:00")
    assert data["dateModified"].endswith("+03:00")
    assert data["dateModified"] >= data["datePublished"]
    assert data["inLanguage"] == "en"
    assert data["articleSection"] == "News"
    assert sorted(data["keywords"]) == ["Roads", "Water"]
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Omar Khalil",
            "url": f"{ORIGIN}/en/author/omar/",
            "jobTitle": "Spokesman",
        }
    ]
    (image,) = data["image"]
    assert (image["width"], image["height"]) == (1200, 675)
    publisher = data["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "Media Office"
    assert publisher["logo"]["url"] == f"{ORIGIN}/static/img/publisher-logo.png"
    assert (publisher["logo"]["width"], publisher["logo"]["height"]) == (512, 512)
    assert data["isPartOf"] == {
        "@type": "WebSite",
        "@id": f"{ORIGIN}/en/",
        "url": f"{ORIGIN}/en/",
        "name": "Media Office",
        "inLanguage": "en",
    }
    assert data["workTranslation"]["url"] == f"{ORIGIN}/ar/article/islah/"


def test_an_article_without_authors_is_by_its_office(client):
    make_article(slug="unsigned", authors=[], office=make_office(name_en="North"))

    (data,) = json_ld(page(client, "/en/article/unsigned/"))

    assert [author["@type"] for author in data["author"]] == ["Organization"]
    assert data["author"][0]["name"] == "North"


def test_the_publisher_is_named_after_the_site_settings(client, article):
    SiteSettings.objects.update_or_create(
        pk=1, defaults={"site_name_en": "Invented Office"}
    )

    root = page(client, "/en/article/road-repairs/")

    assert meta(root)["og:site_name"] == ["Invented Office"]
    assert json_ld(root)[0]["publisher"]["name"] == "Invented Office"


def test_the_publisher_logo_is_the_one_editors_uploaded(client, article):
    SiteSettings(logo=sanitize_upload(make_image("logo.png", size=(240, 60)))).save()

    (data,) = json_ld(page(client, "/en/article/road-repairs/"))

    logo = data["publisher"]["logo"]
    assert logo["url"].startswith(f"{ORIGIN}/media/") and logo["url"].endswith(".png")
    assert (logo["width"], logo["height"]) == (240, 60)


def test_a_hostile_title_stays_inside_its_json_ld_block_and_attributes(client):
    author = make_author(slug="hostile", name_en=HOSTILE)
    make_article(
        slug="hostile",
        title=HOSTILE,
        excerpt=HOSTILE,
        authors=[author],
        category=make_category(name_en=HOSTILE),
    ).tags.add(HOSTILE)

    response = client.get("/en/article/hostile/")
    root = parse(response)

    scripts = [script for script in root.iter("script") if script.get("type")]
    assert [script.get("type") for script in scripts] == ["application/ld+json"]
    assert b"<script>alert" not in response.content
    assert b"<!--" not in response.content
    (data,) = json_ld(root)
    assert data["headline"] == HOSTILE
    assert data["description"] == HOSTILE
    assert data["articleSection"] == HOSTILE
    assert data["author"][0]["name"] == HOSTILE
    assert data["keywords"] == [HOSTILE]
    tags = meta(root)
    assert tags["og:title"] == [HOSTILE]
    assert tags["article:tag"] == [HOSTILE]


def test_the_json_ld_escapes_what_could_end_a_script():
    from articles.sharing import json_ld as write

    block = write({"headline": "</script><!-- & \u2028"})

    inner = block.removeprefix('<script type="application/ld+json">').removesuffix(
        "</script>"
    )
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner) == {"headline": "</script><!-- & \u2028"}


def test_a_preview_shares_nothing(client):
    draft = make_article(status=Article.Status.DRAFT, title="Not yet")
    log_in(client, make_editor())

    root = page(client, f"/en/preview/{draft.pk}/")

    assert not any(
        key.startswith(("og:", "article:", "twitter:")) for key in meta(root)
    )
    assert json_ld(root) == []


def test_an_article_is_described_once_by_its_summary(client):
    """Search engines show the excerpt, else the body's first words."""
    make_article(slug="with-excerpt", excerpt="The northern road is repaired.")
    make_article(slug="no-excerpt", excerpt="", body="<p>Work starts.</p><p>Soon.</p>")

    with_excerpt = meta(page(client, "/en/article/with-excerpt/"))
    no_excerpt = meta(page(client, "/en/article/no-excerpt/"))

    assert with_excerpt["description"] == ["The northern road is repaired."]
    assert no_excerpt["description"] == ["Work starts. Soon."]


# Other pages --------------------------------------------------------------------------


def test_the_home_is_a_website_with_a_search_action(client, article):
    root = page(client, "/ar/")
    tags = meta(root)
    (data,) = json_ld(root)

    assert tags["og:type"] == ["website"]
    assert tags["og:url"] == [f"{ORIGIN}/ar/"]
    assert tags["og:locale"] == ["ar_AR"]
    assert tags["og:locale:alternate"] == ["en_US"]
    assert data["@type"] == "WebSite"
    assert data["url"] == f"{ORIGIN}/ar/"
    assert data["name"] == "المكتب الإعلامي"
    assert data["inLanguage"] == "ar"
    action = data["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == (
        f"{ORIGIN}/ar/search/?q={{search_term_string}}"
    )
    assert action["query-input"] == "required name=search_term_string"


@pytest.mark.parametrize(
    "language, description",
    [
        ("en", "Statements, press releases and articles of Media Office."),
        ("ar", "بيانات المكتب الإعلامي وبلاغاته الصحفية ومقالاته."),
    ],
)
def test_each_edition_home_has_a_meta_description_in_its_language(
    client, language, description
):
    """Search engines show it under the home's title (Lighthouse SEO)."""
    tags = meta(page(client, f"/{language}/"))

    assert tags["description"] == [description]
    assert tags["og:description"] == [description]


def test_a_category_is_a_collection_page_with_breadcrumbs(client):
    news = make_category(slug="news", name_en="News")
    north = make_category(slug="north", parent=news, name_en="North")
    make_article(category=north)

    root = page(client, "/en/category/news/north/")
    (data,) = json_ld(root)

    assert meta(root)["og:title"] == ["North"]
    assert data["@type"] == "CollectionPage"
    assert data["name"] == "North"
    assert data["url"] == f"{ORIGIN}/en/category/news/north/"
    assert data["isPartOf"]["@id"] == f"{ORIGIN}/en/"
    assert [
        (item["position"], item["name"], item["item"])
        for item in data["breadcrumb"]["itemListElement"]
    ] == [
        (1, "News", f"{ORIGIN}/en/category/news/"),
        (2, "North", f"{ORIGIN}/en/category/news/north/"),
    ]


def test_an_author_is_a_profile_page_about_a_person(client):
    office = make_office(slug="central", name_en="Central Media Office")
    make_author(
        slug="layla",
        name_en="Layla Nasser",
        role_en="Deputy spokeswoman",
        bio_en="An invented person.",
        office=office,
        photo=make_image("layla.png", size=(300, 400)),
    )

    root = page(client, "/en/author/layla/")
    tags = meta(root)
    (data,) = json_ld(root)

    assert tags["og:type"] == ["profile"]
    assert tags["og:description"] == ["An invented person."]
    assert tags["og:image"][0].startswith(f"{ORIGIN}/media/")
    assert data["@type"] == "ProfilePage"
    person = data["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Layla Nasser"
    assert person["url"] == f"{ORIGIN}/en/author/layla/"
    assert person["jobTitle"] == "Deputy spokeswoman"
    assert person["worksFor"] == {
        "@type": "Organization",
        "name": "Central Media Office",
        "url": f"{ORIGIN}/en/office/central/",
    }
    assert person["image"]["url"] == tags["og:image"][0]


@pytest.mark.parametrize(
    ("url", "name"), [("/en/office/central/", "Central"), ("/en/tag/roads/", "Roads")]
)
def test_offices_and_tags_are_collection_pages(client, url, name):
    make_article(office=make_office(slug="central", name_en="Central")).tags.add(
        "Roads"
    )

    root = page(client, url)
    (data,) = json_ld(root)

    assert meta(root)["og:title"] == [name]
    assert meta(root)["og:url"] == [f"{ORIGIN}{url}"]
    assert data["@type"] == "CollectionPage"
    assert data["name"] == name


def test_a_later_page_of_a_list_shares_its_own_canonical_address(client, settings):
    settings.CMS_PAGINATE_BY = 1
    category = make_category(slug="news")
    make_article(category=category)
    make_article(category=category)

    root = page(client, "/en/category/news/?page=2")

    assert meta(root)["og:url"] == [f"{ORIGIN}/en/category/news/?page=2"]
    assert json_ld(root)[0]["url"] == f"{ORIGIN}/en/category/news/?page=2"


def test_a_page_without_a_picture_shares_the_uploaded_logo_at_its_own_size(client):
    SiteSettings(logo=sanitize_upload(make_image("logo.png", size=(240, 60)))).save()
    make_article(slug="plain")

    for address in ("/en/article/plain/", "/en/"):
        tags = meta(page(client, address))

        assert tags["og:image"][0].startswith(f"{ORIGIN}/media/"), address
        assert (tags["og:image:width"], tags["og:image:height"]) == (["240"], ["60"])
