"""Template tags for the category tree, the category trail, the byline and
article cards."""

from django import template
from django.template.loader import get_template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from articles.models import Author
from articles.selectors import request_category_tree
from cms import cache
from cms.views import reader_variant
from comments.templatetags.comments_tags import loaded_articles

register = template.Library()


@register.simple_tag(takes_context=True)
def category_tree(context):
    """The live category tree with counts, built once per request."""
    return request_category_tree(context.get("request"))


@register.simple_tag(takes_context=True)
def category_trail(context, category):
    """From the top-level category down to ``category``."""
    return category_tree(context).trail(category.pk)


@register.simple_tag
def byline(article):
    """ "Written for the <office> by <author>"; in Arabic the verb agrees with the
    author's grammatical gender (كتبه / كتبته)."""
    authors = article.byline_authors
    if not authors:
        return ""
    names = format_html_join(
        gettext(" and "), '<a href="{}" rel="author">{}</a>',
        ((a.get_absolute_url(), a.name) for a in authors),
    )  # fmt: skip
    if len(authors) == 1 and authors[0].gender == Author.Gender.FEMALE:
        sentence = pgettext(
            "byline, female author", "Written for the %(office)s by %(author)s"
        )
    else:
        sentence = pgettext(
            "byline, male author", "Written for the %(office)s by %(author)s"
        )
    office = format_html(
        '<a href="{}">{}</a>', article.office.get_absolute_url(), article.office.name
    )
    # The sentence is ours (translation catalogue); office and names are escaped.
    return mark_safe(conditional_escape(sentence) % {"office": office, "author": names})


CARD_TEMPLATE = "includes/article_card_body.html"


@register.simple_tag(takes_context=True)
def article_card(context, article, heading="h3", variant=""):
    """An article in a list (``includes/article_card_body.html``), kept whole
    in the shared cache (``cms.cache.ARTICLE_CARD``: per article, language
    and digits preference, every heading and variant drawn so far together;
    any content change, a comment approved included, makes it fresh).

    The first card asks for the cards of every article the page holds at
    once, whatever their variants. A card not kept yet is drawn in the page's
    own context, so that the comment counts of the missing cards still come
    in one query.
    """
    reader = reader_variant(context.get("request"))
    cache.prefetch_once(
        (cache.ARTICLE_CARD, *reader),
        lambda: [(cache.ARTICLE_CARD, o.pk, *reader) for o in loaded_articles(context)],
    )
    drawn = cache.fetch(cache.ARTICLE_CARD, article.pk, *reader) or {}
    card = drawn.get((heading, variant))
    if card is None:
        with context.push(article=article, heading=heading, variant=variant):
            card = get_template(CARD_TEMPLATE).template.render(context)
        drawn = {**drawn, (heading, variant): card}
        cache.store(cache.ARTICLE_CARD, article.pk, *reader, value=drawn)
    return card
