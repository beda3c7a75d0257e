from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    """Press contacts, press lists and embargoes."""

    name = "press"
    verbose_name = _("Press")

    def ready(self):
        from anymail.signals import tracking

        tracking.connect(_stop_contact, dispatch_uid="press-bounces")


def _stop_contact(sender, event, esp_name, **kwargs):
    """A contact whose address bounced or complained gets no more mail (the
    rule is mailing's: ``mailing.bounces.stops_mail``)."""
    from core.text import normalize_email
    from mailing import bounces
    from press.models import Contact, PressMail

    if bounces.stops_mail(event):
        Contact.objects.filter(email=normalize_email(event.recipient)).update(
            is_active=False
        )
        if event.message_id:
            PressMail.objects.filter(provider_id=event.message_id).update(
                state=PressMail.State.BOUNCED,
                last_error=bounces.why(event, esp_name),
            )
