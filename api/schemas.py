"""What the API answers: typed schemas, read from the models.

Names and roles come in both languages (``name_ar``, ``name_en``), as the
site keeps them; pages of the site in both editions (``url_ar``,
``url_en``); an article's own page in its own edition (``url``). Every
address is absolute. Dates are ISO 8601 with the site's offset
(``2023-12-03T09:30:00+03:00``), and the Hijri date (Umm al-Qura, the site's
moon-sighting adjustments applied) comes as numbers and as text in both
languages.
"""

from typing import Literal

from django.utils import translation
from ninja import Schema
from pydantic import Field

from core import hijri
from images import renditions as images
from images.dimensions import renditions_made

Language = Literal["ar", "en"]


def absolute(context, path):
    return context["request"].build_absolute_uri(path)


def page_in(obj, language, context):
    """The absolute address of ``obj``'s page in ``language``'s edition."""
    with translation.override(language):
        return absolute(context, obj.get_absolute_url())


class Problem(Schema):
    type: str = Field(description="`value_error`, `not_found`, … or pydantic's.")
    loc: list[str | int] = Field(
        description='Where: the parameter\'s source and name, `["query", "page"]`.'
    )
    msg: str = Field(description="What is wrong, in English.")


class Problems(Schema):
    """Every refusal: the problems found, each naming its parameter."""

    detail: list[Problem]


class BilingualPage(Schema):
    """A thing with a page in both editions of the site."""

    name_ar: str
    name_en: str
    url_ar: str = Field(description="Its page in the Arabic edition.")
    url_en: str = Field(description="Its page in the English edition.")

    @staticmethod
    def resolve_url_ar(obj, context):
        return page_in(obj, "ar", context)

    @staticmethod
    def resolve_url_en(obj, context):
        return page_in(obj, "en", context)


class OfficeRef(BilingualPage):
    slug: str


class AuthorRef(BilingualPage):
    slug: str


class CategoryRef(BilingualPage):
    id: int
    slug: str
    path: str = Field(description="Slugs from the root: `statements/regional`.")


class Tag(Schema):
    name: str
    slug: str


class HijriDate(Schema):
    year: int
    month: int
    day: int
    tabular: bool = Field(
        description="True outside the Umm al-Qura table (before 1924, after "
        "2077): the arithmetic calendar is used."
    )
    text_ar: str = Field(description="`١٩ جمادى الأولى ١٤٤٥`, as the site writes it.")
    text_en: str = Field(description="`19 Jumada al-awwal 1445`.")


def hijri_date(moment):
    date = hijri.to_hijri(moment)
    return {
        "year": date.year,
        "month": date.month,
        "day": date.day,
        "tabular": date.tabular,
        "text_ar": hijri.localize_digits(date.text("ar"), "ar"),
        "text_en": date.text("en"),
    }


class Rendition(Schema):
    url: str
    width: int
    height: int
    format: Literal["jpeg", "png", "webp"]


class Image(Schema):
    url: str = Field(description="The original.")
    width: int | None
    height: int | None
    alt: str
    caption: str
    renditions: list[Rendition] = Field(
        description="Resized copies, narrowest first, in the original's format "
        "and in WebP."
    )


def lead_image(article, context):
    field_file = article.lead_image
    if not field_file:
        return None
    width, height = article.lead_image_width, article.lead_image_height
    renditions = (
        images.planned_renditions(field_file.name, width, height, field_file.storage)
        if renditions_made(field_file)
        else []
    )
    return {
        "url": absolute(context, field_file.url),
        "width": width,
        "height": height,
        "alt": article.lead_image_alt,
        "caption": article.lead_image_caption,
        "renditions": [
            {
                "url": absolute(context, rendition.url),
                "width": rendition.width,
                "height": rendition.height,
                "format": rendition.format.lower(),
            }
            for rendition in sorted(renditions, key=lambda r: (r.width, r.format))
        ],
    }


class ArticleSummary(Schema):
    """An article in a list: everything but the body."""

    id: int
    title: str
    slug: str
    language: Language
    url: str = Field(description="The article's page, in its own edition.")
    excerpt: str
    published: str = Field(
        description="ISO 8601 with the site's offset: `2023-12-03T09:30:00+03:00`."
    )
    updated: str = Field(description="ISO 8601, as `published`.")
    hijri: HijriDate = Field(description="The publication day in the Hijri calendar.")
    reference: str | None = Field(
        description="The statement's reference number (`1445/017`: Hijri year and "
        "the office's number in it), or null."
    )
    category: CategoryRef
    authors: list[AuthorRef] = Field(description="In byline order.")
    office: OfficeRef
    tags: list[Tag]
    translation_url: str | None = Field(
        description="The published translation's page (the other language), or null."
    )
    lead_image: Image | None

    @staticmethod
    def resolve_url(article, context):
        return absolute(context, article.get_absolute_url())

    @staticmethod
    def resolve_published(article):
        return hijri.iso_datetime(article.published_at)

    @staticmethod
    def resolve_updated(article):
        return hijri.iso_datetime(article.updated_at)

    @staticmethod
    def resolve_hijri(article):
        return hijri_date(article.published_at)

    @staticmethod
    def resolve_reference(article):
        return article.reference or None

    @staticmethod
    def resolve_authors(article):
        return article.byline_authors

    @staticmethod
    def resolve_tags(article):
        return sorted(article.tag_list, key=lambda tag: tag.name)

    @staticmethod
    def resolve_translation_url(article, context):
        translation_ = article.translation
        if translation_ is None or not translation_.is_published:
            return None
        return absolute(context, translation_.get_absolute_url())

    @staticmethod
    def resolve_lead_image(article, context):
        return lead_image(article, context)


class Correction(Schema):
    """A correction of a published statement: what changed, and when."""

    note: str = Field(description="What changed, in the article's language.")
    date: str = Field(description="ISO 8601 with the site's offset.")
    hijri: HijriDate

    @staticmethod
    def resolve_date(correction):
        return hijri.iso_datetime(correction.made_at)

    @staticmethod
    def resolve_hijri(correction):
        return hijri_date(correction.made_at)


class ArticleDetail(ArticleSummary):
    """An article with its body."""

    body_html: str = Field(
        description="The body: HTML sanitised when the article was saved."
    )
    corrections: list[Correction] = Field(description="In the order they were made.")
    withdrawn: bool = Field(
        False, description="Always false here: a withdrawn statement answers 410."
    )

    @staticmethod
    def resolve_body_html(article):
        return article.body

    @staticmethod
    def resolve_corrections(article):
        return article.correction_list


class Withdrawn(Schema):
    """A statement withdrawn for good (410 Gone): its text is not published."""

    id: int
    title: str
    url: str
    language: Language
    reference: str | None
    withdrawn: bool = Field(True, description="Always true.")
    withdrawn_at: str = Field(description="ISO 8601 with the site's offset.")
    hijri: HijriDate = Field(description="The day it was withdrawn, Hijri.")
    reason: str
    office: OfficeRef

    @staticmethod
    def resolve_url(article, context):
        return absolute(context, article.get_absolute_url())

    @staticmethod
    def resolve_reference(article):
        return article.reference or None

    @staticmethod
    def resolve_withdrawn(article):
        return True

    @staticmethod
    def resolve_withdrawn_at(article):
        return hijri.iso_datetime(article.withdrawn_at)

    @staticmethod
    def resolve_hijri(article):
        return hijri_date(article.withdrawn_at)

    @staticmethod
    def resolve_reason(article):
        return article.withdrawal_reason


class Page(Schema):
    count: int = Field(description="Items in the whole list.")
    next: str | None = Field(description="The next page's address, or null.")
    previous: str | None = Field(description="The previous page's address, or null.")


class ArticlePage(Page):
    results: list[ArticleSummary]


class Office(OfficeRef):
    is_central: bool


class OfficePage(Page):
    results: list[Office]


class Photo(Schema):
    url: str
    width: int | None
    height: int | None


class Author(AuthorRef):
    role_ar: str
    role_en: str
    bio_ar: str
    bio_en: str
    office: OfficeRef
    photo: Photo | None

    @staticmethod
    def resolve_photo(author, context):
        if not author.photo:
            return None
        return {
            "url": absolute(context, author.photo.url),
            "width": author.photo_width,
            "height": author.photo_height,
        }


class AuthorPage(Page):
    results: list[Author]


class TagPage(Page):
    results: list[Tag]


class CategoryNode(Schema):
    """A category of the tree, with its sub-categories."""

    id: int
    slug: str
    path: str = Field(description="Slugs from the root: `statements/regional`.")
    name_ar: str
    name_en: str
    url_ar: str = Field(description="Its page in the Arabic edition.")
    url_en: str = Field(description="Its page in the English edition.")
    count: int = Field(description="Published articles here and in every sub-category.")
    children: list["CategoryNode"] = Field(description="In the editors' order.")


def category_node(tree_node, context):
    """A ``selectors.CategoryNode`` and its descendants, as ``CategoryNode``."""
    category = tree_node.category
    return {
        "id": category.pk,
        "slug": category.slug,
        "path": category.path,
        "name_ar": category.name_ar,
        "name_en": category.name_en,
        "url_ar": page_in(category, "ar", context),
        "url_en": page_in(category, "en", context),
        "count": tree_node.count,
        "children": [category_node(child, context) for child in tree_node.children],
    }


class CategoryTree(Schema):
    results: list[CategoryNode] = Field(description="The top-level categories.")
