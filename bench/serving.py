"""What ``make bench`` needs to serve the site and the baselines: the served
site's environment, servers started and stopped by their own process group,
addresses quoted as wrk sends them. Used by ``bench/run.py`` and
``bench/traffic.py``; nothing here imports Django."""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
CONNECTIONS = 16
WORKERS = 2


def say(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def site_environment(database_url, redis_url):
    """The variables ``make serve`` sets, for this database and Redis."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "CMS_", "DATABASE_", "GUNICORN_"))
    }
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_SECRET_KEY=secret_key(),
        WEB_CONCURRENCY=str(WORKERS),
        GUNICORN_MAX_REQUESTS="0",  # memory must stay flat by itself
        PY=str(PYTHON),
    )
    return env


def secret_key():
    """The local key ``make serve`` keeps in var/secret_key (made if missing)."""
    path = ROOT / "var" / "secret_key"
    if not path.exists():
        import secrets

        path.parent.mkdir(exist_ok=True)
        old = os.umask(0o077)
        try:
            path.write_text(secrets.token_urlsafe(64) + "\n")
        finally:
            os.umask(old)
    return path.read_text().strip()


def python(args, env, **kwargs):
    return subprocess.run([str(PYTHON), *args], cwd=ROOT, env=env, check=True, **kwargs)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A process group started for the benchmark, stopped by its own id."""

    def __init__(self, name, args, env, url, log_dir):
        self.name, self.url = name, url
        self.log = open(log_dir / f"{name}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, path="/", timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} stopped: see {self.log.name}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        raise SystemExit(f"{self.name} did not answer within {timeout} s")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()

    def workers(self):
        """The pids of the gunicorn master's children (the workers)."""
        master = self.master_pid()
        return sorted(
            int(pid) for pid in os.listdir("/proc") if pid.isdigit()
            if parent_of(int(pid)) == master
        )  # fmt: skip

    def master_pid(self):
        # scripts/serve execs gunicorn: the process started is the master.
        return self.process.pid


def parent_of(pid):
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def address(base, path):
    return base + urllib.parse.quote(path, safe="/?=&")


def serve_site(name, env, port, log_dir, page_cache):
    server_env = {**env, "PORT": str(port), "HOST": "127.0.0.1"}
    server_env["CMS_PAGE_CACHE_SECONDS"] = "0" if not page_cache else "300"
    server = Server(
        name,
        [str(ROOT / "scripts" / "serve")],
        server_env,
        f"http://127.0.0.1:{port}",
        log_dir,
    )
    server.wait_ready("/healthz")
    return server


def serve_minimal(name, env, log_dir, size):
    """The minimal WSGI app (``bench/minimal.py``) answering ``size`` bytes to
    any address, served as the site is (gunicorn, the same workers)."""
    port = free_port()
    server = Server(
        name,
        [str(PYTHON), "-m", "gunicorn", "-c", "gunicorn.conf.py",
         "bench.minimal:application"],
        {**env, "PORT": str(port), "HOST": "127.0.0.1", "BENCH_BYTES": str(size)},
        f"http://127.0.0.1:{port}",
        log_dir,
    )  # fmt: skip
    server.wait_ready()
    return server
