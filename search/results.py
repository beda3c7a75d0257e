"""What a search result shows besides the words found: its date, section and
byline, and its picture. They are the same whatever was searched for, so they
are kept with the article's cards (``articles.cards``)."""

from django.db.models import prefetch_related_objects

from articles import cards
from articles.models import byline_prefetch

META = "search/result_meta.html"
MEDIA = "search/result_media.html"


def fetch_missing_bylines(request, articles):
    """The bylines of those of a page's ``articles`` whose date and byline line
    is not kept, in one query (none when every line is kept)."""
    prefetch_related_objects(cards.missing(request, articles, META), byline_prefetch())
