"""Uploaded pictures (article lead images, author photos), kept safe and light.

A foundation package: it knows Pillow, Django's storage and the site settings
(``core.conf``), never the content models. One module per step:

- ``validation``: is an upload a real JPEG, PNG or WebP within the limits
  (decompression bombs included)? ``validate_image_upload`` and the admin's
  ``ImageUploadField``;
- ``sanitize``: ``sanitize_upload`` re-encodes an accepted upload upright,
  in sRGB and without any metadata (GPS position, camera serial, XMP…). The
  form or service that saves an upload calls it; nothing does it behind
  their back;
- ``renditions``: resized copies (original format and WebP) and the
  ``srcset`` that names them, computed without touching storage;
- ``dimensions``: where a stored image's width and height are read (the
  model fields its ``ImageField`` names), the one place that knows;
- ``storage``: ``register_image_field`` wires a model's field to storage:
  renditions made and replaced files deleted once the transaction commits,
  and an upload that skipped ``sanitize_upload`` refused;
- ``encoding``: the accepted formats and how pixels are written back.

``{% load image_tags %}`` gives ``{% responsive_image %}``; ``manage.py
make_renditions`` makes what is missing for every registered field.
"""
