"""The subscription form: an address, the sections, how often."""

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Category
from mailing.models import Subscriber


class SectionChoices(forms.ModelMultipleChoiceField):
    """The live sections in the order of the readers' tree (each under its
    parent, siblings as the editors placed them), indented by depth."""

    def label_from_instance(self, category):
        return category.indented_name

    def in_tree_order(self):
        categories = list(self.queryset)
        by_pk = {category.pk: category for category in categories}

        def place(category):
            chain = []
            while category is not None:
                chain.append(category.sibling_order)
                category = by_pk.get(category.parent_id)
            return chain[::-1]

        self.choices = [
            (category.pk, self.label_from_instance(category))
            for category in sorted(categories, key=place)
        ]


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
        queryset=Category.objects.live(),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].in_tree_order()


class PreferencesForm(SubscriptionForm):
    """The same choices for a subscriber who came by a signed link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["email"]
