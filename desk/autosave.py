"""Unsaved work in a change form is kept: a closed tab or a crash loses nothing.

While a form is open, ``static/js/desk_autosave.js`` sends what it holds to
the form's ``autosave/`` address a few seconds after a change (never at each
keystroke, never when nothing changed since the last keep). It is kept as one
row per person and form (``desk.models.Autosave``, in the database, since
several processes serve the desk), written over each time. Keeping publishes
nothing, writes no revision and leaves the object as it is: only a save does.

Opening the form again when a copy newer than the object's last save is kept
(a new object's form: the newest copy) offers it back above the form:

- **Restore** draws the form with the kept values, and with the version the
  copy started from, so that saving it meets ``desk.edits``' check: if
  someone saved in between, the save is refused with what they changed;
- **Discard** deletes the copy; so does a save of the form.

Copies older than ``KEPT_DAYS`` are never offered, and are purged by a job
queued whenever a new copy is made. Leaving a form with unsaved changes asks
first (the script).

``AutosaveAdmin`` gives this to a ``ModelAdmin``: whoever may change the
object (the admin's own ``get_object`` and ``has_change_permission``; for a
new one ``has_add_permission``) may keep their form of it.
"""

import datetime
import json
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django import forms
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError,
)
from django.forms.formsets import (
    INITIAL_FORM_COUNT,
    MAX_NUM_FORM_COUNT,
    MIN_NUM_FORM_COUNT,
    TOTAL_FORM_COUNT,
)
from django.http import HttpResponseNotAllowed, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from core import hijri, i18n
from core.reader import digits_preference
from desk.edits import last_saved
from desk.models import Autosave
from jobs import queue

#: Days a kept copy is offered back; older ones are purged.
KEPT_DAYS = 14
#: The query parameter of a form drawn from a kept copy (its id).
RESTORE_VAR = "_autosave"
#: The hidden input holding the key a new object's form made for itself.
KEY_FIELD = "_autosave_key"
FORM_KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")
#: The inlines' counts: not kept, a restore rebuilds them (``inline_data``).
MANAGEMENT = (TOTAL_FORM_COUNT, INITIAL_FORM_COUNT, MIN_NUM_FORM_COUNT,
              MAX_NUM_FORM_COUNT)  # fmt: skip
INLINE_ROW = re.compile(r"^(?P<prefix>.+)-(?P<index>\d+)-(?P<name>[^-]+)$")


def kept_fields(post):
    """The content of a form as a browser sent it (``{name: [values]}``),
    without what is not its content: the token, the admin's own inputs
    (``_save``, ``_popup``…), the values fields were drawn with
    (``initial-…``), the inlines' counts and hidden template row. The version
    it started from is kept apart."""
    return {
        name: values
        for name, values in post.lists()
        if name != "csrfmiddlewaretoken"
        and name != "based_on"
        and not name.startswith(("_", "initial-"))
        and "__prefix__" not in name
        and not name.endswith(tuple(f"-{count}" for count in MANAGEMENT))
    }


def as_data(kept):
    """A kept copy's fields as a form reads them (a ``QueryDict``)."""
    data = QueryDict(mutable=True)
    for name, values in kept.items():
        data.setlist(name, [str(value) for value in values])
    return data


def restored_initial(form_class, row):
    """The initial values that draw ``form_class`` as the kept ``row`` had it:
    each field the browser sent (an unticked box counts as sent), files
    excepted, and the version the copy started from."""
    data = as_data(row.data)
    initial = {}
    for name, field in form_class.base_fields.items():
        widget = field.widget
        if isinstance(widget, forms.FileInput) or field.disabled:
            continue
        if not widget.value_omitted_from_data(data, {}, name):
            initial[name] = widget.value_from_datadict(data, {}, name)
    if row.based_on:
        initial["based_on"] = row.based_on
    return initial


def inline_data(kept, prefix, *, min_num=None, max_num=None):
    """The data a browser sends for the inline ``prefix`` of a kept form, its
    counts rebuilt: every row kept, those first that carry a stored row's key."""
    data = as_data(
        {name: values for name, values in kept.items() if name.startswith(f"{prefix}-")}
    )
    rows = {}
    for name in data:
        match = INLINE_ROW.match(name)
        if match and match["prefix"] == prefix:
            rows.setdefault(int(match["index"]), {})[match["name"]] = data[name]
    total = max(rows) + 1 if rows else 0
    stored = 0
    while stored < total and rows.get(stored, {}).get("id"):
        stored += 1
    data[f"{prefix}-{TOTAL_FORM_COUNT}"] = str(total)
    data[f"{prefix}-{INITIAL_FORM_COUNT}"] = str(stored)
    for count, value in ((MIN_NUM_FORM_COUNT, min_num), (MAX_NUM_FORM_COUNT, max_num)):
        if value is not None:
            data[f"{prefix}-{count}"] = str(value)
    return data


def oldest_offered():
    return timezone.now() - datetime.timedelta(days=KEPT_DAYS)


@queue.job(label=_("Purge the old kept copies of unsaved forms"))
def purge_kept_copies():
    """The job: delete the copies too old to be offered (any person's)."""
    deleted, _by_model = Autosave.objects.filter(
        updated_at__lt=oldest_offered()
    ).delete()
    return deleted


class _CsrfCheck(CsrfViewMiddleware):
    """Django's CSRF check, its refusal given back as the reason (the keep
    answers JSON, not the site's refusal page)."""

    def _reject(self, request, reason):
        return reason


def _refused(message, status):
    return JsonResponse({"kept": False, "status": message}, status=status)


def _too_large():
    return _refused(
        gettext(
            "Not kept: the form is too large to keep as you type. Save it to "
            "keep your work."
        ),
        413,
    )


def kept_at(moment, request):
    """The time of day of ``moment`` in the desk's language and digits."""
    time = f"{hijri.site_datetime(moment):%H:%M}"
    return hijri.localize_digits(
        time, i18n.current_language(), digits_preference(request)
    )


class AutosaveAdmin:
    """A ``ModelAdmin`` mixin: its change form is kept as it is typed and
    offered back, as the module says. Put it before ``EditConflictsAdmin``;
    the change form's template includes ``admin/autosave/offer.html`` above
    the form and ``admin/autosave/status.html`` beside the Save buttons."""

    #: The largest form kept, in bytes of its fields (UTF-8 JSON).
    autosave_max_bytes = 1024 * 1024

    @property
    def media(self):
        return super().media + forms.Media(js=["js/desk_autosave.js"])

    def _url_name(self, name):
        """This admin's URL called ``name`` (``articles_article_autosave``…)."""
        return f"{self.opts.app_label}_{self.opts.model_name}_{name}"

    def _url(self, name, *args):
        return reverse(f"{self.admin_site.name}:{self._url_name(name)}", args=args)

    def get_urls(self):
        # Refused as JSON when the token is missing (``_CsrfCheck``).
        keep = csrf_exempt(never_cache(self.autosave_view))
        return [
            path("add/autosave/", keep, name=self._url_name("autosave_add")),
            path("<path:object_id>/autosave/", keep, name=self._url_name("autosave")),
            path(
                "autosave/<int:pk>/discard/",
                self.admin_site.admin_view(self.autosave_discard_view),
                name=self._url_name("autosave_discard"),
            ),
            *super().get_urls(),
        ]

    # Keeping ---------------------------------------------------------------------

    def autosave_view(self, request, object_id=None):
        """Keep what the form sent (POST only): JSON saying whether it was
        kept, and the line the page shows."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.admin_site.has_permission(request):
            return _refused(
                gettext(
                    "Not kept: you are signed out. Sign in again in another tab; "
                    "what you typed stays on this page."
                ),
                403,
            )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        # The fields are counted below; this spares reading a body far larger.
        if length > 2 * self.autosave_max_bytes:
            return _too_large()
        try:
            refusal = _CsrfCheck(lambda request: None).process_view(
                request, None, (), {}
            )
            post = request.POST
        except RequestDataTooBig:
            return _too_large()
        except (SuspiciousOperation, MultiPartParserError):
            return _refused(gettext("Not kept: the form could not be read."), 400)
        if refusal is not None:
            return _refused(
                gettext(
                    "Not kept: this page has expired. Copy what you typed, then "
                    "reload the page."
                ),
                403,
            )
        place = self._autosave_place(request, object_id, post)
        if isinstance(place, JsonResponse):
            return place
        data = kept_fields(post)
        based_on = post.get("based_on", "")
        size = len(json.dumps(data, ensure_ascii=False).encode()) + len(based_on)
        if size > self.autosave_max_bytes:
            return _too_large()
        object_key, form_key = place
        row, made = Autosave.objects.update_or_create(
            user=request.user,
            content_type=ContentType.objects.get_for_model(self.model),
            object_id=object_key,
            form_key=form_key,
            defaults={"data": data, "based_on": based_on},
        )
        if made:
            queue.enqueue_on_commit(purge_kept_copies)
        return JsonResponse(
            {
                "kept": True,
                "status": gettext("Kept at %(time)s")
                % {"time": kept_at(row.updated_at, request)},
            }
        )

    def _autosave_place(self, request, object_id, post):
        """``(object id, form key)`` of the form being kept, or the refusal."""
        not_yours = _refused(
            gettext("Not kept: you may not edit this %(thing)s.")
            % {"thing": self.opts.verbose_name},
            403,
        )
        if object_id is None:
            if not self.has_add_permission(request):
                return not_yours
            key = post.get(KEY_FIELD, "")
            if not FORM_KEY.fullmatch(key):
                return _refused(gettext("Not kept: the form could not be read."), 400)
            return "", key
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            if not self._autosave_exists(unquote(object_id)):
                return _refused(
                    gettext("Not kept: this %(thing)s no longer exists.")
                    % {"thing": self.opts.verbose_name},
                    404,
                )
            return not_yours
        if not self.has_change_permission(request, obj):
            return not_yours
        return str(obj.pk), ""

    def _autosave_exists(self, object_id):
        try:
            key = self.opts.pk.to_python(object_id)
            return self.model._default_manager.filter(pk=key).exists()
        except (ValidationError, ValueError):
            return False

    # Offering back ---------------------------------------------------------------

    def kept_copies(self, request, obj):
        """``request.user``'s kept copies of ``obj``'s form (of a new object's,
        for ``None``), newest first."""
        return Autosave.objects.filter(
            user=request.user,
            content_type=ContentType.objects.get_for_model(self.model),
            object_id="" if obj is None else str(obj.pk),
        ).order_by("-updated_at")

    def offered_copy(self, request, obj):
        """The kept copy to offer: ``request.user``'s newest, when it is newer
        than the object's last save and not too old."""
        row = (
            self.kept_copies(request, obj)
            .filter(updated_at__gte=oldest_offered())
            .first()
        )
        if row is None or obj is None:
            return row
        _user, saved_at = last_saved(obj)
        return row if saved_at is None or row.updated_at > saved_at else None

    def restoring(self, request, obj):
        """The kept copy this form is drawn from (``?_autosave=<id>``), if it is
        ``request.user``'s copy of this form; asked once per request."""
        wanted = request.GET.get(RESTORE_VAR, "")
        if request.method == "POST" or not wanted.isdigit():
            return None
        pk = getattr(obj, "pk", None)
        found = getattr(request, "_desk_autosave_restoring", {})
        if pk not in found:
            found[pk] = (
                self.kept_copies(request, obj if pk else None).filter(pk=wanted).first()
            )
            request._desk_autosave_restoring = found
        return found[pk]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        row = self.restoring(request, obj)
        if row is None:
            return form
        initial = restored_initial(form, row)

        def __init__(self, *args, **kwargs):
            if not args and kwargs.get("data") is None:  # drawn, not sent
                kwargs["initial"] = {**(kwargs.get("initial") or {}), **initial}
            form.__init__(self, *args, **kwargs)

        return type(form.__name__, (form,), {"__init__": __init__})

    def get_formset_kwargs(self, request, obj, inline, prefix):
        params = super().get_formset_kwargs(request, obj, inline, prefix)
        row = self.restoring(request, obj)
        if row is not None:
            # The rows as they were kept, drawn as a form sent back is.
            known = obj if getattr(obj, "pk", None) else None
            params["data"] = inline_data(
                row.data,
                prefix,
                min_num=inline.get_min_num(request, known),
                max_num=inline.get_max_num(request, known),
            )
            params["files"] = {}
        return params

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        context["autosave"] = self.autosave_context(request, context, add, obj)
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def autosave_context(self, request, context, add, obj):
        """What the templates draw: where the form is kept, and the copy
        offered or restored; ``None`` where nothing is kept (a revision shown,
        a pop-up, a form the user may only view)."""
        if context.get("revert") or context.get("recover") or context.get("is_popup"):
            return None
        allowed = (
            self.has_add_permission(request)
            if add
            else self.has_change_permission(request, obj)
        )
        if not allowed:
            return None
        url = self._url("autosave_add") if add else self._url("autosave", quote(obj.pk))
        restored = self.restoring(request, obj)
        offered = None
        if request.method != "POST" and restored is None:
            offered = self.offered_copy(request, None if add else obj)
        key = ""
        if add:
            sent = request.POST.get(KEY_FIELD, "")
            restored_key = getattr(restored, "form_key", "")
            key = sent if FORM_KEY.fullmatch(sent) else restored_key
        shown = restored or offered
        return {
            "url": url,
            "new": add,
            "key": key,
            # The form holds what was never saved: leaving asks at once.
            "unsaved": restored is not None or request.method == "POST",
            "restored": restored,
            "offered": offered,
            "gone": (
                restored is None
                and request.method != "POST"
                and RESTORE_VAR in request.GET
            ),
            "when": shown
            and hijri.dual_date_html(
                shown.updated_at,
                i18n.current_language(),
                digits_preference(request),
                time=True,
            ),
            "restore_url": offered and self._restore_url(request, offered),
            "discard_url": shown and self._url("autosave_discard", shown.pk),
        }

    def _restore_url(self, request, row):
        query = request.GET.copy()
        query[RESTORE_VAR] = str(row.pk)
        return f"{request.path}?{query.urlencode()}"

    def autosave_discard_view(self, request, pk):
        """Delete one of one's kept copies (POST), then open its form again."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        row = get_object_or_404(
            Autosave,
            pk=pk,
            user=request.user,
            content_type=ContentType.objects.get_for_model(self.model),
        )
        row.delete()
        self.message_user(request, gettext("The kept changes were discarded."))
        if not row.object_id:
            return redirect(self._url("add"))
        return redirect(self._url("change", quote(row.object_id)))

    # A save ----------------------------------------------------------------------

    def response_add(self, request, obj, post_url_continue=None):
        key = request.POST.get(KEY_FIELD, "")
        if FORM_KEY.fullmatch(key):
            self.kept_copies(request, None).filter(form_key=key).delete()
        response = super().response_add(request, obj, post_url_continue)
        return _not_restoring(response)

    def response_change(self, request, obj):
        self.kept_copies(request, obj).delete()
        return _not_restoring(super().response_change(request, obj))


def _not_restoring(response):
    """``response`` without the restoring of a copy a save has just deleted:
    the admin sends the saved form's query on to the next page."""
    location = response.get("Location", "")
    if RESTORE_VAR in location:
        parts = urlsplit(location)
        query = [
            (name, value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
            if name != RESTORE_VAR
        ]
        response["Location"] = urlunsplit(parts._replace(query=urlencode(query)))
    return response
