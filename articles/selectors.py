"""Read-side helpers shared by pages and template tags."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from taggit.models import Tag

from articles.models import Article, Category
from cms import cache, conf, i18n


@dataclass
class CategoryNode:
    category: Category
    count: int = 0  # published articles here and in every sub-category
    children: list = field(default_factory=list)
    parent: "CategoryNode | None" = None


@dataclass
class CategoryTree:
    roots: list
    nodes: dict

    def trail(self, category_id):
        """The categories from the root down to ``category_id``."""
        trail = []
        node = self.nodes.get(category_id)
        while node is not None:
            trail.append(node.category)
            node = node.parent
        return trail[::-1]


def edition_of(language):
    """The edition ``language``'s interface shows: ``ar``, ``en``, or ``all``
    when ``CMS_SEPARATE_EDITIONS`` is off or ``language`` is ``None`` (a key
    for what is cached per edition)."""
    if language is None or not conf.get("CMS_SEPARATE_EDITIONS"):
        return "all"
    return i18n.normalize(language)


def edition_articles(language):
    """Published articles of ``language``'s edition: where public lists start
    (every published article for ``None``)."""
    articles = Article.objects.published()
    return articles if language is None else articles.in_edition(language)


def public_tags():
    """Tags that at least one published article carries: a tag only drafts
    carry stays unknown to readers. (One semi-join per tag: no DISTINCT over
    every tagged article.)"""
    return Tag.objects.filter(
        Exists(Article.objects.published().filter(tags=OuterRef("pk")))
    )


def published_counts_by_category(language):
    """``{category_id: n}`` of the edition's published articles, cached.

    Counting a large archive is the slowest part of a page; a scheduled
    article shows in the counts within the entry's lifetime, and a change
    by an editor makes them fresh at once.
    """
    return cache.remember(
        cache.CATEGORY_COUNTS,
        edition_of(language),
        compute=lambda: edition_articles(language).counts_by_category(),
    )


def category_tree(language):
    """The live category tree with the edition's article counts (one or two
    queries)."""
    categories = list(Category.objects.live())
    counts = published_counts_by_category(language)
    nodes = {c.pk: CategoryNode(c, counts.get(c.pk, 0)) for c in categories}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.category.parent_id)
        node.parent = parent
        (parent.children if parent else roots).append(node)

    def order(siblings):
        siblings.sort(key=lambda n: (n.category.position, n.category.name))
        for node in siblings:
            order(node.children)
            node.count += sum(child.count for child in node.children)

    order(roots)
    return CategoryTree(roots, nodes)


RELATED_AT_MOST = 4
# Fields a link to an article shows (title, date, address, section).
LINK_FIELDS = (
    "pk", "title", "slug", "language", "published_at", "category__path",
    "category__name_en", "category__name_ar",
)  # fmt: skip


@dataclass
class Neighbours:
    """What an article page links to besides itself."""

    related: list
    previous: Article | None  # older, in the same category
    next: Article | None  # newer, in the same category


def article_neighbours(article):
    """Related articles (sharing the most tags first, then the same category)
    and the previous and next article in the category, all in the article's
    own edition; cached, a few queries when not."""
    return cache.remember(
        cache.ARTICLE_NEIGHBOURS,
        article.pk,
        edition_of(article.language),
        compute=lambda: _neighbours(article),
    )


def _neighbours(article):
    edition = (
        edition_articles(article.language)
        .exclude(pk=article.pk)
        .select_related("category")
        .only(*LINK_FIELDS)
    )
    related = []
    tag_ids = [tag.pk for tag in article.tags.all()]
    if tag_ids:
        related = list(
            edition.filter(tags__in=tag_ids)
            .annotate(shared=Count("tags"))
            .order_by("-shared", "-published_at", "-pk")[:RELATED_AT_MOST]
        )
    if len(related) < RELATED_AT_MOST:
        related += list(
            edition.filter(category_id=article.category_id)
            .exclude(pk__in=[item.pk for item in related])
            .order_by("-published_at", "-pk")[: RELATED_AT_MOST - len(related)]
        )
    same_category = edition.filter(category_id=article.category_id)
    moment, pk = article.published_at, article.pk
    older = Q(published_at__lt=moment) | Q(published_at=moment, pk__lt=pk)
    newer = Q(published_at__gt=moment) | Q(published_at=moment, pk__gt=pk)
    return Neighbours(
        related=related,
        previous=same_category.filter(older).order_by("-published_at", "-pk").first(),
        next=same_category.filter(newer).order_by("published_at", "pk").first(),
    )
