"""Where a stored image's width and height are read, and whether its
renditions are made: the one place that knows.

An ``ImageField`` names two model fields (``width_field``, ``height_field``)
that keep the original's size, filled when the file is assigned. Renditions,
``srcset`` and the ``make_renditions`` command read the size there, never from
the file in storage. A job makes the renditions after the upload is saved;
``<field>_rendered`` says when it has, so that no page points at a copy not
made yet (a model without that field has its renditions made at once).
"""

from __future__ import annotations


def dimension_fields(field) -> list[str]:
    """The names of the model fields keeping an ``ImageField``'s width and height."""
    return [
        name
        for name in (
            getattr(field, "width_field", None),
            getattr(field, "height_field", None),
        )
        if name
    ]


def stored_dimensions(field_file) -> tuple[int | None, int | None]:
    """The original's ``(width, height)`` from its model's fields, if it has them."""
    field = getattr(field_file, "field", None)
    instance = getattr(field_file, "instance", None)
    if field is None or instance is None:
        return None, None
    width = getattr(instance, field.width_field, None) if field.width_field else None
    height = getattr(instance, field.height_field, None) if field.height_field else None
    return width, height


def rendered_field(field_name: str) -> str:
    """The model field that says ``field_name``'s renditions are made."""
    return f"{field_name}_rendered"


def renditions_made(field_file) -> bool:
    """Whether the renditions of the image in ``field_file`` exist."""
    field = getattr(field_file, "field", None)
    instance = getattr(field_file, "instance", None)
    if field is None or instance is None:
        return True
    return getattr(instance, rendered_field(field.name), True)
