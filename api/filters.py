"""The articles' filters: what each query parameter means, checked and applied.

Three kinds of refusal, each naming the parameter:

- a value that cannot be right on its own (``hijri_month=1445-13``,
  ``since=2023-02-30``, a NUL character) is a **422**, from the schema's
  validation;
- values that are each right but do not go together (``until`` before
  ``since``) are a **400**;
- a well-formed value naming something readers cannot see (no such
  category, author, office or tag, or one only drafts carry) is a **404**,
  as the site's own page for it would be.

Every filter narrows the list: given together, they all apply.
"""

import datetime
import re
from typing import Annotated, Literal

from django.db.models import Q
from ninja import Schema
from pydantic import AfterValidator, Field

from api.http import BadParameter, NotFound
from articles import selectors
from articles.models import Author, Category, Office
from core import hijri, text

MAX_ID = 2**63 - 1  # the largest id the database can hold
SLUG = re.compile(r"[-\w]+")
CATEGORY_PATH = re.compile(r"[-\w]+(?:/[-\w]+)*")
DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
MONTH_PATTERN = r"^\d{4}-\d{2}$"


def check_slug(value):
    if not SLUG.fullmatch(value):
        raise ValueError("Use a slug: letters, digits, hyphens and underscores.")
    return value


def check_category(value):
    if not CATEGORY_PATH.fullmatch(value):
        raise ValueError(
            "Use a category's id (12) or its path of slugs (statements/regional)."
        )
    return value


def check_search_text(value):
    if not text.words(value):
        raise ValueError("Give at least one word to search for.")
    if "\x00" in value:
        raise ValueError("The text contains a null character.")
    return value


Slug = Annotated[str, Field(max_length=255), AfterValidator(check_slug)]
SearchText = Annotated[
    str, Field(min_length=1, max_length=200), AfterValidator(check_search_text)
]


def _numbers(value):
    return [int(part) for part in value.split("-")]


def parse_day(value):
    """The Gregorian date of a day ``YYYY-MM-DD`` in either calendar (the
    site's one reading, ``hijri.parse_day``: ``2023-12-03``, ``1445-05-19``)."""
    return hijri.parse_day(value)


def gregorian_month(value):
    """``(first_day, first_day_of_next_month)`` of the month ``YYYY-MM``."""
    year, month = _numbers(value)
    first, last = hijri.supported_range()
    if not first.year <= year <= last.year:
        raise hijri.out_of_range()
    if not 1 <= month <= 12:
        raise ValueError("The month must be 01…12.")
    return hijri.gregorian_month_range(year, month)


def hijri_month(value):
    """``(first_day, first_day_of_next_month)`` of the Hijri month ``YYYY-MM``,
    moon-sighting adjustments applied."""
    year, month = _numbers(value)
    hijri.to_gregorian(year, month, 1)  # refuses month 13 and unsupported years
    return hijri.hijri_month_range(year, month)


def _checked(parse):
    """A validator that refuses what ``parse`` cannot read, value unchanged."""

    def check(value):
        parse(value)
        return value

    return AfterValidator(check)


Day = Annotated[str, Field(pattern=DAY_PATTERN), _checked(parse_day)]
Month = Annotated[str, Field(pattern=MONTH_PATTERN), _checked(gregorian_month)]
HijriMonth = Annotated[str, Field(pattern=MONTH_PATTERN), _checked(hijri_month)]
CategoryKey = Annotated[str, Field(max_length=700), AfterValidator(check_category)]
Language = Literal["ar", "en"]


class Filters(Schema):
    """Query parameters that narrow a list."""

    def cache_key(self):
        """What tells this list from another (for its cached total)."""
        return tuple(sorted(self.model_dump(exclude_none=True).items()))


class ArticleFilters(Filters):
    """The query parameters that narrow a list of articles."""

    language: Language | None = Field(
        None, description="Only the articles written in this language."
    )
    edition: Language | None = Field(
        None,
        description="The articles that edition of the site lists: those in its "
        "language, or every article when the office publishes one edition for "
        "both languages.",
    )
    category: CategoryKey | None = Field(
        None,
        description="A category's id (`12`) or path (`statements/regional`): its "
        "articles and those of its sub-categories.",
    )
    author: Slug | None = Field(None, description="An author's slug.")
    office: Slug | None = Field(None, description="A media office's slug.")
    tag: Slug | None = Field(None, description="A tag's slug.")
    since: Day | None = Field(
        None,
        description="Published on or after this day (in the site's time zone): "
        "Gregorian `2023-12-01` or Hijri `1445-05-17` (a Hijri year is told by "
        "its number).",
    )
    until: Day | None = Field(
        None,
        description="Published on or before this day, Gregorian or Hijri as `since`.",
    )
    month: Month | None = Field(
        None, description="Published in this Gregorian month: `2023-12`."
    )
    hijri_month: HijriMonth | None = Field(
        None,
        description="Published in this Hijri month (Umm al-Qura, moon-sighting "
        "adjustments applied): `1445-05`.",
    )

    def apply(self, articles):
        """``articles`` narrowed by every parameter given; ``NotFound`` or
        ``BadParameter`` when one cannot be honoured."""
        if self.language is not None:
            articles = articles.filter(language=self.language)
        if self.edition is not None:
            articles = articles.in_edition(self.edition)
        if self.category is not None:
            articles = articles.in_category(live_category(self.category))
        if self.author is not None:
            articles = articles.filter(
                article_authors__author=author_with_slug(self.author)
            )
        if self.office is not None:
            articles = articles.filter(office=office_with_slug(self.office))
        if self.tag is not None:
            articles = articles.filter(tags=public_tag(self.tag))
        return self.apply_period(articles)

    def periods(self):
        """``[(parameter, start, end)]``: aware half-open ranges (``None``: open)."""
        ranges = []
        if self.since is not None:
            ranges.append(("since", hijri.day_start(parse_day(self.since)), None))
        if self.until is not None:
            end = parse_day(self.until) + datetime.timedelta(days=1)
            ranges.append(("until", None, hijri.day_start(end)))
        if self.month is not None:
            ranges.append(("month", *hijri.day_range(*gregorian_month(self.month))))
        if self.hijri_month is not None:
            first, end = hijri_month(self.hijri_month)
            ranges.append(("hijri_month", *hijri.day_range(first, end)))
        return ranges

    def apply_period(self, articles):
        """``articles`` published within every period given."""
        start = end = None
        for parameter, low, high in self.periods():
            if low is not None:
                start = low if start is None else max(start, low)
            if high is not None:
                end = high if end is None else min(end, high)
            if start is not None and end is not None and end <= start:
                raise BadParameter(
                    parameter,
                    f"{parameter} leaves no day between the dates given "
                    "(since, until, month, hijri_month).",
                )
        if start is not None:
            articles = articles.filter(published_at__gte=start)
        if end is not None:
            articles = articles.filter(published_at__lt=end)
        return articles


class SearchFilters(ArticleFilters):
    """A search: the text, and the filters of a list of articles."""

    q: SearchText = Field(
        description="The words to look for in titles, excerpts and bodies "
        "(every word must match; Arabic spelling variants and case are folded)."
    )


class EditionFilter(Schema):
    edition: Language | None = Field(
        None,
        description="Count the articles of this edition (default: every "
        "published article).",
    )


class AuthorFilters(Filters):
    office: Slug | None = Field(None, description="Only this office's authors.")

    def apply(self, authors):
        if self.office is not None:
            authors = authors.filter(office=office_with_slug(self.office))
        return authors


def live_category(value):
    """The live category whose id or path is ``value``, else ``NotFound``."""
    condition = Q(path=value)
    if value.isdigit() and int(value) <= MAX_ID:
        condition |= Q(pk=int(value))
    matches = list(Category.objects.live().filter(condition))
    # A number is an id first, and the path of a category named by a number next.
    by_id = [category for category in matches if str(category.pk) == value]
    if not matches:
        raise NotFound("category", f"No category with the id or path {value!r}.")
    return (by_id or matches)[0]


def author_with_slug(value, *, parameter="author", source="query"):
    """The author whose slug is ``value`` (with the office), else ``NotFound``."""
    author = Author.objects.select_related("office").filter(slug=value).first()
    if author is None:
        raise NotFound(parameter, f"No author with the slug {value!r}.", source=source)
    return author


def office_with_slug(value, *, parameter="office", source="query"):
    """The office whose slug is ``value``, else ``NotFound``."""
    office = Office.objects.filter(slug=value).first()
    if office is None:
        raise NotFound(parameter, f"No office with the slug {value!r}.", source=source)
    return office


def public_tag(value):
    """The tag ``value`` if a published article carries it (a tag only drafts
    carry stays unknown, as on the site)."""
    tag = selectors.public_tags().filter(slug=value).first()
    if tag is None:
        raise NotFound("tag", f"No tag with the slug {value!r}.")
    return tag
