"""An article's pieces in lists, kept rendered in the shared cache.

A card in a list (``includes/article_card_body.html``) and the parts of a
search result that do not depend on the words searched for are the same for
every reader of a language and digits preference until the content changes:
each article's are kept together in one entry (``core.cache.ARTICLE_CARD``,
``{part: html}``), so that a page reads all its articles' pieces in one round
trip, whatever pieces it shows.
"""

from django.template.loader import get_template

from core import cache
from core.reader import reader_variant

# The context's name for every article a page draws a card or result of, in
# page order: the view puts them there (``show``); pieces and counts are then
# read for all of them at once.
PAGE_ARTICLES = "page_articles"


def show(context, *groups):
    """Put in ``context`` (a view's) the articles of ``groups`` (lists, or a
    single article or ``None``) as the page's articles (``PAGE_ARTICLES``)."""
    shown = context.setdefault(PAGE_ARTICLES, [])
    for group in groups:
        if group is None:
            continue
        shown.extend(group if isinstance(group, list | tuple) else [group])
    return context


def page_articles(context):
    """The articles the view said its page draws (``show``)."""
    return context.get(PAGE_ARTICLES) or ()


def part_name(template_name, **extra):
    """What tells a piece apart in the article's entry: its template and what
    else it is drawn with (a card's heading and variant)."""
    return (template_name, *sorted(extra.items()))


def kept_pieces(request, article, page_articles):
    """``{part: html}`` of ``article`` kept for the reader of ``request``. The
    first call in a request reads those of all ``page_articles()`` at once."""
    reader = reader_variant(request)
    cache.prefetch_once(
        (cache.ARTICLE_CARD, *reader),
        lambda: [(cache.ARTICLE_CARD, a.pk, *reader) for a in page_articles()],
    )
    return cache.fetch(cache.ARTICLE_CARD, article.pk, *reader) or {}


def missing(request, articles, template_name, **extra):
    """Those of ``articles`` (a page's) whose piece is not kept: what the page
    fetches more of (bylines…) before drawing them."""
    part = part_name(template_name, **extra)
    return [
        article
        for article in articles
        if part not in kept_pieces(request, article, lambda: articles)
    ]


def draw(context, article, template_name, **extra):
    """``article``'s piece from ``template_name`` (with ``extra`` in the
    context), kept or drawn in the page's own context and kept."""
    request = context.get("request")
    part = part_name(template_name, **extra)
    pieces = kept_pieces(request, article, lambda: page_articles(context))
    html = pieces.get(part)
    if html is None:
        with context.push(article=article, **extra):
            html = get_template(template_name).template.render(context)
        reader = reader_variant(request)
        value = {**pieces, part: html}
        cache.store(cache.ARTICLE_CARD, article.pk, *reader, value=value)
    return html
