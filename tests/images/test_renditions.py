"""Renditions: resized copies in both formats, their names, srcset and clean-up."""

import io
from unittest import mock

from django.core.files.storage import default_storage
from django.db.models.fields.files import ImageFieldFile
from PIL import Image

from articles.models import Author
from images.renditions import (
    delete_renditions,
    make_renditions,
    rendition_dir,
    rendition_name,
    rendition_urls,
)
from tests.images.helpers import (
    image_bytes,
    media_files,
    stored,
)


def test_renditions_are_made_at_each_smaller_width_in_both_formats(settings):
    """A 1000px JPEG gets 480 and 800 JPEGs, and WebPs at 480, 800 and 1000."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480, 800, 1200)
    original = stored("articles/view.jpg", image_bytes("JPEG", size=(1000, 500)))

    renditions = make_renditions(original)

    made = {(r.format, r.width, r.height) for r in renditions}
    assert made == {
        ("JPEG", 480, 240),
        ("JPEG", 800, 400),
        ("WEBP", 480, 240),
        ("WEBP", 800, 400),
        ("WEBP", 1000, 500),
    }
    for rendition in renditions:
        with default_storage.open(rendition.name) as file:
            image = Image.open(file)
            assert image.format == rendition.format
            assert image.size == (rendition.width, rendition.height)
        assert rendition.url == default_storage.url(rendition.name)


def test_renditions_are_never_upscaled(settings):
    """An image narrower than every width gets only its full-size WebP copy."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480, 800)
    original = stored("articles/small.png", image_bytes("PNG", size=(300, 200)))

    renditions = make_renditions(original)

    assert [(r.format, r.width) for r in renditions] == [("WEBP", 300)]


def test_a_webp_original_gets_only_webp_renditions(settings):
    """Its own format is WebP already: no second copy per width."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480, 800)
    original = stored("articles/banner.webp", image_bytes("WEBP", size=(900, 300)))

    renditions = make_renditions(original)

    assert [(r.format, r.width) for r in renditions] == [("WEBP", 480), ("WEBP", 800)]


def test_palette_and_transparent_pngs_give_proper_renditions(settings):
    """A palette PNG is resized in full colour; transparency survives in WebP."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (100,)
    image = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    image.paste((200, 0, 0, 255), (0, 0, 100, 100))
    buffer = io.BytesIO()
    image.convert("P").save(buffer, "PNG", transparency=0)
    original = stored("articles/logo.png", buffer.getvalue())

    renditions = make_renditions(original)

    webp = next(r for r in renditions if (r.format, r.width) == ("WEBP", 100))
    with default_storage.open(webp.name) as file:
        assert Image.open(file).mode == "RGBA"


def test_making_renditions_twice_stores_nothing_new(settings):
    """Renditions are made once: the second call neither decodes nor saves."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480, 800)
    original = stored("articles/view.jpg", image_bytes("JPEG", size=(1000, 500)))
    first = make_renditions(original)

    with (
        mock.patch.object(default_storage, "save") as save,
        mock.patch.object(Image.Image, "load") as load,
    ):
        second = make_renditions(original)

    assert second == first
    save.assert_not_called()
    load.assert_not_called()


def test_a_missing_rendition_is_made_again(settings):
    """Only what is missing is made; the rest is left as it is."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480, 800)
    original = stored("articles/view.jpg", image_bytes("JPEG", size=(1000, 500)))
    renditions = make_renditions(original)
    default_storage.delete(renditions[0].name)

    with mock.patch.object(default_storage, "save", wraps=default_storage.save) as save:
        make_renditions(original)

    assert [c.args[0] for c in save.call_args_list] == [renditions[0].name]


def test_rendition_names_are_deterministic_and_tell_same_named_files_apart():
    """Names derive from the original's whole name, readable stem first."""
    january = rendition_name("articles/2024/01/view.jpg", 480, "WEBP")
    february = rendition_name("articles/2024/02/view.jpg", 480, "WEBP")

    assert january == rendition_name("articles/2024/01/view.jpg", 480, "WEBP")
    assert january != february
    assert january.startswith("renditions/view-")
    assert january.endswith("/480.webp")


def test_rendition_urls_use_no_storage_access(settings):
    """srcset is name arithmetic: no exists(), open(), size() or listdir()."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480, 800)
    original = ImageFieldFile(
        Author(photo_rendered=True),
        Author._meta.get_field("photo"),
        "articles/view.jpg",
    )
    forbidden = {"exists", "open", "size", "listdir", "path"}
    patches = [
        mock.patch.object(default_storage, name, side_effect=AssertionError(name))
        for name in forbidden
    ]
    for patch in patches:
        patch.start()
    try:
        urls = rendition_urls(original, 1000, 500)
    finally:
        for patch in patches:
            patch.stop()

    folder = rendition_dir("articles/view.jpg")
    assert urls.srcset == (
        f"/media/{folder}/480.jpg 480w, /media/{folder}/800.jpg 800w, "
        "/media/articles/view.jpg 1000w"
    )
    assert urls.webp_srcset == (
        f"/media/{folder}/480.webp 480w, /media/{folder}/800.webp 800w, "
        f"/media/{folder}/1000.webp 1000w"
    )
    assert (urls.src, urls.width, urls.height) == (
        f"/media/{folder}/800.jpg",
        800,
        400,
    )


def test_every_url_in_srcset_is_a_file_make_renditions_created(settings):
    """What the page announces and what storage holds are the same names."""
    original = stored("articles/view.png", image_bytes("PNG", size=(1300, 650)))
    make_renditions(original)
    original.instance.photo_rendered = True

    urls = rendition_urls(original, 1300, 650)

    candidates = f"{urls.srcset}, {urls.webp_srcset}".split(", ")
    assert len(candidates) == 8
    for candidate in candidates:
        url, _ = candidate.split(" ")
        assert default_storage.exists(url.removeprefix(settings.MEDIA_URL))


def test_a_name_with_commas_and_spaces_keeps_srcset_parseable():
    """Each candidate is one URL and one width: separators are percent-encoded."""
    original = ImageFieldFile(
        Author(photo_rendered=True),
        Author._meta.get_field("photo"),
        "authors/صورة, الاجتماع.jpg",
    )

    urls = rendition_urls(original, 1000, 500)

    for candidate in urls.srcset.split(", "):
        url, descriptor = candidate.split(" ")
        assert descriptor.endswith("w")
        assert "," not in url


def test_an_image_of_unknown_size_gets_only_its_src():
    """Without the original's width there is nothing to compute a srcset from."""
    original = ImageFieldFile(Author(), Author._meta.get_field("photo"), "a/b.jpg")

    urls = rendition_urls(original, None, None)

    assert (urls.src, urls.srcset, urls.webp_srcset) == ("/media/a/b.jpg", "", "")


def test_delete_renditions_also_removes_copies_of_older_width_settings(settings):
    """Renditions are found by folder, so a changed width list leaves none."""
    settings.CMS_IMAGE_RENDITION_WIDTHS = (480,)
    original = stored("articles/view.jpg", image_bytes("JPEG", size=(1000, 500)))
    make_renditions(original)
    settings.CMS_IMAGE_RENDITION_WIDTHS = (600,)
    make_renditions(original)

    removed = delete_renditions(original.name, default_storage)

    assert removed == 5
    assert media_files(settings) == [original.name]


def test_deleting_renditions_of_an_image_without_any_is_harmless():
    """No folder, nothing to do, no error."""
    assert delete_renditions("articles/none.jpg", default_storage) == 0
