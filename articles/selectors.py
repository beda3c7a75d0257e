"""Read-side helpers shared by pages and template tags."""

from dataclasses import dataclass, field

from articles.models import Article, Category, HomeSection
from cms import cache, conf


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


def request_category_tree(request):
    """``category_tree()``, built once per request (the sidebar, menu and home
    share it)."""
    tree = getattr(request, "_category_tree", None)
    if tree is None:
        tree = category_tree()
        if request is not None:
            request._category_tree = tree
    return tree


# The home page ----------------------------------------------------------------


@dataclass
class SectionBlock:
    """A section of the home page: its category and its latest articles."""

    category: Category
    articles: list


@dataclass
class HomePage:
    """What the top of the home shows; ``shown`` holds every article's id."""

    lead: Article | None = None
    featured: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    shown: set = field(default_factory=set)

    @property
    def articles(self):
        """Every article shown, in page order."""
        found = [self.lead] if self.lead else []
        found += self.featured
        for block in self.sections:
            found += block.articles
        return found


def chosen_section_ids():
    """The editors' home sections (category ids, in order), from the cache."""
    return cache.remember(
        cache.HOME_SECTIONS,
        compute=lambda: list(HomeSection.objects.values_list("category", flat=True)),
    )


def home_sections(tree):
    """The live categories the home shows as sections, in order.

    The editors' choice when they made one, else the top-level categories by
    position; at most ``CMS_HOME_SECTIONS``.
    """
    chosen = [tree.nodes[pk] for pk in chosen_section_ids() if pk in tree.nodes]
    if not chosen_section_ids():
        chosen = list(tree.roots)
    return chosen[: max(0, conf.get("CMS_HOME_SECTIONS"))]


def _descendant_ids(node):
    ids = [node.category.pk]
    for child in node.children:
        ids += _descendant_ids(child)
    return ids


def _overlaps(a, b):
    """Whether one of two categories is inside the other (or they are one)."""
    return (
        a.path == b.path
        or a.path.startswith(f"{b.path}/")
        or b.path.startswith(f"{a.path}/")
    )


def _newest(queryset, n):
    """The ids of ``queryset``'s ``n`` newest rows, as a subquery.

    The limit sits in an ``IN`` subquery, so the parts can be combined with
    ``UNION ALL`` on every database (SQLite refuses a bare limited part).
    """
    return (
        Article.objects.filter(pk__in=queryset.order_by("-published_at", "-id")
        .values("pk")[:n])
        .order_by()
        .values("pk")
    )  # fmt: skip


def home_page(edition, tree, *, for_display=True):
    """The lead story, the other featured ones and the section blocks.

    ``edition`` is ``Article.objects.published().in_edition(language)``. The
    lead story is the newest featured article (the newest article when none
    is featured); no article is shown twice. All of it comes in one query
    whatever the number of sections: the newest few of each part (featured,
    newest, each section's categories) are picked by limited subqueries that
    each walk an index, joined with ``UNION ALL``. A part asks for as many
    more articles than it shows as may already be shown above it, so that
    removing those still leaves it full.

    ``for_display=False`` fetches only what is needed to know which articles
    are shown (later pages of the list leave them out too).
    """
    featured_size = max(1, conf.get("CMS_HOME_FEATURED"))
    size = max(1, conf.get("CMS_HOME_SECTION_SIZE"))
    sections = home_sections(tree)
    parts = [_newest(edition.filter(is_featured=True), featured_size)]
    parts.append(_newest(edition, 1))
    for index, node in enumerate(sections):
        earlier = sum(
            1 for other in sections[:index] if _overlaps(node.category, other.category)
        )
        wanted = size + featured_size + size * earlier
        in_section = edition.filter(category__in=_descendant_ids(node))
        parts.append(_newest(in_section, wanted))
    chosen = parts[0].union(*parts[1:], all=True)
    found = Article.objects.filter(pk__in=chosen).order_by("-published_at", "-id")
    if for_display:
        # The page prefetches the bylines of these and of its list at once.
        found = found.for_listing().prefetch_related(None)
    else:
        found = found.only("pk", "category_id", "published_at", "is_featured")
    found = list(found)

    home = HomePage()
    featured = [a for a in found if a.is_featured][:featured_size]
    if featured:
        home.lead, home.featured = featured[0], featured[1:]
    elif found:
        home.lead = found[0]
    home.shown = {a.pk for a in home.articles}
    for node in sections:
        ids = set(_descendant_ids(node))
        block = [a for a in found if a.category_id in ids and a.pk not in home.shown]
        block = block[:size]
        home.shown.update(a.pk for a in block)
        if block:
            home.sections.append(SectionBlock(node.category, block))
    return home
