"""Safe image uploads and their responsive renditions.

Everything the site does with uploaded pictures (article lead images, author
photos) goes through this module:

- ``validate_image_upload`` refuses anything that is not a real JPEG, PNG or
  WebP image within the byte and pixel limits (decompression bombs included);
- ``sanitize_upload`` re-encodes an accepted upload with its EXIF orientation
  applied and every piece of metadata dropped (GPS position, camera serial,
  XMP, IPTC, comments): reporters' safety comes first;
- ``make_renditions`` stores resized copies (original format and WebP) once,
  under names derived from the original's name, so that ``rendition_urls``
  and the ``{% responsive_image %}`` tag can build ``srcset`` without touching
  storage; ``delete_image``/``delete_renditions`` leave no orphaned files;
- ``register_image_field`` wires all of this to a model's ``ImageField``.

Limits are site settings read when used (``cms.conf``): ``CMS_IMAGE_MAX_BYTES``,
``CMS_IMAGE_MAX_PIXELS``, ``CMS_IMAGE_MAX_DIMENSION``,
``CMS_IMAGE_RENDITION_WIDTHS``.
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from cms import conf

logger = logging.getLogger(__name__)

# Pillow plugins allowed to decode an upload (MPO, the multi-picture JPEG many
# phones write, is opened by the JPEG plugin and kept as a plain JPEG).
DECODERS = ("JPEG", "PNG", "WEBP")
ACCEPTED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
FORMAT_OF_EXTENSION = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}

JPEG_QUALITY = 88
RENDITION_JPEG_QUALITY = 82
WEBP_QUALITY = 80
RENDITIONS_ROOT = "renditions"
# Rendition folder names keep at most this much of the original's stem.
STEM_LENGTH = 60

MESSAGES = {
    "invalid_image": _(
        "This file is not an image, or the image is damaged. "
        "Upload a JPEG, PNG or WebP image."
    ),
    "image_format": _(
        "%(format)s images are not accepted. Upload a JPEG, PNG or WebP image."
    ),
    "image_too_big": _("The file is %(size)s; the largest file accepted is %(limit)s."),
    "image_dimensions": _(
        "The image is %(width)s × %(height)s pixels; no side may be longer than "
        "%(limit)s pixels."
    ),
    "decompression_bomb": _(
        "The image was refused as a possible decompression bomb: it would expand "
        "to more than %(limit)s pixels in memory. Reduce its dimensions and "
        "upload it again."
    ),
}


def _error(code: str, **params: Any) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


# Checking and opening uploads -------------------------------------------------


def _byte_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        size = file.seek(0, io.SEEK_END)
        file.seek(position)
    return size


def _pixel_limit() -> int:
    # Pillow's own limit applies too (its warning is turned into a refusal).
    limits = [conf.get("CMS_IMAGE_MAX_PIXELS")]
    if Image.MAX_IMAGE_PIXELS:
        limits.append(Image.MAX_IMAGE_PIXELS)
    return min(limits)


def _sniff_format(file) -> str | None:
    """The name of a format Pillow does not read but an editor may try (SVG,
    HEIC from phones), so that the message says what was refused."""
    file.seek(0)
    head = file.read(2048)
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"mif1", b"msf1"):
            return "HEIC"
        if brand in (b"avif", b"avis"):
            return "AVIF"
    if b"<svg" in head.lower():
        return "SVG"
    return None


def _identify_refused_format(file) -> str | None:
    """The format of a file that none of the accepted decoders can open."""
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                return image.format
    except Exception:  # any failure means "not an image we know"
        pass
    try:
        return _sniff_format(file)
    except Exception:
        return None


@contextmanager
def _checked_image(file, *, decode: bool = True) -> Iterator[Image.Image]:
    """Open ``file`` as a decoded, accepted image, or raise ``ValidationError``.

    The checks that need no decoding (bytes, format, dimensions) come first,
    so a bomb is refused before a single pixel is decompressed; with
    ``decode=False`` only those are made (to read the size). The file is
    rewound afterwards for whoever reads it next.
    """
    if getattr(file, "closed", False):
        file.open("rb")
    size = _byte_size(file)
    limit = conf.get("CMS_IMAGE_MAX_BYTES")
    if size > limit:
        raise _error(
            "image_too_big", size=filesizeformat(size), limit=filesizeformat(limit)
        )
    image = None
    try:
        file.seek(0)
        # Pillow gets its own copy (at most CMS_IMAGE_MAX_BYTES): Image.close()
        # would close the caller's file, and storage files need not seek well.
        data = io.BytesIO(file.read(limit + 1))
        # Pillow warns above Image.MAX_IMAGE_PIXELS and raises above twice that;
        # both are refusals here.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                image = Image.open(data, formats=DECODERS)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise _error(
                    "decompression_bomb", limit=_number(_pixel_limit())
                ) from None
            except UnidentifiedImageError:
                refused = _identify_refused_format(data)
                if refused:
                    raise _error("image_format", format=refused) from None
                raise _error("invalid_image") from None
            except Exception:  # hostile input raises anything
                raise _error("invalid_image") from None
            if image.format not in ACCEPTED_FORMATS:
                raise _error("image_format", format=image.format)
            width, height = image.size
            if width * height > _pixel_limit():
                raise _error("decompression_bomb", limit=_number(_pixel_limit()))
            longest = conf.get("CMS_IMAGE_MAX_DIMENSION")
            if max(width, height) > longest:
                raise _error(
                    "image_dimensions",
                    width=_number(width),
                    height=_number(height),
                    limit=_number(longest),
                )
            try:
                if decode:
                    image.load()
            except ValueError as exc:
                # Pillow's guard against compressed metadata chunks (PNG iCCP,
                # zTXt) that expand past its limits.
                if "too large" in str(exc):
                    raise _error(
                        "decompression_bomb", limit=_number(_pixel_limit())
                    ) from None
                raise _error("invalid_image") from None
            except Exception:  # truncated or corrupt pixel data
                raise _error("invalid_image") from None
        yield image
    finally:
        if image is not None:
            image.close()
        file.seek(0)


def validate_image_upload(file) -> None:
    """Validator for image uploads: a real JPEG, PNG or WebP within the limits.

    Usable in a model ``ImageField(validators=[validate_image_upload])`` and in
    forms. Raises only ``ValidationError`` (codes ``invalid_image``,
    ``image_format``, ``image_too_big``, ``image_dimensions``,
    ``decompression_bomb``) and leaves the file rewound for the save that
    follows. A file already in storage (an unchanged field) was checked when it
    was uploaded and is not read again.
    """
    if not file or getattr(file, "_committed", False):
        return
    with _checked_image(file):
        pass


class ImageUploadField(forms.ImageField):
    """A form ``ImageField`` that runs ``validate_image_upload`` first.

    Django's own ``forms.ImageField`` answers a very large bomb with its generic
    "not an image" message; this field names the real reason. Use it through
    ``ModelAdmin.formfield_overrides``.
    """

    def to_python(self, data):
        if data not in self.empty_values and not getattr(data, "_committed", False):
            validate_image_upload(data)
        return super().to_python(data)


# Sanitising -------------------------------------------------------------------


def _colour_space(icc_profile: bytes) -> str | None:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return profile.profile.xcolor_space.strip()
    except Exception:  # a broken profile is simply dropped
        return None


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Convert pixels described by an embedded ICC profile to plain sRGB.

    The profile itself is then dropped like all other metadata: a colour
    profile made by a calibration tool can carry a person's or a machine's
    name, and untagged pixels are read as sRGB by every browser.
    """
    if not icc_profile:
        return image
    space = _colour_space(icc_profile)
    if space == "CMYK" and image.mode == "CMYK":
        output_mode = "RGB"
    elif space == "RGB":
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if image.has_transparency_data else "RGB")
        output_mode = image.mode
    else:
        return image
    try:
        converted = ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
            ImageCms.createProfile("sRGB"),
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            outputMode=output_mode,
        )
    except Exception:  # unusable profile: keep the pixels as they are
        return image
    return converted or image


def _web_mode(image: Image.Image, image_format: str) -> Image.Image:
    """``image`` in a mode the format stores and browsers show correctly."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif image.mode == "1":
        image = image.convert("L")
    elif image.mode not in ("L", "LA", "RGB", "RGBA", "P"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    if image_format == "JPEG" and image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    return image


def _encode(
    image: Image.Image, image_format: str, *, jpeg_quality: int = JPEG_QUALITY
) -> bytes:
    """``image`` encoded without any metadata at all."""
    # Plugins read some metadata from ``info`` (JPEG comments, PNG ICC
    # profiles); only PNG transparency, which is pixel data, is kept.
    transparency = image.info.get("transparency")
    image.info = {}
    if transparency is not None and image.mode in ("P", "L", "RGB"):
        image.info["transparency"] = transparency
    buffer = io.BytesIO()
    options: dict[str, Any] = {"exif": b"", "icc_profile": None}
    if image_format == "JPEG":
        options.update(quality=jpeg_quality, optimize=True, progressive=True)
    elif image_format == "WEBP":
        options.update(quality=WEBP_QUALITY, method=4)
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _stem(name: str) -> str:
    return PurePosixPath(str(name).replace("\\", "/")).stem or "image"


def sanitize_upload(file) -> ContentFile:
    """A clean copy of an accepted image upload, ready to be stored.

    The EXIF orientation is applied to the pixels, colours are converted to
    sRGB, and the image is re-encoded in its own format (JPEG quality 88) with
    no metadata whatever: EXIF (GPS position included), XMP, IPTC, comments
    and ICC profile are all gone. The name keeps the original's stem with the
    extension of the real format (``holiday.JPEG`` → ``holiday.jpg``, a PNG
    called ``photo.jpg`` → ``photo.png``).

    Raises ``ValidationError`` for input that ``validate_image_upload``
    refuses; ``file`` is left rewound.
    """
    with _checked_image(file) as image:
        image_format = ACCEPTED_FORMATS[image.format]
        icc_profile = image.info.get("icc_profile")
        # exif_transpose returns a copy even when nothing turns; the copy is
        # detached from the upload, which the context manager then closes.
        clean = ImageOps.exif_transpose(image)
    clean = _web_mode(_to_srgb(clean, icc_profile), image_format)
    data = _encode(clean, image_format)
    stem = _stem(getattr(file, "name", None) or "image")
    return ContentFile(data, name=f"{stem}.{EXTENSIONS[image_format]}")


# Renditions -------------------------------------------------------------------


@dataclass(frozen=True)
class Rendition:
    """A resized copy of an image in storage."""

    name: str
    width: int
    height: int
    format: str
    url: str

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.format]


@dataclass(frozen=True)
class ResponsiveImage:
    """What the ``<picture>`` element needs: computed, never looked up."""

    src: str
    width: int | None
    height: int | None
    srcset: str
    webp_srcset: str


def format_of(name: str) -> str | None:
    """The image format a stored name stands for, from its extension."""
    return FORMAT_OF_EXTENSION.get(PurePosixPath(name).suffix.lower().lstrip("."))


def rendition_widths(width: int) -> list[int]:
    """The configured rendition widths smaller than ``width``, ascending."""
    widths = {int(w) for w in conf.get("CMS_IMAGE_RENDITION_WIDTHS") if int(w) > 0}
    return sorted(w for w in widths if w < width)


def rendition_height(width: int, height: int, new_width: int) -> int:
    """The height of a ``new_width`` copy of a ``width`` × ``height`` image."""
    return max(1, round(height * new_width / width))


def rendition_dir(name: str) -> str:
    """The folder of an original's renditions: ``renditions/<stem>-<hash8>``.

    The hash of the whole name tells apart two ``photo.jpg`` uploaded to
    different folders; the stem keeps the folder readable.
    """
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{RENDITIONS_ROOT}/{_stem(name)[:STEM_LENGTH]}-{digest}"


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


def _known_dimensions(field_file) -> tuple[int | None, int | None]:
    """The original's size from the model's width/height fields, if it has them."""
    field = getattr(field_file, "field", None)
    instance = getattr(field_file, "instance", None)
    if field is None or instance is None:
        return None, None
    width = getattr(instance, field.width_field, None) if field.width_field else None
    height = getattr(instance, field.height_field, None) if field.height_field else None
    return width, height


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
    width, height = _known_dimensions(field_file)
    return _make_renditions(
        getattr(field_file, "name", None), field_file.storage, width, height
    )


def _make_renditions(
    name: str | None, storage: Storage, width: int | None, height: int | None
) -> list[Rendition]:
    if not name or format_of(name) is None:
        return []
    if not (width and height):
        with (
            storage.open(name, "rb") as stored,
            _checked_image(stored, decode=False) as image,
        ):
            width, height = image.size
    plan = planned_renditions(name, width, height, storage)
    missing = [r for r in plan if not storage.exists(r.name)]
    if not missing:
        return plan
    with storage.open(name, "rb") as stored, _checked_image(stored) as image:
        if image.size != (width, height):
            # The model's stored size is stale: trust the file.
            plan = planned_renditions(name, *image.size, storage)
            missing = [r for r in plan if not storage.exists(r.name)]
        for rendition in missing:
            copy = _web_mode(
                _resized(image, rendition.width, rendition.height), rendition.format
            )
            data = _encode(copy, rendition.format, jpeg_quality=RENDITION_JPEG_QUALITY)
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


def delete_image(field_file_or_name, storage: Storage | None = None) -> None:
    """Delete an original image and all its renditions from storage.

    Takes a ``FieldFile`` or a stored name with its ``storage``. Does not
    touch the model: pair it with clearing the field, or let
    ``register_image_field`` call it when a row is deleted or its image
    replaced.
    """
    if isinstance(field_file_or_name, str):
        name = field_file_or_name
    else:
        name = field_file_or_name.name
        storage = field_file_or_name.storage
    if not name:
        return
    if storage is None:
        raise TypeError("delete_image() needs the storage with a plain name.")
    delete_renditions(name, storage)
    storage.delete(name)


def rendition_urls(
    field_file, width: int | None, height: int | None
) -> ResponsiveImage | None:
    """The ``src``/``srcset`` of an image, from its name and size alone.

    ``width`` and ``height`` are the original's, as the model stores them
    (``lead_image_width``…). No storage access: the names are computed. The
    ``src`` is the largest rendition in the original's format (the original
    itself when it is small), with that candidate's own width and height.
    Returns ``None`` for an empty field.
    """
    name = getattr(field_file, "name", None)
    if not name:
        return None
    storage = field_file.storage
    original_url = storage.url(name)
    original_format = format_of(name)
    if not (width and height) or original_format is None:
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


def shared_image(field_file, width: int | None, height: int | None) -> Rendition | None:
    """The one copy of an image that feeds and link previews point to.

    The largest rendition in the original's format (the ``src`` of
    ``rendition_urls``), or the original itself when it is small or of an
    unknown size; computed from the name, without touching storage. Returns
    ``None`` for an empty field.
    """
    name = getattr(field_file, "name", None)
    if not name:
        return None
    storage = field_file.storage
    original_format = format_of(name) or "JPEG"
    same = [
        r
        for r in planned_renditions(name, width or 0, height or 0, storage)
        if r.format == original_format
    ]
    if same:
        return same[-1]
    return Rendition(
        name=name,
        width=width,
        height=height,
        format=original_format,
        url=storage.url(name),
    )


# Wiring to models -------------------------------------------------------------

_REGISTERED: set[tuple[type, str]] = set()
_OLD_NAMES = "_cms_image_names_before_save"


def _uid(model, field_name: str, signal: str) -> str:
    return f"articles.images:{model._meta.label}.{field_name}:{signal}"


def _delete_if_unreferenced(model, field_name: str, name: str, storage) -> None:
    # Two rows may share a file (a copied article); never delete one in use.
    if model._base_manager.filter(**{field_name: name}).exists():
        return
    delete_image(name, storage)


def register_image_field(model, field_name: str) -> bool:
    """Sanitise, render and clean up ``model.field_name`` automatically.

    - before a save, a new upload is replaced by ``sanitize_upload``'s copy
      (so the stored file and the width/height fields are the clean ones);
    - after the transaction commits, the renditions are made, and a replaced
      or cleared image is deleted with its renditions;
    - after a row is deleted (one or many), its image and renditions go too.

    File work happens on commit, so a rolled-back save deletes nothing.
    Returns ``False`` if the field was already registered (it is idempotent).
    """
    key = (model, field_name)
    if key in _REGISTERED:
        return False

    def involved(update_fields) -> bool:
        return update_fields is None or field_name in update_fields

    def before_save(sender, instance, raw=False, update_fields=None, **kwargs):
        if raw or not involved(update_fields):
            return
        old = ""
        if not instance._state.adding and instance.pk is not None:
            old = (
                sender._base_manager.filter(pk=instance.pk)
                .values_list(field_name, flat=True)
                .first()
            ) or ""
        field_file = getattr(instance, field_name)
        uploaded = bool(field_file) and not field_file._committed
        instance.__dict__.setdefault(_OLD_NAMES, {})[field_name] = (old, uploaded)
        if uploaded:
            setattr(instance, field_name, sanitize_upload(field_file))

    def after_save(sender, instance, raw=False, update_fields=None, **kwargs):
        if raw or not involved(update_fields):
            return
        old, uploaded = instance.__dict__.get(_OLD_NAMES, {}).pop(
            field_name, ("", False)
        )
        field_file = getattr(instance, field_name)
        new, storage = field_file.name or "", field_file.storage
        if old and old != new:
            transaction.on_commit(
                lambda: _delete_if_unreferenced(sender, field_name, old, storage),
                robust=True,
            )
        if new:
            width, height = _known_dimensions(field_file)

            def render():
                if uploaded:
                    # A storage that overwrites same-named files would otherwise
                    # keep the previous picture's renditions.
                    delete_renditions(new, storage)
                _make_renditions(new, storage, width, height)

            transaction.on_commit(render, robust=True)

    def after_delete(sender, instance, **kwargs):
        field_file = getattr(instance, field_name)
        if field_file and field_file.name:
            name, storage = field_file.name, field_file.storage
            transaction.on_commit(
                lambda: _delete_if_unreferenced(sender, field_name, name, storage),
                robust=True,
            )

    for signal, receiver, label in (
        (pre_save, before_save, "pre_save"),
        (post_save, after_save, "post_save"),
        (post_delete, after_delete, "post_delete"),
    ):
        signal.connect(
            receiver,
            sender=model,
            weak=False,
            dispatch_uid=_uid(model, field_name, label),
        )
    _REGISTERED.add(key)
    return True


def unregister_image_field(model, field_name: str) -> None:
    """Undo ``register_image_field`` (for tests)."""
    for signal, label in (
        (pre_save, "pre_save"),
        (post_save, "post_save"),
        (post_delete, "post_delete"),
    ):
        signal.disconnect(sender=model, dispatch_uid=_uid(model, field_name, label))
    _REGISTERED.discard((model, field_name))
