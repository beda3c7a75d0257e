"""``seed_demo``: neutral demo content once, and bulk articles for benchmarks."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Category, Office
from demo.art import abstract_picture, portrait
from images.renditions import make_renditions
from images.validation import validate_image_upload
from pages.models import Page
from site_settings.models import SiteSettings, validate_logo

pytestmark = pytest.mark.django_db

PASSWORD = "an-invented-demo-password-42"


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Office,
            Author,
            Category,
            Article,
            ArticleAuthor,
            get_user_model(),
        )
    }


@pytest.fixture(autouse=True)
def _admin_password(monkeypatch, settings):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    # A fast hasher: the tests check which password is set, not its hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_seed_demo_is_idempotent():
    seed()
    first = counts()

    output = seed()

    assert counts() == first
    assert "nothing to add" in output


def test_seed_demo_creates_offices_and_authors_with_both_genders():
    seed()

    assert Office.objects.filter(is_central=True).count() == 1
    assert Office.objects.filter(is_central=False).count() >= 2
    assert {a.gender for a in Author.objects.all()} == {"m", "f"}
    assert all(a.name_en and a.name_ar and a.role_en for a in Author.objects.all())


def test_seed_demo_creates_a_three_level_category_tree():
    seed()

    depths = {
        path.count("/") + 1 for path in Category.objects.values_list("path", flat=True)
    }
    assert depths == {1, 2, 3}
    assert Category.objects.filter(is_live=False).exists(), "a hidden category"


def test_seed_demo_creates_drafts_and_scheduled_articles_in_both_languages():
    seed()
    now = timezone.now()

    drafts = Article.objects.filter(status=Article.Status.DRAFT)
    scheduled = Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__gt=now
    )
    public = Article.objects.published()
    assert set(drafts.values_list("language", flat=True)) == {"ar", "en"}
    assert set(scheduled.values_list("language", flat=True)) == {"ar", "en"}
    assert set(public.values_list("language", flat=True)) == {"ar", "en"}
    assert public.filter(is_featured=True).exists()
    assert not public.filter(article_authors__isnull=True).exists()


def test_seed_demo_creates_an_admin_with_the_password_from_the_environment():
    output = seed()

    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(PASSWORD)
    assert PASSWORD not in output


def test_seed_demo_without_a_password_prints_a_generated_one_once(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD")

    output = seed()
    again = seed()

    admin = get_user_model().objects.get(username="admin")
    line = next(line for line in output.splitlines() if "Password" in line)
    password = line.split(":", 1)[1].split()[0]
    assert admin.check_password(password)
    assert "Password" not in again


def test_seed_demo_adds_generated_articles_spread_over_years():
    seed()
    before = Article.objects.count()

    seed("--articles", "50", "--seed", "1")

    generated = Article.objects.filter(slug__startswith="generated-")
    assert Article.objects.count() == before + 50
    assert generated.count() == 50
    assert Article.objects.published().filter(pk__in=generated).count() == 50
    years = {article.published_at.year for article in generated}
    assert len(years) >= 4
    assert not generated.filter(article_authors__isnull=True).exists()


def test_generated_articles_carry_two_of_forty_tags_in_their_language():
    """As a large archive's tags spread: the related articles' query meets
    busy tags in the bench, as it does in use."""
    seed("--articles", "60", "--seed", "2")

    generated = Article.objects.filter(slug__startswith="generated-")
    for article in generated:
        names = list(article.tags.names())
        assert len(names) == 2, names
        arabic = all("\u0600" <= name[0] <= "\u06ff" for name in names)
        assert arabic == (article.language == "ar"), (article.language, names)
    used = {tag for article in generated for tag in article.tags.names()}
    assert 10 < len(used) <= 80


def test_a_database_seeded_before_tags_gets_them_once():
    seed("--articles", "8", "--seed", "3")
    generated = Article.objects.filter(slug__startswith="generated-")
    for article in generated[:5]:
        article.tags.clear()

    output = seed("--tag-generated", "--seed", "3")
    again = seed("--tag-generated")

    assert "Tagged 5 generated articles" in output
    assert "Tagged 0 generated articles" in again
    assert all(len(article.tags.names()) == 2 for article in generated)


def planner_rows(model):
    """How many rows the database's query planner believes ``model``'s table
    holds, from the statistics ``ANALYZE`` gathers (``None``: it has none)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            (rows,) = cursor.fetchone()
            return int(rows) if rows >= 0 else None
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        counts = [int(stat.split()[0]) for (stat,) in cursor.fetchall()]
        return max(counts, default=None)


def test_seed_demo_leaves_the_planner_statistics_of_what_it_added():
    """A freshly seeded PostgreSQL planned a sitemap page as if the archive
    held a handful of rows until someone ran ANALYZE."""
    from comments.models import Comment
    from search.models import SearchDocument

    seed("--articles", "40", "--comments", "30", "--seed", "4")

    for model in (Article, ArticleAuthor, SearchDocument, Comment):
        assert planner_rows(model) == model.objects.count(), model.__name__


def test_seed_demo_articles_twice_adds_twice():
    seed("--articles", "5")
    seed("--articles", "5")

    assert Article.objects.filter(slug__startswith="generated-").count() == 10


def test_seed_demo_generated_articles_have_sanitised_bodies():
    seed("--articles", "3")

    for body in Article.objects.filter(slug__startswith="generated-").values_list(
        "body", flat=True
    ):
        assert body.startswith("<p>") and "<script" not in body


def test_seed_demo_adds_approved_comments_with_one_long_thread(monkeypatch):
    from comments.models import Comment
    from demo.management.commands import seed_demo

    monkeypatch.setattr(seed_demo, "BUSY_COMMENTS", 20)
    seed("--articles", "30")
    before = set(Comment.objects.values_list("pk", flat=True))
    busy = Article.objects.published().order_by("-published_at", "-pk").first()

    output = seed("--comments", "100", "--seed", "2")

    added = Comment.objects.exclude(pk__in=before)
    assert added.count() == 100
    assert added.filter(status=Comment.Status.APPROVED).count() == 100
    thread = Comment.objects.public().filter(article=busy)
    assert thread.count() == 20  # the demo's own two approved ones included
    assert thread.filter(parent__isnull=False).count() >= 3
    assert f"The article with 20 comments: {busy.get_absolute_url()}" in output
    others = added.exclude(article=busy)
    assert others.count() == 100 - 18
    assert others.values("article").distinct().count() > 20
    assert not others.exclude(article__in=Article.objects.published()).exists()


def test_seed_demo_comments_show_on_the_article_page(client, monkeypatch):
    from demo.management.commands import seed_demo

    monkeypatch.setattr(seed_demo, "BUSY_COMMENTS", 5)
    output = seed("--comments", "5", "--seed", "3")
    address = output.rsplit(": ", 1)[1].strip()

    page = client.get(address).content.decode()

    assert len(re.findall(r'id="comment-\d+"', page)) == 5


def test_seed_demo_tops_up_the_long_thread_only_once(monkeypatch):
    from comments.models import Comment
    from demo.management.commands import seed_demo

    monkeypatch.setattr(seed_demo, "BUSY_COMMENTS", 6)
    seed("--comments", "10")
    output = seed("--comments", "10")

    busy = Article.objects.published().order_by("-published_at", "-pk").first()
    assert Comment.objects.public().filter(article=busy).count() == 6
    assert "The article with 6 comments" in output
    assert Comment.objects.public().count() == 4 + 20


def test_seed_demo_refuses_a_negative_number_of_comments():
    with pytest.raises(CommandError, match="zero or more"):
        seed("--comments", "-1")


def test_seed_demo_refuses_a_negative_number_of_articles():
    with pytest.raises(CommandError, match="zero or more"):
        seed("--articles", "-1")

    assert Article.objects.count() == 0


# Pictures, tags, pages and identity -------------------------------------------


def stored_file(field_file):
    """The stored file, opened as a new upload would be (so it is validated)."""
    return field_file.storage.open(field_file.name, "rb")


def test_seed_demo_draws_lead_images_that_exist_and_pass_the_validator(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        seed()

    illustrated = Article.objects.published().exclude(lead_image="")
    assert illustrated.count() >= Article.objects.published().count() - 3
    names = set(illustrated.values_list("lead_image", flat=True))
    assert 2 <= len(names) <= 8, "a handful of pictures, shared"
    for article in illustrated:
        assert article.lead_image_alt
        assert article.lead_image_width == 1200 and article.lead_image_height == 675
        with stored_file(article.lead_image) as file:
            validate_image_upload(file)
        for rendition in make_renditions(article.lead_image):
            assert article.lead_image.storage.exists(rendition.name)


def test_seed_demo_describes_each_picture_in_the_articles_language():
    seed()

    arabic = Article.objects.published().filter(language="ar").exclude(lead_image="")
    english = Article.objects.published().filter(language="en").exclude(lead_image="")
    assert all(a.lead_image_alt.startswith("رسم تجريدي") for a in arabic)
    assert all(a.lead_image_alt.startswith("Abstract") for a in english)
    # and credits it in a caption, which is not the description again
    assert all(a.lead_image_caption.startswith("رسم:") for a in arabic)
    assert all(a.lead_image_caption.startswith("Illustration:") for a in english)


def test_seed_demo_gives_every_author_an_abstract_portrait():
    seed()

    for author in Author.objects.all():
        assert author.photo and author.photo_width == author.photo_height
        with stored_file(author.photo) as file:
            validate_image_upload(file)


def test_seed_demo_pictures_are_the_same_from_one_run_to_the_next():
    assert abstract_picture(seed=3).data == abstract_picture(seed=3).data
    assert abstract_picture(seed=3).data != abstract_picture(seed=4).data
    assert portrait(seed=1).data == portrait(seed=1).data


def test_seed_demo_tags_every_published_demo_article_in_its_language():
    seed()

    for article in Article.objects.published():
        names = set(article.tags.names())
        assert names, article.title
        arabic = any("\u0600" <= ch <= "\u06ff" for name in names for ch in name)
        assert arabic == (article.language == "ar")


def test_seed_demo_creates_about_and_contact_pages_in_both_languages():
    seed()

    pairs = set(Page.objects.published().values_list("slug", "language"))
    assert pairs == {
        ("about", "en"), ("about", "ar"), ("contact", "en"), ("contact", "ar"),
    }  # fmt: skip


def test_seed_demo_sets_a_png_logo_and_the_contact_details():
    seed()

    settings_row = SiteSettings.objects.get()
    with stored_file(settings_row.logo) as file:
        validate_logo(file)
    assert settings_row.logo.name.endswith(".png")
    assert settings_row.contact_email and settings_row.contact_address_ar


def test_generated_articles_reuse_the_demo_pictures():
    seed()
    names = set(
        Article.objects.exclude(lead_image="").values_list("lead_image", flat=True)
    )

    seed("--articles", "40", "--seed", "2")

    generated = Article.objects.filter(slug__startswith="generated-")
    used = set(generated.exclude(lead_image="").values_list("lead_image", flat=True))
    assert used and used <= names
    assert not generated.exclude(lead_image="").filter(lead_image_alt="").exists()


def test_seed_demo_links_articles_on_the_same_topic_as_translations():
    call_command("seed_demo", stdout=StringIO())

    linked = Article.objects.filter(translation__isnull=False)
    assert linked.count() >= 4
    for article in linked.select_related("translation"):
        assert article.translation.translation_id == article.pk
        assert article.translation.language != article.language
