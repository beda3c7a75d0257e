"""``make run`` and ``make serve`` on any port: the links in mails (the
moderators' notices, sent by the jobs' worker) point at the server they
started, unless ``CMS_SITE_URL`` says where the site is."""

import sys

import pytest

from tests.cms.test_settings import GOOD_KEY
from tests.processes import run_command

# What the worker and the web server would put in a moderator's mail.
MAIL_LINK = (
    "import os, django;"
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cms.settings');"
    "django.setup();"
    "from site_settings.site import absolute_url;"
    "print(absolute_url('/ar/comments/moderation/'))"
)


@pytest.fixture
def started(tmp_path):
    """``started(target, **variables)``: the link of each process ``make
    target`` starts (``{"worker": …, "server": …}``), a Python standing in
    for the project's: it answers the other steps (translations,
    migrations, demo content) by doing nothing."""
    python = tmp_path / "python"
    python.write_text(
        "#!/bin/sh\n"
        'case "$*" in\n'
        f'  *"manage.py worker"*) exec {sys.executable} -c "$MAIL_LINK"'
        ' > "$OUT/worker" ;;\n'
        '  *"manage.py runserver"*|*"-m gunicorn"*)\n'
        f'    {sys.executable} -c "$MAIL_LINK" > "$OUT/server"\n'
        # The worker is stopped with the server: wait for its answer first.
        '    for _ in $(seq 300); do [ -s "$OUT/worker" ] && exit 0;'
        " sleep 0.1; done ;;\n"
        "esac\n"
        "exit 0\n"
    )
    python.chmod(0o755)

    def start(target, *variables, **environment):
        result = run_command(
            # -o messages: the translations and the virtualenv stay as they are.
            ["make", "-s", "-o", "messages", target, f"PY={python}", *variables],
            MAIL_LINK=MAIL_LINK,
            OUT=str(tmp_path),
            DJANGO_SECRET_KEY=GOOD_KEY,
            **environment,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return {
            process: (tmp_path / process).read_text().strip()
            for process in ("worker", "server")
        }

    return start


@pytest.mark.parametrize("target", ["run", "serve"])
def test_mail_links_point_at_the_port_the_site_is_served_on(started, target):
    """They pointed at port 8000 whatever the port."""
    links = started(target, "PORT=8123")

    assert links == {
        "worker": "http://127.0.0.1:8123/ar/comments/moderation/",
        "server": "http://127.0.0.1:8123/ar/comments/moderation/",
    }


def test_the_default_port_is_the_default_servers(started):
    links = started("run")

    assert links["worker"] == "http://127.0.0.1:8000/ar/comments/moderation/"


def test_a_server_listening_everywhere_is_linked_on_this_machine(started):
    links = started("run", "HOST=0.0.0.0", "PORT=8124")

    assert links["worker"] == "http://127.0.0.1:8124/ar/comments/moderation/"


def test_the_sites_own_address_wins(started):
    links = started("serve", "PORT=8125", CMS_SITE_URL="https://media.example.org")

    assert links == {
        "worker": "https://media.example.org/ar/comments/moderation/",
        "server": "https://media.example.org/ar/comments/moderation/",
    }
