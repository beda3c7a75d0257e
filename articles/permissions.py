"""Who may do what on the editors' desk: the one home of the rules.

Three roles, given by the groups the data migrations make:

- **Editors** (``articles.publish_article``) write, publish, schedule, restore
  and recover any article, correct and withdraw published statements, and
  moderate comments.
- **Authors** (``articles.change_article`` without publishing) edit and
  preview their own articles while they are drafts; the publication fields
  (status, times, featuring) stay as an editor left them, when saving and when
  restoring a revision alike.
- **Moderators** (``comments.can_moderate``) decide about comments only.

Every check needs an active staff account. The admin, the preview page, the
moderation queue and the API ask these functions and nothing else.
"""

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
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    allowed = Permission.objects.filter(
        Q(codename="can_moderate", content_type__app_label="comments")
        | Q(codename="publish_article", content_type__app_label="articles")
    )
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
