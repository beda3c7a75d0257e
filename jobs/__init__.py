"""Background jobs: work that must not hold a reader's or an editor's request.

Built on Django's tasks API (``django-tasks``, the backport of Django 6.0's
``django.tasks``): a job is a task (``jobs.queue.job``) with a retry schedule
of ours, since the API has none. The backend is a setting (``TASKS_BACKEND``):
the database by default, Redis with RQ past one machine (docs/deploy.md).
``manage.py worker`` runs the jobs of whichever backend is set.
"""
