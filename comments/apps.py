from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        # A comment deleted anywhere (the admin's bulk delete included) may
        # have been shown. New comments touch nothing: they are held, and a
        # flood of them must not empty the page cache; decisions touch their
        # article's comments in comments.services.
        post_delete.connect(
            touch_when_deleted,
            sender="comments.Comment",
            dispatch_uid="comments-deleted",
        )

        # An approved comment edited in the admin (its text, its name) changes
        # the cached thread; held ones stay out of it.
        post_save.connect(
            touch_when_public,
            sender="comments.Comment",
            dispatch_uid="comments-public-saved",
        )


def touch_when_public(sender, instance, **kwargs):
    """Make cached pages fresh when a comment readers see is saved."""
    from comments.services import shown_comments_changed

    if instance.is_public:
        shown_comments_changed(instance.article_id)


def touch_when_deleted(sender, instance, **kwargs):
    """Make cached pages fresh when a comment is deleted (it may have been shown)."""
    from comments.services import shown_comments_changed

    shown_comments_changed(instance.article_id)
