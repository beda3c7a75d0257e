"""gunicorn's settings for ``make serve`` (and production), from the environment.

- ``WEB_CONCURRENCY``: worker processes (default 2 × cores + 1);
- ``HOST`` and ``PORT``: where to listen (default 127.0.0.1:8000);
- ``GUNICORN_TIMEOUT``: seconds before a silent worker is restarted (default
  30; the database gives up well before, ``CMS_DB_TIMEOUT_SECONDS``);
- ``GUNICORN_MAX_REQUESTS``: a worker is replaced after about this many
  requests (default 10 000, with some jitter so that workers are not all
  replaced at once; ``0`` never replaces them, as ``make bench`` does to see
  whether memory stays flat).

glibc's malloc thresholds (``MALLOC_MMAP_THRESHOLD_``,
``MALLOC_TRIM_THRESHOLD_``) are not set here: glibc reads them from the
environment when a process starts, so ``scripts/serve`` (or the service's
environment in production) sets them before gunicorn runs.

Each worker is a separate process: whatever they must agree on lives in the
database or the shared cache (``REDIS_URL``), never in a worker's memory.
"""

import gc
import multiprocessing
import os


def number(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "cms.wsgi:application"
bind = f"{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '8000'}"
workers = number("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
timeout = number("GUNICORN_TIMEOUT", 30)
graceful_timeout = timeout
keepalive = 5
max_requests = number("GUNICORN_MAX_REQUESTS", 10_000)
max_requests_jitter = max_requests // 10
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Whether a request came over HTTPS is Django's to decide (its
# SECURE_PROXY_SSL_HEADER, DJANGO_TRUST_X_FORWARDED_PROTO): gunicorn would
# otherwise believe X-Forwarded-Proto from any client on this machine.
secure_scheme_headers = {}
# Errors on stderr; one line per request only when asked (GUNICORN_ACCESS_LOG=1).
errorlog = "-"
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG") == "1" else None


# What a worker makes while it loads the site (modules, classes, URL patterns,
# settings: some 100 000 objects) lives as long as the worker, yet Python's
# cyclic garbage collector walked it all at each full collection: 68-79 ms,
# twice in 900 pages, the slowest answers a worker gave (a search's p99 at one
# connection was 5 times its median). Frozen, it is left alone: 6-9 ms.
def post_worker_init(worker):
    gc.collect()
    gc.freeze()
