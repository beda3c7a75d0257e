"""Writes with side effects for articles: used by the admin, commands and tests."""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connections, transaction
from django.db.models import Value
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy
from taggit.models import TaggedItem

from articles import permissions
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleSlugHistory,
    Correction,
    Office,
    ReferenceCounter,
)
from core import cache, conf, hijri, i18n, outbox
from jobs import queue
from site_settings import site

logger = logging.getLogger(__name__)

# (article id, {field: value kept}) while a revision of that article is restored.
_restoring = ContextVar("articles_restoring", default=None)


class RestoreRefused(Exception):
    """Restoring the revision would give the user an article they may not edit."""


def next_reference_number(*, office, hijri_year) -> int:
    """Take the office's next number for a Hijri year.

    The counter row is locked until the surrounding transaction ends, so two
    editors publishing at the same moment get consecutive numbers, and a
    rolled-back publication gives its number back (no gaps, no repeats).
    """
    ReferenceCounter.objects.get_or_create(office=office, hijri_year=hijri_year)
    counter = ReferenceCounter.objects.select_for_update().get(
        office=office, hijri_year=hijri_year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


# One statement, one number -----------------------------------------------------
#
# A reference names a statement: its office, the Hijri year of its first
# publication and the office's number in that year. A translation is the same
# statement in the other language: it carries the reference of the one of the
# two published first, its original. A number once given is never given again,
# not even after the article that had it took its original's; the database
# refuses a number twice in one office, year and language.


def shares_reference(article, partner) -> bool:
    """Whether ``article`` and ``partner``, linked as translations, carry one
    reference: numbers are an office's, and a translation is in the other
    language (the desk refuses any other link; such a pair keeps two)."""
    return (
        partner is not None
        and partner.office_id == article.office_id
        and partner.language != article.language
    )


def _published_first(article, other) -> bool:
    """Whether ``article`` came out before ``other``: by publication time, then
    by id (an article not saved yet comes last)."""

    def place(one):
        return one.published_at, one.pk is None, one.pk or 0

    return place(article) < place(other)


def _numbered(article) -> bool:
    """Whether ``article`` carries a number now: once released (published,
    scheduled or withdrawn). A draft takes one at its publication."""
    return article.status != Article.Status.DRAFT


def _take_reference(article, source=None):
    """Give ``article`` the reference of ``source`` (none without one)."""
    article.reference_year = source.reference_year if source else None
    article.reference_number = source.reference_number if source else None


def _new_reference(article):
    """Give ``article`` its office's next number in the Hijri year of its
    publication time."""
    article.reference_year = hijri.to_hijri(article.published_at).year
    article.reference_number = next_reference_number(
        office=article.office, hijri_year=article.reference_year
    )


def _lock_references(articles):
    """Decide the references of these articles' offices one save at a time,
    until the transaction ends: a statement and its translation published at
    the same moment then each read the other's number, instead of both taking
    a new one. The offices' rows are locked without their keys (``FOR NO KEY
    UPDATE``): articles of the office are still written meanwhile."""
    offices = Office.objects.filter(pk__in={one.office_id for one in articles})
    features = connections[offices.select_for_update().db].features
    locked = offices.select_for_update(no_key=features.has_select_for_no_key_update)
    list(locked.order_by("pk").values_list("pk", flat=True))


def _give_references(article, *, relinked, let_go):
    """Give ``article``, about to be saved, its reference; when its translation
    link changed (``relinked``), change those of the articles the change
    joined or parted too (its translation, and those ``let_go``).

    - Published for the first time, it takes its translation's number if that
      has one, else the office's next (``next_reference_number``).
    - Linked to a translation published before it, it takes that one's
      number; a translation published after it takes its number. The number
      given up is retired: it was public, and a citation of it must not lead
      to another statement.
    - Of two articles parted that shared a number, the one published later
      takes a number of its own (a draft, when it is published).

    Returns ``[(other, reference before)]``: the other articles whose
    reference changed. Those let go are saved here, before ``article``; the
    translation once its link is written (``_store_reference``).
    """
    partner_id = article.translation_id
    first_number = _numbered(article) and article.reference_number is None
    if not (relinked or partner_id is not None or first_number):
        return []
    joining = [article.translation] if partner_id is not None else []
    _lock_references([article, *joining, *let_go])
    # Read again under the lock: what a save that just committed gave them.
    others = Article.objects.filter(
        pk__in={partner_id, *(one.pk for one in let_go)} - {None}
    )
    others = {other.pk: other for other in others}
    partner = others.get(partner_id)
    changed = {}  # id: (article, reference before)
    if relinked:
        for gone in let_go:
            other = others[gone.pk]
            for holder in (article, partner):
                if (
                    holder is not None
                    and other.reference
                    and other.office_id == holder.office_id
                    and other.reference == holder.reference
                ):
                    later = holder if _published_first(other, holder) else other
                    if later is not article:
                        changed.setdefault(later.pk, (later, later.reference))
                    _take_reference(later)
    joined = shares_reference(article, partner)
    if joined and partner.reference and partner.reference != article.reference:
        if article.reference_number is None:
            if _numbered(article):
                _take_reference(article, partner)
        elif _published_first(partner, article):
            _take_reference(article, partner)
    if _numbered(article) and article.reference_number is None:
        _new_reference(article)
    if (
        relinked
        and joined
        and article.reference
        and partner.reference != article.reference
        and (
            _published_first(article, partner)
            if partner.reference
            else _numbered(partner)
        )
    ):
        changed.setdefault(partner.pk, (partner, partner.reference))
        _take_reference(partner, article)
    for other, _before in changed.values():
        if _numbered(other) and other.reference_number is None:
            _new_reference(other)
    renumbered = [(other, before) for other, before in changed.values()]
    for other, before in renumbered:
        if other.pk != partner_id:
            _store_reference(other, before)
    return renumbered


def _store_reference(article, before):
    """Save ``article``'s new reference alone, as a change of the article (its
    page, PDF and deliveries follow), if it differs from ``before``."""
    if article.reference != before:
        fields = ["reference_year", "reference_number", "updated_at"]
        article.save(update_fields=fields)


def _renumbered_note(before, article):
    """What the history of ``article`` says of its reference, ``before`` it
    was changed (nothing for a first number)."""
    if not before:
        return ""
    if not article.reference:
        return gettext(
            "Its reference number %(before)s stays with its former translation; "
            "it takes a new one when published."
        ) % {"before": before}
    return gettext("Its reference number is now %(after)s (it was %(before)s).") % {
        "before": before,
        "after": article.reference,
    }


@transaction.atomic
def article_save(
    *, article: Article, user=None, comment: str = "", review: dict | None = None
) -> Article:
    """Save an article from the editors' desk.

    - keeps the former slug so that the old address redirects permanently;
    - gives a statement its reference number on first publication, or its
      translation's: one statement, one number (``_give_references``);
    - records a revision (who, when) that editors can compare and restore;
    - for a ``user`` who may not publish, keeps the publication fields
      (``permissions.locked_fields``) as they are stored;
    - keeps the translation link both ways: the new translation links back,
      and the articles it and this one were linked to before are let go;
    - keeps the review as stored (a draft in review stays in review), but
      for the fields a step of it sets (``review``: ``article_review_step``);
      a save that releases the article ends its review (``_settle_review``).
    """
    previous_slug = None
    stored = None
    if article.pk:
        # Lock the row: two editors saving at once cannot both number it.
        stored = Article.objects.select_for_update().filter(pk=article.pk).first()
        if stored is not None:
            previous_slug = stored.slug
            article.reference_year = stored.reference_year
            article.reference_number = stored.reference_number
            # A correction stays shown: the newest time of the two.
            times = [t for t in (stored.corrected_at, article.corrected_at) if t]
            article.corrected_at = max(times, default=None)
    # What the user may not change stays as stored (or as a new article has it).
    locked = permissions.locked_fields(user) if user is not None else ()
    if stored is not None and stored.status == Article.Status.WITHDRAWN:
        locked = (*locked, *WITHDRAWAL_FIELDS)  # for good
    for name in locked:
        field = Article._meta.get_field(name)
        value = field.value_from_object(stored) if stored else field.get_default()
        setattr(article, field.attname, value)
    article.review_step = _settle_review(article, stored, review)
    if article.review_step:
        comment = _with_note(comment, article.review_step)
    previous_translation = stored.translation_id if stored else None
    relinked = article.translation_id != previous_translation
    let_go = []
    if relinked:
        partner = article.translation
        if user is not None and not permissions.can_link_translation(
            user, stored or article, partner
        ):
            raise PermissionDenied(
                "The translation link would change another's article."
            )
        let_go = _release_translations(article, previous_translation)
    was = article.reference
    renumbered = _give_references(article, relinked=relinked, let_go=let_go)
    if was and article.reference != was:
        comment = _with_note(comment, _renumbered_note(was, article))
    with reversion.create_revision():
        article.save()
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
    if relinked:
        if partner is not None:
            Article.objects.filter(pk=partner.pk).update(translation=article)
        notes = {}
        for other, before in renumbered:
            if other.pk == article.translation_id:
                _store_reference(other, before)
            notes[other.pk] = _renumbered_note(before, other)
        _record_link_change(article, partner, let_go, user, notes)
    if previous_slug and previous_slug != article.slug:
        ArticleSlugHistory.objects.update_or_create(
            slug=previous_slug, defaults={"article": article}
        )
    # The current slug is the article's own address, never a redirect.
    ArticleSlugHistory.objects.filter(slug=article.slug).delete()
    return article


def _with_note(comment, note):
    """A revision's ``comment`` with ``note`` after it."""
    return f"{comment.rstrip('.')}. {note}" if comment else note


def _settle_review(article, stored, review):
    """Give ``article``, about to be saved, its review fields: those a step
    of the review sets (``review``), the others as ``stored`` (no form holds
    them, so a form drawn before a step cannot undo it); all empty once the
    article is no longer a draft: released (or withdrawn), its review ends.
    Returns what its history says of that end (empty: no review ended)."""
    review = review or {}
    for name in REVIEW_FIELDS:
        field = Article._meta.get_field(name)
        if name in review:
            setattr(article, name, review[name])
        else:
            value = field.value_from_object(stored) if stored else field.get_default()
            setattr(article, field.attname, value)
    if article.status == Article.Status.DRAFT:
        return ""
    for name in REVIEW_FIELDS:
        field = Article._meta.get_field(name)
        setattr(article, field.attname, field.get_default())
    if stored is None or stored.review_state != Article.Review.IN_REVIEW:
        return ""
    return gettext("Its review ended: it is %(state)s.") % {
        "state": article.state.label
    }


def _release_translations(article, previous_translation):
    """Before ``article`` links to a new translation (or none): the article it
    linked to, and whatever the new one linked to, link to nothing. Returns
    the articles let go (not the new translation)."""
    released = Article.objects.filter(pk__in={previous_translation} - {None})
    if article.pk:
        released |= Article.objects.filter(translation=article.pk)
    if article.translation_id:
        released |= Article.objects.filter(translation=article.translation_id)
    released = released.exclude(pk__in={article.pk, article.translation_id} - {None})
    let_go = list(released)
    Article.objects.filter(
        pk__in=[other.pk for other in let_go] + [article.translation_id]
    ).update(translation=None)
    return let_go


def _record_link_change(article, partner, let_go, user, notes):
    """A revision of each other article whose translation link changed, so
    that its history says who linked or unlinked it, and to what (and its
    reference, when the change gave it another: ``notes``, by id)."""
    changes = [
        (other, gettext("No longer linked to its translation “%(title)s”."))
        for other in let_go
    ]
    if partner is not None:
        changes.append((partner, gettext("Linked as the translation of “%(title)s”.")))
    for other, message in changes:
        other.refresh_from_db()
        message = message % {"title": article.title}
        with reversion.create_revision():
            reversion.add_to_revision(other)
            if user is not None and user.is_authenticated:
                reversion.set_user(user)
            note = notes.get(other.pk)
            reversion.set_comment(f"{message} {note}" if note else message)


# What a withdrawal sets, and no later save or restore changes.
WITHDRAWAL_FIELDS = (
    "status", "withdrawn_at", "withdrawal_reason", "withdrawn_by",
    "withdrawal_mailed",
)  # fmt: skip


class NotPublished(Exception):
    """Only a published statement is corrected or withdrawn."""


@transaction.atomic
def article_correct(*, article: Article, note: str, user=None) -> Article:
    """Save ``article`` (published) as corrected: its changes, and ``note``
    (what changed, in its language) shown above its text with the time, in
    its revision history with the editor's name. Editors only
    (``permissions.can_correct``)."""
    note = note.strip()
    if user is not None and not permissions.can_correct(user):
        raise PermissionDenied("Only editors correct a published statement.")
    if not note:
        raise ValueError("A correction needs a note.")
    stored = Article.objects.filter(pk=article.pk).first()
    if stored is None or stored.state != Article.State.PUBLISHED:
        raise NotPublished
    correction = Correction.objects.create(
        article=article,
        note=note,
        made_by=user if user is not None and user.is_authenticated else None,
    )
    article.corrected_at = correction.made_at
    return article_save(
        article=article, user=user, comment=gettext("Corrected: %s") % note
    )


@transaction.atomic
def article_withdraw(
    *, article: Article, reason: str, user=None, tell_subscribers=False
) -> Article:
    """Withdraw ``article`` (published), for good: its address stays and says
    when, by which office and why (``reason``), without its text; it leaves
    every list, feed and search, and the places it was sent are told (the
    email subscribers who received it too, with ``tell_subscribers``).
    Editors only (``permissions.can_withdraw``); no save or restore undoes it."""
    reason = reason.strip()
    if user is not None and not permissions.can_withdraw(user):
        raise PermissionDenied("Only editors withdraw a statement.")
    if not reason:
        raise ValueError("A withdrawal needs a reason.")
    stored = Article.objects.select_for_update().filter(pk=article.pk).first()
    if stored is None or stored.state != Article.State.PUBLISHED:
        raise NotPublished
    stored.status = Article.Status.WITHDRAWN
    stored.withdrawn_at = timezone.now()
    stored.withdrawal_reason = reason
    stored.withdrawal_mailed = tell_subscribers
    stored.withdrawn_by = user if user is not None and user.is_authenticated else None
    article_save(article=stored, user=user, comment=gettext("Withdrawn: %s") % reason)
    return stored


def article_publish(*, article: Article, user=None, when=None) -> Article:
    """Publish now (or at ``when``, a schedule) through ``article_save``."""
    article.status = Article.Status.PUBLISHED
    if when is not None:
        article.published_at = when
    return article_save(article=article, user=user, comment="Published")


# The review of a draft ----------------------------------------------------------
#
# Who takes which step is ``permissions.REVIEW_STEPS``'; each step is a save
# (its form's changes with it) and a revision saying who, when, and the note.

# What the review keeps on an article, set only by its steps (and emptied
# when the article is released: ``_settle_review``).
REVIEW_FIELDS = (
    "review_requested_at", "review_requested_by", "review_mailed_at",
    "sent_back_at", "sent_back_by", "sent_back_note",
)  # fmt: skip


class ReviewRefused(PermissionDenied):
    """The step is not the user's to take on the article as it stands now."""


@transaction.atomic
def article_review_step(
    *, article: Article, step: str, user, note: str = "", comment: str = ""
) -> Article:
    """Take ``step`` (a key of ``permissions.REVIEW_STEPS``) in the review of
    ``article``, saving it through ``article_save`` with its other changes
    (``comment``: what they were), as ``user`` may, or raise ``ReviewRefused``
    and change nothing.

    - ``request``: its authors mark it ready for review; a job mails the
      editors once the change is committed (``tell_editors_of_review``);
    - ``cancel``: its authors take (withdraw) the request back;
    - ``send_back``: an editor sends it back to its authors with ``note``
      (required: what to change), shown on its form until they mark it
      ready again.
    """
    note = note.strip()
    if step == "send_back" and not note:
        raise ValueError("A draft is sent back with a note.")
    # Decided on the stored article, locked until the save commits.
    stored = Article.objects.select_for_update().filter(pk=article.pk).first()
    if (
        stored is None
        or article.status != Article.Status.DRAFT
        or not permissions.can_take_review_step(user, stored, step)
    ):
        raise ReviewRefused(f"The review step {step!r} is not the user's to take.")
    now = timezone.now()
    asked = {"review_requested_at": None, "review_requested_by": None}
    sent_back = {"sent_back_at": None, "sent_back_by": None, "sent_back_note": ""}
    if step == "request":
        review = {**sent_back, "review_requested_at": now, "review_requested_by": user}
        said = gettext("Marked ready for review.")
    elif step == "cancel":
        review = asked
        said = gettext("The request for review was withdrawn.")
    else:
        review = {**asked, "sent_back_at": now, "sent_back_by": user}
        review["sent_back_note"] = note
        said = gettext("Sent back to its authors: %(note)s") % {"note": note}
    review["review_mailed_at"] = None  # each request is told once
    article_save(
        article=article, user=user, comment=_with_note(comment, said), review=review
    )
    article.review_step = said
    if step == "request":
        queue.enqueue_on_commit(tell_editors_of_review, article.pk)
    return article


def editor_emails(*, besides=None) -> list[str]:
    """Who is told that an article waits for review: the editors
    (``permissions.editors``) with an address, but ``besides`` (who asked)."""
    editors = permissions.editors().exclude(email="")
    if besides is not None:
        editors = editors.exclude(pk=besides.pk)
    return sorted(set(editors.values_list("email", flat=True)))


@queue.job(label=gettext_lazy("Mail the editors about an article ready for review"))
def tell_editors_of_review(article_id: int) -> int:
    """The job: ``notify_editors_of_review``."""
    return notify_editors_of_review(article_id=article_id)


def notify_editors_of_review(*, article_id: int) -> int:
    """Mail the editors that article ``article_id`` waits for review, in the
    site's language, as the moderators are told of comments.

    Once per request (``review_mailed_at``, emptied by each new request): a
    job tried again after its mail went out, or one for a request already
    told, sends nothing; nor does one whose request was withdrawn or ended.
    While mail is backed off after a failure (``core.outbox``), the job waits
    its end; a failure to send raises (the job is tried again) and backs
    mail off. Returns how many editors were mailed.
    """
    if outbox.backed_off():
        raise queue.RetryIn(
            conf.get("COMMENTS_MAIL_BACKOFF_SECONDS"), "mail is backed off"
        )
    with transaction.atomic():
        # Locked until it is marked told: two tries at once send one mail.
        article = (
            Article.objects.in_review()
            .filter(pk=article_id, review_mailed_at__isnull=True)
            .select_related("review_requested_by")
            .select_for_update(of=("self",))
            .first()
        )
        if article is None:
            return 0
        asker = article.review_requested_by
        recipients = editor_emails(besides=asker)
        if not recipients:
            logger.warning(
                "Article %s waits for review, but no editor has an email", article.pk
            )
            return 0
        language = settings.LANGUAGE_CODE
        with translation.override(language):
            changelist = reverse("admin:articles_article_changelist")
            context = {
                "site_name": conf.per_language("CMS_SITE_NAME", language),
                "article": article,
                "asker": (asker.get_full_name() or asker.get_username())
                if asker
                else "",
                "asked_at": hijri.format_dual(
                    article.review_requested_at, language, time=True
                ),
                "waiting": Article.objects.in_review().count(),
                "article_url": site.absolute_url(
                    reverse("admin:articles_article_change", args=[article.pk])
                ),
                "queue_url": site.absolute_url(
                    f"{changelist}?state={Article.Review.IN_REVIEW}"
                ),
            }
            message = outbox.templated(
                "articles/email/review_subject.txt",
                "articles/email/review_body.txt",
                context=context,
                to=recipients,
            )
        outbox.backing_off(message.send)
        Article.objects.filter(pk=article.pk).update(review_mailed_at=timezone.now())
    logger.info(
        "Told %d editors that article %s waits for review", len(recipients), article_id
    )
    return len(recipients)


@contextmanager
def article_restore(*, article: Article, user):
    """Restore one of ``article``'s revisions as ``user`` may, or not at all.

    Wraps django-reversion's restore, which first writes the revision back
    (raw saves) and only then runs the change form. Inside, every raw save of
    the article keeps its reference number and the fields ``user`` may not
    change (``keep_protected_fields``), as a save by that user would. If the
    article ends up as one ``user`` may not edit (another author's, or no
    longer a draft), everything is rolled back and ``RestoreRefused`` raised:
    a refused restore leaves nothing changed.
    """
    # What the restore may not change: the user's locked fields, and the
    # translation link (kept both ways, which no revision can do).
    names = (*permissions.locked_fields(user), "translation_id")
    kept = {name: getattr(article, name) for name in names}
    with transaction.atomic():
        token = _restoring.set((article.pk, kept))
        try:
            yield
        finally:
            _restoring.reset(token)
        if not permissions.can_edit(user, Article.objects.get(pk=article.pk)):
            raise RestoreRefused


def as_restored(article: Article) -> Article:
    """``article`` (being restored) with the values its restore may not change.

    Outside ``article_restore``, or for another article, it is left as it is.
    """
    if is_restoring(article.pk):
        for name, value in _restoring.get()[1].items():
            setattr(article, name, value)
    return article


def is_restoring(article_pk) -> bool:
    """Whether a revision of the article ``article_pk`` is being restored."""
    restoring = _restoring.get()
    return bool(restoring) and str(restoring[0]) == str(article_pk)


def keep_protected_fields(sender, instance, raw, **kwargs):
    """``pre_save`` of articles: what a revert (a raw save) may not change.

    A reference belongs to the statement, not to one of its revisions: it is
    always kept, and so is the translation link. During ``article_restore``,
    so are the fields the restoring user may not change (``as_restored``).
    The review stands as it is (only its steps move it), unless the revision
    releases the article, which ends it as a save would (``_settle_review``).
    """
    if not raw or instance.pk is None:
        return
    withdrawal = [Article._meta.get_field(name).attname for name in WITHDRAWAL_FIELDS]
    review = [Article._meta.get_field(name).attname for name in REVIEW_FIELDS]
    stored = (
        Article.objects.filter(pk=instance.pk)
        .values_list(
            "reference_year",
            "reference_number",
            "translation",
            *withdrawal,
            "corrected_at",
            *review,
        )  # fmt: skip
        .first()
    )
    if stored is None:  # a deleted article being recovered
        return
    corrected = 3 + len(withdrawal)
    if stored[1] is not None:
        instance.reference_year, instance.reference_number = stored[:2]
    # A translation link is kept both ways; a revision cannot keep it so.
    instance.translation_id = stored[2]
    if stored[3] == Article.Status.WITHDRAWN:  # for good
        for name, value in zip(withdrawal, stored[3:corrected], strict=True):
            setattr(instance, name, value)
    instance.corrected_at = stored[corrected]  # its corrections stay shown
    as_restored(instance)
    released = instance.status != Article.Status.DRAFT
    for name, value in zip(REVIEW_FIELDS, stored[corrected + 1 :], strict=True):
        field = Article._meta.get_field(name)
        setattr(instance, field.attname, field.get_default() if released else value)


# What a change touches ---------------------------------------------------------


class Placed(NamedTuple):
    """Where an article's state puts it: the lists it enters, and the pages
    beside it (``touched_by_article``). One before a change and one after."""

    language: str | None = None  # ``None``: not known (every edition's)
    published: bool = True  # in its lists (or due in them at its time)
    category: int | None = None
    path: str | None = None  # its category's
    office: int | None = None
    translation: int | None = None
    authors: tuple = ()
    tags: tuple = ()
    # The whole article; ``False``: only its byline or a tag changed, and
    # only the lists of those (``authors``, ``tags``) are touched.
    whole: bool = True
    # Marked breaking, its time not ended: its edition's banner shows it.
    breaking: bool = False


def is_breaking(breaking_until, at=None):
    """Whether an article marked breaking ``breaking_until`` is so ``at``
    (now by default), if it is published."""
    return breaking_until is not None and breaking_until > (at or timezone.now())


# An article before it was written.
NOWHERE = Placed(published=False)
EVERY_LANGUAGE = tuple(code for code, _name in settings.LANGUAGES)


def article_shown_changed(article_id, *placed):
    """Make fresh what a change to article ``article_id`` touches
    (``touched_by_article``), now and once the transaction commits."""
    cache.touch_now_and_on_commit(*touched_by_article(article_id, *placed))


def touched_by_article(article_id, *placed):
    """What a change to article ``article_id`` touches (``core.cache``
    dependencies), its state before and after the change being ``placed``
    (``Placed``): its own page and cards; the lists it leaves or enters
    (``lists_showing``) and every list that says no narrower one
    (``LISTS``: search, sitemaps, the API); the pages of the articles in its
    categories (their previous, next and related) and of those carrying its
    tags (related); the pages of its translations. Not the pages of the
    other articles, nor the other lists: a publication leaves the long tail
    and the other sections kept. The one rule for articles, whether an
    editor makes the change or the schedule does (``scheduled_changes``), as
    ``comments.services.shown_comments_changed`` is for comments; any other
    change an editor makes bumps the whole generation."""
    touched = {cache.article(article_id), cache.LISTS}
    for state in placed:
        if not state.published:  # a draft: in no list, beside no article
            continue
        touched.update(lists_showing(state))
        touched.update(cache.tag_articles(pk) for pk in state.tags)
        for pk, making in (
            (state.category, cache.category_articles),
            (state.translation, cache.article),
        ):
            if pk is not None:
                touched.add(making(pk))
    return sorted(touched, key=repr)


def lists_showing(placed):
    """The lists (``core.cache.listed``) an article ``placed`` so is in: its
    editions' homes, feeds and archives, its section and the sections above
    it, its authors, office and tags (of the byline or tags alone, for a
    state not ``whole``). A state of unknown language is in every edition's."""
    languages = EVERY_LANGUAGE if placed.language is None else [placed.language]
    editions = {
        i18n.edition_of(code)
        for language in languages
        for code in i18n.editions_showing(language)
    }
    parts = (placed.path or "").split("/") if placed.path else []
    kinds = [
        ("edition", None),
        ("archive", None),
        *(("section", "/".join(parts[: n + 1])) for n in range(len(parts))),
        *(("author", pk) for pk in placed.authors),
        *(("tag", pk) for pk in placed.tags),
        *([("office", placed.office)] if placed.office is not None else []),
        *([("breaking", None)] if placed.breaking else []),
    ]
    if not placed.whole:
        kinds = [kind for kind in kinds if kind[0] in ("author", "tag")]
    return [cache.listed(edition, *kind) for edition in editions for kind in kinds]


def _editions_showing(language):
    """The editions (``core.i18n.edition_of``) whose lists show an article in
    ``language`` (``None``: not known, every edition)."""
    languages = EVERY_LANGUAGE if language is None else [language]
    return {
        i18n.edition_of(code)
        for language in languages
        for code in i18n.editions_showing(language)
    }


# What is read of an article to place it (``Placed``), in its order; when it
# stops being breaking, last.
PLACING = (
    "language", "status", "category_id", "category__path", "office_id",
    "translation_id", "breaking_until",
)  # fmt: skip


def scheduled_changes(until):
    """``[(moment, touched)]``: the publications and unpublications the
    schedule makes by itself from now to ``until``, each with what it
    touches (``touched_by_article``), and the ends of the breaking news
    (their editions' banners). One query of three range scans, whatever the
    size of the archive."""
    now = timezone.now()
    released = Article.objects.filter(status=Article.Status.PUBLISHED)
    # A row a tag and author.
    fields = ("pk", *PLACING, "tags__id", "article_authors__author_id")
    publications, unpublications, breaking_ends = (
        released.filter(**{f"{field}__gt": now, f"{field}__lte": until})
        .order_by()
        .annotate(moment_of=Value(field))
        .values_list("moment_of", field, *fields)
        for field in ("published_at", "unpublish_at", "breaking_until")
    )
    coming, ending, tags, authors = {}, {}, {}, {}
    for (
        which,
        moment,
        pk,
        language,
        _,
        *placing,
        breaking,
        tag,
        author,
    ) in publications.union(unpublications, breaking_ends, all=True):
        if which == "breaking_until":
            ending[moment, language] = None
            continue
        coming[moment, pk] = [language, True, *placing], is_breaking(breaking, moment)
        tags.setdefault(pk, set()).update([tag] if tag is not None else [])
        authors.setdefault(pk, set()).update([author] if author is not None else [])
    changes = [
        (
            moment,
            touched_by_article(
                pk,
                Placed(
                    *placing,
                    tuple(sorted(authors[pk])),
                    tuple(sorted(tags[pk])),
                    breaking=breaking,
                ),
            ),
        )
        for (moment, pk), (placing, breaking) in coming.items()
    ]
    for moment, language in ending:
        editions = _editions_showing(language)
        changes.append((moment, [cache.listed(e, "breaking") for e in editions]))
    return changes


def placed(article_id):
    """Where article ``article_id`` is as stored now (``Placed``), or
    ``None`` when it is not."""
    found = Article.objects.filter(pk=article_id).values_list(*PLACING).first()
    if found is None:
        return None
    language, status, *found, breaking_until = found
    found = [language, status == Article.Status.PUBLISHED, *found]
    authors = ArticleAuthor.objects.filter(article_id=article_id).values_list(
        "author_id", flat=True
    )
    tags = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Article),
        object_id=article_id,
    ).values_list("tag_id", flat=True)
    return Placed(
        *found,
        tuple(sorted(authors)),
        tuple(sorted(tags)),
        breaking=is_breaking(breaking_until),
    )


def changed_alone(article_id, **changed):
    """``Placed`` of article ``article_id`` whose byline or tags alone
    changed (``changed``: ``authors`` or ``tags``): only their lists, in its
    edition, if it is in any."""
    found = (
        Article.objects.filter(pk=article_id).values_list("language", "status").first()
    )
    language, status = found or (None, Article.Status.PUBLISHED)
    return Placed(language, status == Article.Status.PUBLISHED, whole=False, **changed)


def remember_what_it_showed(sender, instance, raw=False, **kwargs):
    """``pre_save`` of articles: where the article was before the change,
    whose lists and neighbours the change touches too."""
    instance._shown_before = placed(instance.pk) if instance.pk is not None else None


def article_changed(sender, instance, **kwargs):
    """``post_save`` and ``post_delete`` of articles: where it was, and
    where it is now (as the instance holds it: a deleted one is no longer
    stored)."""
    before = getattr(instance, "_shown_before", None) or NOWHERE
    now = placed(instance.pk) or NOWHERE._replace(
        language=instance.language,
        published=instance.status == Article.Status.PUBLISHED,
        category=instance.category_id,
        office=instance.office_id,
        translation=instance.translation_id,
        path=None if instance.category_id is None else instance.category.path,
        breaking=is_breaking(instance.breaking_until),
    )
    article_shown_changed(instance.pk, before, now)


def byline_changed(sender, instance, **kwargs):
    """``post_save`` and ``post_delete`` of an article's authors: the
    article, and the author's list."""
    article_shown_changed(
        instance.article_id,
        changed_alone(instance.article_id, authors=(instance.author_id,)),
    )


def tagging_changed(sender, instance, **kwargs):
    """``post_save`` and ``post_delete`` of a tag on anything: on an article,
    what its change touches, that tag's list and related articles."""
    if instance.content_type_id == ContentType.objects.get_for_model(Article).pk:
        article_shown_changed(
            instance.object_id,
            changed_alone(instance.object_id, tags=(instance.tag_id,)),
        )
    else:
        cache.bump_now_and_on_commit()


def tag_changed(sender, instance, created=False, **kwargs):
    """``post_save`` and ``post_delete`` of tags: a tag just made shows
    nothing yet (its articles' taggings touch what shows them); a tag renamed
    or deleted shows on every page that names it: the generation."""
    if not created:
        cache.bump_now_and_on_commit()
