"""Running the project's Python in another process, with a clean environment."""

import os
import subprocess
import sys

from django.conf import settings

# Variables of this process that would change the settings of the other.
SETTINGS_PREFIXES = ("DJANGO_", "CMS_", "DATABASE_", "AWS_")


def run_python(args, **env):
    """Run Python in the project with only ``env`` of the project's variables."""
    return run_command([sys.executable, *args], **env)


def run_command(command, **env):
    """Run ``command`` in the project's folder, as ``run_python`` runs Python."""
    base = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(SETTINGS_PREFIXES) and name != "REDIS_URL"
    }
    return subprocess.run(
        command,
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
