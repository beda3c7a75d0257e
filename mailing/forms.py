"""The subscription form: an address, the sections, how often."""

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Category
from mailing.models import Subscriber


class SectionChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, category):
        return category.indented_name  # sub-sections read under their parents


class SubscriptionForm(forms.Form):
    """What a reader chooses; an address is asked only to subscribe (the
    signed link of a mail stands for it afterwards)."""

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    sections = SectionChoices(
        label=_("Sections"),
        queryset=Category.objects.live().order_by("path"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to get every section's statements."),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscriber.Frequency.choices,
        initial=Subscriber.Frequency.AT_ONCE,
        widget=forms.RadioSelect,
    )


class PreferencesForm(SubscriptionForm):
    """The same choices for a subscriber who came by a signed link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["email"]
