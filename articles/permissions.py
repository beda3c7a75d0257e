"""Who may do what on the editors' desk: the one home of the rules.

Three roles, given by the groups the data migrations make:

- **Editors** (``articles.publish_article``) write, publish, schedule, restore
  and recover any article, send a draft in review back to its authors,
  correct and withdraw published statements, and moderate comments.
- **Authors** (``articles.change_article`` without publishing) edit and
  preview their own articles while they are drafts, and mark them ready for
  review (``REVIEW_STEPS``); the publication fields (status, times, featuring)
  stay as an editor left them, when saving and when restoring a revision alike.
- **Moderators** (``comments.can_moderate``) decide about comments only.

Every check needs an active staff account. The admin, the preview page, the
moderation queue and the API ask these functions and nothing else.
"""

from collections.abc import Callable
from typing import NamedTuple

from django.db.models import Q, QuerySet

from articles.models import Article

#: Fields only those who may publish change; for anyone else they keep their
#: stored value (or their default on a new article).
PUBLICATION_FIELDS = (
    "status", "published_at", "unpublish_at", "is_featured", "breaking_until",
)  # fmt: skip


def _is_staff(user) -> bool:
    return bool(user and user.is_active and user.is_staff)


def can_publish(user) -> bool:
    """Publish, schedule, unpublish, feature and mark as breaking any article
    (Editors)."""
    return _is_staff(user) and user.has_perm("articles.publish_article")


def can_moderate(user) -> bool:
    """Decide about readers' comments (Moderators, and Editors too)."""
    return _is_staff(user) and (
        user.has_perm("comments.can_moderate") or can_publish(user)
    )


def moderators() -> QuerySet:
    """The users ``can_moderate`` lets in, as a query: active staff with the
    moderators' or the editors' permission (by group or their own), and the
    superusers (who have every permission)."""
    return _staff_with(
        Q(codename="can_moderate", content_type__app_label="comments")
        | Q(codename="publish_article", content_type__app_label="articles")
    )


def _staff_with(permissions: Q) -> QuerySet:
    """Active staff users with one of the ``permissions`` (by group or their
    own), and the superusers (who have every permission)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    allowed = Permission.objects.filter(permissions)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=allowed)
            | Q(user_permissions__in=allowed)
        )
        .distinct()
    )


def editable_articles(user, queryset: QuerySet | None = None) -> QuerySet:
    """The articles ``user`` may edit: all for editors, their own drafts for
    authors, none for anyone else."""
    queryset = Article.objects.all() if queryset is None else queryset
    if can_publish(user):
        return queryset
    if not (_is_staff(user) and user.has_perm("articles.change_article")):
        return queryset.none()
    own = Article.objects.filter(article_authors__author__user=user)
    return queryset.drafts().filter(pk__in=own.values("pk"))


def can_edit(user, article: Article) -> bool:
    """Instance twin of ``editable_articles``: may ``user`` change ``article``?

    The state is the instance's own; the byline is read from the database.
    """
    if can_publish(user):
        return True
    return (
        _is_staff(user)
        and user.has_perm("articles.change_article")
        and article.state == Article.State.DRAFT
        and article.article_authors.filter(author__user=user).exists()
    )


def can_restore(user, article: Article) -> bool:
    """Restore one of ``article``'s revisions: the same rule as editing it.

    What a restore may change is the same as what a save may change
    (``locked_fields``).
    """
    return can_edit(user, article)


def can_correct(user) -> bool:
    """Correct a published statement with a note (Editors)."""
    return can_publish(user)


def can_withdraw(user) -> bool:
    """Withdraw a published statement, for good (Editors)."""
    return can_publish(user)


def can_recover(user) -> bool:
    """Bring a deleted article back (Editors)."""
    return can_publish(user)


def can_preview(user, article: Article) -> bool:
    """See an unpublished article as readers will: editors any, authors their own."""
    if can_publish(user):
        return True
    return (
        _is_staff(user)
        and user.has_perm("articles.change_article")
        and article.article_authors.filter(author__user=user).exists()
    )


def can_link_translation(user, article: Article, partner: Article | None) -> bool:
    """May ``user`` make ``partner`` (or nothing) ``article``'s translation?

    The link is kept both ways, so changing it changes every article it
    joins or parts besides ``article`` (which ``user`` is editing): its
    stored partner, ``partner``, and the article ``partner`` was linked to.
    ``user`` must be able to edit each.
    """
    changed = set(linked_to(article)) if article.pk else set()
    if partner is not None:
        changed |= {partner, *linked_to(partner)}
    return all(can_edit(user, other) for other in changed - {article})


def linked_to(article: Article) -> list[Article]:
    """The articles linked to the stored ``article`` as its translation."""
    return list(Article.objects.filter(translation=article.pk).exclude(pk=article.pk))


def locked_fields(user) -> tuple[str, ...]:
    """The fields ``user``'s saves and restores leave as they are."""
    return () if can_publish(user) else PUBLICATION_FIELDS


# The review of a draft ---------------------------------------------------------
#
# An author marks their draft ready for review; an editor publishes it (a
# save that releases it ends the review) or sends it back with a note, and
# the author marks it ready again. Only a draft is reviewed
# (``Article.review_state``: ``None`` for any other article).


def _writes(user, article: Article) -> bool:
    """``user`` is on ``article``'s byline and may change articles (an author,
    or an editor who wrote it)."""
    return (
        _is_staff(user)
        and user.has_perm("articles.change_article")
        and article.article_authors.filter(author__user=user).exists()
    )


class ReviewStep(NamedTuple):
    """A move of a draft's review: the states it leaves, the one it gives,
    and who may take it (``who(user, article)``)."""

    leaves: frozenset
    gives: Article.Review
    who: Callable


#: Who moves a draft between the review's states, and from where to where.
#: Publishing is no step of its own: an editor's save that releases the
#: article ends its review, whatever state it was in (``can_publish``). A
#: save by an author of an article in review keeps it in review.
REVIEW_STEPS = {
    # Its authors, from a draft being written or sent back to them.
    "request": ReviewStep(
        frozenset({Article.Review.WRITING, Article.Review.SENT_BACK}),
        Article.Review.IN_REVIEW,
        _writes,
    ),
    # Its authors take their request back.
    "cancel": ReviewStep(
        frozenset({Article.Review.IN_REVIEW}),
        Article.Review.WRITING,
        _writes,
    ),
    # An editor, with a note the authors see.
    "send_back": ReviewStep(
        frozenset({Article.Review.IN_REVIEW}),
        Article.Review.SENT_BACK,
        lambda user, article: can_publish(user),
    ),
}


def can_take_review_step(user, article: Article, step: str) -> bool:
    """May ``user`` take ``step`` (a key of ``REVIEW_STEPS``) in ``article``'s
    review now? The state is the instance's own; the byline is read from the
    database."""
    rule = REVIEW_STEPS[step]
    return article.review_state in rule.leaves and rule.who(user, article)


def review_step_is_theirs(user, article: Article, step: str) -> bool:
    """Whether ``step`` is ``user``'s to take on ``article`` in a state it
    leaves: when refused, was it the person or the article's state?"""
    return REVIEW_STEPS[step].who(user, article)


def can_request_review(user, article: Article) -> bool:
    """Mark ``article`` ready for review: its authors, while it is a draft
    being written or sent back to them."""
    return can_take_review_step(user, article, "request")


def can_withdraw_review_request(user, article: Article) -> bool:
    """Take the request for review back: its authors, while it waits."""
    return can_take_review_step(user, article, "cancel")


def can_send_back(user, article: Article) -> bool:
    """Send ``article`` back to its authors with a note: editors, while it
    waits for review."""
    return can_take_review_step(user, article, "send_back")


def editors() -> QuerySet:
    """The users ``can_publish`` lets in, as a query: active staff with the
    editors' permission (by group or their own), and the superusers. Those
    told that an article waits for review."""
    return _staff_with(
        Q(codename="publish_article", content_type__app_label="articles")
    )
