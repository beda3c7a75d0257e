"""``{% dashboard %}``: the panels of the admin's front page for this user."""

from django import template

from core.i18n import current_language
from core.reader import digits_preference
from dashboard.panels import panels

register = template.Library()


@register.inclusion_tag("dashboard/panels.html", takes_context=True)
def dashboard(context):
    request = context["request"]
    return {
        "request": request,
        **panels(
            request.user,
            language=current_language(),
            digits=digits_preference(request),
        ),
    }
