"""Anonymous readers' pages come whole from the shared cache, and are never
stale after a change nor anyone's own."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from articles import services
from articles.models import Article, Category
from comments import services as comment_services
from comments.models import Comment
from core import cache as cms_cache
from site_settings.models import MenuItem, SiteSettings
from tests.cache_reads import cache_reads, stored_keys
from tests.comments.factories import comment_data, make_comment, post_url
from tests.factories import make_article, make_author, make_category

pytestmark = pytest.mark.django_db


def from_cache(response):
    return response.get("X-Cache") == "hit"


def test_a_second_view_comes_from_the_cache_without_a_query(
    client, django_assert_num_queries
):
    article = make_article(language="en")
    first = client.get(article.get_absolute_url())
    assert first["X-Cache"] == "miss"

    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())

    assert from_cache(second)
    assert second.content == first.content


def test_a_cached_article_page_is_nobodys_own(client):
    """No CSRF token, no cookie, no ``Vary: Cookie``: any cache may keep it."""
    article = make_article(language="en")

    response = client.get(article.get_absolute_url())

    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()
    assert 'name="csrfmiddlewaretoken" value=""' in response.content.decode()
    assert response.has_header("ETag")


def test_conditional_get_answers_304(client):
    article = make_article(language="en")
    etag = client.get(article.get_absolute_url())["ETag"]

    response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304


CACHED_KINDS = {
    "html": lambda article: article.get_absolute_url(),
    "feed": lambda article: "/en/feed/",
    "sitemap": lambda article: "/sitemap-articles.xml",
    "api": lambda article: "/api/v1/articles",
}


@pytest.mark.parametrize("kind", CACHED_KINDS)
def test_a_head_request_first_leaves_the_get_whole_for_every_reader(client, kind):
    """A HEAD is never kept as the page: the GET after it, answered from the
    cache or not, has its whole body, as long as it says it is."""
    url = CACHED_KINDS[kind](make_article(language="en", title="A whole page"))

    head = client.head(url)
    first = client.get(url)
    second = client.get(url)

    assert not from_cache(first)  # the HEAD kept nothing
    assert head.status_code == first.status_code == 200
    assert head["Content-Length"] == str(len(first.content))
    for response in (first, second):
        assert len(response.content) > 0
        assert int(response.get("Content-Length", len(response.content))) == len(
            response.content
        )
    assert from_cache(second)
    assert second.content == first.content


def test_a_head_request_is_answered_from_a_kept_get(client):
    url = make_article(language="en").get_absolute_url()
    got = client.get(url)

    head = client.head(url)

    assert from_cache(head)
    assert head["ETag"] == got["ETag"]
    assert head.content == b""


def change_title(article):
    article.title = "A corrected title"
    services.article_save(article=article)


def unpublish(article):
    article.status = Article.Status.DRAFT
    services.article_save(article=article)


def approve_a_comment(article):
    comment = make_comment(article=article, status=Comment.Status.PENDING)
    comment_services.comment_approve(comment=comment, moderator=None)


def rename_the_site(article):
    SiteSettings(site_name_en="A renamed office").save()


def add_a_menu_item(article):
    MenuItem.objects.create(label_en="A new menu entry", url="/en/authors/")


def rename_the_category(article):
    category = article.category
    category.name_en = "A renamed section"
    category.save()


def rename_the_author(article):
    author = article.byline_authors[0]
    author.name_en = "A renamed author"
    author.save()


CHANGES = {
    change_title: "A corrected title",
    unpublish: None,
    approve_a_comment: "A neutral remark",
    rename_the_site: "A renamed office",
    add_a_menu_item: "A new menu entry",
    rename_the_category: "A renamed section",
    rename_the_author: "A renamed author",
}


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_no_reader_sees_a_stale_page_after_a_change(
    client, change, django_capture_on_commit_callbacks
):
    article = make_article(language="en", title="The first title")
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    assert from_cache(client.get(url))

    with django_capture_on_commit_callbacks(execute=True):
        change(Article.objects.get(pk=article.pk))
    response = client.get(url)

    assert not from_cache(response)
    expected = CHANGES[change]
    if expected is None:
        assert response.status_code == 404
    else:
        assert expected in response.content.decode()


def test_a_scheduled_article_appears_at_its_time_even_on_a_cached_page(client):
    now = timezone.now()
    make_article(language="en", title="Already out")
    make_article(
        language="en",
        title="Due in two minutes",
        published_at=now + timedelta(minutes=2),
    )
    assert "Due in two minutes" not in client.get("/en/").content.decode()
    assert from_cache(client.get("/en/"))

    later = now + timedelta(minutes=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get("/en/")

    assert "Due in two minutes" in response.content.decode()


def test_a_scheduled_moment_that_comes_is_seen_by_reading_alone(client):
    """No read bumps the generation: what was kept before the moment carries
    it and is stale after it by itself, in every process."""
    now = timezone.now()
    make_article(language="en", title="Already out")
    make_article(
        language="en", title="Due in a minute", published_at=now + timedelta(minutes=1)
    )
    client.get("/en/")
    before = cms_cache.generation()

    later = now + timedelta(minutes=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get("/en/")
        again = client.get("/en/")

    assert "Due in a minute" in response.content.decode()
    assert not from_cache(response) and from_cache(again)
    assert cms_cache.generation() == before


def test_search_results_come_from_the_cache_and_find_a_new_article_at_once(
    client, django_capture_on_commit_callbacks
):
    make_article(language="en", title="Harbour works begin")
    url = "/en/search/?q=harbour"
    assert "works begin" in client.get(url).content.decode()  # "<mark>Harbour</mark>"
    assert from_cache(client.get(url))

    with django_capture_on_commit_callbacks(execute=True):
        make_article(language="en", title="Harbour works end")
    response = client.get(url)

    assert not from_cache(response)
    assert "works end" in response.content.decode()


def test_a_shared_link_with_tracking_parameters_reads_the_page_of_its_address(
    client, django_assert_num_queries
):
    """Each click from a social network brings its own ``fbclid``: the page is
    still the one kept for the address, not drawn and kept again."""
    article = make_article(language="en")
    first = client.get(article.get_absolute_url())

    with django_assert_num_queries(0):
        shared = client.get(
            article.get_absolute_url() + "?utm_source=newsletter&UTM_Medium=mail"
            "&fbclid=IwAR0x1y2z"
        )

    assert from_cache(shared)
    assert shared.content == first.content


def test_tracking_parameters_leave_the_other_parameters_and_go_no_further(
    client, settings
):
    settings.CMS_PAGINATE_BY = 1
    category = make_category(name_en="Notices", slug="notices")
    make_article(language="en", category=category, title="The first notice")
    make_article(language="en", category=category, title="The second notice")
    address = "/en/category/notices/"

    tracked = client.get(address + "?utm_campaign=launch&page=2&gclid=abc")
    clean = client.get(address + "?page=2")

    body = tracked.content.decode()
    assert tracked.status_code == 200
    assert "launch" not in body and "gclid" not in body
    assert 'href="?page=1"' in body  # the link to the newer page, without them
    assert from_cache(clean)
    assert clean.content == tracked.content
    # A parameter the page reads is never taken for one of them.
    assert not from_cache(client.get(address + "?page=1&utm_source=x"))


def kept_entries():
    """How many entries the cache holds."""
    from django.core.cache import cache

    return len(stored_keys(cache))


@pytest.mark.parametrize(
    "address",
    ["/en/", "/en/category/notices/", "/en/search/?q=notice", "/api/v1/articles"],
)
def test_made_up_parameters_read_the_kept_page_and_keep_nothing_new(
    client, address, django_assert_num_queries
):
    """``?flood1=1``, ``?flood2=2``…: each would have been drawn and kept as
    a page of its own; the page never reads them, so it is the one kept for
    its address."""
    category = make_category(name_en="Notices", slug="notices")
    make_article(language="en", category=category, title="A notice")
    first = client.get(address)
    assert first.status_code == 200
    held = kept_entries()
    joiner = "&" if "?" in address else "?"

    for number in range(1, 21):
        with django_assert_num_queries(0):
            flooded = client.get(f"{address}{joiner}flood{number}={number}")
        assert from_cache(flooded)
        assert flooded.content == first.content
    with django_assert_num_queries(0):
        assert from_cache(client.get(f"{address}{joiner}fields=body"))

    assert kept_entries() == held


def test_the_parameters_a_page_reads_still_make_pages_of_their_own(client):
    article = make_article(language="en", title="Harbour works begin")
    make_article(language="en", title="Harbour works end")
    comment = make_comment(article=article)
    assert len(client.get("/api/v1/articles").json()["results"]) == 2
    client.get(article.get_absolute_url())

    one = client.get("/api/v1/articles?page_size=1&flood=1")
    replying = client.get(f"{article.get_absolute_url()}?reply_to={comment.pk}")

    assert not from_cache(one)
    assert len(one.json()["results"]) == 1
    assert not from_cache(replying)
    assert f'name="parent" value="{comment.pk}"' in replying.content.decode()


def test_a_clients_forwarded_https_never_reaches_another_readers_page(client, settings):
    """Where the header is believed, a page asked over https says https in
    its links; a reader over plain http never gets that page."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["media.example.org"]
    url = make_article(language="en").get_absolute_url()
    host = {"Host": "media.example.org"}  # as a browser sends it, either way
    claimed = client.get(url, headers={**host, "X-Forwarded-Proto": "https"})
    assert 'rel="canonical" href="https://media' in claimed.content.decode()

    plain = client.get(url, headers=host)

    assert not from_cache(plain)
    assert "https://media" not in plain.content.decode()
    assert f'rel="canonical" href="http://media.example.org{url}"' in (
        plain.content.decode()
    )


def test_a_search_with_form_errors_is_never_kept(client):
    url = "/en/search/?q=!!!"
    assert client.get(url).status_code == 400

    response = client.get(url)

    assert response.status_code == 400
    assert not from_cache(response)


def test_the_cache_never_keeps_a_page_past_the_next_scheduled_change():
    now = timezone.now()
    make_article(
        status=Article.Status.PUBLISHED, published_at=now + timedelta(seconds=40)
    )
    assert 30 <= cms_cache.seconds_to_scheduled_change() <= 40


def test_signed_in_users_are_never_served_nor_stored(client):
    article = make_article(language="en")
    url = article.get_absolute_url()
    client.get(url)
    staff = User.objects.create_user("editor", password="x", is_staff=True)
    signed_in = Client()
    signed_in.force_login(staff)

    response = signed_in.get(url)

    assert not from_cache(response)
    assert "no-store" in response["Cache-Control"]


def test_a_page_with_a_message_is_neither_served_nor_kept(client, settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    article = make_article(language="en")
    url = article.get_absolute_url()
    client.get(url)

    response = client.post(post_url(article, "en"), comment_data(), follow=True)

    assert not from_cache(response)
    assert "will appear once a moderator" in response.content.decode()
    assert "will appear once a moderator" not in Client().get(url).content.decode()


def test_what_a_reader_typed_never_lands_in_a_cached_page(client):
    article = make_article(language="en")
    data = comment_data(name="Private Name", body="<b>html</b>")
    refused = client.post(post_url(article, "en"), data)
    assert refused.status_code == 200 and "Private Name" in refused.content.decode()

    page = Client().get(article.get_absolute_url())

    assert "Private Name" not in page.content.decode()


def test_the_page_cache_can_be_turned_off(client, settings):
    settings.CMS_PAGE_CACHE_SECONDS = 0
    article = make_article(language="en")
    client.get(article.get_absolute_url())
    assert not from_cache(client.get(article.get_absolute_url()))


def test_pages_differ_by_language_and_digits(client):
    make_article(language="ar")
    client.get("/ar/")
    western = Client()
    western.cookies["cms_digits"] = "western"

    response = western.get("/ar/")

    assert not from_cache(response)
    assert from_cache(western.get("/ar/"))


def test_a_made_up_digits_cookie_reads_the_page_kept_for_no_preference(client):
    """Each made-up value would otherwise keep a copy of its own."""
    make_article(language="ar")
    plain = client.get("/ar/")
    odd = Client()
    odd.cookies["cms_digits"] = "made-up-value"

    response = odd.get("/ar/")

    assert from_cache(response)
    assert response.content == plain.content
    # Any cache may keep it: it is the page everyone without a choice gets.
    assert response["Cache-Control"] == plain["Cache-Control"]
    assert "private" not in response["Cache-Control"]


# Forms on cached pages ------------------------------------------------------------


def test_the_form_token_comes_from_an_uncached_address(client):
    response = client.get("/token/")

    assert response.status_code == 200
    assert response.json()["token"]
    assert "csrftoken" in response.cookies
    assert "no-store" in response["Cache-Control"]


def test_a_comment_without_a_token_is_confirmed_not_refused(settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    reader = Client(enforce_csrf_checks=True)
    article = make_article(language="en")
    data = comment_data(body="Sent from a cached page without JavaScript.")

    confirm = reader.post(post_url(article, "en"), data)

    assert confirm.status_code == 403
    page = confirm.content.decode()
    assert "Confirm sending" in page
    assert "Sent from a cached page without JavaScript." in page
    assert not Comment.objects.exists()
    token = reader.cookies["csrftoken"].value
    resent = reader.post(
        post_url(article, "en"), {**data, "csrfmiddlewaretoken": token}
    )
    assert resent.status_code == 302
    assert Comment.objects.get().body == "Sent from a cached page without JavaScript."


def test_a_forged_admin_post_is_refused_plainly():
    staff = User.objects.create_superuser("root", "root@example.org", "x")
    forger = Client(enforce_csrf_checks=True)
    forger.force_login(staff)
    make_author()

    response = forger.post("/admin/articles/category/add/", {"name_en": "Forged"})

    assert response.status_code == 403
    assert "Confirm sending" not in response.content.decode()
    assert not Category.objects.filter(name_en="Forged").exists()


def test_a_comment_deleted_in_the_admin_leaves_no_stale_page(client):
    comment = make_comment(body="A remark soon deleted.")
    url = comment.article.get_absolute_url()
    assert "A remark soon deleted." in client.get(url).content.decode()

    Comment.objects.filter(pk=comment.pk).delete()  # as the admin's bulk action

    assert "A remark soon deleted." not in client.get(url).content.decode()


def test_a_change_bumps_again_once_committed(django_capture_on_commit_callbacks):
    """A page built from the old content during the transaction is not kept."""
    before = cms_cache.generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        SiteSettings(site_name_en="Renamed").save()
    during = cms_cache.generation()
    for callback in callbacks:
        callback()

    assert before < during < cms_cache.generation()


def test_a_feed_is_handed_to_the_server_in_one_piece_fresh_or_cached(client):
    """A feed is written bit by bit; sent that way it went out in hundreds of
    small packets (8 ms a cached feed instead of 1)."""
    for number in range(5):
        make_article(title=f"Statement {number}")

    fresh, cached = client.get("/en/feed/"), client.get("/en/feed/")

    assert (fresh["X-Cache"], cached["X-Cache"]) == ("miss", "hit")
    for response in (fresh, cached):
        (body,) = list(response)  # what the WSGI server writes to the socket
        assert body.count(b"<item>") == 5


@pytest.mark.parametrize("page_cache", [0, 300])
def test_a_page_drawn_reads_its_frame_in_one_round_trip(client, settings, page_cache):
    """What every page shows around its content (site settings and menu, the
    moon-sighting table, the category tree, the static pages' links) comes
    from the cache in one round trip with the generation and the schedule,
    not in one each as the page is drawn."""
    settings.CMS_PAGE_CACHE_SECONDS = page_cache
    article = make_article()
    url = f"/en/article/{article.slug}/"
    assert client.get(url).status_code == 200  # the frame is kept now
    cms_cache.bump()  # the page itself is drawn again

    with cache_reads() as reads:
        response = client.get(url)

    assert response.status_code == 200
    frame = {
        *("generation", "next-change", "site", "hijri-adjustments"),
        *("page-links", "category-tree"),
    }
    assert not frame & set(reads.entries_one_by_one()), reads.one_by_one
    assert frame <= set().union(*reads.entries_together())
