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


def make_unseen_articles(*, category, **fields):
    """The articles readers must never get, in ``category``: a draft, a
    scheduled one, one taken down by its schedule, and one in a hidden
    category. Titled "A draft", "A scheduled one", "Taken down" and "In a
    hidden category"."""
    now = timezone.now()
    return [
        make_article(
            title="A draft", status=Article.Status.DRAFT, category=category, **fields
        ),
        make_article(
            title="A scheduled one",
            published_at=now + timedelta(days=1),
            category=category,
            **fields,
        ),
        make_article(
            title="Taken down",
            published_at=now - timedelta(days=2),
            unpublish_at=now - timedelta(hours=1),
            category=category,
            **fields,
        ),
        make_article(
            title="In a hidden category",
            category=make_category(is_published=False),
            **fields,
        ),
    ]


def make_image(name="image.png", size=(8, 6)):
    """A small real PNG, sanitised as the desk's forms store uploads."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from images.sanitize import sanitize_upload

    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 90, 140)).save(buffer, format="PNG")
    return sanitize_upload(
        SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
    )


def make_archive(*, articles, categories, offices=3, authors_per_article=1):
    """A realistic archive: a binary category tree (15 categories make four
    levels), several offices and authors, and ``articles`` published articles
    spread over the tree (some featured, both languages, several authors each).

    Returns ``{"offices", "authors", "categories", "articles"}``.
    """
    office_list = [make_office() for _ in range(offices)]
    author_list = [
        make_author(office=office_list[i % offices], gender="mf"[i % 2])
        for i in range(max(authors_per_article, offices) * 2)
    ]
    category_list = []
    for i in range(categories):
        # Category i is the child of category (i - 1) // 2.
        parent = category_list[(i - 1) // 2] if i else None
        category_list.append(make_category(parent=parent, position=i))
    article_list = []
    now = timezone.now()
    for i in range(articles):
        authors = [
            author_list[(i + k) % len(author_list)] for k in range(authors_per_article)
        ]
        article_list.append(
            make_article(
                authors=authors,
                category=category_list[i % categories],
                language="ar" if i % 2 else "en",
                published_at=now - timedelta(days=i + 1),
                is_featured=i % 7 == 0,
                excerpt=f"Summary {i}.",
            )
        )
    return {
        "offices": office_list,
        "authors": author_list,
        "categories": category_list,
        "articles": article_list,
    }


def bulk_articles(count, *, categories, authors, tags=(), translated=True):
    """``count`` published articles in bulk (a few queries, for query-count
    tests on a large archive): both languages, spread over ``categories`` and
    ``authors`` (each with their office), every one tagged with ``tags``, and
    with ``translated`` each English article linked to the Arabic one after it.
    """
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import TaggedItem

    now = timezone.now()
    batch = []
    for i in range(count):
        author = authors[i % len(authors)]
        batch.append(
            Article(
                title=f"Bulk statement {i}",
                slug=f"bulk-{next(_counter)}",
                language="en" if i % 2 == 0 else "ar",
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=2, minutes=i),
                category=categories[i % len(categories)],
                office=author.office,
                excerpt=f"Bulk summary {i}.",
                body=f"<p>Bulk paragraph {i}.</p>",
            )
        )
    Article.objects.bulk_create(batch)
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=article, author=authors[i % len(authors)])
        for i, article in enumerate(batch)
    )
    content_type = ContentType.objects.get_for_model(Article)
    TaggedItem.objects.bulk_create(
        TaggedItem(content_type=content_type, object_id=article.pk, tag=tag)
        for article in batch
        for tag in tags
    )
    if translated:
        for english, arabic in zip(batch[::2], batch[1::2], strict=False):
            english.translation, arabic.translation = arabic, english
        Article.objects.bulk_update(batch, ["translation"])
    return batch
