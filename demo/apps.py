from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Neutral demo content (``manage.py seed_demo``): above every app it
    fills, so that none of them imports the others to seed itself."""

    name = "demo"
    verbose_name = "Demo content"
