"""Read-side helpers shared by pages, template tags and the desk's dashboard."""

from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from taggit.models import Tag, TaggedItem

from articles.models import Article, Category, HomeSection, Office
from core import cache, conf, i18n


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

    def at(self, path):
        """The live category at ``path`` (``news/local``), or ``None``."""
        return next(
            (n.category for n in self.nodes.values() if n.category.path == path), None
        )


edition_of = i18n.edition_of


def shows_list(kind, key=None, *, editions=()):
    """Say that the page being drawn shows the list ``kind``/``key`` of the
    reader's edition (``core.cache.listed``; of each of ``editions`` too) and
    no other: a publication that does not enter it leaves the page kept.
    Said before the list is read. Returns the reader's edition's dependency."""
    own = cache.listed(edition_of(i18n.current_language()), kind, key)
    cache.shows_only_what_it_drew()
    cache.depends_on(own, *(cache.listed(edition, kind, key) for edition in editions))
    return own


def edition_articles(language, among=Article.objects):
    """Published articles of ``language``'s edition: where public lists start
    (every published article for ``None``), from ``among`` when given."""
    articles = among.published()
    return articles if language is None else articles.in_edition(language)


def public_tags():
    """Tags that at least one published article carries: a tag only drafts
    carry stays unknown to readers. (One semi-join per tag: no DISTINCT over
    every tagged article.)"""
    return Tag.objects.filter(
        Exists(Article.objects.published().filter(tags=OuterRef("pk")))
    )


def category_outline(categories):
    """``categories`` in tree order: each parent, then its sub-categories.

    Siblings are in ``Category.sibling_order``; a category whose parent is not
    among ``categories`` starts a tree of its own.
    """
    categories = list(categories)
    present = {category.pk for category in categories}
    children = {}
    for category in categories:
        parent = category.parent_id if category.parent_id in present else None
        children.setdefault(parent, []).append(category)
    outline = []

    def visit(parent):
        siblings = sorted(children.get(parent, []), key=attrgetter("sibling_order"))
        for category in siblings:
            outline.append(category)
            visit(category.pk)

    visit(None)
    return outline


def category_tree(language):
    """The live category tree with the edition's article counts, kept in the
    shared cache (``core.cache.CATEGORY_TREE``) until the content changes, by
    an editor or by the schedule, and read once per request (the sidebar,
    menu and home share it: the cache's memo).

    Counting a large archive is the slowest part of a page.
    """
    return cache.remember(
        *_tree_entry(language, i18n.current_language()),
        compute=lambda: _build_category_tree(language),
    )


def _tree_entry(language, interface):
    # Per interface language too: siblings of one position are in name order.
    return cache.CATEGORY_TREE, edition_of(language), interface


def sidebar_frame(language, digits):
    """What every page's frame reads (``base.html``): the category tree, the
    tree drawn for a page that is not a category's, and the breaking news
    (``core.cache.register_frame``)."""
    return [
        _tree_entry(language, language),
        cache.fragment("category-tree", language, digits, None),
        (cache.BREAKING, edition_of(language)),
    ]


class Breaking(NamedTuple):
    """The breaking news of an edition: the title, address and language of
    the newest published article marked breaking whose time has not ended."""

    title: str
    url: str
    language: str

    @property
    def direction(self):
        return i18n.text_direction(self.language)


def breaking_news(language):
    """The ``Breaking`` news across the top of every page of ``language``'s
    edition, or ``None``; kept until it changes (``core.cache.BREAKING``)."""

    def newest():
        found = (
            edition_articles(language)
            .filter(breaking_until__gt=timezone.now())
            .order_by("-published_at", "-pk")
            .only("title", "slug", "language")
            .first()
        )
        if found is None:
            return None
        with translation.override(found.language):
            return Breaking(found.title, found.get_absolute_url(), found.language)

    return cache.remember(cache.BREAKING, edition_of(language), compute=newest)


def category_outline_tree():
    """The live category tree without counts (an article's trail, the main
    menu), kept per interface language (``core.cache.CATEGORY_OUTLINE``):
    what shows it does not depend on the lists, which every publication
    changes."""
    interface = i18n.current_language()
    return cache.remember(
        cache.CATEGORY_OUTLINE,
        interface,
        compute=lambda: _build_category_tree(None, counted=False),
    )


def _build_category_tree(language, *, counted=True):
    """The live categories as a tree; ``counted``, each node counts the
    published articles of ``language``'s edition (every edition's for
    ``None``) in it and below it."""
    if counted:  # the categories of the outline, kept apart: one query less
        categories = [node.category for node in category_outline_tree().nodes.values()]
        counts = edition_articles(language).counts_by_category()
    else:
        categories, counts = list(Category.objects.live()), {}
    nodes = {c.pk: CategoryNode(c, counts.get(c.pk, 0)) for c in categories}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.category.parent_id)
        node.parent = parent
        (parent.children if parent else roots).append(node)

    def order(siblings):
        siblings.sort(key=lambda node: node.category.sibling_order)
        for node in siblings:
            order(node.children)
            node.count += sum(child.count for child in node.children)

    order(roots)
    return CategoryTree(roots, nodes)


RELATED_AT_MOST = 4
# Related articles are chosen among the newest articles of each tag (by id,
# the order they were written in): a tag carried by thousands of articles is
# not read whole for an article's page.
RELATED_CANDIDATES_PER_TAG = 200
# Fields a link to an article shows (title, date, address, section).
LINK_FIELDS = (
    "pk", "title", "slug", "language", "published_at", "category__path",
    "category__name_en", "category__name_ar",
)  # fmt: skip


def related_candidates(tag_ids):
    """The ids of the newest ``RELATED_CANDIDATES_PER_TAG`` articles carrying
    each of ``tag_ids`` (by id), as a subquery: for each tag, the id that
    many places from its newest is found by walking the index of tagged
    items backwards (migration 0016), and the candidates are the ids above
    it."""
    articles = ContentType.objects.get_for_model(Article)
    tagged = TaggedItem.objects.filter(content_type=articles)

    def threshold(tag_id):
        nth = tagged.filter(tag_id=tag_id).order_by("-object_id").values("object_id")
        last = RELATED_CANDIDATES_PER_TAG - 1
        return Coalesce(Subquery(nth[last : last + 1]), Value(0))

    newest = Q()
    for tag_id in tag_ids:
        newest |= Q(tag_id=tag_id, object_id__gte=threshold(tag_id))
    return tagged.filter(newest).values("object_id")


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
        article.category_id,
        tuple(tag.pk for tag in article.tag_list),
        compute=lambda: _neighbours(article),
    )


def _neighbours(article):
    def edition(among):
        # ``among`` as readers see it in the article's edition, but itself.
        return (
            edition_articles(article.language, among)
            .exclude(pk=article.pk)
            .select_related("category")
            .only(*LINK_FIELDS)
        )

    in_category = Q(category_id=article.category_id)
    # The article's place comes first in the query: SQLite starts an index
    # walk at the first bound it reads on a column, and ``published()``
    # bounds the publication time too (by now), which would start the walk
    # for an older article at the newest one.
    previous = edition(Article.objects.before(article)).filter(in_category).first()
    following = edition(Article.objects.after(article)).filter(in_category).first()
    # The page links to those two already: related articles are others.
    linked = [item.pk for item in (previous, following) if item is not None]
    others = edition(Article.objects).exclude(pk__in=linked)
    related = []
    tag_ids = [tag.pk for tag in article.tag_list]
    if tag_ids:
        related = list(
            others.filter(pk__in=related_candidates(tag_ids), tags__in=tag_ids)
            .annotate(shared=Count("tags"))
            .order_by("-shared", "-published_at", "-pk")[:RELATED_AT_MOST]
        )
    if len(related) < RELATED_AT_MOST:
        related += list(
            others.filter(in_category)
            .exclude(pk__in=[item.pk for item in related])
            .order_by("-published_at", "-pk")[: RELATED_AT_MOST - len(related)]
        )
    return Neighbours(related=related, previous=previous, next=following)


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
    return a.holds(b.path) or b.holds(a.path)


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


def home_page(edition, tree, *, name, for_display=True):
    """The lead story, the other featured ones and the section blocks.

    ``edition`` is ``Article.objects.published().in_edition(language)`` and
    ``name`` its key (``edition_of``). Which articles go where is kept in the
    shared cache until the content changes (``home_layout``); the articles
    themselves then come in one query by id, and not at all with
    ``for_display=False`` (later pages of the list only leave them out).
    """
    fetched = {}

    def layout():
        sections = home_sections(tree)
        candidates = home_candidates(edition, sections, for_display=for_display)
        fetched.update((article.pk, article) for article in candidates)
        return home_layout(candidates, sections)

    home = HomePage()
    parts = cache.remember(cache.HOME_LAYOUT, name, compute=layout)
    home.shown = {pk for _, ids in parts for pk in ids}
    if not for_display:
        return home
    if not fetched:
        found = edition.filter(pk__in=home.shown).for_cards()
        fetched = {article.pk: article for article in found}
    for part, ids in parts:
        articles = [fetched[pk] for pk in ids if pk in fetched]
        if part == "lead":
            home.lead = articles[0] if articles else None
        elif part == "featured":
            home.featured = articles
        elif articles:
            home.sections.append(SectionBlock(tree.nodes[part].category, articles))
    return home


def home_candidates(edition, sections, *, for_display):
    """The articles the top of the home may show, newest first, in one query
    whatever the number of sections.

    The newest few of each part (featured, newest, each section's categories)
    are picked by limited subqueries that each walk an index, joined with
    ``UNION ALL``. A part asks for as many more articles than it shows as may
    already be shown above it, so that removing those still leaves it full.
    ``sections`` are ``home_sections(tree)``; ``for_display=False`` fetches
    only what choosing them needs.
    """
    featured_size = max(1, conf.get("CMS_HOME_FEATURED"))
    size = max(1, conf.get("CMS_HOME_SECTION_SIZE"))
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
        return list(found.for_cards())
    return list(found.only("pk", "category_id", "published_at", "is_featured"))


def home_layout(candidates, sections):
    """``[("lead", [id]), ("featured", [ids]), (category id, [ids])…]``: the
    articles the top of the home shows, in order, from ``home_candidates``.

    The lead story is the newest featured article (the newest article when
    none is featured); no article is shown twice.
    """
    featured_size = max(1, conf.get("CMS_HOME_FEATURED"))
    size = max(1, conf.get("CMS_HOME_SECTION_SIZE"))
    featured = [a.pk for a in candidates if a.is_featured][:featured_size]
    lead = featured[:1] or [a.pk for a in candidates[:1]]
    layout = [("lead", lead), ("featured", featured[1:])]
    shown = {*lead, *featured}
    for node in sections:
        ids = set(_descendant_ids(node))
        block = [a.pk for a in candidates if a.category_id in ids and a.pk not in shown]
        block = block[:size]
        shown.update(block)
        layout.append((node.category.pk, block))
    return layout


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
