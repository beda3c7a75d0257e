from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    """Statements sent where their readers are: Telegram channels and
    partners' webhooks, planned after each change and sent by jobs."""

    name = "delivery"
    verbose_name = _("Delivery")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from articles.models import Article
        from comments.models import ModerationDecision
        from documents.signals import document_made

        for signal in (post_save, post_delete):
            signal.connect(
                _article_changed, sender=Article, dispatch_uid=f"delivery-{signal}"
            )
        m2m_changed.connect(
            _byline_changed,
            sender=Article.authors.through,
            dispatch_uid="delivery-byline",
        )
        post_save.connect(
            _decided, sender=ModerationDecision, dispatch_uid="delivery-decision"
        )
        # A post carrying the statement's PDF waits for it (documents).
        document_made.connect(_document_made, dispatch_uid="delivery-document")


def _article_changed(sender, instance, raw=False, **kwargs):
    from delivery import services

    if not raw:
        services.article_changed(instance)


def _byline_changed(sender, instance, action, reverse=False, **kwargs):
    from articles.models import Article
    from delivery import services

    if action.startswith("post_") and isinstance(instance, Article):
        services.article_changed(instance)


def _decided(sender, instance, created, raw=False, **kwargs):
    from comments.models import Status
    from delivery import services

    if created and not raw and instance.status == Status.APPROVED:
        services.comment_approved(instance.comment_id)


def _document_made(sender, article_id, **kwargs):
    from delivery import services

    services.document_made(article_id)
