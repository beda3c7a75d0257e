"""``{% listed_pages "footer" as pages %}``: the pages editors list there;
``{% main_menu_variant as variant %}``: what the main menu differs by, and
``{% page_section as section %}`` with ``category|holds:section``: which of
its categories is the reader's section."""

from django import template

from core.i18n import current_language
from pages.selectors import listed_pages as select_listed_pages
from site_settings import site

register = template.Library()


@register.simple_tag
def listed_pages(place):
    """Published pages of the interface's language listed in ``place``."""
    return select_listed_pages(current_language()).get(place, [])


@register.simple_tag(takes_context=True)
def main_menu_variant(context):
    """What the main menu's markup depends on besides the content and the
    reader's language and digits (``{% kept %}`` holds those): which of its
    links is the page itself (``aria-current``). That is the page's view and
    category, and its address only when a menu link points to it, so every
    article page shares one menu."""
    request = context.get("request")
    if request is None:
        return None
    match = request.resolver_match
    linked = {item.url for item in site.menu_items()} | {
        page.get_absolute_url() for page in listed_pages("menu")
    }
    return (
        match.url_name if match else "",
        getattr(context.get("category"), "pk", None),
        page_section(context),
        request.path if request.path in linked else "",
    )


@register.simple_tag(takes_context=True)
def page_section(context):
    """The path of the category the page is in: the category page's own, or
    the article's. The menu marks the link to that category or to the one
    above it as the reader's section (``aria-current="true"``)."""
    category = context.get("category")
    if category is None:
        category = getattr(context.get("article"), "category", None)
    return getattr(category, "path", "")


@register.filter
def holds(category, section):
    """Whether ``section`` (a category's path) is ``category`` or lies below it."""
    return category.holds(section)
