"""``{% responsive_image %}``: a ``<picture>`` with WebP and ``srcset``."""

from django import template

from images.renditions import rendition_urls

register = template.Library()


@register.inclusion_tag("includes/responsive_image.html")
def responsive_image(
    image,
    *,
    alt,
    width=None,
    height=None,
    sizes="100vw",
    css_class="",
    loading="lazy",
    display_width=None,
):
    """Render a stored image with its renditions, without touching storage.

    ``{% responsive_image article.lead_image alt=article.lead_image_alt
    sizes="(max-width: 50rem) 100vw, 48rem" %}``

    - ``alt`` is required; pass ``alt=""`` for a decorative image.
    - ``width``/``height`` are the original's; by default those its model
      keeps (``images.dimensions``), never read from the file.
    - ``display_width`` fixes the laid-out width in CSS pixels (a 160px
      portrait): the ``width``/``height`` attributes then say that size, with
      the image's proportions; by default they are those of the ``src`` copy.
    - ``loading`` is ``"lazy"``; pass ``"eager"`` for an image at the top of
      the page.

    An empty image renders nothing.
    """
    if not image:
        return {"image": None}
    urls = rendition_urls(image, width, height)
    attr_width, attr_height = urls.width, urls.height
    if display_width and attr_width and attr_height:
        attr_width, attr_height = (
            int(display_width),
            max(1, round(attr_height * int(display_width) / attr_width)),
        )
    return {
        "image": urls,
        "alt": "" if alt is None else alt,
        "width": attr_width,
        "height": attr_height,
        "sizes": sizes,
        "css_class": css_class,
        "loading": loading,
    }
