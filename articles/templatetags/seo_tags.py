"""Tags for what a page says about itself in ``<head>``: its feeds, and what
link previews and search engines read (OpenGraph, Twitter, JSON-LD)."""

from django import template

from articles import feeds, sharing
from articles.models import Category
from articles.templatetags.articles_tags import category_trail

register = template.Library()


@register.inclusion_tag("includes/feed_alternates.html")
def feed_alternates(subject=None):
    """``<link rel="alternate">`` to the RSS and Atom feeds about ``subject``
    (a category, author, office or tag; none: the edition)."""
    return {"feeds": feeds.feed_urls(subject), "title": feeds.feed_title(subject)}


@register.inclusion_tag("includes/feed_link.html")
def feed_link(subject=None):
    """The visible links to the same feeds."""
    return {"feeds": feeds.feed_urls(subject)}


@register.simple_tag
def feed_urls(subject=None):
    """``{"rss": …, "atom": …}``: the feeds about ``subject`` (none: the edition)."""
    return feeds.feed_urls(subject)


@register.inclusion_tag("includes/share_meta.html", takes_context=True)
def article_meta(context, article):
    """OpenGraph, Twitter and ``NewsArticle`` JSON-LD of an article page."""
    shared = sharing.article_sharing(
        article,
        request=context["request"],
        canonical_url=context["canonical_url"],
        site_name=context["site_name"],
        translation=context.get("translation"),
    )
    return {"meta": shared.meta, "json_ld": sharing.json_ld(shared.data)}


@register.inclusion_tag("includes/share_meta.html", takes_context=True)
def page_meta(context, subject=None):
    """OpenGraph, Twitter and JSON-LD of the home (no ``subject``), a
    category, author, office or tag page."""
    # The breadcrumbs of a category come from the tree the page shows anyway.
    trail = category_trail(subject) if isinstance(subject, Category) else ()
    shared = sharing.page_sharing(
        subject,
        request=context["request"],
        canonical_url=context["canonical_url"],
        site_name=context["site_name"],
        trail=trail,
    )
    return {"meta": shared.meta, "json_ld": sharing.json_ld(shared.data)}
