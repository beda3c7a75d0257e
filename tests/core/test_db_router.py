"""Reads from a replica, writes (and the reads after them) on the primary.

Tested against two real databases: the test database is the primary, and a
second one, ``replica_1`` (an SQLite file, or the PostgreSQL database
``<name>_replica``), holds a copy of every table. Rows are written to each by
hand, so that the replica is visibly behind: what a page shows says which
database it read.
"""

import json
import threading

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connections

from core import cache, db_router
from pages.models import Page
from tests.processes import run_python

ALIAS = "replica_1"
BOTH = pytest.mark.django_db(databases=["default", ALIAS])


def replica_settings(tmp_path_factory):
    primary = connections["default"].settings_dict
    if primary["ENGINE"].endswith("sqlite3"):
        name = str(tmp_path_factory.mktemp("replica") / "replica.sqlite3")
    else:
        name = primary["NAME"].removeprefix("test_") + "_replica"
    return {
        **{key: primary[key] for key in ("ENGINE", "HOST", "PORT", "USER", "PASSWORD")},
        "NAME": name,
        "OPTIONS": dict(primary.get("OPTIONS", {})),
    }


@pytest.fixture(scope="module", autouse=True)
def replica(django_db_setup, django_db_blocker, tmp_path_factory):
    """A second database beside the test database, with every table."""
    if ALIAS in connections:
        pytest.skip("DATABASE_REPLICA_URLS is set: these tests make their own replica")
    config = replica_settings(tmp_path_factory)
    postgres = config["ENGINE"].endswith("postgresql")
    with django_db_blocker.unblock():
        if postgres:
            with connections["default"]._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
                cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
        configured = connections.configure_settings(
            {"default": connections["default"].settings_dict, ALIAS: config}
        )
        connections.settings[ALIAS] = configured[ALIAS]
        with connections[ALIAS].schema_editor() as editor:
            for model in apps.get_models():
                if model._meta.managed and not model._meta.proxy:
                    editor.create_model(model)
    yield ALIAS
    with django_db_blocker.unblock():
        connections[ALIAS].close()
        del connections[ALIAS]
        del connections.settings[ALIAS]
        if postgres:
            with connections["default"]._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')


def page(title, *, using, slug="about"):
    return Page.objects.using(using).create(
        slug=slug, language="en", title=title, body="<p>Text</p>"
    )


def lag_has_passed():
    """As after ``CMS_REPLICA_LAG_SECONDS``: the last change is no longer recent."""
    cache.release(cache.RECENT_CHANGE)


@pytest.fixture
def behind():
    """The page "about" on both databases, the replica one change behind."""
    page("Corrected on the primary", using="default")
    page("Before the correction", using=ALIAS)
    lag_has_passed()


@BOTH
def test_a_readers_page_is_read_from_the_replica(client, behind):
    response = client.get("/en/page/about/")

    assert response.status_code == 200
    assert "Before the correction" in response.content.decode()


@BOTH
def test_a_page_only_on_the_primary_is_not_found_by_a_reader_yet(client, behind):
    page("Just published", using="default", slug="new")
    lag_has_passed()

    assert client.get("/en/page/new/").status_code == 404


@BOTH
@pytest.mark.urls("tests.core.router_urls")
def test_reads_after_a_write_in_the_same_request_go_to_the_primary(client, behind):
    answer = client.get("/read-write-read/about/").json()

    assert answer["before"] == {"title": "Before the correction", "database": ALIAS}
    assert answer["after"] == {"title": "Written now", "database": "default"}
    assert Page.objects.using(ALIAS).get().title == "Before the correction"


@BOTH
@pytest.mark.urls("tests.core.router_urls")
def test_the_primary_pin_ends_with_its_request(client, behind):
    client.get("/read-write-read/about/")
    lag_has_passed()

    answer = client.get("/read/about/").json()

    assert answer == {"title": "Before the correction", "database": ALIAS}


@BOTH
@pytest.mark.urls("tests.core.router_urls")
def test_reads_go_to_the_primary_for_a_while_after_a_content_change(client, behind):
    """The replicas may not have the change yet; a page made now would be
    cached under the new content generation."""
    cache.bump()

    answer = client.get("/read/about/").json()

    assert answer == {"title": "Corrected on the primary", "database": "default"}


@BOTH
@pytest.mark.urls("tests.core.router_urls")
@pytest.mark.parametrize(
    "cookie", [settings.SESSION_COOKIE_NAME, "messages"], ids=["session", "message"]
)
def test_someone_with_a_session_or_a_message_reads_the_primary(client, behind, cookie):
    """An editor who saves then reloads sees what they saved."""
    client.cookies[cookie] = "x"

    answer = client.get("/read/about/").json()

    assert answer["database"] == "default"


@BOTH
@pytest.mark.urls("tests.core.router_urls")
def test_a_post_reads_the_primary_from_its_start(client, behind):
    """A form is checked against the rows it is about to change."""
    answer = client.post("/read/about/").json()

    assert answer == {"title": "Corrected on the primary", "database": "default"}


@BOTH
def test_outside_a_request_everything_reads_the_primary(behind):
    """Management commands, cron jobs and the shell never read a replica."""
    assert Page.objects.get().title == "Corrected on the primary"
    assert db_router.reading_from() == "default"


@BOTH
def test_the_choice_of_database_is_per_thread(behind):
    db_router.read_from_replica()
    seen = []
    try:
        thread = threading.Thread(target=lambda: seen.append(db_router.reading_from()))
        thread.start()
        thread.join()
    finally:
        db_router.pin_to_primary()

    assert seen == ["default"]


def test_migrations_run_on_the_primary_only():
    router = db_router.PrimaryReplicaRouter()

    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate(ALIAS, "articles")


@BOTH
def test_rows_of_the_primary_and_a_replica_may_be_related(behind):
    router = db_router.PrimaryReplicaRouter()
    on_primary = Page.objects.using("default").get()
    on_replica = Page.objects.using(ALIAS).get()

    assert router.allow_relation(on_primary, on_replica)


def test_replica_urls_become_databases_mirrored_in_tests():
    """``DATABASE_REPLICA_URLS`` adds ``replica_1``… (each a test mirror of the
    primary, so the suite runs against one database)."""
    script = (
        "import json, cms.settings as s; print(json.dumps({alias: [db['HOST'], "
        "db.get('TEST', {}).get('MIRROR')] for alias, db in s.DATABASES.items()}))"
    )
    result = run_python(
        ["-c", script],
        DATABASE_URL="postgres://app@primary.internal:5432/cms",
        DATABASE_REPLICA_URLS=(
            "postgres://app@replica-a.internal:5432/cms, "
            "postgres://app@replica-b.internal:5432/cms"
        ),
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "default": ["primary.internal", None],
        "replica_1": ["replica-a.internal", "default"],
        "replica_2": ["replica-b.internal", "default"],
    }


def test_without_replicas_every_read_goes_to_the_primary():
    """The site's usual set-up: one database, the router changes nothing."""
    assert db_router.replica_aliases() == [ALIAS]  # this module's own
    del_alias = connections.settings.pop(ALIAS)
    try:
        db_router.read_from_replica()
        assert db_router.reading_from() == "default"
    finally:
        connections.settings[ALIAS] = del_alias
        db_router.pin_to_primary()
