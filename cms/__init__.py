"""The project: settings, root URLs and the WSGI entry point; no app."""
