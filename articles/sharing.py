"""What a shared or crawled page says about itself: OpenGraph and Twitter
``<meta>`` tags and schema.org JSON-LD.

Everything comes from what readers may see: the published article, its
translation only when that is published too, its tags, its authors' public
pages, the site's texts. The builders return plain data (``Sharing``); the
template escapes the ``<meta>`` values, and ``json_ld`` writes the JSON-LD
block so that no text (an article titled ``</script>``…) can end it early.

The publisher's logo is the one editors uploaded in the site settings, or a
neutral image shipped in ``static/`` (``PUBLISHER_LOGO``) until they do.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from taggit.models import Tag

from articles.models import Author, Category, Office
from core import hijri, i18n
from core.sanitize import safe_json
from images.renditions import shared_image
from site_settings.site import site_settings

SCHEMA = "https://schema.org"
#: OpenGraph's locale names for the site's languages.
OG_LOCALES = {"ar": "ar_AR", "en": "en_US"}
#: The shipped publisher's mark and its size in pixels, used until editors
#: upload a logo in the site settings (``logo()`` prefers that one).
PUBLISHER_LOGO = ("img/publisher-logo.png", 512, 512)
DESCRIPTION_CHARS = 300


@dataclass
class Sharing:
    """``meta``: ``[(attribute, key, content)]`` for ``<meta attribute="key"
    content="content">`` (``property`` for OpenGraph, ``name`` for Twitter);
    ``data``: the JSON-LD object."""

    meta: list = field(default_factory=list)
    data: dict = field(default_factory=dict)

    def add(self, attribute, key, content):
        """One ``<meta>``; an empty ``content`` adds none."""
        if content not in (None, ""):
            self.meta.append((attribute, key, str(content)))

    def og(self, key, content):
        self.add("property", f"og:{key}", content)

    def article(self, key, content):
        self.add("property", f"article:{key}", content)

    def twitter(self, key, content):
        self.add("name", f"twitter:{key}", content)


def json_ld(data):
    """``<script type="application/ld+json">`` with ``data``, safe in HTML."""
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(safe_json(data))
    )


def og_locale(language):
    return OG_LOCALES[i18n.normalize(language)]


def other_languages(language):
    return [code for code, _name in settings.LANGUAGES if code != language]


def describe(text):
    return Truncator(" ".join(str(text).split())).chars(DESCRIPTION_CHARS)


# Shared pieces ---------------------------------------------------------------


def image_object(url, width, height):
    data = {"@type": "ImageObject", "url": url}
    if width and height:
        data.update(width=width, height=height)
    return data


def logo(request):
    """The publisher's logo: the uploaded one, else the shipped mark."""
    uploaded = site_settings()
    if uploaded.logo and uploaded.logo_width and uploaded.logo_height:
        url = request.build_absolute_uri(uploaded.logo.url)
        return image_object(url, uploaded.logo_width, uploaded.logo_height)
    path, width, height = PUBLISHER_LOGO
    return image_object(request.build_absolute_uri(static(path)), width, height)


def home_url(request):
    """The absolute address of the active edition's home."""
    return request.build_absolute_uri(reverse("articles:home"))


def publisher(request, site_name):
    return {
        "@type": "Organization",
        "name": site_name,
        "url": home_url(request),
        "logo": logo(request),
    }


def website(request, site_name, language):
    """The edition as a ``WebSite`` (its ``@id`` is the edition's home)."""
    return {
        "@type": "WebSite",
        "@id": home_url(request),
        "url": home_url(request),
        "name": site_name,
        "inLanguage": language,
    }


def person(request, author):
    data = {
        "@type": "Person",
        "name": author.name,
        "url": request.build_absolute_uri(author.get_absolute_url()),
    }
    if author.role:
        data["jobTitle"] = author.role
    return data


def basics(sharing, *, kind, title, description, url, site_name, language):
    """The description search engines show, and the OpenGraph tags every
    page has."""
    sharing.add("name", "description", description)
    sharing.og("type", kind)
    sharing.og("site_name", site_name)
    sharing.og("title", title)
    sharing.og("description", description)
    sharing.og("url", url)
    sharing.og("locale", og_locale(language))


def add_image(sharing, url, width=None, height=None, alt=""):
    sharing.og("image", url)
    sharing.og("image:width", width)
    sharing.og("image:height", height)
    sharing.og("image:alt", alt)


def add_twitter(sharing, *, title, description, image_url, image_alt, large):
    sharing.twitter("card", "summary_large_image" if large else "summary")
    sharing.twitter("title", title)
    sharing.twitter("description", description)
    sharing.twitter("image", image_url)
    sharing.twitter("image:alt", image_alt)


# Articles -------------------------------------------------------------------------


def article_sharing(article, *, request, canonical_url, site_name, translation=None):
    """OpenGraph ``article``, a Twitter card and a ``NewsArticle``.

    ``translation`` is offered (``og:locale:alternate``) only when it is
    published.
    """
    if translation is not None and not translation.is_published:
        translation = None
    language = article.language
    description = describe(article.summary)
    published = hijri.iso_datetime(article.published_at)
    modified = hijri.iso_datetime(article.last_modified)
    section = article.category.name
    tags = [tag.name for tag in article.tag_list]
    authors = article.byline_authors
    image = shared_image(
        article.lead_image, article.lead_image_width, article.lead_image_height
    )
    image_url = request.build_absolute_uri(image.url) if image else None

    sharing = Sharing()
    basics(
        sharing,
        kind="article",
        title=article.title,
        description=description,
        url=canonical_url,
        site_name=site_name,
        language=language,
    )
    if translation is not None:
        sharing.og("locale:alternate", og_locale(translation.language))
    if image is not None:
        add_image(sharing, image_url, image.width, image.height, article.lead_image_alt)
    else:
        mark = logo(request)
        add_image(sharing, mark["url"], mark.get("width"), mark.get("height"))
    sharing.article("published_time", published)
    sharing.article("modified_time", modified)
    sharing.article("section", section)
    for author in authors:
        sharing.article("author", request.build_absolute_uri(author.get_absolute_url()))
    for tag in tags:
        sharing.article("tag", tag)
    add_twitter(
        sharing,
        title=article.title,
        description=description,
        image_url=image_url or logo(request)["url"],
        image_alt=article.lead_image_alt if image else "",
        large=image is not None,
    )

    data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical_url},
        "url": canonical_url,
        "headline": article.title,
        "description": description,
        "datePublished": published,
        "dateModified": modified,
        "inLanguage": language,
        "articleSection": section,
        "author": [person(request, author) for author in authors]
        or [
            {
                "@type": "Organization",
                "name": article.office.name,
                "url": request.build_absolute_uri(article.office.get_absolute_url()),
            }
        ],
        "publisher": publisher(request, site_name),
        "isPartOf": website(request, site_name, i18n.current_language()),
    }
    if image is not None:
        data["image"] = [image_object(image_url, image.width, image.height)]
    if tags:
        data["keywords"] = tags
    corrections = article.correction_list
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.note,
                "datePublished": hijri.iso_datetime(correction.made_at),
            }
            for correction in corrections
        ]
    if translation is not None:
        data["workTranslation"] = {
            "@type": "NewsArticle",
            "url": request.build_absolute_uri(translation.get_absolute_url()),
            "inLanguage": translation.language,
        }
    sharing.data = data
    return sharing


# Other pages --------------------------------------------------------------------


def page_sharing(subject, *, request, canonical_url, site_name, trail=()):
    """OpenGraph basics and JSON-LD for the home (``subject`` ``None``: a
    ``WebSite`` with a ``SearchAction``), a category (``CollectionPage`` with
    its ``trail`` as breadcrumbs), an author (``ProfilePage``), an office or a
    tag (``CollectionPage``)."""
    language = i18n.current_language()
    sharing = Sharing()
    image = image_alt = None
    data = {
        "@context": SCHEMA,
        "@type": "CollectionPage",
        "url": canonical_url,
        "inLanguage": language,
        "isPartOf": website(request, site_name, language),
    }
    if subject is None:
        title = site_name
        description = _("Statements, press releases and articles of %(site)s.") % {
            "site": site_name
        }
        data = {"@context": SCHEMA, **website(request, site_name, language)}
        data.update(
            {
                "description": description,
                "publisher": publisher(request, site_name),
                "potentialAction": search_action(request, language),
            }
        )
    elif isinstance(subject, Author):
        title = subject.name
        description = describe(subject.bio) if subject.bio else subject.role
        profile = person(request, subject)
        profile["worksFor"] = {
            "@type": "Organization",
            "name": subject.office.name,
            "url": request.build_absolute_uri(subject.office.get_absolute_url()),
        }
        if subject.bio:
            profile["description"] = describe(subject.bio)
        photo = shared_image(subject.photo, subject.photo_width, subject.photo_height)
        if photo is not None:
            image = (request.build_absolute_uri(photo.url), photo.width, photo.height)
            image_alt = subject.name
            profile["image"] = image_object(*image)
        data.update({"@type": "ProfilePage", "name": title, "mainEntity": profile})
    else:
        title = subject.name
        if isinstance(subject, Category):
            description = _("The latest articles in %(category)s.") % {
                "category": title
            }
            data["breadcrumb"] = breadcrumbs(request, trail or [subject])
        elif isinstance(subject, Office):
            description = _("The latest articles of %(office)s.") % {"office": title}
            data["about"] = {"@type": "Organization", "name": title}
        elif isinstance(subject, Tag):
            description = _("The latest articles tagged %(tag)s.") % {"tag": title}
        else:  # pragma: no cover - a template passed something else
            raise TypeError(f"No sharing metadata for {type(subject).__name__}.")
        data.update({"name": title, "description": description})

    basics(
        sharing,
        kind="profile" if isinstance(subject, Author) else "website",
        title=title,
        description=description,
        url=canonical_url,
        site_name=site_name,
        language=language,
    )
    for code in other_languages(language):
        sharing.og("locale:alternate", og_locale(code))
    if image is None:
        mark = logo(request)
        image = (mark["url"], mark.get("width"), mark.get("height"))
    add_image(sharing, *image, alt=image_alt or "")
    add_twitter(
        sharing,
        title=title,
        description=description,
        image_url=image[0],
        image_alt=image_alt or "",
        large=False,
    )
    sharing.data = data
    return sharing


def search_action(request, language):
    """The site search as a ``SearchAction``: ``/<lang>/search/?q=…``.

    The braces are added after the address is made absolute, which would
    percent-encode them.
    """
    search = request.build_absolute_uri(f"/{language}/search/")
    return {
        "@type": "SearchAction",
        "target": {
            "@type": "EntryPoint",
            "urlTemplate": f"{search}?q={{search_term_string}}",
        },
        "query-input": "required name=search_term_string",
    }


def breadcrumbs(request, trail):
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": category.name,
                "item": request.build_absolute_uri(category.get_absolute_url()),
            }
            for position, category in enumerate(trail, start=1)
        ],
    }
