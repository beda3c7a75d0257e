"""Helpers for the editors' desk tests: staff users in the real groups, admin forms.

Users are put in the groups made by the data migration (Editors, Authors), so
the tests check the permissions that migration gives, not hand-picked ones.
"""

import itertools

from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_author
from tests.markup import parse

_counter = itertools.count(1)


def make_staff(group=None, *, author=False, **fields):
    """A staff user, in ``group`` ("Editors", "Authors") if given.

    With ``author=True`` the user also gets an Author profile (``user.author``).
    """
    n = next(_counter)
    fields.setdefault("username", f"staff{n}")
    user = User.objects.create_user(password="unused-password", is_staff=True, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if author:
        user.author = make_author(user=user)
    return user


def make_editor(**fields):
    return make_staff("Editors", **fields)


def make_author_user(**fields):
    """A staff user in the Authors group, with an Author profile."""
    return make_staff("Authors", author=True, **fields)


def versions_of(article):
    """An article's revisions, newest first (as reversion orders them)."""
    from reversion.models import Version

    return list(Version.objects.get_for_object(article).select_related("revision"))


def log_in(client, user):
    """Log ``user`` in; the admin then answers in English (messages are checked)."""
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def admin_url(name, *args):
    return reverse(f"admin:articles_article_{name}", args=args)


def split_datetime(prefix, value):
    """The admin's two inputs for a date-time (``prefix_0`` day, ``prefix_1`` time)."""
    if value is None:
        return {f"{prefix}_0": "", f"{prefix}_1": ""}
    local = timezone.localtime(value)
    return {f"{prefix}_0": f"{local:%Y-%m-%d}", f"{prefix}_1": f"{local:%H:%M:%S}"}


def article_form_data(
    *,
    title,
    category,
    office,
    body="<p>An invented paragraph.</p>",
    status="draft",
    published_at=None,
    unpublish_at=None,
    slug="",
    language="en",
    tags="",
    authors=(),
    existing_links=(),
    **extra,
):
    """POST data for the article admin's add/change form.

    ``authors`` are new byline rows; ``existing_links`` are the article's
    current ArticleAuthor rows (kept as they are).
    """
    data = {
        "title": title,
        "slug": slug,
        "language": language,
        "category": str(category.pk),
        "office": str(office.pk),
        "tags": tags,
        "status": status,
        **split_datetime("published_at", published_at or timezone.now()),
        **split_datetime("unpublish_at", unpublish_at),
        "publication_hijri_date": "",
        "unpublication_hijri_date": "",
        "comments_enabled": "on",
        "lead_image_alt": "",
        "lead_image_caption": "",
        "excerpt": "",
        "body": body,
        "article_authors-TOTAL_FORMS": str(len(existing_links) + len(authors)),
        "article_authors-INITIAL_FORMS": str(len(existing_links)),
        "article_authors-MIN_NUM_FORMS": "0",
        "article_authors-MAX_NUM_FORMS": "1000",
    }
    rows = [(link.author, link.position, link) for link in existing_links] + [
        (author, position, None) for position, author in enumerate(authors)
    ]
    for i, (author, position, link) in enumerate(rows):
        data[f"article_authors-{i}-author"] = str(author.pk)
        data[f"article_authors-{i}-position"] = str(position)
        if link is not None:
            data[f"article_authors-{i}-id"] = str(link.pk)
            data[f"article_authors-{i}-article"] = str(link.article_id)
    data.update(extra)
    return data


def form_data(response, form_id="article_form"):
    """What a browser would submit from the page's form ``form_id``, unchanged.

    Reads every input, select and textarea, so a test can submit a form exactly
    as the admin pre-filled it (e.g. a revision to restore).
    """
    root = parse(response)
    form = next(
        (f for f in root.iter("form") if f.get("id") == form_id),
        None,
    )
    assert form is not None, f"no form #{form_id} on the page"
    data = {}
    for element in form.iter():
        name = element.get("name")
        if not name:
            continue
        if element.tag == "input":
            kind = (element.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                continue
            if kind in ("checkbox", "radio") and element.get("checked") is None:
                continue
            data[name] = element.get("value", "on" if kind == "checkbox" else "")
        elif element.tag == "textarea":
            data[name] = "".join(element.itertext())
        elif element.tag == "select":
            options = list(element.iter("option"))
            chosen = [o for o in options if o.get("selected") is not None]
            chosen = chosen or options[:1]  # a browser sends the first one
            if chosen:
                data[name] = chosen[0].get("value", "")
    return data


def field_errors(response, name):
    """The error messages shown for the form field ``name`` (admin markup)."""
    root = parse(response)
    errors = []
    for row in root.iter("div"):
        classes = (row.get("class") or "").split()
        if "form-row" in classes and f"field-{name}" in classes:
            for item in row.iter("li"):
                errors.append(" ".join("".join(item.itertext()).split()))
    return errors


def input_value(response, name):
    root = parse(response)
    for element in root.iter("input"):
        if element.get("name") == name:
            return element.get("value", "")
    raise AssertionError(f"no input {name!r} on the page")
