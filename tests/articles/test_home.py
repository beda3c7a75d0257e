"""The home page: lead story, featured stories, section blocks, latest list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import HomeSection
from tests.cache_reads import cache_reads
from tests.factories import make_article, make_category
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def home(client, url="/en/"):
    response = client.get(url)
    assert response.status_code == 200
    return response, parse(response)


def card_titles(root):
    main = root.find(".//main")
    return [text(card.find(".//a")) for card in main.iter("article")]


def section_titles(root):
    return [
        text(section.find(".//h2"))
        for section in find_by_class(root, "section", "home-section")
    ]


def test_home_shows_no_article_twice(client, settings):
    settings.CMS_PAGINATE_BY = 20
    news = make_category(name_en="News", position=1)
    opinion = make_category(name_en="Opinion", position=2)
    for i in range(12):
        make_article(
            title=f"Story {i}",
            category=news if i % 2 else opinion,
            is_featured=i in (0, 3, 5),
            published_at=hours_ago(i + 1),
        )

    _, root = home(client)

    titles = card_titles(root)
    assert len(titles) == 12
    assert len(set(titles)) == len(titles)


def test_lead_story_is_the_newest_featured_article(client):
    make_article(title="Newest, not featured", published_at=hours_ago(1))
    make_article(title="Older featured", is_featured=True, published_at=hours_ago(5))
    make_article(title="Newer featured", is_featured=True, published_at=hours_ago(3))

    response, root = home(client)

    assert response.context["lead"].title == "Newer featured"
    assert [a.title for a in response.context["featured"]] == ["Older featured"]
    (lead,) = find_by_class(root, "article", "article-card-lead")
    assert text(lead.find(".//h3")) == "Newer featured"


def test_without_featured_articles_the_newest_leads(client):
    make_article(title="Older", published_at=hours_ago(5))
    make_article(title="Newest", published_at=hours_ago(1))

    response, _ = home(client)

    assert response.context["lead"].title == "Newest"
    assert response.context["featured"] == []


def test_sections_default_to_the_top_level_categories_by_position(client):
    second = make_category(name_en="Second", position=2)
    first = make_category(name_en="First", position=1)
    child = make_category(name_en="Child of first", parent=first)
    make_category(name_en="Hidden", position=0, is_published=False)
    make_article(title="Lead story", category=second, published_at=hours_ago(1))
    make_article(category=second, published_at=hours_ago(2))
    make_article(title="Deep", category=child, published_at=hours_ago(3))

    _, root = home(client)

    assert section_titles(root) == ["First", "Second"]
    (first_block,) = [
        s
        for s in find_by_class(root, "section", "home-section")
        if text(s.find(".//h2")) == "First"
    ]
    assert "Deep" in text(first_block), "a section includes its sub-categories"
    assert "More in First" in text(first_block)


def test_sections_follow_the_editors_choice_and_order(client):
    news = make_category(name_en="News", position=1)
    opinion = make_category(name_en="Opinion", position=2)
    regions = make_category(name_en="Regions", position=3)
    north = make_category(name_en="North", parent=regions)
    for category in (news, opinion, north):
        make_article(category=category)
        make_article(category=category)
    HomeSection.objects.create(category=north, position=1)
    HomeSection.objects.create(category=news, position=2)

    _, root = home(client)

    assert section_titles(root) == ["North", "News"]


def test_a_chosen_section_that_readers_cannot_see_is_left_out(client):
    hidden = make_category(name_en="Hidden", is_published=False)
    news = make_category(name_en="News")
    make_article(category=news)
    make_article(category=news)
    HomeSection.objects.create(category=hidden, position=1)
    HomeSection.objects.create(category=news, position=2)

    _, root = home(client)

    assert section_titles(root) == ["News"]


def test_sections_are_capped_by_the_setting(client, settings):
    settings.CMS_HOME_SECTIONS = 2
    for i in range(4):
        category = make_category(name_en=f"Section {i}", position=i)
        make_article(category=category, published_at=hours_ago(10 * i + 1))
        make_article(category=category, published_at=hours_ago(10 * i + 2))

    _, root = home(client)

    assert section_titles(root) == ["Section 0", "Section 1"]


def test_a_section_shows_its_latest_four_after_what_is_shown_above(client, settings):
    settings.CMS_HOME_SECTION_SIZE = 4
    news = make_category(name_en="News")
    titles = [f"News {i}" for i in range(7)]
    for i, title in enumerate(titles):
        make_article(title=title, category=news, published_at=hours_ago(i + 1))
    # Featured and lead stories are news too: the block skips them.
    make_article(title="Featured", category=news, is_featured=True)

    response, _ = home(client)

    (block,) = response.context["sections"]
    assert [a.title for a in block.articles] == titles[:4]
    assert response.context["lead"].title == "Featured"


def test_overlapping_chosen_sections_still_show_four_each(client):
    regions = make_category(name_en="Regions")
    north = make_category(name_en="North", parent=regions)
    for i in range(10):
        make_article(title=f"North {i}", category=north, published_at=hours_ago(i + 1))
    HomeSection.objects.create(category=north, position=1)
    HomeSection.objects.create(category=regions, position=2)

    response, root = home(client)

    blocks = response.context["sections"]
    assert [len(block.articles) for block in blocks] == [4, 4]
    titles = card_titles(root)
    assert len(titles) == len(set(titles))


def test_the_home_is_the_editions_own(client):
    make_article(title="English story", language="en")
    make_article(title="قصة عربية", language="ar")

    _, english = home(client, "/en/")
    _, arabic = home(client, "/ar/")

    assert card_titles(english) == ["English story"]
    assert card_titles(arabic) == ["قصة عربية"]


def test_home_queries_do_not_grow_with_the_number_of_sections(
    client, settings, django_assert_max_num_queries
):
    from django.core.cache import cache

    settings.CMS_HOME_SECTIONS = 20

    def measure():
        cache.clear()
        with django_assert_max_num_queries(13) as queries:
            home(client)
        return len(queries.captured_queries)

    for i in range(2):
        make_article(category=make_category(position=i))
    few = measure()
    for i in range(2, 14):
        category = make_category(position=i)
        make_article(category=category)
        make_article(category=category)

    assert measure() == few


@pytest.mark.parametrize("page", ["", "1", "01", "١", "%201"])
def test_every_spelling_of_page_one_opens_with_the_lead_story(client, page):
    make_article(title="Older", published_at=hours_ago(5))
    make_article(title="Newest", published_at=hours_ago(1))

    response, root = home(client, f"/en/?page={page}")

    assert response.context["lead"].title == "Newest"
    assert card_titles(root) == ["Newest", "Older"]


def test_the_kept_layout_of_the_top_follows_every_change(client, settings):
    """Which articles the top shows is kept between views; a new featured
    article, or a lead story unpublished, shows at the next view."""
    settings.CMS_PAGE_CACHE_SECONDS = 0
    old = make_article(
        title="Old featured", is_featured=True, published_at=hours_ago(5)
    )
    assert home(client)[0].context["lead"].title == "Old featured"
    assert home(client)[0].context["lead"].title == "Old featured"

    make_article(title="New featured", is_featured=True, published_at=hours_ago(1))
    response, _ = home(client)
    assert response.context["lead"].title == "New featured"
    assert [a.title for a in response.context["featured"]] == ["Old featured"]

    old.delete()
    response, root = home(client)
    assert response.context["featured"] == []
    assert "Old featured" not in text(root)


def test_a_later_page_leaves_out_what_the_kept_top_shows(client, settings):
    settings.CMS_PAGE_CACHE_SECONDS = 0
    settings.CMS_PAGINATE_BY = 2
    for number in range(20):
        make_article(title=f"Story {number}", published_at=hours_ago(number + 1))
    home(client)
    top = {a.title for a in home(client)[0].context["home_articles"]}

    _, second = home(client, "/en/?page=2")

    assert top and not top & set(card_titles(second))


def test_the_home_reads_its_kept_cards_in_one_round_trip(
    client, settings, stopped_clock
):
    """Every card on the home (the lead, the compact ones, the sections' and
    the list's) is kept; the next view reads them all at once, whatever their
    variants, and shows the same page."""
    settings.CMS_PAGE_CACHE_SECONDS = 0  # the page itself is drawn each time
    settings.CMS_PAGINATE_BY = 3
    news = make_category(name_en="News", position=1)
    for i in range(8):
        make_article(
            title=f"Story {i}", category=news, published_at=hours_ago(i + 1),
            is_featured=i < 2,
        )  # fmt: skip
    first, _ = home(client)

    with cache_reads() as reads:
        again, root = home(client)

    assert again.content == first.content
    assert len(card_titles(root)) == 8
    assert "article-card" not in reads.entries_one_by_one()
    # With the counters of what they show (their comments), in the same trip.
    assert [e for e in reads.entries_together() if "article-card" in e] == [
        {"article-card", "dependency"}
    ]
