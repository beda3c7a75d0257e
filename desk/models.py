from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Autosave(models.Model):
    """What one person's open change form held when it was last kept, not
    saved (``desk.autosave``): one row per person and form, written over at
    each keep.

    The form is an object's (``object_id``) or a new one's, told apart by the
    key its page made (``form_key``). Any model's: the desk knows no app's
    models, as the admin's own log does not.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("content type")
    )
    #: The edited object's key; empty for a new one.
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    #: The key a new object's form made for itself; empty for an object's.
    form_key = models.CharField(_("form key"), max_length=64, blank=True)
    #: The form's fields as the browser sends them: ``{name: [values]}``.
    data = models.JSONField(_("fields"))
    #: The version the form was drawn from (``desk.edits``), signed.
    based_on = models.TextField(_("based on"), blank=True)
    updated_at = models.DateTimeField(_("kept at"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("kept copy of a form")
        verbose_name_plural = _("kept copies of forms")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id", "form_key"],
                name="desk_autosave_one_per_form",
            )
        ]

    def __str__(self):
        return f"{self.content_type} {self.object_id or self.form_key} ({self.user})"
