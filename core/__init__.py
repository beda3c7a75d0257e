"""The shared basics every app uses, below the apps: settings access
(``conf``), the two languages (``i18n``), the reader variant, text folding,
sanitising, the client address, dual dates, the shared cache and the page
cache. Nothing here imports an app or reads the database: where a basic needs
what editors keep (the Hijri month names, the moon-sighting table), an app
hands it over when it starts (``hijri.use_tables``)."""
