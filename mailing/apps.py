from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingConfig(AppConfig):
    """Subscribers and the statements mailed to them."""

    name = "mailing"
    verbose_name = _("Email subscribers")

    def ready(self):
        from anymail.signals import tracking

        from delivery import services
        from mailing import bounces, sending

        tracking.connect(bounces.stop_subscriptions, dispatch_uid="mailing-bounces")

        # A statement that becomes public is mailed, planned with the
        # channels and webhooks (one rule for "becomes public").
        services.also_plan(sending.plan_article_mails, wanted=sending.has_subscribers)
        # A withdrawal is told to those who were sent the statement, when asked.
        services.also_plan(
            sending.plan_withdrawal_notices, wanted=sending.has_subscribers
        )
