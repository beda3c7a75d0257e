"""Template tags for dates, digits, languages and the clock."""

import datetime
from zoneinfo import ZoneInfo

from django import template
from django.conf import settings
from django.template.defaulttags import TemplateIfParser
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core import cache, hijri, humanize, i18n
from core.i18n import current_language
from core.page_cache import marked_current
from core.reader import digits_preference, reader_variant
from site_settings import site

register = template.Library()

ZONE_LABELS = {"Asia/Riyadh": _("Makkah time")}
EDITION_LINKS = {
    "ar": _("Read the Arabic edition"),
    "en": _("Read the English edition"),
}


def _digits(context):
    return digits_preference(context.get("request"))


@register.simple_tag(takes_context=True)
def dual_date(context, value, language=None, *, time=False):
    """``<time datetime="…">Sunday, 19 Jumada al-awwal 1445 | 2023/12/03</time>``.

    ``time=True`` adds the local time to the second (revision lists).
    """
    if not isinstance(value, (datetime.date, datetime.datetime)):
        return ""
    return hijri.dual_date_html(
        value, language or current_language(), _digits(context), time=time
    )


@register.simple_tag(takes_context=True)
def dual_date_text(context, value, *, time=False):
    """``dual_date`` as plain text, where markup cannot go (an ``<option>``)."""
    if not isinstance(value, (datetime.date, datetime.datetime)):
        return ""
    return hijri.format_dual(value, current_language(), _digits(context), time=time)


@register.simple_tag(takes_context=True)
def digits(context, value):
    """A number or text with the reader's digits (Arabic-Indic in Arabic)."""
    return hijri.localize_digits(value, current_language(), _digits(context))


@register.simple_tag(takes_context=True)
def time_ago(context, value):
    """ "just now", "6 minutes ago", "منذ ٦ دقائق": numbers in the reader's digits."""
    if not isinstance(value, (datetime.date, datetime.datetime)):
        return ""
    return humanize.time_ago(value, now=context.get("now"), digits=_digits(context))


@register.simple_tag(takes_context=True)
def time_since(context, value):
    """How long since ``value``, in words: "2 days" (for "has waited …")."""
    if not isinstance(value, (datetime.date, datetime.datetime)):
        return ""
    return humanize.duration(value, now=context.get("now"), digits=_digits(context))


@register.simple_tag(takes_context=True, name="digits_preference")
def digits_preference_tag(context):
    """The reader's digits for Arabic text: ``arabic-indic`` or ``western``."""
    return (
        "arabic-indic" if hijri.use_arabic_digits("ar", _digits(context)) else "western"
    )


@register.inclusion_tag("includes/clock.html", takes_context=True)
def clock(context):
    """The time now in the site's zone; ticks with JavaScript, works without it."""
    zone = site.clock_time_zone()
    now = timezone.localtime(context.get("now") or timezone.now(), ZoneInfo(zone))
    return {
        "iso": now.isoformat(timespec="seconds"),
        "text": hijri.localize_digits(
            f"{now:%H:%M}", current_language(), _digits(context)
        ),
        "zone": zone,
        "zone_label": ZONE_LABELS.get(zone, zone),
        "use_arabic_digits": hijri.use_arabic_digits(
            current_language(), _digits(context)
        ),
    }


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every language, for the language switcher and ``hreflang``:
    ``[{code, name, url, absolute_url, current, alternate}]``.

    A page that knows its versions (an article: itself and its translation)
    gives them as ``alternates`` (``[(code, url)]``) in its context; any other
    page is the same address under the other prefix. A language without a
    version of the page links to that edition's home, and is no alternate.
    """
    request = context["request"]
    current = translation.get_language()
    path = request.get_full_path()
    known = dict(context.get("alternates") or ())
    versions = []
    for code, _name in settings.LANGUAGES:
        alternate = True
        if "alternates" in context:
            url = known.get(code)
            if url is None:
                alternate = False
                with translation.override(code):
                    url = reverse("articles:home")
        else:
            url = translate_url(path, code)
            if url == path and code != current and path.startswith(f"/{current}/"):
                # An address no URL pattern matches (a 404 page): translate_url
                # cannot reverse it, so swap the language prefix ourselves.
                url = f"/{code}/{path[len(current) + 2 :]}"
        versions.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "current": code == current,
                "alternate": alternate,
            }
        )
    return versions


@register.simple_tag
def other_editions():
    """The other editions' home pages, ``[{code, label, url}]`` (none when one
    edition shows every article)."""
    if not i18n.separate_editions():
        return []
    current = translation.get_language()
    editions = []
    for code, _name in settings.LANGUAGES:
        if code != current:
            with translation.override(code):
                url = reverse("articles:home")
            editions.append({"code": code, "label": EDITION_LINKS[code], "url": url})
    return editions


@register.simple_tag
def token_field():
    """The CSRF field of a public form on a cached page: empty in the page,
    filled by ``static/js/forms.js`` from ``/token/`` when the reader starts
    filling the form. Without JavaScript, ``site_settings.views.csrf_failure`` asks the
    reader to confirm (with a token) instead of refusing."""
    return mark_safe(
        '<input type="hidden" name="csrfmiddlewaretoken" value="" data-csrf-token>'
    )


register.filter("text_direction", i18n.text_direction)


@register.simple_tag
def main_menu_items():
    """The editors' main menu; empty when they have not set one up."""
    return site.menu_items()


@register.simple_tag
def comma():
    """The comma of the interface language: ``،`` in Arabic, ``,`` otherwise."""
    return i18n.comma(current_language())


class KeptNode(template.Node):
    def __init__(self, nodelist, name, parts, unless):
        self.nodelist, self.name, self.parts = nodelist, name, parts
        self.unless = unless

    def render(self, context):
        if self.unless is not None and self.unless.eval(context):
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        own = [part.resolve(context, ignore_failures=True) for part in self.parts]
        entry, *parts = cache.fragment(
            name, *reader_variant(context.get("request")), *own
        )
        if not cache.leaves_hole(name, [getattr(p, "pk", p) for p in own]):
            return cache.remember(
                entry, *parts, compute=lambda: self.nodelist.render(context)
            )
        # Filled at each serving of a kept page: not part of the page.
        with cache.apart():
            markup = cache.remember(
                entry, *parts, compute=lambda: self.nodelist.render(context)
            )
        markup = marked_current(markup, context.get("request"))
        cache.leave_hole(markup)
        return markup


@register.tag
def kept(parser, token):
    """``{% kept "name" part… [unless condition] %}…{% endkept %}``: the
    enclosed markup, kept rendered in the shared cache (``core.cache.FRAGMENT``)
    per name, the reader's language and digits, and each part
    (``core.cache.fragment``: a model instance counts by its primary key). The
    parts must name everything else the markup shows that differs from page to
    page; any content change makes it fresh. Nothing private (a form's token, a
    message) may go inside.

    ``unless`` (a condition as ``{% if %}`` reads it): drawn each time, and not
    kept, when it holds (a form sent back with the reader's text).
    """
    bits = token.split_contents()[1:]
    unless = None
    if "unless" in bits:
        at = bits.index("unless")
        bits, condition = bits[:at], bits[at + 1 :]
        if not condition:
            raise template.TemplateSyntaxError("'kept … unless' needs a condition")
        unless = TemplateIfParser(parser, condition).parse()
    name, *parts = [parser.compile_filter(bit) for bit in bits]
    if name.var not in cache.FRAGMENTS:
        raise template.TemplateSyntaxError(
            f"'kept' names one of core.cache.FRAGMENTS, not {bits[0]}"
        )
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, name, parts, unless)
