"""The article page's body, with links to videos, posts and tracks drawn as
click-to-load blocks (``core.embeds``)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core import embeds

register = template.Library()

EMBED_TEMPLATE = "includes/embed.html"


def draw_embed(found, number):
    """One block (``includes/embed.html``); the first brings its script."""
    return render_to_string(
        EMBED_TEMPLATE, {"embed": found.embed, "text": found.text, "number": number}
    )


@register.filter
def with_embeds(body):
    """The article's body as stored (sanitised when it was saved), a link to
    another site's player alone in its paragraph drawn as a block that loads
    nothing from that site until the reader asks. Drawn with the page, and
    kept with it: the stored body, the feeds, the API and the PDF keep the
    plain link."""
    return mark_safe(embeds.embed_links(body, draw_embed))
