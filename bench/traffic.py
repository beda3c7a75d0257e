"""``make bench``'s traffic phases (issue 20): readers as they come, while the
newsroom works.

Readers: a fifth open the home, a section or an archive month; half one of the
300 newest articles (Zipf-like: the newest most); a quarter one of 20 000
older ones, each once (the long tail); the rest search, for words that
readers repeat or for one of their own. Each phase serves that mix with wrk
(``bench/traffic.lua``, 16 connections) on the site as ``make serve`` does it,
the page cache on; every address readers repeat is first asked once, and each
phase comes after a short warm-up of the same mix:

1. *quiet*: nothing changes;
2. *moderator*: a comment approved every 5 s (``bench/newsroom.py``);
3. *editors*: that, and an article published every 30 s.

Between the first two, 100 older articles no phase asks for are each opened
once at one connection: the first view of an article nobody has opened.

Each address the load sends is written beforehand in a schedule, one file per
wrk thread. An address meant to be asked once (an older article, a search of
one's own) is taken from its pool when a schedule is written; what a run did
not send goes back to the pool for the next one, so that across the whole
run no such address is asked twice (unless a pool runs dry: then the kind
reads ``-again``, and the report says so).

Whether a page came from the page cache is its ``X-Cache`` header, counted
by the wrk script for the kind of address it answers: the count covers
exactly the responses wrk measured, where the workers' access log would also
hold the warm-up, the requests queued when wrk stopped, and cost the workers
a line a request.
"""

import itertools
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from serving import (
    CONNECTIONS,
    PYTHON,
    ROOT,
    address,
    fetch,
    free_port,
    python,
    say,
    serve_minimal,
    serve_site,
)

SCRIPT = ROOT / "bench" / "traffic.lua"
NEWSROOM = "bench/newsroom.py"
# Share of requests by kind of address.
MIX = {
    "list": 0.20,
    "newest": 0.50,
    "older": 0.25,
    "search": 0.025,
    "search-once": 0.025,
}
# Among the lists: the homes, the sections, the archive months.
LISTS = {"home": 0.40, "category": 0.35, "archive": 0.25}
# Kinds whose addresses have been asked before (each once before the first
# phase, ``prime``): those a page cache can answer. The others are first
# views by design.
REPEATED = ("list", "newest", "search")
FIRST_VIEWS = ("older", "search-once")
OLDER = 20_000
UNSEEN = 100
# Requests a second a schedule is written for; a thread that sends all of its
# lines starts them again (the report says so).
RATE_CEILING = 2500
WARM_UP_SECONDS = 5
APPROVE_EVERY = 5
PUBLISH_EVERY = 30
# Targets (issue 20).
MODERATOR_RATE = 0.80
MODERATOR_HITS = 0.90
EDITORS_RATE = 0.70
FIRST_VIEW_TIMES = 3

# Searches readers repeat (the office's subjects, in both languages), the most
# repeated first.
SEARCHES = [
    ("ar", "المكتبة"), ("en", "library"), ("ar", "المدارس"), ("ar", "بيان"),
    ("en", "schools"), ("ar", "التطوع"), ("en", "volunteer day"),
    ("ar", "صيانة الطرق"), ("en", "road repairs"), ("ar", "الشاطئ"),
    ("en", "health"), ("ar", "مسابقة القراءة"), ("en", "press accreditation"),
    ("ar", "التوعية الصحية"), ("en", "visitors centre"), ("ar", "مواعيد المراجعين"),
    ("en", "clean-up campaign"), ("ar", "الصحفيين"), ("en", "office hours"),
    ("ar", "مركز الزوار"), ("en", "statement"), ("ar", "الشباب"),
    ("en", "winter preparations"), ("ar", "إعلان"),
]  # fmt: skip
# Words of one's own: English pairs of these, and the Arabic words and forms
# of the search test sets (bench/arabic_search_*.json).
ENGLISH_WORDS = (
    "annual budget briefing coastal community competition district events "
    "library minister northern office opening programme public reading "
    "region repairs roads schedule school season service summer teachers "
    "tourism training volunteers water weather winter workshop youth"
).split()
ARABIC_SETS = ("arabic_search_set.json", "arabic_search_holdout.json")

PHASES = {
    "quiet": "no changes",
    "moderator": f"a comment approved every {APPROVE_EVERY} s",
    "editors": f"and an article published every {PUBLISH_EVERY} s",
}


def zipf(count, exponent=1.0):
    """Weights of ranks 1..count, the first the heaviest."""
    return [1 / rank**exponent for rank in range(1, count + 1)]


def own_searches(rng):
    """Searches each asked once: ``[(language, words)]`` in a random order."""
    arabic = set()
    for name in ARABIC_SETS:
        for entry in json.loads((ROOT / "bench" / name).read_text())["words"]:
            arabic.update([entry["word"], *entry["forms"]])
    english = {f"{a} {b}" for a in ENGLISH_WORDS for b in ENGLISH_WORDS if a != b}
    found = [("ar", words) for words in sorted(arabic)]
    found += [("en", words) for words in sorted(english)]
    rng.shuffle(found)
    return found


def search_path(language, words):
    return f"/{language}/search/?q={words}"


class Mix:
    """Addresses by kind, drawn as readers would (see the module)."""

    def __init__(self, addresses, rng):
        self.rng = rng
        lists = addresses["lists"]
        self.repeated = {
            "list": self.weighted(
                [path for kind in LISTS for path in lists[kind]],
                [
                    share / len(lists[kind])
                    for kind, share in LISTS.items()
                    for _ in lists[kind]
                ],
            ),
            "newest": self.weighted(
                addresses["newest"], zipf(len(addresses["newest"]))
            ),
            "search": self.weighted(
                [search_path(*search) for search in SEARCHES], zipf(len(SEARCHES))
            ),
        }
        self.once = {
            "older": deque(addresses["older"]),
            "search-once": deque(search_path(*s) for s in own_searches(rng)),
        }
        self.sent = {kind: [] for kind in self.once}
        self.kinds = self.weighted(list(MIX), list(MIX.values()))

    @staticmethod
    def weighted(population, weights):
        return population, list(itertools.accumulate(weights))

    def choose(self, choice):
        population, cumulative = choice
        return self.rng.choices(population, cum_weights=cumulative)[0]

    def line(self, *, take):
        """One ``(kind, path)``. An address asked once is taken from its pool
        (unless ``take`` is false: for a server that keeps nothing); from a
        pool run dry, one already sent is asked again, as ``kind-again``."""
        kind = self.choose(self.kinds)
        if kind in self.repeated:
            return kind, self.choose(self.repeated[kind])
        pool = self.once[kind]
        if not take:
            return kind, self.rng.choice(pool)
        if pool:
            return kind, pool.popleft()
        return f"{kind}-again", self.rng.choice(self.sent[kind])

    def schedule(self, folder, seconds, threads, *, take=True):
        """Write one schedule file per wrk thread into ``folder`` (``1.txt``...)
        for ``seconds`` at ``RATE_CEILING``; returns each thread's lines."""
        folder.mkdir(parents=True, exist_ok=True)
        per_thread = -(-seconds * RATE_CEILING // threads)
        # Dealt in turn, so that every thread's first lines take the fresh
        # addresses, and those asked again (if a pool runs dry) come last.
        lines = [[] for _ in range(threads)]
        for number in range(per_thread * threads):
            lines[number % threads].append(self.line(take=take))
        for number, own in enumerate(lines, 1):
            (folder / f"{number}.txt").write_text(
                "".join(f"{kind} {quoted(path)}\n" for kind, path in own)
            )
        return lines

    def settle(self, lines, sent):
        """After a run: what each thread sent is spent, the rest of the
        addresses asked once goes back to its pool."""
        back = {kind: [] for kind in self.once}
        for own, count in zip(lines, sent, strict=True):
            for kind, path in own[:count]:
                if kind in self.sent:
                    self.sent[kind].append(path)
            for kind, path in own[count:]:
                if kind in back:
                    back[kind].append(path)
        for kind, paths in back.items():
            self.once[kind].extendleft(reversed(paths))


def quoted(path):
    """``path`` as wrk sends it (``serving.address`` without the host)."""
    return address("", path)


def wrk_mix(url, folder, seconds):
    """wrk with ``bench/traffic.lua`` over the schedules in ``folder``: one
    connection per thread, 16 of each. Returns what the script printed."""
    output = subprocess.run(
        ["wrk", f"-t{CONNECTIONS}", f"-c{CONNECTIONS}", f"-d{seconds}s",
         "--timeout", "10s", "-s", str(SCRIPT), url + "/", "--", str(folder)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    line = next(ln for ln in output.splitlines() if ln.startswith("BENCH-TRAFFIC "))
    found = json.loads(line.split(" ", 1)[1])
    counts = Counter()
    for thread in found["threads"]:
        counts.update(thread["counts"])
    found["counts"] = dict(counts)
    found["rps"] = found["requests"] / found["seconds"]
    found["wrapped"] = sum(thread["wrapped"] for thread in found["threads"])
    return found


def run_mix(mix, url, folder, seconds, *, take=True):
    """One wrk run of the mix; the addresses it spent are settled."""
    lines = mix.schedule(folder, seconds, CONNECTIONS, take=take)
    found = wrk_mix(url, folder, seconds)
    if take:
        # wrk asks thread 1 for one request before the run, to check the
        # script; that line counts as sent.
        sent = [
            len(own) if thread["wrapped"] else thread["sent"]
            for own, thread in zip(lines, found["threads"], strict=True)
        ]
        mix.settle(lines, sent)
    return found


class Newsroom:
    """``bench/newsroom.py`` at work during a phase, in its own process."""

    def __init__(self, env, log_dir, name, publish_every):
        self.log = open(log_dir / f"newsroom-{name}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(PYTHON), NEWSROOM, "--approve-every", str(APPROVE_EVERY),
             "--publish-every", str(publish_every)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=self.log, text=True,
        )  # fmt: skip
        if self.process.stdout.readline().strip() != "ready":
            self.process.wait()
            raise SystemExit(f"the newsroom did not start: see {self.log.name}")

    def stop(self):
        """``{"approve": [[time, ms]], "publish": [...]}``: what it changed."""
        self.process.send_signal(signal.SIGTERM)
        output, _ = self.process.communicate(timeout=120)
        self.log.close()
        return json.loads(output.strip().splitlines()[-1])


def phase(name, mix, server, env, log_dir, folder, seconds, args):
    """The mix for ``seconds`` after a warm-up, the newsroom at work as the
    phase says (from before the warm-up)."""
    newsroom = None
    if name != "quiet":
        publish = PUBLISH_EVERY if name == "editors" else 0
        newsroom = Newsroom(env, log_dir, name, publish)
    try:
        say(f"traffic, {name}: warm-up, {args.warm_up_seconds} s")
        run_mix(mix, server.url, folder, args.warm_up_seconds)
        say(f"traffic, {name}: {seconds} s")
        began = time.time()
        found = run_mix(mix, server.url, folder, seconds)
        ended = time.time()
    finally:
        changes = newsroom.stop() if newsroom else {}
    found["changes"] = {
        kind: [ms for at, ms in done if began <= at < ended]
        for kind, done in changes.items()
    }
    found["load"] = os.getloadavg()[0]
    return found


def prime(base, mix):
    """Every address readers repeat asked once, 16 at a time, before the
    first phase: in the phases, each has been asked before. Returns how many,
    and the seconds it took."""
    paths = [path for population, _ in mix.repeated.values() for path in population]
    started = time.monotonic()
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        list(pool.map(lambda path: fetch(address(base, path)), paths))
    return len(paths), time.monotonic() - started


def first_views(base, paths):
    """Each of ``paths`` asked once, one after the other: p50 and p90 in ms,
    and how many came from the page cache (none should)."""
    timings, hits = [], 0
    for path in paths:
        started = time.perf_counter()
        _status, headers, _body = fetch(address(base, path))
        timings.append((time.perf_counter() - started) * 1000)
        hits += headers.get("X-Cache") == "hit"
    return {
        "p50": statistics.median(timings),
        "p90": statistics.quantiles(timings, n=10)[8],
        "hits": hits,
        "count": len(paths),
    }


def clean(env):
    """Take out what a newsroom made in this or an earlier run."""
    found = python(
        [NEWSROOM, "--clean"], env, capture_output=True, text=True
    ).stdout.strip()
    say(f"traffic: deleted what the newsroom made: {found}")


def phase_seconds(args):
    """Seconds of the quiet and moderator phases, and of the editors' (long
    enough for two publications at the default)."""
    seconds = args.phase_seconds or 2 * args.seconds
    return {"quiet": seconds, "moderator": seconds, "editors": 3 * seconds}


def measure(env, log_dir, args, cold_article_ms):
    """Every phase on one server (page cache on), the first views after the
    quiet one, then the minimal app under the same mix. ``cold_article_ms``:
    the bench's repeated cold article at one connection (p50)."""
    seed = args.traffic_seed
    if seed is None:
        seed = random.randrange(1_000_000)
    clean(env)
    addresses = json.loads(
        python(
            ["bench/probe.py", "--traffic", str(seed), str(OLDER), str(UNSEEN)],
            env,
            capture_output=True,
            text=True,
        ).stdout
    )
    mix = Mix(addresses, random.Random(seed))
    folder = Path(tempfile.mkdtemp(prefix="bench-traffic-"))
    seconds = phase_seconds(args)
    server = serve_site("traffic", env, free_port(), log_dir, page_cache=True)
    phases = {}
    try:
        say("traffic: every address readers repeat, once")
        primed = prime(server.url, mix)
        phases["quiet"] = phase("quiet", mix, server, env, log_dir, folder,
                                seconds["quiet"], args)  # fmt: skip
        say(f"traffic: the first view of {UNSEEN} articles nobody has opened")
        first = first_views(server.url, addresses["unseen"])
        for name in ("moderator", "editors"):
            phases[name] = phase(name, mix, server, env, log_dir, folder,
                                 seconds[name], args)  # fmt: skip
        home_bytes = len(fetch(server.url + "/ar/")[2])
    finally:
        server.stop()
        clean(env)
    minimal = serve_minimal("minimal-traffic", env, log_dir, home_bytes)
    try:
        say("traffic: the minimal app under the same mix")
        baseline = run_mix(mix, minimal.url, folder, args.seconds, take=False)
    finally:
        minimal.stop()
        shutil.rmtree(folder, ignore_errors=True)
    found = {
        "seed": seed,
        "seconds": seconds,
        "addresses": {kind: len(paths) for kind, paths in addresses["lists"].items()},
        "newest": len(addresses["newest"]),
        "phases": phases,
        "minimal": baseline,
        "first_views": {**first, "cold_article": cold_article_ms},
        "older_sent": len(mix.sent["older"]),
        "primed": primed,
    }
    # Every count, for a closer look than the report's.
    (log_dir / "traffic.json").write_text(json.dumps(found, indent=1))
    return found


def add_arguments(parser):
    parser.add_argument(
        "--phase-seconds",
        type=int,
        help="the quiet and moderator phases (the editors' three times as "
        "long); default twice --seconds",
    )
    parser.add_argument("--warm-up-seconds", type=int, default=WARM_UP_SECONDS)
    parser.add_argument(
        "--traffic-seed", type=int, help="which older articles (default: random)"
    )


def share(counts, kinds, what="hit"):
    """The share of responses to ``kinds`` whose X-Cache was ``what``."""
    total = sum(
        count
        for key, count in counts.items()
        if key.split(" ")[0] in kinds and not key.split(" ")[1].startswith("status")
    )
    found = sum(counts.get(f"{kind} {what}", 0) for kind in kinds)
    return found / total if total else None


def percent(value):
    return "–" if value is None else f"{100 * value:.0f} %"


def errors(found):
    """Non-2xx/3xx answers and timeouts, and the requests a schedule asked
    again (a thread that ran out of lines, a pool of first views run dry)."""
    notes = []
    bad = found["errors"]["status"] + found["errors"]["timeout"]
    if bad:
        notes.append(f"{bad} errors")
    again = sum(count for key, count in found["counts"].items() if "-again " in key)
    if found["wrapped"] or again:
        notes.append(f"{found['wrapped'] + again} asked again")
    return ", ".join(notes) or "–"


def report(results, verdict):
    """The traffic sections of ``bench/results.md``."""
    seconds, phases = results["seconds"], results["phases"]
    minimal = results["minimal"]["rps"]
    counts = results["addresses"]
    lines = [
        "",
        "## Traffic: readers as they come, while the newsroom works",
        "",
        f"- Readers (`bench/traffic.lua`, wrk at {CONNECTIONS} connections, one "
        "per wrk thread so that each answer is counted under its address's "
        "kind): a fifth on the homes, sections and archive months "
        f"({counts['home']} homes, {counts['category']} sections, "
        f"{counts['archive']} months), half on the {len(zipf(300))} newest "
        "articles (Zipf-like: the n-th newest in proportion to 1/n), a quarter "
        f"on older articles each asked once ({OLDER:,} drawn at random; "
        f"{results['older_sent']:,} asked in the run), the rest searching "
        f"({len(SEARCHES)} searches readers repeat, and searches of one's own, "
        f"each once). Drawn with seed {results['seed']}.",
        f"- One server (as `make serve`, the page cache on). First every address "
        f"readers repeat, once ({results['primed'][0]} addresses, 16 at a time: "
        f"{results['primed'][1]:.0f} s); then three phases of {seconds['quiet']}, "
        f"{seconds['moderator']} and {seconds['editors']} s, each after a "
        "warm-up of the same mix; the newsroom "
        "(`bench/newsroom.py`: a held comment approved through "
        "`comment_approve`, an article published through `article_publish`) "
        "starts before the warm-up, and what it made is deleted after the run.",
        "- *Hits*: the share of answers with `X-Cache: hit`. *Asked before*: "
        "the homes, sections, archive months, newest articles and repeated "
        "searches, the pages a cache can answer; the older articles and the "
        "searches of one's own are first views, never in the cache (the most "
        "a phase can have is then about 72 % of all answers). The "
        "minimal app answers every address with as many bytes as the home "
        "page.",
        "",
        "| phase | changes during it | req/s | × minimal | p50 | p99 | hits | "
        "hits, asked before | newest 300 | lists | repeated searches | "
        "older (first views) | errors | load |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|",
    ]
    for name, title in PHASES.items():
        found = phases[name]
        c = found["counts"]
        changes = found["changes"]
        made = (
            f"{len(changes.get('approve', []))} approved, "
            f"{len(changes.get('publish', []))} published"
            if changes
            else "none"
        )
        lines.append(
            f"| {name} ({title}) | {made} | {found['rps']:.0f} "
            f"| {minimal / found['rps']:.1f}× | {found['p50']:.2f} ms "
            f"| {found['p99']:.2f} ms | {percent(share(c, [*REPEATED, *FIRST_VIEWS]))} "
            f"| {percent(share(c, REPEATED))} | {percent(share(c, ['newest']))} "
            f"| {percent(share(c, ['list']))} | {percent(share(c, ['search']))} "
            f"| {percent(share(c, ['older']))} | {errors(found)} "
            f"| {found['load']:.1f} |"
        )
    base = results["minimal"]
    lines.append(
        f"| minimal WSGI app, the same mix | – | {minimal:.0f} | 1.00× "
        f"| {base['p50']:.2f} ms | {base['p99']:.2f} ms | | | | | | | – | |"
    )
    changes = [
        f"{kind} {statistics.median(found['changes'][kind]):.0f} ms"
        for name, found in phases.items()
        for kind in ("approve", "publish")
        if name == "editors" and found["changes"].get(kind)
    ]
    if changes:
        lines += [
            "",
            f"- The newsroom's own changes took (median): {', '.join(changes)}.",
        ]
    first = results["first_views"]
    cold = first["cold_article"]
    lines += [
        "",
        "### The first view of an article nobody has opened",
        "",
        f"{first['count']} older articles no phase asks for, each asked once at "
        "one connection (urllib, one after the other) after the quiet phase, "
        "the page cache on; against the bench's cold article (the one with "
        "300 comments, asked again and again with the page cache off: all its "
        "pieces kept), single-connection p50.",
        "",
        "| | p50 | p90 | cold article, 1-conn p50 | p50 ÷ cold | p90 ÷ cold "
        "| from the cache |",
        "|---|--:|--:|--:|--:|--:|--:|",
        f"| first view | {first['p50']:.1f} ms | {first['p90']:.1f} ms "
        f"| {cold} ms | {first['p50'] / cold:.1f}× | {first['p90'] / cold:.1f}× "
        f"| {first['hits']} of {first['count']} |",
    ]
    quiet = phases["quiet"]["rps"]
    moderator, editors = phases["moderator"], phases["editors"]
    hits = share(moderator["counts"], REPEATED)
    lines += [
        "",
        "### Traffic targets",
        "",
        "| target | measured | |",
        "|---|---|---|",
        f"| moderator: req/s ≥ {percent(MODERATOR_RATE)} of the quiet phase "
        f"| {percent(moderator['rps'] / quiet)} "
        f"| {verdict(moderator['rps'] >= MODERATOR_RATE * quiet)} |",
        f"| moderator: ≥ {percent(MODERATOR_HITS)} of the pages asked before from "
        f"the cache | {percent(hits)} "
        f"| {verdict(hits is not None and hits >= MODERATOR_HITS)} |",
        f"| editors: req/s ≥ {percent(EDITORS_RATE)} of the quiet phase "
        f"| {percent(editors['rps'] / quiet)} "
        f"| {verdict(editors['rps'] >= EDITORS_RATE * quiet)} |",
    ]
    for percentile in ("p50", "p90"):
        ratio = first[percentile] / cold
        lines.append(
            f"| first view of a never-opened article, {percentile} ≤ "
            f"{FIRST_VIEW_TIMES}× the cold article | {ratio:.1f}× "
            f"| {verdict(ratio <= FIRST_VIEW_TIMES)} |"
        )
    return lines
