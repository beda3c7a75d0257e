"""``{% listed_pages "footer" as pages %}``: the pages editors list there;
``{% main_menu_variant as variant %}``: what the main menu differs by."""

from django import template

from cms import site
from cms.i18n import current_language
from pages.selectors import listed_pages as select_listed_pages

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
        request.path if request.path in linked else "",
    )
