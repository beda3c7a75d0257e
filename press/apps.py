from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    """Press contacts, press lists and embargoes."""

    name = "press"
    verbose_name = _("Press")
