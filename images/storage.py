"""A model's image field wired to storage: renditions made, old files deleted.

``register_image_field(Model, "photo")`` connects three receivers:

- before a save, an upload that did not go through ``sanitize_upload`` is
  refused (``UnsanitizedUpload``): sanitising is the visible step of the form
  or service that saves it, and nothing may skip it;
- after the transaction commits, a job makes the renditions of a new image
  (``render_image``: decoding and resizing a large picture must not hold the
  editor's save), and a replaced or cleared image is deleted with its
  renditions;
- after a row is deleted (one or many), its image and renditions go too.

File work happens on commit, so a rolled-back save deletes nothing.
"""

from __future__ import annotations

from django.apps import apps
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _

from images.dimensions import rendered_field, stored_dimensions
from images.renditions import delete_renditions, render_missing
from images.sanitize import SanitizedImage
from jobs import queue

_REGISTERED: dict[tuple[type, str], None] = {}  # ordered, like a set
_OLD_NAMES = "_cms_image_names_before_save"


class UnsanitizedUpload(ValueError):
    """An upload reached ``save()`` without going through ``sanitize_upload``."""


def registered_fields() -> list[tuple[type, str]]:
    """Every ``(model, field_name)`` given to ``register_image_field``."""
    return list(_REGISTERED)


def delete_image(name: str, storage: Storage) -> None:
    """Delete a stored original image and all its renditions.

    Does not touch the model: ``register_image_field`` calls it when a row is
    deleted or its image replaced.
    """
    if not name:
        return
    delete_renditions(name, storage)
    storage.delete(name)


def _uid(model, field_name: str, signal: str) -> str:
    return f"images:{model._meta.label}.{field_name}:{signal}"


def _delete_if_unreferenced(model, field_name: str, name: str, storage) -> None:
    # Two rows may share a file (a copied article); never delete one in use.
    if model._base_manager.filter(**{field_name: name}).exists():
        return
    delete_image(name, storage)


def register_image_field(model, field_name: str) -> bool:
    """Keep ``model.field_name``'s files in order (see the module); idempotent.

    Returns ``False`` if the field was already registered.
    """
    key = (model, field_name)
    if key in _REGISTERED:
        return False

    def involved(update_fields) -> bool:
        return update_fields is None or field_name in update_fields

    def before_save(sender, instance, raw=False, update_fields=None, **kwargs):
        if raw or not involved(update_fields):
            return
        field_file = getattr(instance, field_name)
        uploaded = bool(field_file) and not field_file._committed
        if uploaded and not isinstance(field_file.file, SanitizedImage):
            raise UnsanitizedUpload(
                f"{sender._meta.label}.{field_name}: pass the upload through "
                "images.sanitize.sanitize_upload() before saving it."
            )
        flag = rendered_field(field_name)
        flagged = any(field.name == flag for field in sender._meta.concrete_fields)
        old, rendered = "", False
        if not instance._state.adding and instance.pk is not None:
            columns = (field_name, flag) if flagged else (field_name,)
            stored = (
                sender._base_manager.filter(pk=instance.pk)
                .values_list(*columns)
                .first()
            ) or ("", False)
            old, rendered = stored[0] or "", stored[-1] if flagged else True
        instance.__dict__.setdefault(_OLD_NAMES, {})[field_name] = (old, uploaded)
        if flagged:
            # Only the job says the copies are made (``render_image``): an
            # upload has none yet, and a save of a copy of the row read
            # before the job ended keeps what the job stored.
            same = not uploaded and old == field_file.name
            setattr(instance, flag, rendered if same else False)

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
            queue.enqueue_on_commit(
                render_image, sender._meta.label, instance.pk, field_name, new, uploaded
            )

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
    _REGISTERED[key] = None
    return True


@queue.job(label=_("Make the sizes of an uploaded picture"))
def render_image(model_label, pk, field_name, name, uploaded):
    """The job: the missing renditions of ``name``, the picture the row's
    field holds (none when the row has gone or holds another picture by now:
    that one has a job of its own). Returns how many renditions it has."""
    row = apps.get_model(model_label)._base_manager.filter(pk=pk).first()
    field_file = getattr(row, field_name, None)
    if field_file is None or field_file.name != name:
        return 0
    if uploaded:
        # A storage that overwrites same-named files would otherwise keep the
        # previous picture's renditions.
        delete_renditions(name, field_file.storage)
    width, height = stored_dimensions(field_file)
    made = render_missing(name, field_file.storage, width, height)
    mark_rendered(row, field_name)
    return len(made)


def mark_rendered(row, field_name):
    """Say that ``row``'s picture has its renditions: pages may point at them
    (a save, so that what shows the row is drawn again)."""
    flag = rendered_field(field_name)
    if getattr(row, flag, True):
        return
    setattr(row, flag, True)
    row.save(update_fields=[flag])
