"""Template tags for comments: the thread under an article, its form, counts."""

from django import template
from django.template.loader import get_template
from django.utils.functional import cached_property

from articles import cards
from comments import moderation
from comments.forms import CommentForm
from comments.models import Comment
from core import cache
from core.reader import reader_variant

register = template.Library()


class Thread:
    """An article's approved comments: top-level ones with their replies.

    ``count`` and ``html`` (the rendered list) come from the shared cache when
    a reader has seen the thread since the last content change; the comments
    themselves are read (one query) only when needed: to render the list, or
    to find the comment a reader replies to (``by_id``).
    """

    def __init__(self, article, *, count=None, html=""):
        self.article = article
        self.count = count
        self.html = html

    @cached_property
    def comments(self):
        """Top-level comments, oldest first, each with ``thread_replies``."""
        return self._built[0]

    @cached_property
    def by_id(self):
        return self._built[1]

    @cached_property
    def _built(self):
        comments = list(
            Comment.objects.public().filter(article=self.article).for_display()
        )
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
        return top, by_id


@register.simple_tag(takes_context=True)
def comment_thread(context, article):
    """Approved comments of ``article``, oldest first, replies one level deep.

    One query whatever the number of comments, and none while the rendered
    list is in the shared cache (``core.cache.COMMENT_THREAD``: per article,
    language, digits preference and whether comments are open; any approved
    or removed comment makes it fresh). A reply whose parent is not shown
    stands on its own.
    """
    request = context.get("request")
    is_open = moderation.comments_open(article)
    thread = Thread(article)

    def render():
        html = get_template("comments/list.html").render(
            {"thread": thread, "article": article, "open": is_open, "request": request}
        )
        return len(thread.by_id), html

    thread.count, thread.html = cache.remember(
        cache.COMMENT_THREAD,
        article.pk,
        *reader_variant(request),
        is_open,
        compute=render,
    )
    return thread


@register.simple_tag(takes_context=True)
def comment_form(context, article, thread=None):
    """The form under ``article``: the one sent back with errors, or a new one.

    ``?reply_to=<id>`` of an approved top-level comment makes the new form a
    reply. The form's ``reply_target`` is the comment replied to, if any.
    """
    form = context.get("comment_form")
    if not (isinstance(form, CommentForm) and form.article.pk == article.pk):
        request = context.get("request")
        target = _comment_in(thread, request.GET.get("reply_to") if request else None)
        initial = {"parent": target.pk} if target and target.parent_id is None else {}
        form = CommentForm(article=article, initial=initial)
    form.reply_target = _comment_in(thread, form["parent"].value())
    return form


def _comment_in(thread, pk):
    """The comment ``pk`` of ``thread``; the thread is read only for a number."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return thread.by_id.get(pk) if thread is not None else None


@register.filter
def comments_open(article):
    """Whether readers may comment on ``article`` now (the policy decides)."""
    return moderation.comments_open(article)


@register.simple_tag(takes_context=True)
def comment_count(context, article):
    """The number of approved comments on ``article``, for article cards.

    Counts once for every article the view said its page shows
    (``articles.cards.show``), and remembers the counts for the request: no
    query per article.
    """
    counts = cache.for_this_request("comment-counts", dict)
    if article.pk not in counts:
        wanted = {a.pk for a in cards.page_articles(context)} - counts.keys()
        wanted.add(article.pk)
        # The page shows these counts: it is stale when they change.
        cache.depends_on(*(cache.article_comments(pk) for pk in wanted))
        found = Comment.objects.public().counts_by_article(wanted)
        counts.update({pk: found.get(pk, 0) for pk in wanted})
    return counts[article.pk]
