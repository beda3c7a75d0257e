"""What a Telegram channel shows of a statement, and what a webhook carries.

Each is computed from the article as readers see it, in the article's own
language: the same title, dual date, reference number and canonical address
as its page, so a post and the page never disagree.
"""

import json

from django.utils import timezone, translation
from django.utils.translation import gettext

from core import hijri
from delivery.telegram_text import CAPTION_LIMIT, MESSAGE_LIMIT, compose
from documents.services import reader_file_name
from site_settings import site


def telegram_post(article, channel, document=""):
    """``{"show": True, "text": html, "photo": stored name or "", "title"}``:
    the post ``channel`` shows of ``article`` (a public one); the title is
    kept for the notice should it be withdrawn. With ``document`` (the stored
    name of the article's current PDF) the post is that PDF with the text as
    its caption (``"document"``, and ``"filename"`` readers see): a message
    holds one file, and the PDF wins over the lead picture, which it shows."""
    photo = (
        article.lead_image.name
        if channel.send_photo and article.lead_image and not document
        else ""
    )
    with translation.override(article.language):
        office = article.office.name if article.office_id else ""
        reference = (
            gettext("Reference:")
            + " "
            + hijri.localize_digits(article.reference, article.language)
            if article.reference
            else ""
        )
        text = compose(
            title=article.title,
            date_line=hijri.format_dual(article.published_at, article.language),
            reference=" — ".join(part for part in (office, reference) if part),
            # The newest correction opens the excerpt: kept when a long
            # excerpt is shortened, and a correction changes the post.
            excerpt="\n".join(
                part for part in (corrected_line(article), article.excerpt) if part
            ),
            url=site.absolute_url(article.get_absolute_url()),
            language=article.language,
            limit=CAPTION_LIMIT if photo or document else MESSAGE_LIMIT,
        )
    post = {"show": True, "text": text, "photo": photo, "title": article.title}
    return post | with_document(article, document)


def with_document(article, document):
    """The keys a post carrying the PDF ``document`` adds (none without one,
    so that the posts of channels without PDFs stay as they were)."""
    if not document:
        return {}
    return {"document": document, "filename": reader_file_name(article)}


def corrected_line(article):
    """The line "Corrected on <dual date>" for the newest correction of
    ``article`` (in the active language), or "" for one never corrected."""
    corrections = article.correction_list
    if not corrections:
        return ""
    when = hijri.format_dual(corrections[-1].made_at, article.language)
    return gettext("Corrected on %(when)s") % {"when": when}


def withdrawal_post(article, document=""):
    """What a channel's post of ``article`` (withdrawn) is edited to, never
    deleted: its title, when and by which office it was withdrawn, and why,
    in the article's language (short enough for a caption); a post carrying
    the PDF carries ``document`` (the notice's PDF once it is made)."""
    with translation.override(article.language):
        notice = compose(
            title=article.title,
            date_line=withdrawal_line(article),
            reference="",
            excerpt=gettext("Reason:") + " " + article.withdrawal_reason,
            url="",
            language=article.language,
            limit=CAPTION_LIMIT,
        )
    post = {"show": False, "withdrawn": True, "notice": notice, "title": article.title}
    return post | with_document(article, document)


def withdrawal_line(article):
    """The line "Withdrawn on <dual date> by <office>." (active language)."""
    return gettext("Withdrawn on %(when)s by %(office)s.") % {
        "when": hijri.format_dual(article.withdrawn_at, article.language),
        "office": article.office.name,
    }


def withdrawn_notice(title, language):
    """The text a post too old to delete is edited to: its title, and that
    the statement was withdrawn."""
    with translation.override(language):
        return compose(
            title=title,
            date_line="",
            reference="",
            excerpt=gettext("This statement has been withdrawn."),
            url="",
            language=language,
            limit=CAPTION_LIMIT,
        )


def removal(article_title, language):
    """What a channel shows of an article that is no longer public: nothing
    (with the notice for a post Telegram no longer lets the bot delete)."""
    return {"show": False, "notice": withdrawn_notice(article_title, language)}


class SiteAddresses:
    """Stands in for the request the API's schemas build absolute addresses
    with: a job has none, so addresses start with the site's own."""

    def build_absolute_uri(self, path):
        return site.absolute_url(path)


def article_data(article):
    """The article as the API gives it (``/api/v1/articles/{id}``)."""
    from api.schemas import ArticleDetail

    with translation.override(article.language):
        data = ArticleDetail.from_orm(
            article, context={"request": SiteAddresses()}
        ).model_dump(mode="json")
    return data


def withdrawn_data(article):
    """A withdrawn article as the API gives it: its 410 body (when, by which
    office and why, without its text)."""
    from api.schemas import Withdrawn

    with translation.override(article.language):
        data = Withdrawn.from_orm(
            article, context={"request": SiteAddresses()}
        ).model_dump(mode="json")
    return data


def corrected(data, before):
    """Whether ``data`` (an article as the API gives it) has corrections the
    article delivered before (``before``) did not."""
    earlier = (before or {}).get("corrections") or []
    return len(data.get("corrections") or []) > len(earlier)


def comment_data(comment):
    """An approved comment, for the partners that take them: what readers
    see of it (never the commenter's email or address)."""
    article = comment.article
    with translation.override(article.language):
        return {
            "id": comment.pk,
            "article": {
                "id": article.pk,
                "title": article.title,
                "url": site.absolute_url(article.get_absolute_url()),
            },
            "parent": comment.parent_id,
            "name": comment.name,
            "body": comment.body,
            "written": hijri.iso_datetime(comment.created_at),
            "url": site.absolute_url(comment.get_absolute_url()),
        }


def webhook_body(event, data):
    """The JSON a webhook posts: the event's type, when, and its data."""
    return {
        "type": event,
        "timestamp": hijri.iso_datetime(timezone.now()),
        "data": data,
    }


def same_article(data, other):
    """Whether two representations of an article say the same, but for the
    moment it was last saved (a save that changed nothing is no update)."""
    return {**data, "updated": None} == {**(other or {}), "updated": None}


def encoded(body):
    """A webhook's body as the bytes sent and signed."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
