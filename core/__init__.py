"""The shared basics every app uses, below the apps: settings access
(``conf``), the two languages (``i18n``), the reader variant, text folding,
sanitising, the client address, dual dates, the shared cache and the page
cache, the middleware, the outbox, paginators and the database connection's
limits. Nothing here imports an app or a model: a paginator counts the
queryset a view hands it, and where a basic needs what editors keep (the
Hijri month names, the moon-sighting table), an app hands it over when it
starts (``hijri.use_tables``)."""
