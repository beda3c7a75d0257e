"""Read-side helpers shared by pages, template tags and the desk's dashboard."""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Q

from articles.models import Article, Category, Office
from cms import cache


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


def published_counts_by_category():
    """``{category_id: n}`` of published articles, from the shared cache.

    Counting a large archive is the slowest part of a page; a scheduled
    article shows in the counts within the entry's lifetime, and a change
    by an editor makes them fresh at once.
    """
    return cache.remember(
        cache.CATEGORY_COUNTS,
        compute=lambda: Article.objects.published().counts_by_category(),
    )


def category_outline(categories):
    """``categories`` in tree order: each parent, then its sub-categories.

    Siblings are in the editors' order (position, then name); a category whose
    parent is not among ``categories`` starts a tree of its own.
    """
    categories = list(categories)
    present = {category.pk for category in categories}
    children = {}
    for category in categories:
        parent = category.parent_id if category.parent_id in present else None
        children.setdefault(parent, []).append(category)
    outline = []

    def visit(parent):
        siblings = sorted(children.get(parent, []), key=lambda c: (c.position, c.name))
        for category in siblings:
            outline.append(category)
            visit(category.pk)

    visit(None)
    return outline


def category_tree():
    """The live category tree with published-article counts (one or two queries)."""
    categories = list(Category.objects.live())
    counts = published_counts_by_category()
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


# Figures for the editors' dashboard (each one query, whatever the archive) ------


def issued_per_period(periods):
    """How many articles went out in each ``(start, end)`` period, in one query.

    Periods are datetimes, in order; an article counts in the period of its
    publication time (``Article.objects.issued()``).
    """
    if not periods:
        return []
    counts = (
        Article.objects.issued()
        .filter(published_at__gte=periods[0][0], published_at__lt=periods[-1][1])
        .aggregate(
            **{
                f"p{i}": Count(
                    "pk", filter=Q(published_at__gte=start, published_at__lt=end)
                )
                for i, (start, end) in enumerate(periods)
            }
        )
    )
    return [counts[f"p{i}"] for i in range(len(periods))]


def scheduled_before(moment, *, limit):
    """Scheduled articles due before ``moment``, soonest first (``limit`` at most)."""
    return list(
        Article.objects.scheduled()
        .filter(published_at__lt=moment)
        .select_related("category", "office")
        .order_by("published_at", "pk")[:limit]
    )


def references_per_office(hijri_year):
    """``[(office, numbers issued in hijri_year)]`` for every office, one query."""
    offices = Office.objects.annotate(
        issued=Max("counters__last_number", filter=Q(counters__hijri_year=hijri_year))
    )
    return [(office, office.issued or 0) for office in offices]


def drafts_of(user):
    """How many drafts ``user`` writes (as an author of the byline)."""
    return (
        Article.objects.drafts()
        .filter(article_authors__author__user=user)
        .values("pk")
        .distinct()
        .count()
    )
