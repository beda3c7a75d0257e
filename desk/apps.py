from django.apps import AppConfig


class DeskConfig(AppConfig):
    """What every editors' form and list in the admin shares: a save says which
    version it started from (``edits``), what is typed is kept until it is
    saved (``autosave``), and lists drill down by date in either calendar
    (``changelist``, the ``desk_tags`` template tags)."""

    name = "desk"
