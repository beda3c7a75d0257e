"""Small factories for tests: invented, neutral content, valid by default."""

import itertools
from datetime import timedelta

from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Category, Office

_counter = itertools.count(1)


def make_office(**fields):
    n = next(_counter)
    fields.setdefault("slug", f"office-{n}")
    fields.setdefault("name_en", f"Office {n}")
    fields.setdefault("name_ar", f"مكتب {n}")
    return Office.objects.create(**fields)


def make_author(**fields):
    n = next(_counter)
    fields.setdefault("slug", f"author-{n}")
    fields.setdefault("name_en", f"Author {n}")
    fields.setdefault("name_ar", f"كاتب {n}")
    fields.setdefault("role_en", "Spokesman")
    fields.setdefault("role_ar", "المتحدث الرسمي")
    if "office" not in fields:
        fields["office"] = make_office()
    return Author.objects.create(**fields)


def make_category(**fields):
    n = next(_counter)
    fields.setdefault("slug", f"category-{n}")
    fields.setdefault("name_en", f"Category {n}")
    fields.setdefault("name_ar", f"قسم {n}")
    return Category.objects.create(**fields)


def make_article(*, authors=None, **fields):
    """A published article (publication an hour ago) unless told otherwise."""
    n = next(_counter)
    fields.setdefault("title", f"Statement number {n}")
    fields.setdefault("language", "en")
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    fields.setdefault("body", f"<p>Placeholder paragraph {n}.</p>")
    if "category" not in fields:
        fields["category"] = make_category()
    if authors is None:
        authors = [make_author(office=fields.get("office") or make_office())]
    fields.setdefault("office", authors[0].office if authors else make_office())
    article = Article.objects.create(**fields)
    for position, author in enumerate(authors):
        ArticleAuthor.objects.create(article=article, author=author, position=position)
    return article
