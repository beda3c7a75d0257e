"""``make bench``: the site under load, cold and warm, against two baselines.

A benchmark, not a test. It:

1. seeds the PostgreSQL database ``BENCH_DATABASE_URL`` (default
   ``cms_bench``) with 100 000 generated articles and 200 000 approved
   comments, 300 of them under one article, unless it holds them already;
2. counts the queries of each page (``bench/probe.py``: Django's test client
   in its own process, the page cache off);
3. serves the site as ``make serve`` does (``scripts/serve``: gunicorn,
   DEBUG off, two workers, Redis database ``BENCH_REDIS_URL``), once with
   ``CMS_PAGE_CACHE_SECONDS=0`` (cold) and once with the page cache on (warm),
   and drives each page with ``wrk`` for ``--seconds`` at 16 connections and
   for ``--single-seconds`` at one;
4. serves, in the same run, a minimal WSGI app returning as many bytes as the
   home page (``bench/minimal.py``, gunicorn, the same workers), and the home
   page's HTML as a file from nginx (a temporary configuration on a free
   port, its pid and logs in a temporary folder);
5. reads the workers' memory before and after ``--memory-requests`` requests
   (workers are never replaced: ``GUNICORN_MAX_REQUESTS=0``);
6. writes ``bench/results.md``, followed by ``bench/notes.md`` (written by
   hand: what the figures mean).
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import traffic
from serving import (
    CONNECTIONS,
    ROOT,
    WORKERS,
    Server,
    address,
    fetch,
    free_port,
    python,
    rss_mb,
    say,
    secret_key,
    serve_minimal,
    serve_site,
    site_environment,
)

RESULTS = ROOT / "bench" / "results.md"
# Written by hand: what was fixed, and why a target is not met; added to the
# results at each run.
NOTES = ROOT / "bench" / "notes.md"
ARTICLES = 100_000
COMMENTS = 200_000
LONG_THREAD = 300
PAGES = ["home", "article", "category", "hijri_month", "search", "feed", "api_list"]
TITLES = {
    "home": "home page",
    "article": f"article, {LONG_THREAD} comments",
    "category": "category",
    "hijri_month": "Hijri archive month",
    "search": "search",
    "feed": "RSS feed",
    "api_list": "API list",
}
# Targets (issue 12): times slower than the minimal app.
COLD_TARGETS = {"article": 30, "home": 40, "category": 40}
WARM_TARGET = 3
MAX_QUERIES = 8
PARTS = ("pages", "traffic", "delivery")
# Target (issue 21): publishing with deliveries takes at most this many times
# as long as without (the request only queues them).
DELIVERY_SAVE_TARGET = 1.5
SEARCH_P99_MS = 100


def ensure_database(url):
    """Create the benchmark's database on its server when it is not there yet
    (a new machine has only PostgreSQL's own databases)."""
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    server = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    exists = subprocess.run(
        ["psql", server, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        say(f"creating the database {name}")
        subprocess.run(["psql", server, "-qc", f'CREATE DATABASE "{name}"'], check=True)


def fresh_database(url):
    """Drop and create the database at ``url``: a run of its own."""
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    server = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    subprocess.run(
        ["psql", server, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
        check=True,
    )
    ensure_database(url)


def measure_delivery(env, args):
    """The delivery run (``bench/delivery.py``) on a database of its own."""
    url = os.environ.get(
        "BENCH_DELIVERY_DATABASE_URL",
        "postgres://postgres@127.0.0.1:5432/cms_bench_delivery",
    )
    env = {**env, "DATABASE_URL": url, "REDIS_URL": env["REDIS_URL"]}
    fresh_database(url)
    python(["manage.py", "migrate", "--no-input", "-v0"], env)
    say("delivery: publishing, then the workers")
    found = json.loads(
        python(
            [
                "bench/delivery.py",
                "--publications",
                str(args.publications),
                "--subscribers",
                str(args.subscribers),
            ],
            env,
            capture_output=True,
            text=True,
        ).stdout
    )
    say(f"delivery: {found}")
    return found


def delivery_report(found):
    alone, delivering = found["alone_ms"], found["delivering_ms"]
    ratio = delivering["p50"] / alone["p50"]
    return [
        "",
        "## Delivery: publishing queues, workers send",
        "",
        f"{found['publications']} publications through `article_publish`, as "
        "from the desk, with nowhere to deliver to, then as many with two "
        "Telegram channels and two webhook endpoints (local stand-ins); then "
        f"{found['workers']} `manage.py worker` processes send what was queued "
        "(the per-channel limit lifted).",
        "",
        "| | p50 | p90 |",
        "|---|--:|--:|",
        f"| publication, nowhere to deliver | {alone['p50']} ms | {alone['p90']} ms |",
        f"| publication, 2 channels + 2 endpoints | {delivering['p50']} ms "
        f"| {delivering['p90']} ms |",
        "",
        f"- Publishing with deliveries: {ratio:.2f}× the time without (target "
        f"≤ {DELIVERY_SAVE_TARGET}×): {verdict(ratio <= DELIVERY_SAVE_TARGET)}.",
        f"- Workers: {found['deliveries']} deliveries ({found['posts']} posts, "
        f"{found['webhooks']} webhooks) in {found['seconds']} s: "
        f"**{found['per_second']} deliveries/s**; states {found['states']}.",
        f"- Email: a publication to {found['subscribers']:,} subscribers took "
        f"{found['publication_to_subscribers_ms']} ms (it only queues); the "
        f"workers then sent {found['mails_sent']:,} mails "
        f"({found['mails_received']:,} taken by the local SMTP server, aiosmtpd) "
        f"in {found['mail_seconds']} s: **{found['mails_per_second']} mails/s**.",
    ]


def ensure_seeded(env):
    ensure_database(env["DATABASE_URL"])
    python(["manage.py", "migrate", "--no-input", "-v0"], env)
    state = json.loads(
        python(
            ["bench/probe.py", "--seeded"], env, capture_output=True, text=True
        ).stdout
    )
    say(f"database holds {state}")
    # The demo itself (categories, authors) once, then what is missing.
    seed_env = {**env, "DJANGO_SUPERUSER_PASSWORD": secret_key()[:24]}
    missing_articles = max(0, ARTICLES - state["articles"])
    missing_comments = max(0, COMMENTS - state["comments"])
    if state["longest_thread"] < LONG_THREAD:
        missing_comments = max(missing_comments, LONG_THREAD)
    args = ["manage.py", "seed_demo", "--seed", "1"]
    if missing_articles:
        say(f"seeding {missing_articles} articles")
        python([*args, "--articles", str(missing_articles)], seed_env)
    if missing_comments:
        say(f"seeding {missing_comments} comments")
        python([*args, "--comments", str(missing_comments)], seed_env)
    untagged = state["untagged"] if not missing_articles else 0
    if untagged:
        say(f"tagging {untagged} generated articles")
        python([*args, "--tag-generated"], seed_env)
    if missing_articles or missing_comments or untagged:
        subprocess.run(
            ["psql", env["DATABASE_URL"], "-qc", "VACUUM ANALYZE"], check=False
        )


def warm_up(base, paths, times=8):
    for path in paths:
        for _ in range(times):
            fetch(address(base, path))


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, *, connections, seconds, script=None):
    threads = 1 if connections == 1 else 2
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        args += ["-s", str(script)]
    output = subprocess.run(
        [*args, url], capture_output=True, text=True, check=True
    ).stdout
    found = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": 0,
    }
    for percent in ("50", "99"):
        match = re.search(rf"\s{percent}%\s+([\d.]+)(us|ms|s)\b", output)
        found[f"p{percent}"] = round(float(match.group(1)) * UNITS[match.group(2)], 2)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: .*?timeout (\d+)", output)
    found["errors"] = (int(bad.group(1)) if bad else 0) + (
        int(errors.group(1)) if errors else 0
    )
    return found


# After a run at 16 connections the workers still answer the requests queued
# when wrk stopped (up to 16 × the page's time); the run at one connection
# waits this long first, so that its first requests do not wait behind them.
DRAIN_SECONDS = 1


def load(base, path, args):
    """16 connections for ``--seconds``, then one for ``--single-seconds``."""
    url = address(base, path)
    many = wrk(url, connections=CONNECTIONS, seconds=args.seconds)
    time.sleep(DRAIN_SECONDS)
    one = wrk(url, connections=1, seconds=args.single_seconds)
    return {**many, "single_p50": one["p50"], "single_p99": one["p99"]}


# Sent with the pages that must be built at each request: the page cache
# neither serves nor keeps a page for a reader with a session cookie.
BUILT_EACH_TIME = {"Cookie": "sessionid=bench-built-each-time"}


def rotating_script(paths, folder, built=()):
    """A wrk script asking for each of ``paths`` in turn; those in ``built``
    are asked with ``BUILT_EACH_TIME``'s cookie."""
    quoted = ", ".join(
        json.dumps(urllib.parse.quote(path, safe="/?=&")) for path in paths
    )
    flags = ", ".join("true" if path in built else "false" for path in paths)
    cookie = json.dumps(BUILT_EACH_TIME["Cookie"])
    script = folder / "rotate.lua"
    script.write_text(
        f"local paths = {{{quoted}}}\nlocal built = {{{flags}}}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n"
        f"  local headers = built[i] and {{Cookie = {cookie}}} or nil\n"
        "  return wrk.format(nil, paths[i], headers)\nend\n"
    )
    return script


def measure_site(name, env, log_dir, pages, args, *, page_cache):
    server = serve_site(name, env, free_port(), log_dir, page_cache)
    try:
        warm_up(server.url, pages.values())
        workers = server.workers()
        before = {pid: rss_mb(pid) for pid in workers}
        results, served = {}, 0
        for page, path in pages.items():
            say(f"{name}: {page} {path}")
            _status, headers, body = fetch(address(server.url, path))
            results[page] = {
                **load(server.url, path, args),
                "x_cache": headers.get("X-Cache", "-"),
                "body": body,
            }
            served += results[page]["requests"]
        # Memory once every page has been served many times (the first
        # requests fill the workers' one-off caches: templates, translations,
        # compiled patterns), and on the warm server built too (its pages came
        # from the cache so far), then after --memory-requests more.
        extra = 0
        if page_cache and args.memory_requests:
            script = memory_script(pages, log_dir)
            settling = wrk(
                server.url + "/", connections=CONNECTIONS, seconds=20, script=script
            )
            served += settling["requests"]
        settled = {pid: rss_mb(pid) for pid in workers}
        if page_cache and args.memory_requests:
            extra = memory_load(server, script, args)
        after = {pid: rss_mb(pid) for pid in workers}
        memory = {
            "before": before,
            "settled": settled,
            "after": after,
            "first": served,
            "requests": extra,
            "replaced": set(server.workers()) != set(workers),
        }
        return results, memory
    finally:
        server.stop()


def memory_script(pages, log_dir):
    """Every page in turn: the search and the long article built each time,
    the others from the page cache."""
    built = {pages["search"], pages["article"]}
    return rotating_script(list(pages.values()), log_dir, built)


def memory_load(server, script, args):
    """``script`` until ``--memory-requests`` have been served (or
    ``--memory-seconds`` have passed)."""
    extra, started = 0, time.monotonic()
    while extra < args.memory_requests:
        if time.monotonic() - started > args.memory_seconds:
            break
        say(f"memory: {extra} requests so far")
        extra += wrk(
            server.url + "/", connections=CONNECTIONS, seconds=20, script=script
        )["requests"]
    return extra


def measure_baselines(env, log_dir, home_html, args):
    """The minimal WSGI app and nginx, serving as many bytes as the home page."""
    minimal = serve_minimal("minimal", env, log_dir, len(home_html))
    try:
        say("minimal")
        results = {"minimal": load(minimal.url, "/", args)}
    finally:
        minimal.stop()
    folder = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    try:
        port = free_port()
        nginx = nginx_command(folder, home_html, port)
        results["nginx"] = measure_baseline("nginx", nginx, env, port, log_dir, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results


def measure_baseline(name, command, env, port, log_dir, args):
    server = Server(name, command, env, f"http://127.0.0.1:{port}", log_dir)
    try:
        server.wait_ready()
        say(name)
        return load(server.url, "/", args)
    finally:
        server.stop()


def nginx_command(folder, html, port):
    """nginx in the foreground, serving ``html`` from ``folder`` on ``port``;
    its configuration, pid and logs in ``folder``."""
    (folder / "www").mkdir()
    (folder / "www" / "index.html").write_bytes(html)
    for path in (folder, folder / "www"):
        path.chmod(0o755)  # nginx's workers run as another user
    (folder / "www" / "index.html").chmod(0o644)
    temp = "\n".join(
        f"  {kind}_temp_path {folder}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        f"daemon off;\nworker_processes {WORKERS};\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log;\nevents {{ worker_connections 1024; }}\n"
        f"http {{\n  access_log off;\n{temp}\n  default_type text/html;\n"
        f"  server {{\n    listen 127.0.0.1:{port};\n    root {folder}/www;\n"
        "    location / { try_files /index.html =404; }\n  }\n}\n"
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    return [nginx, "-p", str(folder), "-e", f"{folder}/error.log",
            "-c", str(folder / "nginx.conf")]  # fmt: skip


def machine():
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = Path("/proc/meminfo").read_text().split()[1]
    postgres = subprocess.run(
        ["psql", "--version"], capture_output=True, text=True
    ).stdout.strip()
    return (
        f"{os.cpu_count()} × {cpu}, {int(memory) // 1024 // 1024 + 1} GB RAM, "
        f"{platform.system()} {platform.release()}, Python "
        f"{platform.python_version()}, {postgres}"
    )


def commit():
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
        text=True,
    ).stdout.strip()  # fmt: skip
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    return head + (" (with uncommitted changes)" if dirty else "")


def verdict(ok):
    return "**met**" if ok else "**not met**"


def header(args):
    """The lines every run's results open with: when, what, where."""
    return [
        "# `make bench` results",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Commit: {commit()}",
        f"- Machine: {machine()}",
        f"- Load average (1 min, every process on the machine): {args.load_start:.1f} "
        f"at the start, {os.getloadavg()[0]:.1f} at the end; with {os.cpu_count()} "
        "cores, anything above the benchmark's own share slows every figure.",
        "- Data: PostgreSQL, a database of its own made for the run; Redis as the "
        "shared cache."
        if args.only == "delivery"
        else f"- Data: PostgreSQL, {ARTICLES:,} generated articles (two of forty "
        f"tags each) and {COMMENTS:,} approved comments ({LONG_THREAD} under the "
        "article measured); Redis as the shared cache.",
    ]


def report(probe, cold, warm, baselines, memory, args):
    """The page loads, cold and warm, their memory and targets."""
    minimal = baselines["minimal"]["rps"]

    def ratio(rps):
        return minimal / rps if rps else float("inf")

    lines = [
        f"- Served as `make serve`: gunicorn, {WORKERS} sync workers, DEBUG off. "
        f"Cold: `CMS_PAGE_CACHE_SECONDS=0`; warm: the page cache on. wrk "
        f"{args.seconds} s at {CONNECTIONS} connections (2 threads) on the same "
        f"machine, then {args.single_seconds} s at one connection for the "
        "single-connection p50.",
        "- Ratio: the minimal WSGI app's requests/s divided by the page's "
        "(how many times slower).",
        "",
        "| page | queries | bytes | cold req/s | cold p50 | cold p99 | cold 1-conn "
        "p50 | cold × minimal | warm req/s | warm p50 | warm p99 | warm 1-conn p50 "
        "| warm × minimal | warm X-Cache |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for page in PAGES:
        c, w, p = cold[page], warm[page], probe[page]
        errors = c["errors"] + w["errors"]
        note = f" ({errors} errors)" if errors else ""
        lines.append(
            f"| {TITLES[page]} `{p['path']}`{note} | {p['queries']} | {p['bytes']:,} "
            f"| {c['rps']:.0f} | {c['p50']} ms | {c['p99']} ms | {c['single_p50']} ms "
            f"| {ratio(c['rps']):.1f}× | {w['rps']:.0f} | {w['p50']} ms "
            f"| {w['p99']} ms | {w['single_p50']} ms | {ratio(w['rps']):.1f}× "
            f"| {w['x_cache']} |"
        )
    for name, title in (
        ("minimal", "minimal WSGI app (gunicorn, same bytes as the home page)"),
        ("nginx", "nginx, the home page's HTML as a static file"),
    ):
        b = baselines[name]
        lines.append(
            f"| {title} | – | {probe['home']['bytes']:,} | {b['rps']:.0f} "
            f"| {b['p50']} ms | {b['p99']} ms | {b['single_p50']} ms "
            f"| {ratio(b['rps']):.2f}× | | | | | | |"
        )
    lines += [
        "",
        "## Worker memory (RSS, MB, each worker)",
        "",
        "Workers are never replaced during the run (`GUNICORN_MAX_REQUESTS=0`). "
        "*Started*: after a few requests to each page; *settled*: after the "
        "measured loads above (the warm server: and 20 s of the load that "
        "follows, so that its workers have built pages too); *after*: after "
        "the further requests, every page in turn (the warm server: the "
        "search and the article with its comments built each time, sent with "
        "a session cookie; the other pages from the page cache).",
        "",
        "| server | started | settled (requests) | after (more requests) "
        "| growth since settled |",
        "|---|---|---|---|---|",
    ]
    for name, found in memory.items():
        growth = [
            found["after"][pid] - found["settled"][pid] for pid in found["settled"]
        ]
        lines.append(
            f"| {name} | {sorted(found['before'].values())} "
            f"| {sorted(found['settled'].values())} ({found['first']:,}) "
            f"| {sorted(found['after'].values())} ({found['requests']:,}) "
            f"| {', '.join(f'{g:+.1f}' for g in growth)} MB"
            f"{' (workers replaced)' if found['replaced'] else ''} |"
        )
    warm_memory = memory["warm server"]
    flat = warm_memory["requests"] >= args.memory_requests and all(
        warm_memory["after"][pid] - warm_memory["settled"][pid] <= 5
        for pid in warm_memory["settled"]
    )
    worst_queries = max(p["queries"] for p in probe.values())
    lines += ["", "## Targets", "", "| target | measured | |", "|---|---|---|"]
    lines.append(
        f"| every public page ≤ {MAX_QUERIES} queries | at most {worst_queries} "
        f"| {verdict(worst_queries <= MAX_QUERIES)} |"
    )
    for page, limit in COLD_TARGETS.items():
        found = ratio(cold[page]["rps"])
        lines.append(
            f"| cold {TITLES[page]} ≤ {limit}× the minimal app | {found:.1f}× "
            f"| {verdict(found <= limit)} |"
        )
    cached = [page for page in PAGES if warm[page]["x_cache"] == "hit"]
    for page in PAGES:
        found = ratio(warm[page]["rps"])
        served = "from the page cache" if page in cached else "not page-cached"
        lines.append(
            f"| warm {TITLES[page]} ≤ {WARM_TARGET}× ({served}) | {found:.1f}× "
            f"| {verdict(found <= WARM_TARGET)} |"
        )
    search_p99 = max(cold["search"]["p99"], warm["search"]["p99"])
    single_p99 = max(cold["search"]["single_p99"], warm["search"]["single_p99"])
    lines.append(
        f"| search p99 < {SEARCH_P99_MS} ms, at {CONNECTIONS} connections "
        f"| {search_p99} ms | {verdict(search_p99 < SEARCH_P99_MS)} |"
    )
    lines.append(
        f"| search p99 < {SEARCH_P99_MS} ms, one connection "
        f"| {single_p99} ms | {verdict(single_p99 < SEARCH_P99_MS)} |"
    )
    lines.append(
        f"| worker memory flat over {args.memory_requests:,} requests (≤ 5 MB "
        f"growth once settled) | see above | {verdict(flat)} |"
    )
    return lines


def cold_article(env, log_dir, path, args):
    """The article with its long thread, page cache off, at one connection
    (p50): what ``--only traffic`` compares first views with."""
    server = serve_site("cold-article", env, free_port(), log_dir, page_cache=False)
    try:
        warm_up(server.url, [path])
        say(f"cold article at one connection: {path}")
        url = address(server.url, path)
        return wrk(url, connections=1, seconds=args.single_seconds)["p50"]
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser(description="make bench (see the module)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--single-seconds", type=int, default=5)
    parser.add_argument("--memory-requests", type=int, default=50_000)
    # 50 000 requests took 390 s on a slower machine of this kind (2026-11-27).
    parser.add_argument("--memory-seconds", type=int, default=600)
    parser.add_argument(
        "--only",
        choices=PARTS,
        help="only the page loads, the traffic phases or the delivery run "
        "(written to var/bench-<part>.md unless --output says otherwise)",
    )
    traffic.add_arguments(parser)
    parser.add_argument(
        "--publications", type=int, default=60, help="delivery run: per batch"
    )
    parser.add_argument(
        "--subscribers", type=int, default=5000, help="delivery run: mailed to"
    )
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    parts = [args.only] if args.only else PARTS
    if args.output is None:
        args.output = ROOT / "var" / f"bench-{args.only}.md" if args.only else RESULTS
    args.load_start = os.getloadavg()[0]
    tools = ("psql",) if parts == ["delivery"] else ("wrk", "nginx", "psql")
    for tool in tools:
        if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists()):
            raise SystemExit(f"{tool} is needed: apt-get install {tool}")
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cms_bench"
    )
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
    env = site_environment(database_url, redis_url)
    lines = []
    if "delivery" in parts:
        lines += delivery_report(measure_delivery(env, args))
    if parts == ["delivery"]:
        return write(args, lines)
    ensure_seeded(env)
    # The probe renders pages with DEBUG off: the hashed static names must be
    # there (scripts/serve collects them too, for the served site).
    python(["manage.py", "collectstatic", "--no-input", "-v0"], env)
    probe = json.loads(
        python(
            ["bench/probe.py", "--only", *(PAGES if "pages" in parts else ["article"])],
            {**env, "CMS_PAGE_CACHE_SECONDS": "0"},
            capture_output=True,
            text=True,
        ).stdout
    )
    say(f"queries: { {page: found['queries'] for page, found in probe.items()} }")
    log_dir = Path(tempfile.mkdtemp(prefix="bench-logs-"))
    if "pages" in parts:
        pages = {page: probe[page]["path"] for page in PAGES}
        cold, cold_memory = measure_site(
            "cold", env, log_dir, pages, args, page_cache=False
        )
        warm, warm_memory = measure_site(
            "warm", env, log_dir, pages, args, page_cache=True
        )
        home_html = cold["home"]["body"]
        baselines = measure_baselines(env, log_dir, home_html, args)
        memory = {"cold server": cold_memory, "warm server": warm_memory}
        lines += report(probe, cold, warm, baselines, memory, args)
        cold_article_ms = cold["article"]["single_p50"]
    if "traffic" in parts:
        if "pages" not in parts:
            cold_article_ms = cold_article(env, log_dir, probe["article"]["path"], args)
        found = traffic.measure(env, log_dir, args, cold_article_ms)
        lines += traffic.report(found, verdict)
    write(args, lines)
    say(f"server logs in {log_dir}")


def write(args, lines):
    text = "\n".join([*header(args), *lines]) + "\n"
    if NOTES.exists():  # what the figures mean, kept across runs
        text += "\n" + NOTES.read_text()
    args.output.parent.mkdir(exist_ok=True)
    args.output.write_text(text)
    print(text)
    say(f"written to {args.output}")


if __name__ == "__main__":
    sys.exit(main())
