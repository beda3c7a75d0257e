"""The reader's side of a subscription: ask, confirm, change, leave.

Every page is someone's own (``core.audience``: never kept, never indexed).
Following a link from a mail changes nothing by itself (mail scanners open
links): confirming and leaving are a button's POST, except the one-click
POST a mail client sends (RFC 8058), which leaves at once.
"""

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.client import client_address
from mailing import services, tokens
from mailing.forms import PreferencesForm, SubscriptionForm
from mailing.models import Subscriber

# Subscriptions that ended: their old links lead nowhere; asking again does.
ENDED = (Subscriber.State.UNSUBSCRIBED, Subscriber.State.STOPPED)


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """The form; sent, the same answer whatever the address's state."""
    if request.method != "POST":
        initial = {}
        section = request.GET.get("section", "")
        if section.isdigit():
            initial["sections"] = [int(section)]
        return _form_page(request, SubscriptionForm(initial=initial))
    form = SubscriptionForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        services.subscribe(
            email=form.cleaned_data["email"],
            language=get_language(),
            sections=form.cleaned_data["sections"],
            frequency=form.cleaned_data["frequency"],
            client=client_address(request),
        )
    except services.Refused:
        form.add_error(
            None,
            _(
                "You have asked several times in a short while. Please wait a few "
                "minutes, then ask again."
            ),
        )
        return _form_page(request, form, status=429)
    return render(
        request,
        "mailing/asked.html",
        {"email": form.cleaned_data["email"], "days": tokens.CONFIRM_DAYS},
    )


def _form_page(request, form, status=200):
    return render(request, "mailing/subscribe.html", {"form": form}, status=status)


def _expired(request):
    return render(request, "mailing/expired.html", status=404)


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    subscriber = tokens.read(token, tokens.CONFIRM)
    if subscriber is None or subscriber.state in ENDED:
        return _expired(request)
    if request.method == "POST":
        services.confirm(subscriber)
        return _manage_page(
            request,
            subscriber,
            PreferencesForm(initial=_choices(subscriber)),
            confirmed=True,
        )
    return render(request, "mailing/confirm.html", {"subscriber": subscriber})


def _choices(subscriber):
    return {
        "sections": list(subscriber.sections.all()),
        "frequency": subscriber.frequency,
    }


def _manage_page(request, subscriber, form, *, status=200, **context):
    token = tokens.make(subscriber, tokens.MANAGE)
    return render(
        request,
        "mailing/manage.html",
        {"subscriber": subscriber, "form": form, "token": token, **context},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    subscriber = tokens.read(token, tokens.MANAGE)
    if subscriber is None or subscriber.state in ENDED:
        return _expired(request)
    if request.method != "POST":
        return _manage_page(
            request, subscriber, PreferencesForm(initial=_choices(subscriber))
        )
    form = PreferencesForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, subscriber, form, status=400)
    services.change(
        subscriber,
        sections=form.cleaned_data["sections"],
        frequency=form.cleaned_data["frequency"],
    )
    return _manage_page(request, subscriber, form, saved=True)


@csrf_exempt  # the signed link is the credential; mail clients post no token
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """A page with a button; its POST, or a mail client's one-click POST
    (``List-Unsubscribe=One-Click``), ends the subscription."""
    subscriber = tokens.read(token, tokens.MANAGE)
    if subscriber is None:
        return _expired(request)
    if request.method == "POST":
        services.unsubscribe(subscriber)
        return render(request, "mailing/left.html", {"subscriber": subscriber})
    return render(request, "mailing/unsubscribe.html", {"subscriber": subscriber})
