"""Articles, categories, authors and media offices."""

import datetime
import html

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Func, Prefetch, Q, Value
from django.db.models.lookups import GreaterThan, LessThan
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override as language_override
from taggit.managers import TaggableManager

from core import i18n
from core.i18n import Language, Translated, text_direction
from core.sanitize import sanitize_html
from core.text import unicode_slug
from images.storage import register_image_field
from images.validation import validate_image_upload


def unique_slug(instance, text, max_length=200):
    """``unicode_slug(text)``, made unique among ``instance``'s model's rows."""
    base = unicode_slug(text, max_length - 8) or "item"
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    slug, n = base, 2
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class NamedInBothLanguages(models.Model):
    """A name in English and in Arabic, at least one of them given: an office,
    an author, a category. ``name`` is the one of the interface language
    (``core.i18n.Translated``: the other when it is empty)."""

    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)

    name = Translated("name")
    #: What ``clean`` says when neither name is given.
    missing_name = _("Give it a name in at least one language.")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_en="") | ~Q(name_ar=""), name="%(class)s_has_a_name"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if not (self.name_en or self.name_ar):
            raise ValidationError(self.missing_name)


class Office(NamedInBothLanguages):
    """A media office: the central office or a regional one."""

    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    is_central = models.BooleanField(_("central office"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    missing_name = _("Give the office a name in at least one language.")

    class Meta(NamedInBothLanguages.Meta):
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["position", "slug"]

    def get_absolute_url(self):
        return reverse("articles:office", kwargs={"slug": self.slug})


class Author(NamedInBothLanguages):
    """A writer or spokesperson; belongs to an office and has a page."""

    class Gender(models.TextChoices):
        MALE = "m", _("male")
        FEMALE = "f", _("female")

    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    role_en = models.CharField(_("role (English)"), max_length=200, blank=True)
    role_ar = models.CharField(_("role (Arabic)"), max_length=200, blank=True)
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="authors",
    )
    photo = models.ImageField(
        _("photo"),
        upload_to="authors/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        validators=[validate_image_upload],
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_rendered = models.BooleanField(default=False, editable=False)
    bio_en = models.TextField(_("biography (English)"), blank=True)
    bio_ar = models.TextField(_("biography (Arabic)"), blank=True)
    gender = models.CharField(
        _("grammatical gender"),
        max_length=1,
        choices=Gender.choices,
        default=Gender.MALE,
        help_text=_("Used to agree the verb in Arabic bylines."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
    )

    role = Translated("role")
    bio = Translated("bio")
    missing_name = _("Give the author a name in at least one language.")

    class Meta(NamedInBothLanguages.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["slug"]

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


#: The last segment of a category's feed address (``/category/<path>/feed/``):
#: no sub-category may take it as its slug.
FEED_SLUG = "feed"


class CategoryQuerySet(models.QuerySet):
    def live(self):
        """Categories shown to readers: published, and every ancestor too."""
        return self.filter(is_live=True)


class Category(NamedInBothLanguages):
    """A node of the category tree (any depth), addressed by its slug path."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_(
            "An unpublished category hides itself, its sub-categories and articles."
        ),
    )
    # Denormalised from the ancestors, kept up to date by save().
    path = models.CharField(_("path"), max_length=700, unique=True, editable=False)
    is_live = models.BooleanField(default=True, editable=False, db_index=True)

    missing_name = _("Give the category a name in at least one language.")

    objects = CategoryQuerySet.as_manager()

    class Meta(NamedInBothLanguages.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "slug"], name="unique_slug_per_parent"
            ),
            *NamedInBothLanguages.Meta.constraints,
        ]

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unicode_slug(self.name_en or self.name_ar, 100) or "category"
            if self.slug == FEED_SLUG and self.parent_id is not None:
                self.slug = "feed-category"
        old = None
        if self.pk:
            old = Category.objects.filter(pk=self.pk).values("path", "is_live").first()
        self.path = f"{self.parent.path}/{self.slug}" if self.parent else self.slug
        self.is_live = self.is_published and (
            self.parent is None or self.parent.is_live
        )
        super().save(*args, **kwargs)
        if old and (old["path"] != self.path or old["is_live"] != self.is_live):
            # Descendants carry the path and visibility of their ancestors.
            for child in self.children.all():
                child.parent = self
                child.save()

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"path": self.path})

    def holds(self, path):
        """Whether the category at ``path`` is this one or lies below it."""
        return path == self.path or path.startswith(f"{self.path}/")

    @property
    def sibling_order(self):
        """Where the category stands among its siblings: the editors' position,
        then the name in the interface language (the key every tree sorts by)."""
        return self.position, self.name

    @property
    def depth(self):
        """0 for a top-level category, 1 for its sub-categories, and so on."""
        return self.path.count("/")

    @property
    def indented_name(self):
        """The name in the interface language, indented by depth (for lists).

        Em spaces, which HTML keeps where it would collapse ordinary ones.
        """
        return "\u2003\u2003" * self.depth + self.name

    def clean(self):
        super().clean()
        if self.parent_id is not None and self.slug == FEED_SLUG:
            # /category/<parent>/feed/ is the parent's feed.
            raise ValidationError(
                {
                    "slug": _(
                        "A sub-category cannot be called “feed”: that address "
                        "is its parent's feed. Choose another slug."
                    )
                }
            )
        node = self.parent
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError(
                    {
                        "parent": _(
                            "A category cannot be inside itself or its sub-categories."
                        )
                    }
                )
            node = node.parent


#: How many words of the body stand for an article without an excerpt.
SUMMARY_WORDS = 40

#: The widest publication times the database keeps (forms allow far less:
#: ``core.hijri.check_supported``).
STORABLE_TIMES = (
    datetime.datetime(1000, 1, 1, tzinfo=datetime.UTC),
    datetime.datetime(9000, 1, 1, tzinfo=datetime.UTC),
)


class ArticleState(models.TextChoices):
    """Where an article stands for readers, as editors speak of it."""

    DRAFT = "draft", _("draft")
    SCHEDULED = "scheduled", _("scheduled")
    PUBLISHED = "published", _("published")
    EXPIRED = "expired", _("unpublished by schedule")
    WITHDRAWN = "withdrawn", _("withdrawn")


def due_condition(now):
    """Released, and the publication time passed: published or since taken down."""
    return Q(status=Article.Status.PUBLISHED) & Q(published_at__lte=now)


def state_conditions(now):
    """The one definition of the states: ``{ArticleState: Q}`` at time ``now``.

    Every state is a condition on the status and the two publication times;
    the query-set methods, ``Article.state`` and the admin's filter are all
    derived from this table. (Readers see a *published* article only when its
    category is live too: ``ArticleQuerySet.published`` adds that.)
    """
    released = Q(status=Article.Status.PUBLISHED)
    due = due_condition(now)
    taken_down = Q(unpublish_at__isnull=False) & Q(unpublish_at__lte=now)
    return {
        ArticleState.DRAFT: Q(status=Article.Status.DRAFT),
        # Its address says so, with the reason, for good (``article_withdraw``).
        ArticleState.WITHDRAWN: Q(status=Article.Status.WITHDRAWN),
        ArticleState.SCHEDULED: released & Q(published_at__gt=now),
        ArticleState.PUBLISHED: due & ~taken_down,
        ArticleState.EXPIRED: due & taken_down,
    }


class ReviewState(models.TextChoices):
    """Where a draft stands in its review by the editors: being written, ready
    and waiting for an editor, or sent back to its authors with a note.

    Only a draft is reviewed: an article released (scheduled, published…) or
    withdrawn is in none of these. Who moves a draft between them is
    ``articles.permissions``' to say (``REVIEW_STEPS``).
    """

    WRITING = "writing", _("being written")
    IN_REVIEW = "in_review", _("in review")
    SENT_BACK = "sent_back", _("sent back")


def review_conditions():
    """The one definition of the review's states: ``{ReviewState: Q}``.

    A request for review is cleared when the draft is sent back (and the
    note when it is asked for again), so a draft is in one state only; the
    query-set methods, ``Article.review_state`` and the desk's filter are
    derived from this table.
    """
    draft = Q(status=Article.Status.DRAFT)
    asked = Q(review_requested_at__isnull=False)
    not_asked = Q(review_requested_at__isnull=True)
    return {
        ReviewState.IN_REVIEW: draft & asked,
        ReviewState.SENT_BACK: draft & not_asked & Q(sent_back_at__isnull=False),
        ReviewState.WRITING: draft & not_asked & Q(sent_back_at__isnull=True),
    }


def _holds(condition, values):
    """Evaluate a ``Q`` of ``state_conditions`` against a dict of field values.

    Only what that table uses is understood: ``exact``, ``gt``, ``lte`` and
    ``isnull`` lookups, combined with AND, OR and NOT.
    """
    if isinstance(condition, Q):
        results = (_holds(child, values) for child in condition.children)
        result = all(results) if condition.connector == Q.AND else any(results)
        return not result if condition.negated else result
    lookup, expected = condition
    name, _sep, operator = lookup.partition("__")
    value = values[name]
    match operator or "exact":
        case "exact":
            return value == expected
        case "isnull":
            return (value is None) == expected
        case "gt":
            return value is not None and value > expected
        case "lte":
            return value is not None and value <= expected
    raise ValueError(f"Unsupported lookup in a state condition: {lookup}")


class Row(Func):
    """A row value, ``(a, b)``: compared column by column, the way an index on
    ``(a, b)`` orders its entries."""

    function = ""
    output_field = models.Field()


def _place(article):
    """Where ``article`` stands in publication order: ``(time, id)``."""
    return Row(F("published_at"), F("pk")), Row(
        Value(article.published_at), Value(article.pk)
    )


class ArticleQuerySet(models.QuerySet):
    def in_state(self, state, *, now=None):
        """Articles in ``state`` (an ``ArticleState``) at ``now``."""
        return self.filter(state_conditions(now or timezone.now())[state])

    def drafts(self):
        """Articles not released for publication."""
        return self.in_state(ArticleState.DRAFT)

    def scheduled(self):
        """Released articles whose publication time is still to come."""
        return self.in_state(ArticleState.SCHEDULED)

    def expired(self):
        """Released articles taken down by their unpublication time."""
        return self.in_state(ArticleState.EXPIRED)

    def issued(self, *, now=None):
        """Articles that have gone out to readers: the *published* and *expired*
        states together (for counting what was published when)."""
        return self.filter(due_condition(now or timezone.now()))

    def published(self):
        """The only door to public content.

        The *published* state (released, publication time passed, not taken
        down) in a category that readers can see.
        """
        return self.in_state(ArticleState.PUBLISHED).filter(category__is_live=True)

    def in_edition(self, language):
        """The articles an edition (``/ar/``, ``/en/``) lists: those in its language.

        With ``CMS_SEPARATE_EDITIONS`` off, an office publishing in one
        language shows every article in both interfaces.
        """
        if not i18n.separate_editions():
            return self
        return self.filter(language=i18n.normalize(language))

    def in_category(self, category):
        """Articles of ``category`` and of all its sub-categories."""
        return self.filter(
            Q(category=category) | Q(category__path__startswith=f"{category.path}/")
        )

    def for_cards(self):
        """What an article card shows (``includes/article_card_body.html``):
        the article and its category, without the body or the byline."""
        return self.select_related("category").defer("body")

    def for_listing(self):
        """An article with its byline (feeds, the article page), fetched in a
        fixed number of queries."""
        return self.select_related("category", "office").prefetch_related(
            byline_prefetch()
        )

    def for_detail(self):
        """What an article page shows: the listing's data, the tags and the
        translation (with what tells whether readers may see it, not its
        body)."""
        return (
            self.for_listing()
            .select_related("translation__category")
            .defer("translation__body")
            .prefetch_related(Prefetch("tags", to_attr=PREFETCHED_TAGS))
        )

    def withdrawn(self):
        """Statements withdrawn for good: their addresses say so
        (``services.article_withdraw``)."""
        return self.in_state(ArticleState.WITHDRAWN)

    def in_review_state(self, state):
        """Drafts in ``state`` of their review (a ``ReviewState``)."""
        return self.filter(review_conditions()[state])

    def in_review(self):
        """Drafts marked ready for review, waiting for an editor."""
        return self.in_review_state(ReviewState.IN_REVIEW)

    def sent_back(self):
        """Drafts an editor sent back to their authors with a note."""
        return self.in_review_state(ReviewState.SENT_BACK)

    def before(self, article):
        """Articles published before ``article`` (at the same time: with a
        lower id), the nearest first.

        One row comparison, not an ``OR`` of the time and the id: an index
        ending in (publication time, id) then goes straight to the nearest.
        """
        return self.filter(LessThan(*_place(article))).order_by("-published_at", "-id")

    def after(self, article):
        """Articles published after ``article``, the nearest first (``before``)."""
        return self.filter(GreaterThan(*_place(article))).order_by("published_at", "id")

    def counts_by_category(self):
        return dict(self.values_list("category").annotate(n=Count("id")).order_by())


# Where prefetched bylines and tags are put: plain lists (``to_attr``).
# Through a related manager's own cache, Django and taggit build a filtered
# queryset per article only to hold the rows (slow for a page of twenty);
# ``byline_authors`` and ``tag_list`` read them.
PREFETCHED_BYLINE = "prefetched_byline"
PREFETCHED_TAGS = "prefetched_tags"


def byline_prefetch():
    """What fetches articles' bylines (``Article.byline_authors``) with them,
    in one query for any number of articles."""
    authors = ArticleAuthor.objects.select_related("author__office")
    return Prefetch("article_authors", queryset=authors, to_attr=PREFETCHED_BYLINE)


@reversion.register(follow=["article_authors"])
class Article(models.Model):
    """A statement, press release or article."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        # Only through ``services.article_withdraw``, and never undone.
        WITHDRAWN = "withdrawn", _("withdrawn")

    State = ArticleState
    Review = ReviewState

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("Filled from the title when left empty; Arabic letters are kept."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ARABIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        help_text=_("A future time schedules the article: it appears by itself then."),
    )
    unpublish_at = models.DateTimeField(
        _("unpublication time"),
        null=True,
        blank=True,
        help_text=_("Optional: the article disappears from the site by itself then."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_("The media office the article is written for."),
    )
    authors = models.ManyToManyField(
        Author,
        verbose_name=_("authors"),
        through="ArticleAuthor",
        related_name="articles",
        blank=True,
    )
    lead_image = models.ImageField(
        _("lead image"),
        upload_to="articles/%Y/%m/",
        blank=True,
        width_field="lead_image_width",
        height_field="lead_image_height",
        validators=[validate_image_upload],
    )
    lead_image_width = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )
    lead_image_height = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )
    # Its renditions are made (images.storage.render_image): until then pages
    # show the original.
    lead_image_rendered = models.BooleanField(default=False, editable=False)
    lead_image_caption = models.CharField(_("caption"), max_length=300, blank=True)
    lead_image_alt = models.CharField(
        _("alternative text"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    excerpt = models.TextField(_("excerpt"), blank=True)
    body = models.TextField(
        _("body"), help_text=_("Rich text; unsafe HTML is removed.")
    )
    is_featured = models.BooleanField(_("featured"), default=False)
    # The banner across the top of every page of its edition
    # (``selectors.breaking_news``), while it is published and until then.
    breaking_until = models.DateTimeField(
        _("breaking news until"),
        null=True,
        blank=True,
        help_text=_(
            "Its title in a banner across the top of every page of its edition, "
            "while it is published, until this time. Empty: no banner."
        ),
    )
    comments_enabled = models.BooleanField(_("comments enabled"), default=True)
    # Kept both ways by ``services.article_save``: A.translation is B exactly
    # when B.translation is A (one translation per article: the other language).
    translation = models.OneToOneField(
        "self",
        verbose_name=_("translation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The same statement in the other language; the link is kept both ways."
        ),
    )
    tags = TaggableManager(_("tags"), blank=True, related_name="articles")
    # The newest correction's time (``services.article_correct``): an
    # article never corrected reads no corrections.
    corrected_at = models.DateTimeField(_("corrected"), null=True, editable=False)
    # Set by ``services.article_withdraw``: when, why and by whom.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, editable=False)
    withdrawal_reason = models.TextField(_("reason"), blank=True, editable=False)
    # The office asked that the email subscribers who received it be told.
    withdrawal_mailed = models.BooleanField(
        _("subscribers told"), default=False, editable=False
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    # Given once, at first publication: the office's next number in that Hijri year.
    reference_year = models.PositiveSmallIntegerField(
        _("reference year (Hijri)"), null=True, blank=True, editable=False
    )
    reference_number = models.PositiveIntegerField(
        _("reference number"), null=True, blank=True, editable=False
    )
    # Its review (``services.article_review_step``), a draft's only: when and
    # by whom it was marked ready for review; when the editors were told of
    # that request (the mail's job, once per request); and the last time it
    # was sent back, by whom and with which note (shown to its authors until
    # they mark it ready again). Each step is also a revision.
    review_requested_at = models.DateTimeField(
        _("ready for review since"), null=True, editable=False
    )
    review_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked ready for review by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    review_mailed_at = models.DateTimeField(
        _("editors told of the review"), null=True, editable=False
    )
    sent_back_at = models.DateTimeField(_("sent back"), null=True, editable=False)
    sent_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent back by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    sent_back_note = models.TextField(
        _("note to the authors"), blank=True, editable=False
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]
        indexes = [
            # The editors' list (every state, newest first) and its dates.
            models.Index(fields=["-published_at", "-id"], name="article_desk_idx"),
            models.Index(fields=["status", "-published_at"], name="article_public_idx"),
            models.Index(
                fields=["category", "-published_at"], name="article_category_idx"
            ),
            # What readers' lists walk, newest first: an edition (the home's
            # stories, its list), and a category of it (the previous and next
            # article too). With their last columns, the edition's counts read
            # an index alone, not the rows.
            models.Index(
                fields=[
                    "status",
                    "language",
                    "-published_at",
                    "-id",
                    "category",
                    "unpublish_at",
                ],
                name="article_edition_idx",
            ),
            models.Index(
                fields=[
                    "status",
                    "language",
                    "category",
                    "-published_at",
                    "-id",
                    "unpublish_at",
                ],
                name="article_edition_category_idx",
            ),
            models.Index(fields=["office", "-published_at"], name="article_office_idx"),
            # Few articles are featured: the edition's newest of those alone.
            models.Index(
                fields=["status", "language", "-published_at", "-id"],
                name="article_featured_idx",
                condition=Q(is_featured=True),
            ),
            # When the next scheduled unpublication comes (page cache lifetimes).
            # The status first: SQLite without statistics would otherwise read
            # it through an edition index (which starts with the status) and sort.
            models.Index(
                fields=["status", "unpublish_at"],
                name="article_unpublish_idx",
                condition=Q(unpublish_at__isnull=False),
            ),
            # The few marked breaking: the banner, and when it ends.
            models.Index(
                fields=["status", "breaking_until"],
                name="article_breaking_idx",
                condition=Q(breaking_until__isnull=False),
            ),
            # The drafts alone, with their requests for review: the desk's
            # count of drafts, of those waiting for review and the oldest
            # request read this small index, not the archive.
            models.Index(
                fields=["status", "review_requested_at"],
                name="article_review_idx",
                condition=Q(status="draft"),
            ),
        ]
        constraints = [
            # A number names one statement of an office in a Hijri year: one
            # article in each language, the original and its translation
            # (``services.shares_reference``).
            models.UniqueConstraint(
                fields=["office", "reference_year", "reference_number", "language"],
                name="unique_reference_per_office_year_language",
            ),
            models.CheckConstraint(
                condition=Q(unpublish_at__isnull=True)
                | Q(unpublish_at__gt=F("published_at")),
                name="article_unpublish_after_publish",
            ),
            # Whatever a form lets through, a stored time must read back in any
            # time zone: a year-1 date broke every list on PostgreSQL.
            models.CheckConstraint(
                condition=Q(published_at__gte=STORABLE_TIMES[0])
                & Q(published_at__lt=STORABLE_TIMES[1])
                & (
                    Q(unpublish_at__isnull=True)
                    | Q(unpublish_at__gte=STORABLE_TIMES[0])
                    & Q(unpublish_at__lt=STORABLE_TIMES[1])
                ),
                name="article_times_storable",
            ),
            # Only a draft is reviewed: released or withdrawn, an article is
            # never waiting for review nor sent back.
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(review_requested_at__isnull=True, sent_back_at__isnull=True),
                name="article_reviewed_as_draft",
            ),
        ]
        permissions = [("publish_article", _("Can publish and schedule articles"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, 255)
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The article's address in its own language's edition (``/ar/…``).

        With ``CMS_SEPARATE_EDITIONS`` off, every article is in both editions
        and keeps the reader's interface language.
        """
        return self._address("articles:detail", slug=self.slug)

    def get_preview_url(self):
        """Its preview, in the frame readers will see it in (as
        ``get_absolute_url``), whatever the desk's language."""
        return self._address("articles:preview", pk=self.pk)

    def _address(self, name, **kwargs):
        if not i18n.separate_editions():
            return reverse(name, kwargs=kwargs)
        with language_override(self.language):
            return reverse(name, kwargs=kwargs)

    def clean(self):
        if self.lead_image and not self.lead_image_alt:
            raise ValidationError(
                {
                    "lead_image_alt": _(
                        "Describe the lead image for readers who cannot see it."
                    )
                }
            )
        if (
            self.unpublish_at
            and self.published_at
            and self.unpublish_at <= self.published_at
        ):
            raise ValidationError(
                {
                    "unpublish_at": _(
                        "The unpublication time must come after the publication time."
                    )
                }
            )

    @property
    def is_published(self):
        """Instance twin of ``Article.objects.published()``."""
        return self.state == ArticleState.PUBLISHED and self.category.is_live

    @property
    def is_scheduled(self):
        return self.state == ArticleState.SCHEDULED

    @property
    def state(self):
        """The article's ``ArticleState`` now, from ``state_conditions``."""
        values = {
            "status": self.status,
            "published_at": self.published_at,
            "unpublish_at": self.unpublish_at,
        }
        for state, condition in state_conditions(timezone.now()).items():
            if _holds(condition, values):
                return state
        raise AssertionError("state_conditions must cover every article")

    @property
    def review_state(self):
        """Where the draft stands in its review (``ReviewState``, from
        ``review_conditions``); ``None`` for an article that is not a draft."""
        values = {
            "status": self.status,
            "review_requested_at": self.review_requested_at,
            "sent_back_at": self.sent_back_at,
        }
        for state, condition in review_conditions().items():
            if _holds(condition, values):
                return state
        return None

    @property
    def reference(self):
        """The statement's reference, e.g. ``1448/017`` (empty before publication)."""
        if self.reference_number is None:
            return ""
        return f"{self.reference_year}/{self.reference_number:03d}"

    @property
    def direction(self):
        return text_direction(self.language)

    @property
    def byline_authors(self):
        """Authors in byline order (those ``byline_prefetch`` fetched, if it did)."""
        links = getattr(self, PREFETCHED_BYLINE, None)
        if links is None:
            links = self.article_authors.all()
        return [link.author for link in links]

    @property
    def tag_list(self):
        """The article's tags (those ``for_detail`` fetched, if it did)."""
        tags = getattr(self, PREFETCHED_TAGS, None)
        return list(self.tags.all()) if tags is None else tags

    @cached_property
    def correction_list(self):
        """Its corrections in order: one query for a corrected article, none
        for the others (``corrected_at``)."""
        return [] if self.corrected_at is None else list(self.corrections.all())

    @property
    def last_modified(self):
        """When readers last saw the article change: its last save, or its
        publication when that came later (a scheduled article)."""
        return max(self.updated_at, self.published_at)

    @property
    def summary(self):
        """What feeds and link previews say about the article, as plain text:
        the excerpt, else the first words of the body."""
        if self.excerpt.strip():
            return self.excerpt.strip()
        # A space before each tag keeps paragraphs apart once tags are gone.
        text = html.unescape(strip_tags(self.body.replace("<", " <")))
        return Truncator(" ".join(text.split())).words(SUMMARY_WORDS)


class Correction(models.Model):
    """A note an editor gave when correcting a published statement: what
    changed, in the article's language. Shown above its text, in order."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    note = models.TextField(_("correction note"))
    made_at = models.DateTimeField(_("corrected"), default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["made_at", "pk"]

    def __str__(self):
        return self.note


@reversion.register()
class ArticleAuthor(models.Model):
    """An author of an article, in byline order."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="article_authors",
    )
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="article_links",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("article author")
        verbose_name_plural = _("article authors")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"], name="unique_article_author"
            )
        ]

    def __str__(self):
        return str(self.author)


class ArticleSlugHistory(models.Model):
    """A former slug of an article: its old address redirects permanently."""

    slug = models.SlugField(
        _("old slug"), max_length=255, unique=True, allow_unicode=True
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="old_slugs",
        verbose_name=_("article"),
    )
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("former slug")
        verbose_name_plural = _("former slugs")

    def __str__(self):
        return self.slug


class ReferenceCounter(models.Model):
    """The last reference number an office gave in a Hijri year."""

    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.CASCADE,
        related_name="counters",
    )
    hijri_year = models.PositiveSmallIntegerField(_("Hijri year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "hijri_year"], name="unique_counter_per_office_year"
            )
        ]

    def __str__(self):
        return f"{self.office} {self.hijri_year}: {self.last_number}"


class HomeSection(models.Model):
    """A section block on the home page, in the editors' order.

    Without any, the home shows the live top-level categories by position
    (``articles.selectors.home_sections``).
    """

    category = models.OneToOneField(
        Category,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="home_section",
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("home page section")
        verbose_name_plural = _("home page sections")
        ordering = ["position", "id"]

    def __str__(self):
        return str(self.category.name)


# Renditions are made, and replaced or deleted files removed, on commit; the
# forms that take uploads sanitise them first (images.sanitize).
register_image_field(Article, "lead_image")
register_image_field(Author, "photo")
