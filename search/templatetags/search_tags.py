"""Template tags for search results: highlighted titles and passages."""

from django import template

from search import highlight

register = template.Library()


@register.simple_tag
def highlighted(text, terms):
    """``text`` escaped, the words matching the search's ``terms`` in ``<mark>``."""
    return highlight.highlight(text, terms)


@register.simple_tag
def search_snippet(article, terms):
    """The passage of the article's excerpt or body around the first match."""
    return highlight.article_snippet(article, terms)
