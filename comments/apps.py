from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from django.core.signals import request_finished

        from comments import services

        request_finished.connect(
            services.send_mail_after_response,
            dispatch_uid="comments-mail-after-response",
        )
