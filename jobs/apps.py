from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """The job queue's retry schedule, its worker command and the desk's view
    of failed jobs."""

    name = "jobs"
    verbose_name = _("Background jobs")
