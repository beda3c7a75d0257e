"""The read-only JSON API, ``/api/v1/``: the endpoints and their documentation.

Everything starts from ``Article.objects.published()``: the API never shows a
draft, a scheduled or an expired article, nor an article in a hidden
category. Each list is paginated (``api.pagination``) in a stable order and
fetched in a fixed number of queries, whatever its length.
"""

from typing import Annotated

from django.shortcuts import render
from django.urls import reverse
from ninja import NinjaAPI, Path, Query, Status
from ninja.openapi.docs import Swagger

from api import schemas
from api.filters import (
    MAX_ID,
    ArticleFilters,
    AuthorFilters,
    EditionFilter,
    SearchFilters,
    Slug,
    author_with_slug,
    office_with_slug,
)
from api.http import ApiError, NotFound, SafeJSONRenderer, problems
from api.pagination import NEWEST_FIRST, PageParams, paginate
from api.search import matching_articles
from articles import selectors
from articles.models import Article, Author, Office

DESCRIPTION = """\
The media office's published statements, press releases and articles, in
Arabic and English, with their dates in both the Gregorian and the Hijri
(Umm al-Qura) calendars. Read-only, public, no key needed.

- **Lists** are paginated: `page` (from 1) and `page_size` (at most 100); each
  page gives `count`, `next` and `previous` (absolute addresses, or null) and
  `results`. Articles come newest first (then by id), so walking `next` sees
  each article once. List items carry no body: ask `/articles/{id}` for it.
- **Filters** narrow a list of articles together: `language`, `edition`,
  `category` (id or path, sub-categories included), `author`, `office`,
  `tag`, `since` and `until` (a day, Gregorian `2023-12-01` or Hijri
  `1445-05-17`), `month` (`2023-12`) and `hijri_month` (`1445-05`). Days are
  the site's local days (its time zone).
- **Errors** are JSON, `{"detail": [{"type", "loc", "msg"}]}`, `loc` naming
  the parameter: 422 for a value that cannot be right (`hijri_month=1445-13`),
  400 for values that contradict each other (`until` before `since`), 404 for
  a value naming nothing readers can see (an unknown category, author, office
  or tag, a page past the end, an unpublished article), 405 for anything but
  GET, HEAD and OPTIONS. Unknown parameters are ignored. A problem with the
  whole request has an empty `loc`: 503 `unavailable` for a moment (see
  `Retry-After`), 500 `server_error`.
- **Caching**: responses say `Cache-Control: public, max-age=60` and carry an
  `ETag`; send it back in `If-None-Match` to get a 304. **CORS**: any origin
  may read (unless the site restricts it); no credentials.
"""


class LocalDocs(Swagger):
    """Swagger UI from the site's own static files (django-ninja ships them),
    never from a CDN: the page works behind a strict Content Security Policy
    and without any outside host."""

    template = "api/docs.html"
    default_settings = {
        "layout": "BaseLayout",
        "deepLinking": True,
        # Swagger UI would send the document to swagger.io's validator.
        "validatorUrl": None,
        "supportedSubmitMethods": ["get"],
    }

    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(
            request, self.template, {"api": api, "swagger_settings": settings}
        )


api = NinjaAPI(
    title="Media office API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    renderer=SafeJSONRenderer(),
    docs=LocalDocs(),
)

REFUSALS = {400: schemas.Problems, 404: schemas.Problems, 422: schemas.Problems}
ArticleId = Annotated[int, Path(ge=1, le=MAX_ID, description="The article's id.")]


@api.exception_handler(ApiError)
def api_error(request, error):
    return api.create_response(request, problems(error.problem), status=error.status)


@api.exception_handler(Exception)
def unexpected_error(request, error):
    """What no handler above answers goes on to the site's error handling,
    which answers API addresses in JSON (``api.http``); with DEBUG on too,
    where django-ninja would answer a plain-text traceback."""
    raise error


def listed_articles():
    """Published articles with everything a list item shows (bodies left in
    the database)."""
    return (
        Article.objects.published()
        .for_detail()
        .defer("body", "translation__body")
        .order_by(*NEWEST_FIRST)
    )


@api.get("", include_in_schema=False)
def index(request):
    """Where everything is."""
    names = ["articles", "search", "categories", "authors", "offices", "tags"]
    links = {name: reverse(f"api:{name}") for name in names}
    links.update(openapi=reverse("api:openapi-json"), docs=reverse("api:openapi-view"))
    return {name: request.build_absolute_uri(url) for name, url in links.items()}


@api.get(
    "/articles",
    response={200: schemas.ArticlePage, **REFUSALS},
    url_name="articles",
    tags=["articles"],
    summary="Published articles, newest first",
)
def list_articles(request, filters: Query[ArticleFilters], pages: Query[PageParams]):
    """A page of published articles (without their bodies), filtered."""
    articles = filters.apply(listed_articles())
    return paginate(request, articles, pages, key=("articles", filters.cache_key()))


@api.get(
    "/articles/{article_id}",
    response={
        200: schemas.ArticleDetail,
        404: schemas.Problems,
        410: schemas.Withdrawn,
        422: schemas.Problems,
    },
    url_name="article",
    tags=["articles"],
    summary="A published article, with its body",
    description="A withdrawn statement answers 410 Gone with when, by which "
    "office and why it was withdrawn, without its text.",
)
def get_article(request, article_id: ArticleId):
    article = Article.objects.published().for_detail().filter(pk=article_id).first()
    if article is None:
        withdrawn = (
            Article.objects.withdrawn()
            .select_related("office")
            .filter(pk=article_id)
            .first()
        )
        if withdrawn is not None:
            return Status(410, withdrawn)
        raise NotFound(
            "article_id",
            f"No published article with the id {article_id}.",
            source="path",
        )
    return article


@api.get(
    "/search",
    response={200: schemas.ArticlePage, **REFUSALS},
    url_name="search",
    tags=["articles"],
    summary="Published articles matching words",
)
def search(request, filters: Query[SearchFilters], pages: Query[PageParams]):
    """Articles whose title, excerpt or body has every word of `q`, with the
    filters of the article list; best matches first where the database ranks
    them (PostgreSQL), newest first otherwise."""
    articles = matching_articles(filters.q, filters.apply(listed_articles()))
    return paginate(request, articles, pages, key=("search", filters.cache_key()))


@api.get(
    "/categories",
    response={200: schemas.CategoryTree, 422: schemas.Problems},
    url_name="categories",
    tags=["categories"],
    summary="The category tree, with article counts",
)
def category_tree(request, filters: Query[EditionFilter]):
    """The categories readers can see, as a tree in the editors' order; each
    counts the published articles in it and in its sub-categories."""
    context = {"request": request}
    roots = selectors.category_tree(filters.edition).roots
    return {"results": [schemas.category_node(root, context) for root in roots]}


@api.get(
    "/authors",
    response={200: schemas.AuthorPage, **REFUSALS},
    url_name="authors",
    tags=["authors"],
    summary="Authors, by slug",
)
def list_authors(request, filters: Query[AuthorFilters], pages: Query[PageParams]):
    authors = Author.objects.select_related("office").order_by("slug", "pk")
    key = ("authors", filters.cache_key())
    return paginate(request, filters.apply(authors), pages, key=key)


@api.get(
    "/authors/{slug}",
    response={200: schemas.Author, 404: schemas.Problems, 422: schemas.Problems},
    url_name="author",
    tags=["authors"],
    summary="An author",
)
def get_author(request, slug: Annotated[Slug, Path(description="The author's slug.")]):
    return author_with_slug(slug, parameter="slug", source="path")


@api.get(
    "/offices",
    response={200: schemas.OfficePage, **REFUSALS},
    url_name="offices",
    tags=["offices"],
    summary="Media offices, in the editors' order",
)
def list_offices(request, pages: Query[PageParams]):
    offices = Office.objects.order_by("position", "slug", "pk")
    return paginate(request, offices, pages, key=("offices",))


@api.get(
    "/offices/{slug}",
    response={200: schemas.Office, 404: schemas.Problems, 422: schemas.Problems},
    url_name="office",
    tags=["offices"],
    summary="A media office",
)
def get_office(request, slug: Annotated[Slug, Path(description="The office's slug.")]):
    return office_with_slug(slug, parameter="slug", source="path")


@api.get(
    "/tags",
    response={200: schemas.TagPage, **REFUSALS},
    url_name="tags",
    tags=["tags"],
    summary="Tags that published articles carry, by name",
)
def list_tags(request, pages: Query[PageParams]):
    tags = selectors.public_tags().order_by("name", "pk")
    return paginate(request, tags, pages, key=("tags",))
