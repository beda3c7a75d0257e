"""Template tags for comments: the thread under an article, its form, counts."""

from dataclasses import dataclass, field

from django import template
from django.core.paginator import Page
from django.db.models import QuerySet
from django.utils.functional import LazyObject

from articles.models import Article
from comments import moderation
from comments.forms import CommentForm
from comments.models import Comment

register = template.Library()


@dataclass
class Thread:
    """An article's approved comments: top-level ones with their replies."""

    comments: list = field(default_factory=list)
    count: int = 0
    by_id: dict = field(default_factory=dict)


@register.simple_tag
def comment_thread(article):
    """Approved comments of ``article``, oldest first, replies one level deep.

    One query whatever the number of comments. Each top-level comment carries
    ``thread_replies``; a reply whose parent is not shown stands on its own.
    """
    comments = list(Comment.objects.public().filter(article=article).for_display())
    by_id = {comment.pk: comment for comment in comments}
    top = []
    for comment in comments:
        comment.thread_replies = []
    for comment in comments:
        parent = by_id.get(comment.parent_id)
        if parent is not None and parent.parent_id is None:
            parent.thread_replies.append(comment)
        else:
            top.append(comment)
    return Thread(top, len(comments), by_id)


@register.simple_tag(takes_context=True)
def comment_form(context, article, thread=None):
    """The form under ``article``: the one sent back with errors, or a new one.

    ``?reply_to=<id>`` of an approved top-level comment makes the new form a
    reply. The form's ``reply_target`` is the comment replied to, if any.
    """
    by_id = thread.by_id if thread else {}
    form = context.get("comment_form")
    if not (isinstance(form, CommentForm) and form.article.pk == article.pk):
        request = context.get("request")
        target = _comment_in(by_id, request.GET.get("reply_to") if request else None)
        initial = {"parent": target.pk} if target and target.parent_id is None else {}
        form = CommentForm(article=article, initial=initial)
    form.reply_target = _comment_in(by_id, form["parent"].value())
    return form


def _comment_in(by_id, pk):
    try:
        return by_id.get(int(pk))
    except (TypeError, ValueError):
        return None


@register.filter
def comments_open(article):
    """Whether readers may comment on ``article`` now (the policy decides)."""
    return moderation.comments_open(article)


@register.simple_tag(takes_context=True)
def comment_count(context, article):
    """The number of approved comments on ``article``, for article cards.

    Uses the ``approved_comment_count`` annotation when the query has it.
    Otherwise counts once for every article the page has already loaded, and
    remembers the counts on the request: no query per article.
    """
    annotated = getattr(article, "approved_comment_count", None)
    if annotated is not None:
        return annotated
    request = context.get("request")
    counts = getattr(request, "_comment_counts", None)
    if counts is None:
        counts = {}
        if request is not None:
            request._comment_counts = counts
    if article.pk not in counts:
        wanted = {a.pk for a in _loaded_articles(context)} - counts.keys()
        wanted.add(article.pk)
        found = Comment.objects.public().counts_by_article(wanted)
        counts.update({pk: found.get(pk, 0) for pk in wanted})
    return counts[article.pk]


def _loaded_articles(context):
    """Articles the template context holds already (nothing is fetched here)."""
    for value in context.flatten().values():
        if issubclass(type(value), LazyObject):
            # ``user``, ``csrf_token``…: looking inside would open the session
            # or make a CSRF token, and the page would be the reader's own.
            continue
        if isinstance(value, Page):
            value = value.object_list
        if isinstance(value, Article):
            yield value
        elif isinstance(value, QuerySet):
            # Only a query already run: its rows are at hand, no new query.
            if value.model is Article and value._result_cache is not None:
                yield from (i for i in value._result_cache if isinstance(i, Article))
        elif isinstance(value, list | tuple):
            yield from (item for item in value if isinstance(item, Article))
