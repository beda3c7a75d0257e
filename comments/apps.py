from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from cms import cache

        # A comment deleted anywhere (the admin's bulk delete included) may
        # have been shown. New comments do not bump: they are held, and a
        # flood of them must not empty the page cache; decisions bump the
        # content generation in comments.services.
        post_delete.connect(
            cache.bump_now_and_on_commit,
            sender="comments.Comment",
            dispatch_uid="comments-deleted",
        )

        # An approved comment edited in the admin (its text, its name) changes
        # the cached thread; held ones stay out of it.
        post_save.connect(
            bump_when_public,
            sender="comments.Comment",
            dispatch_uid="comments-public-saved",
        )


def bump_when_public(sender, instance, **kwargs):
    """Make cached pages fresh when a comment readers see is saved."""
    from cms import cache

    if instance.is_public:
        cache.bump_now_and_on_commit()
