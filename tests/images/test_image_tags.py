"""The {% responsive_image %} tag: a <picture> built without touching storage."""

from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.template import Context, Template, TemplateSyntaxError

from articles.models import Author
from images.renditions import rendition_dir
from tests.markup import parse


def render(source, **context):
    return Template("{% load image_tags %}" + source).render(Context(context))


def photo_file(name="authors/face.jpg", width=1000, height=500, rendered=True):
    author = Author(photo_width=width, photo_height=height, photo_rendered=rendered)
    author.photo.name = name
    return author.photo


def test_the_tag_renders_a_picture_with_webp_source_and_full_img(settings):
    """srcset, sizes, width, height, alt, lazy loading, async decoding."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480, 800)
    html = render(
        '{% responsive_image photo alt="Volunteers planting trees" '
        'sizes="(max-width: 50rem) 100vw, 48rem" css_class="lead" %}',
        photo=photo_file(),
    )

    picture = parse(html).find(".//picture")
    source, img = list(picture)
    folder = rendition_dir("authors/face.jpg")
    assert source.tag == "source"
    assert source.get("type") == "image/webp"
    assert source.get("srcset").startswith(f"/media/{folder}/480.webp 480w, ")
    assert source.get("sizes") == "(max-width: 50rem) 100vw, 48rem"
    assert img.get("src") == f"/media/{folder}/800.jpg"
    assert img.get("srcset").endswith("/media/authors/face.jpg 1000w")
    assert img.get("sizes") == "(max-width: 50rem) 100vw, 48rem"
    assert (img.get("width"), img.get("height")) == ("800", "400")
    assert img.get("alt") == "Volunteers planting trees"
    assert img.get("class") == "lead"
    assert (img.get("loading"), img.get("decoding")) == ("lazy", "async")


def test_the_tag_reads_the_size_from_the_model_not_the_file():
    """width/height come from photo_width/photo_height: no storage I/O."""
    with mock.patch.object(default_storage, "open", side_effect=AssertionError):
        html = render('{% responsive_image photo alt="" %}', photo=photo_file())

    assert 'srcset="' in html
    assert "1000w" in html


def test_until_its_renditions_are_made_the_tag_shows_the_original_alone():
    """An upload's copies are made by a job: no srcset names one not made yet."""
    html = render(
        '{% responsive_image photo alt="x" %}', photo=photo_file(rendered=False)
    )

    picture = parse(html).find(".//picture")
    assert [child.tag for child in picture] == ["img"]
    img = picture.find("img")
    assert img.get("src") == "/media/authors/face.jpg"
    assert img.get("srcset") is None
    assert (img.get("width"), img.get("height")) == ("1000", "500")


def test_the_tag_keeps_an_empty_alt_for_a_decorative_image():
    """alt="" is still written: screen readers then skip the image."""
    html = render('{% responsive_image photo alt="" %}', photo=photo_file())

    assert parse(html).find(".//img").get("alt") == ""
    assert ' alt=""' in html


def test_the_tag_requires_alt():
    """Forgetting alt is a template error, not an inaccessible image."""
    with pytest.raises(TemplateSyntaxError, match="alt"):
        render("{% responsive_image photo %}", photo=photo_file())


def test_the_tag_escapes_the_alt_text():
    """Alt text is data, never markup."""
    html = render("{% responsive_image photo alt=text %}", photo=photo_file(),
                  text='"><script>x</script>')  # fmt: skip

    assert "<script>" not in html
    assert parse(html).find(".//img").get("alt") == '"><script>x</script>'


def test_the_tag_renders_nothing_for_an_empty_image():
    """No image, no markup."""
    html = render('{% responsive_image photo alt="x" %}', photo=Author().photo)

    assert html.strip() == ""


def test_the_tag_sizes_a_fixed_width_image_with_display_width():
    """A 160px portrait says 160 × 80, keeping the proportions."""
    html = render(
        '{% responsive_image photo alt="x" sizes="160px" display_width=160 %}',
        photo=photo_file(),
    )

    img = parse(html).find(".//img")
    assert (img.get("width"), img.get("height")) == ("160", "80")
    assert img.get("sizes") == "160px"


def test_the_tag_for_a_webp_original_has_no_separate_source():
    """The <img> srcset is WebP already."""
    html = render(
        '{% responsive_image photo alt="x" %}', photo=photo_file("authors/b.webp")
    )

    picture = parse(html).find(".//picture")
    assert [child.tag for child in picture] == ["img"]
    assert ".webp 480w" in picture.find("img").get("srcset")


def test_the_tag_eager_loading_for_an_image_at_the_top():
    """loading can be set to eager for the page's main image."""
    html = render(
        '{% responsive_image photo alt="x" loading="eager" %}', photo=photo_file()
    )

    assert parse(html).find(".//img").get("loading") == "eager"
