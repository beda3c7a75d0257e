"""``{% listed_pages "footer" as pages %}``: the pages editors list there."""

from django import template

from cms.i18n import current_language
from pages.selectors import listed_pages as select_listed_pages

register = template.Library()


@register.simple_tag
def listed_pages(place):
    """Published pages of the interface's language listed in ``place``."""
    return select_listed_pages(current_language()).get(place, [])
