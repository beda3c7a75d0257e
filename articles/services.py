"""Writes with side effects for articles: used by the admin, commands and tests."""

import reversion
from django.db import transaction

from articles.models import Article, ArticleSlugHistory, ReferenceCounter
from cms import hijri


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


@transaction.atomic
def article_save(*, article: Article, user=None, comment: str = "") -> Article:
    """Save an article from the editors' desk.

    - keeps the former slug so that the old address redirects permanently;
    - gives a statement its reference number on first publication;
    - records a revision (who, when) that editors can compare and restore.
    """
    previous_slug = None
    if article.pk:
        # Lock the row: two editors saving at once cannot both number it.
        stored = Article.objects.select_for_update().filter(pk=article.pk).first()
        if stored is not None:
            previous_slug = stored.slug
            article.reference_year = stored.reference_year
            article.reference_number = stored.reference_number
    if article.status == Article.Status.PUBLISHED and article.reference_number is None:
        article.reference_year = hijri.to_hijri(article.published_at).year
        article.reference_number = next_reference_number(
            office=article.office, hijri_year=article.reference_year
        )
    with reversion.create_revision():
        article.save()
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
    if previous_slug and previous_slug != article.slug:
        ArticleSlugHistory.objects.update_or_create(
            slug=previous_slug, defaults={"article": article}
        )
    # The current slug is the article's own address, never a redirect.
    ArticleSlugHistory.objects.filter(slug=article.slug).delete()
    return article


def article_publish(*, article: Article, user=None, when=None) -> Article:
    """Publish now (or at ``when``, a schedule) through ``article_save``."""
    article.status = Article.Status.PUBLISHED
    if when is not None:
        article.published_at = when
    return article_save(article=article, user=user, comment="Published")
