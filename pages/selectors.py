"""The pages the footer and the main menu list, from the shared cache."""

from core import cache
from pages.models import Page


def listed_pages(language):
    """``{"footer": [Page…], "menu": [Page…]}`` of published pages in ``language``.

    One query with a cold cache, none after; editors' changes show at once.
    """

    def compute():
        listed = {Page.ShowIn.FOOTER: [], Page.ShowIn.MENU: []}
        pages = Page.objects.published().in_language(language)
        for page in pages.exclude(show_in=Page.ShowIn.NONE):
            listed[page.show_in].append(page)
        return {str(key): value for key, value in listed.items()}

    return cache.remember(cache.PAGE_LINKS, language, compute=compute)
