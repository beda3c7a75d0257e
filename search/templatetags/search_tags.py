"""Template tags for search results: highlighted titles and passages, and
the parts that are the same whatever was searched for."""

from django import template

from articles import cards
from search import highlight, results

register = template.Library()


@register.simple_tag
def highlighted(text, terms):
    """``text`` escaped, the words the search looks for (``terms``, a
    ``search.terms.Query``) in ``<mark>``."""
    return highlight.highlight(text, terms)


@register.simple_tag
def search_snippet(article, terms):
    """The passage of the article's excerpt or body around the first match."""
    return highlight.article_snippet(article, terms)


@register.simple_tag(takes_context=True)
def result_meta(context, article):
    """The result's date, section and byline (kept)."""
    return cards.draw(context, article, results.META)


@register.simple_tag(takes_context=True)
def result_media(context, article):
    """The result's picture (kept)."""
    return cards.draw(context, article, results.MEDIA)
