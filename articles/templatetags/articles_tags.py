"""Template tags for the category tree, the category trail, the byline,
article cards, the article's share links and the breaking news."""

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from articles import cards, selectors, share_links
from articles.models import Author
from core.i18n import current_language

register = template.Library()


@register.simple_tag
def category_tree():
    """The live category tree with counts, read once per request."""
    return selectors.category_tree(current_language())


@register.inclusion_tag("includes/breaking_news.html")
def breaking_news():
    """The banner across the top of every page of the edition, when an editor
    marked an article as breaking (``selectors.breaking_news``)."""
    return {"breaking": selectors.breaking_news(current_language())}


@register.simple_tag
def category_outline():
    """The live category tree without counts (no list of articles in it)."""
    return selectors.category_outline_tree()


@register.simple_tag
def category_trail(category):
    """From the top-level category down to ``category``."""
    return category_outline().trail(category.pk)


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
    with the article's other pieces (``articles.cards``; any content change,
    a comment approved included, makes it fresh).

    A card not kept yet is drawn in the page's own context, so that the
    comment counts of the missing cards still come in one query.
    """
    return cards.draw(context, article, CARD_TEMPLATE, heading=heading, variant=variant)


@register.inclusion_tag("includes/share_links.html")
def share_article(article, url):
    """Links that send ``article`` (at ``url``, its absolute address) on to
    the networks of ``CMS_SHARE_NETWORKS``, and a button that copies ``url``."""
    return {
        "links": share_links.share_links(article.title, url),
        "url": url,
    }
