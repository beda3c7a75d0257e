"""Resized copies of stored images, and the ``srcset`` that names them.

``make_renditions`` stores each copy once (original format and WebP, at every
``CMS_IMAGE_RENDITION_WIDTHS`` width smaller than the original) under a name
derived from the original's, so that ``rendition_urls`` and the
``{% responsive_image %}`` tag build ``srcset`` without touching storage.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from functools import lru_cache

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from PIL import Image

from core import conf
from images.dimensions import renditions_made, stored_dimensions
from images.encoding import (
    EXTENSIONS,
    RENDITION_JPEG_QUALITY,
    encode,
    format_of,
    stem,
    web_mode,
)
from images.validation import checked_image

logger = logging.getLogger(__name__)

RENDITIONS_ROOT = "renditions"
# Rendition folder names keep at most this much of the original's stem.
STEM_LENGTH = 60


@dataclass(frozen=True)
class Rendition:
    """A resized copy of an image in storage."""

    name: str
    width: int
    height: int
    format: str
    url: str


@dataclass(frozen=True)
class ResponsiveImage:
    """What the ``<picture>`` element needs: computed, never looked up."""

    src: str
    width: int | None
    height: int | None
    srcset: str
    webp_srcset: str


def rendition_widths(width: int) -> list[int]:
    """The configured rendition widths smaller than ``width``, ascending."""
    widths = {int(w) for w in conf.get("CMS_IMAGE_RENDITION_WIDTHS") if int(w) > 0}
    return sorted(w for w in widths if w < width)


def rendition_height(width: int, height: int, new_width: int) -> int:
    """The height of a ``new_width`` copy of a ``width`` × ``height`` image."""
    return max(1, round(height * new_width / width))


@lru_cache(maxsize=4096)  # pure; asked for each rendition of every picture shown
def rendition_dir(name: str) -> str:
    """The folder of an original's renditions: ``renditions/<stem>-<hash8>``.

    The hash of the whole name tells apart two ``photo.jpg`` uploaded to
    different folders; the stem keeps the folder readable.
    """
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{RENDITIONS_ROOT}/{stem(name)[:STEM_LENGTH]}-{digest}"


def rendition_name(name: str, width: int, image_format: str) -> str:
    """The storage name of the ``width`` rendition of ``name`` in a format."""
    return f"{rendition_dir(name)}/{width}.{EXTENSIONS[image_format]}"


def planned_renditions(
    name: str, width: int, height: int, storage: Storage
) -> list[Rendition]:
    """Every rendition an original ``width`` × ``height`` image has, by name.

    Each configured width smaller than the original, in the original's format
    and in WebP, plus a full-size WebP copy of a JPEG or PNG original (so that
    the WebP ``<source>`` covers every width the ``<img>`` does).
    """
    original_format = format_of(name)
    if original_format is None or not width or not height:
        return []
    formats = [original_format]
    if original_format != "WEBP":
        formats.append("WEBP")
    plan = []
    for image_format in formats:
        widths = rendition_widths(width)
        if image_format == "WEBP" and original_format != "WEBP":
            widths.append(width)
        for w in widths:
            rendition = rendition_name(name, w, image_format)
            plan.append(
                Rendition(
                    name=rendition,
                    width=w,
                    height=rendition_height(width, height, w),
                    format=image_format,
                    url=storage.url(rendition),
                )
            )
    return plan


def shared_image(field_file, width: int | None, height: int | None) -> Rendition | None:
    """The one copy of an image that feeds and link previews point to.

    The largest rendition in the original's format (the ``src`` of
    ``rendition_urls``), or the original itself when it is small or of an
    unknown size; computed from the name, without touching storage. ``None``
    for an empty field.
    """
    name = getattr(field_file, "name", None)
    if not name:
        return None
    storage = field_file.storage
    original_format = format_of(name) or "JPEG"
    plan = (
        planned_renditions(name, width or 0, height or 0, storage)
        if renditions_made(field_file)
        else []  # the original, until its copies are made
    )
    same = [rendition for rendition in plan if rendition.format == original_format]
    if same:
        return same[-1]
    return Rendition(
        name=name, width=width, height=height, format=original_format,
        url=storage.url(name),
    )  # fmt: skip


def _resized(image: Image.Image, width: int, height: int) -> Image.Image:
    if image.mode in ("P", "1"):
        # Palette images only resize with "nearest": go through full colour.
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _store(storage: Storage, name: str, data: bytes) -> None:
    saved = storage.save(name, ContentFile(data))
    if saved != name:
        # Someone stored the same rendition meanwhile; theirs is as good.
        storage.delete(saved)


def make_renditions(field_file) -> list[Rendition]:
    """Create the missing renditions of a stored image; return all of them.

    Idempotent: renditions already in storage are not made again, and when
    none is missing the original is not even decoded. The original is expected
    to have gone through ``sanitize_upload`` (its format is the one its
    extension names). Returns ``[]`` for an empty field or a format that has
    no renditions; raises ``ValidationError`` if the stored original is not a
    usable image.
    """
    return render_missing(
        getattr(field_file, "name", None),
        field_file.storage,
        *stored_dimensions(field_file),
    )


def render_missing(
    name: str | None, storage: Storage, width: int | None, height: int | None
) -> list[Rendition]:
    """``make_renditions`` for a stored name of known (or unknown) size."""
    if not name or format_of(name) is None:
        return []
    if not (width and height):
        with (
            storage.open(name, "rb") as stored,
            checked_image(stored, decode=False) as image,
        ):
            width, height = image.size
    plan = planned_renditions(name, width, height, storage)
    missing = [r for r in plan if not storage.exists(r.name)]
    if not missing:
        return plan
    with storage.open(name, "rb") as stored, checked_image(stored) as image:
        if image.size != (width, height):
            # The model's stored size is stale: trust the file.
            plan = planned_renditions(name, *image.size, storage)
            missing = [r for r in plan if not storage.exists(r.name)]
        for rendition in missing:
            copy = web_mode(
                _resized(image, rendition.width, rendition.height), rendition.format
            )
            data = encode(copy, rendition.format, jpeg_quality=RENDITION_JPEG_QUALITY)
            _store(storage, rendition.name, data)
    return plan


def delete_renditions(name: str, storage: Storage) -> int:
    """Delete every rendition of the original ``name``; return how many.

    Lists the rendition folder rather than recomputing names, so copies made
    under an older ``CMS_IMAGE_RENDITION_WIDTHS`` go too.
    """
    if not name:
        return 0
    folder = rendition_dir(name)
    try:
        _, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for file_name in files:
        storage.delete(f"{folder}/{file_name}")
    try:
        # FileSystemStorage removes an (empty) directory; object stores have none.
        storage.delete(folder)
    except OSError:
        logger.warning("Could not remove the rendition folder %s", folder)
    return len(files)


def rendition_urls(
    field_file, width: int | None = None, height: int | None = None
) -> ResponsiveImage | None:
    """The ``src``/``srcset`` of an image, from its name and size alone.

    ``width`` and ``height`` are the original's; by default those its model
    keeps (``images.dimensions``). No storage access: the names are computed.
    The ``src`` is the largest rendition in the original's format (the
    original itself when it is small), with that candidate's own width and
    height. Returns ``None`` for an empty field.
    """
    name = getattr(field_file, "name", None)
    if not name:
        return None
    known_width, known_height = stored_dimensions(field_file)
    width = known_width if width is None else width
    height = known_height if height is None else height
    storage = field_file.storage
    original_url = storage.url(name)
    original_format = format_of(name)
    if (
        not (width and height and renditions_made(field_file))
        or original_format is None
    ):
        return ResponsiveImage(
            src=original_url, width=width, height=height, srcset="", webp_srcset=""
        )
    plan = planned_renditions(name, width, height, storage)
    same = [r for r in plan if r.format == original_format]
    candidates = [(r.url, r.width) for r in same] + [(original_url, width)]
    src, src_width, src_height = original_url, width, height
    if same:
        src, src_width, src_height = same[-1].url, same[-1].width, same[-1].height
    webp_srcset = ""
    if original_format != "WEBP":
        webp_srcset = ", ".join(
            f"{r.url} {r.width}w" for r in plan if r.format == "WEBP"
        )
    return ResponsiveImage(
        src=src,
        width=src_width,
        height=src_height,
        srcset=", ".join(f"{url} {w}w" for url, w in candidates),
        webp_srcset=webp_srcset,
    )
