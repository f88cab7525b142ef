"""`make bench`: the public pages under gunicorn, measured with wrk, as production runs them.

    DATABASE_URL=postgres://…/widunetz_bench REDIS_URL=redis://…/1 manage.py bench

One run, in this order, on a database it empties first (its name must contain
"bench"):

1. migrate, flush, load the brochure, collectstatic, clear the cache;
2. brochure size: gunicorn with the page cache (production) and without it
   (PAGE_CACHE_SECONDS=0, the honest cost of the views); per server run wrk
   measures /healthz before and after the pages, and every page's throughput is
   given as a ratio to /healthz of that same run (ratios survive a noisy machine);
3. a 60-second load test at 64 connections over a mix of public pages;
4. `generate_network` adds 100,000 people and 10,000 institutions (fixed seed);
5. the same measurements at that size, the query plans of the search
   (EXPLAIN ANALYZE, BUFFERS) and an in-process profile of each page
   (time, queries, database time), and the load test again;
6. scale-out: two gunicorn instances on two ports against the same PostgreSQL and
   Redis; an admin edit over HTTP through one is checked on the next request to
   the other.

It prints one report and writes it to docs/benchmarks.md. `--only loadtest` and
`--only scaleout` run just that part on the database as it is (loading the brochure
if it is empty) and print without writing the file.
"""

import datetime
import hashlib
import http.cookiejar
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from widunetz.gunicorn_conf import max_requests as MAX_REQUESTS
from widunetz.gunicorn_conf import max_requests_jitter as MAX_REQUESTS_JITTER

FLOOR = "/healthz"
# How much of the shared cache a server run uses.
PRODUCTION, FRAGMENTS, NO_CACHE = "pages", "fragments", "none"
CACHE_MODES = {
    PRODUCTION: {"env": {}, "label": "pages + fragments"},
    # Every request runs the view and renders the page; only the pieces that
    # stay the same until the next edit come from the cache.
    FRAGMENTS: {"env": {"PAGE_CACHE_SECONDS": "0"}, "label": "fragments only"},
    # The views' whole cost, as for the first visitor after an edit.
    NO_CACHE: {
        "env": {"PAGE_CACHE_SECONDS": "0", "FRAGMENT_CACHE_SECONDS": "0"},
        "label": "none",
    },
}
PAGES = [
    "/mitglieder/?gemeinde=loehne",
    "/mitglieder/?q=koehn",
    "/institutionen/",
    "/suche/?q=integration",
]
# The pages the p99 target is about: a filter or a search.
FILTERED = ["/mitglieder/?gemeinde=loehne", "/mitglieder/?q=koehn", "/suche/?q=integration"]
# A visitor's mix for the load test: every kind of public page, lists and their
# later pages, filters, searches and the unpaginated town and working group pages.
LOAD_PATHS = [
    "/",
    "/healthz",
    "/mitglieder/",
    "/mitglieder/?seite=2",
    "/mitglieder/?seite=3",
    "/mitglieder/?gemeinde=loehne",
    "/mitglieder/?gemeinde=herford",
    "/mitglieder/?q=koehn",
    "/mitglieder/?q=yilmaz",
    "/mitglieder/?q=stancic",
    "/mitglieder/?arbeitskreis=projektgruppe",
    "/institutionen/",
    "/institutionen/?seite=2",
    "/institutionen/?gemeinde=buende",
    "/suche/?q=integration",
    "/suche/?q=beratung",
    "/gemeinden/",
    "/gemeinden/loehne/",
    "/gemeinden/vlotho/",
    "/arbeitskreise/",
    "/arbeitskreise/kerngruppe/",
    "/netzwerk/",
    "/chronik/",
    "/impressum/",
]
# Shown in the profile only (one render each): pages that list everyone at once.
PROFILE_EXTRA = ["/mitglieder/", "/gemeinden/loehne/", "/arbeitskreise/projektgruppe/"]
TRIGRAM_INDEX = "members_member_search_trgm"
# A slow page's wrk run lasts long enough for about this many completed requests.
MIN_COMPLETED = 20

REPORT_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, ' ..
    '"read": %d, "write": %d, "status": %d, "timeout": %d, "p50_us": %d, ' ..
    '"p90_us": %d, "p99_us": %d, "max_us": %d, "non2xx": %d, "wrapped": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, non2xx_total(), wrapped_total()))
end
"""
# Plain runs: wrk counts statuses outside 2xx/3xx itself; every URL is checked for
# exactly 200 (no redirect) before it is measured.
PLAIN_LUA = (
    "non2xx_total = function() return -1 end\n"
    "wrapped_total = function() return 0 end\n" + REPORT_LUA
)
# Runs over a list of paths: each thread knows its number and counts the statuses
# outside 2xx; the totals are summed over the threads at the end. Formatted with
# %, so the report's own format string is escaped.
PATHS_LUA = r"""
local paths = {%(paths)s}
local threads = {}
local next_id = 0
setup = function(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end
response = function(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
thread_total = function(name)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get(name) end
  return total
end
non2xx_total = function() return thread_total("non2xx") end
wrapped_total = function() return thread_total("wrapped") end
""" + REPORT_LUA.replace("%", "%%")
# First visits: each thread walks its own share of a list of distinct addresses,
# so no address is requested twice while the list lasts ("wrapped" says if it ran out).
DISTINCT_LUA = (
    PATHS_LUA
    + r"""
init = function(args) non2xx = 0; counter = 0; wrapped = 0 end
request = function()
  local index = id + counter * %(threads)d
  counter = counter + 1
  if index >= #paths then wrapped = 1 end
  return wrk.format("GET", paths[(index %% #paths) + 1])
end
"""
)
# The load test rotates over many paths and counts every status outside 2xx.
MIX_LUA = (
    PATHS_LUA
    + r"""
init = function(args) non2xx = 0; wrapped = 0; counter = math.random(0, #paths) end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ms(microseconds):
    return f"{microseconds / 1000:.1f} ms" if microseconds is not None else "–"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def http_request(opener, url, data=None, timeout=120):
    """(status, headers, text) without following redirects."""
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    try:
        with opener.open(url, data=body, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


def plain_opener():
    return urllib.request.build_opener(NoRedirect())


def process_rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def git(*arguments):
    try:
        return subprocess.run(
            ["git", *arguments], capture_output=True, text=True, cwd=settings.BASE_DIR
        ).stdout.strip()
    except OSError:
        return ""


def tree_state():
    """(commit, number of changed files, fingerprint of the changes) of the working tree.

    This report itself is left out, so a run does not change the state it records.
    """
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    exclude = ":(exclude)docs/benchmarks.md"
    status = git("status", "--porcelain", "--", ".", exclude)
    digest = hashlib.sha256()
    digest.update(status.encode())
    digest.update(git("diff", "HEAD", "--", ".", exclude).encode())
    for line in status.splitlines():
        if line.startswith("?? "):  # new files: their content counts too
            path = settings.BASE_DIR / line[3:]
            for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
                if file.is_file():
                    digest.update(file.read_bytes())
    return commit, len(status.splitlines()), digest.hexdigest()[:12]


def process_ticks(pid, children=False):
    """utime + stime of ``pid`` (and of its waited-for children), in clock ticks."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks


def children_of(pid):
    result = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            result.append(int(entry))
    return sorted(result)


class Gunicorn:
    """One gunicorn instance started as production starts it, on a free loopback port."""

    def __init__(self, bench, *, caches=PRODUCTION, name):
        self.bench = bench
        self.port = free_port()
        self.name = name
        env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
        env.update(
            DJANGO_SECRET_KEY=bench.secret_key,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            # Loopback is plain HTTP; production sits behind a TLS proxy.
            DJANGO_HTTPS="0",
            PYTHONUNBUFFERED="1",
        )
        env.pop("PAGE_CACHE_SECONDS", None)
        env.pop("FRAGMENT_CACHE_SECONDS", None)
        env.update(CACHE_MODES[caches]["env"])
        self.env = env
        self.log_path = Path(bench.tmpdir) / f"gunicorn-{name}-{self.port}.log"
        self.process = None

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self):
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "widunetz.wsgi",
                "--config",
                "python:widunetz.gunicorn_conf",
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        opener = plain_opener()
        while True:
            if self.process.poll() is not None:
                raise CommandError(f"gunicorn ended at start:\n{self.log_tail()}")
            try:
                if http_request(opener, self.url(FLOOR), timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise CommandError(f"gunicorn did not answer /healthz:\n{self.log_tail()}")
            time.sleep(0.2)
        # All workers up before anything is measured.
        expected = int(self.env.get("GUNICORN_WORKERS", os.cpu_count() * 2 + 1))
        while len(self.workers()) < expected and time.monotonic() < deadline:
            time.sleep(0.2)
        return self

    def __exit__(self, *exc):
        self.stop()
        self.log.close()

    def stop(self):
        if self.process and self.process.poll() is None:
            # Quick shutdown: nothing is measured any more, and a worker busy with a
            # long render must not hold up the next step for graceful_timeout.
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def workers(self):
        return children_of(self.process.pid)

    def cpu_ticks(self):
        """CPU ticks of the whole instance, recycled workers included.

        A worker's own utime + stime while it runs; once it has exited, the master's
        cutime + cstime (children it has waited for) holds them, so nothing is lost
        when max_requests replaces a worker.
        """
        master = process_ticks(self.process.pid, children=True)
        return master + sum(process_ticks(pid) for pid in self.workers())

    def wait_idle(self, limit=60):
        """Until the workers have finished what wrk left in flight (or ``limit`` s).

        A request still queued when wrk stops is served anyway; its CPU time must not
        count against the next measurement.
        """
        deadline = time.monotonic() + limit
        previous = self.cpu_ticks()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            current = self.cpu_ticks()
            if current - previous <= 2:
                return
            previous = current

    def log_size(self):
        self.log.flush()
        return self.log_path.stat().st_size

    def served_since(self, offset):
        """Responses in the access log after ``offset``, and workers booted meanwhile."""
        served = booted = 0
        with open(self.log_path, "rb") as log:
            log.seek(offset)
            for line in log:
                served += b'"GET ' in line
                booted += b"Booting worker with pid" in line
        return served, booted

    def worker_rss(self):
        return {pid: rss for pid in self.workers() if (rss := process_rss_kb(pid)) is not None}

    def log_tail(self, lines=30):
        self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def log_statuses(self):
        """(path, status) counts from the access log, and the worker timeouts."""
        statuses = Counter()
        timeouts = 0
        pattern = re.compile(r'"GET (\S+) HTTP/[\d.]+" (\d{3}) ')
        self.log.flush()
        with open(self.log_path, errors="replace") as log:
            for line in log:
                if "WORKER TIMEOUT" in line:
                    timeouts += 1
                match = pattern.search(line)
                if match:
                    statuses[(match.group(1), int(match.group(2)))] += 1
        return statuses, timeouts


class FormParser(HTMLParser):
    """The fields a browser would submit for the form with ``form_id``."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields = []
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
                return
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select":
            self.select = {"name": name, "multiple": "multiple" in attrs, "all": [], "on": []}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value") or ""
            self.select["all"].append(value)
            if "selected" in attrs:
                self.select["on"].append(value)
        elif tag == "textarea" and name:
            self.textarea = (name, [])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            select, self.select = self.select, None
            chosen = select["on"] or ([] if select["multiple"] else select["all"][:1])
            if select["name"]:
                self.fields.extend((select["name"], value) for value in chosen)
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.textarea = None
            value = "".join(text)
            self.fields.append((name, value[1:] if value.startswith("\n") else value))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)


class Command(BaseCommand):
    help = (
        "Lasttest der öffentlichen Seiten unter gunicorn mit wrk (Broschüre und 100.000 "
        "Personen), Abfragepläne, Lasttest, Scale-out; schreibt docs/benchmarks.md. "
        "Leert die Datenbank (Name muss „bench“ enthalten)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", choices=["all", "loadtest", "scaleout"], default="all")
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--institutions", type=int, default=10_000)
        parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--threads", type=int, default=2)
        parser.add_argument("--load-duration", type=int, default=60)
        parser.add_argument("--load-connections", type=int, default=64)
        parser.add_argument(
            "--timeout",
            type=int,
            default=30,
            help="wrk's request timeout in seconds (default: gunicorn's worker timeout)",
        )
        parser.add_argument("--output", default=str(settings.BASE_DIR / "docs" / "benchmarks.md"))
        parser.add_argument("--no-write", action="store_true")
        parser.add_argument(
            "--allow-any-database",
            action="store_true",
            help="run even if the database name does not contain 'bench' (it is flushed!)",
        )

    # ------------------------------------------------------------------ driver

    def handle(self, *args, **options):
        self.options = options
        self.started = time.monotonic()
        self.timings = []
        self.secret_key = secrets.token_urlsafe(50)
        self.worker_count = None
        self.worker_timeouts = {}
        self.loadavg = [os.getloadavg()]
        self.tree = tree_state()
        self.check_prerequisites()
        self.tmpdir = tempfile.mkdtemp(prefix="widunetz-bench-")
        try:
            if options["only"] == "all":
                report = self.run_all()
                self.stdout.write(report)
                if not options["no_write"]:
                    Path(options["output"]).parent.mkdir(parents=True, exist_ok=True)
                    Path(options["output"]).write_text(report)
                    self.stdout.write(f"\nWritten to {options['output']}")
            else:
                self.prepare(flush=False)
                if options["only"] == "loadtest":
                    section = self.load_section([self.loadtest(self.data_label())])
                else:
                    section = self.scaleout_section(self.scaleout())
                self.stdout.write(section)
        finally:
            shutil.rmtree(self.tmpdir, ignore_errors=True)

    def step(self, label, function, *args, **kwargs):
        self.stderr.write(f"[{time.monotonic() - self.started:6.1f} s] {label} …")
        begun = time.monotonic()
        result = function(*args, **kwargs)
        self.timings.append((label, time.monotonic() - begun))
        return result

    def run_all(self):
        people, institutions = self.options["people"], self.options["institutions"]
        rows = []
        self.step("prepare the database (migrate, flush, brochure, collectstatic)", self.prepare)
        small = self.data_label()
        for caches in (PRODUCTION, NO_CACHE):
            rows += self.step(
                f"pages at {small}, cache: {CACHE_MODES[caches]['label']}",
                self.measure_pages,
                small,
                caches,
            )
        small_profile = self.step(f"profile at {small}", self.profile, PAGES)
        loads = [self.step(f"load test at {small}", self.loadtest, small)]
        self.step(
            f"generate {people} people, {institutions} institutions",
            call_command,
            "generate_network",
            people=people,
            institutions=institutions,
            verbosity=0,
        )
        large = self.data_label()
        for caches in (PRODUCTION, FRAGMENTS, NO_CACHE):
            rows += self.step(
                f"pages at {large}, cache: {CACHE_MODES[caches]['label']}",
                self.measure_pages,
                large,
                caches,
            )
        first_visits = self.step(f"first visits at {large}", self.first_visits, large)
        plans = self.step("query plans", self.plans)
        large_profile = self.step(f"profile at {large}", self.profile, PAGES + PROFILE_EXTRA)
        loads.append(self.step(f"load test at {large}", self.loadtest, large))
        scaleout = self.step("scale-out", self.scaleout)
        elapsed = time.monotonic() - self.started
        self.loadavg.append(os.getloadavg())
        return self.report(
            rows,
            plans,
            {small: small_profile, large: large_profile},
            loads,
            scaleout,
            elapsed,
            small,
            large,
            first_visits,
        )

    # ------------------------------------------------------------ preparation

    def check_prerequisites(self):
        if connection.vendor != "postgresql":
            raise CommandError(
                "The benchmark runs on PostgreSQL, as production does: set DATABASE_URL, "
                "e.g. postgres://postgres@127.0.0.1:5432/widunetz_bench (make bench does)."
            )
        name = connection.settings_dict["NAME"]
        if "bench" not in name and not self.options["allow_any_database"]:
            raise CommandError(
                f"The benchmark empties its database; {name!r} does not look like a "
                "benchmark database (its name must contain 'bench', or pass "
                "--allow-any-database)."
            )
        if self.options["only"] != "scaleout" and not shutil.which("wrk"):
            raise CommandError("wrk is missing: apt-get install -y wrk")
        if settings.DEBUG:
            raise CommandError("Unset DJANGO_DEBUG: the benchmark measures production mode.")
        self.ensure_database()
        cache_backend = settings.CACHES["default"]["BACKEND"]
        self.cache_label = (
            f"Redis ({settings.CACHES['default']['LOCATION']})"
            if "redis" in cache_backend.lower()
            else f"database cache ({cache_backend})"
        )

    def ensure_database(self):
        """Create the benchmark database if it does not exist yet."""
        import psycopg

        params = connection.get_connection_params()
        name = params.pop("dbname")
        for key in ("cursor_factory", "context", "prepare_threshold", "server_side_binding"):
            params.pop(key, None)
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if exists.fetchone() is None:
                admin.execute(f'CREATE DATABASE "{name}"')
                self.stderr.write(f"Created database {name}.")

    def prepare(self, flush=True):
        call_command("migrate", interactive=False, verbosity=0)
        if flush:
            call_command("flush", interactive=False, verbosity=0)
        from institutions.models import Municipality

        if not Municipality.objects.exists():
            call_command("load_brochure", without_history=True, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if flush:
            cache.clear()

    def data_label(self):
        from institutions.models import Institution
        from members.models import Member

        return f"{Member.objects.count():,} people / {Institution.objects.count():,} institutions"

    # ------------------------------------------------------------------- wrk

    def wrk(self, url, *, script, connections=None, duration=None, timeout=None):
        script_path = Path(self.tmpdir) / f"wrk-{secrets.token_hex(4)}.lua"
        script_path.write_text(script)
        command = [
            "wrk",
            f"-t{self.options['threads']}",
            f"-c{connections or self.options['connections']}",
            f"-d{duration or self.options['duration']}s",
            f"--timeout={timeout or self.options['timeout']}s",
            "-s",
            str(script_path),
            url,
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        match = re.search(r"^WRK-RESULT (\{.*\})$", output, re.MULTILINE)
        if not match:
            raise CommandError(f"Unexpected wrk output:\n{output}")
        result = json.loads(match.group(1))
        result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
        result["errors"] = sum(result[k] for k in ("connect", "read", "write", "timeout"))
        if not result["requests"]:  # wrk reports 0 for the percentiles of nothing
            result.update(p50_us=None, p90_us=None, p99_us=None, max_us=None)
        return result

    def check_200(self, server, paths):
        """Every path answers exactly 200; {path: seconds} of a second, single request."""
        opener = plain_opener()
        seconds = {}
        for path in paths:
            for _ in range(2):  # the second one is a cache hit if the cache is on
                begun = time.monotonic()
                status = http_request(opener, server.url(path))[0]
                seconds[path] = time.monotonic() - begun
                if status != 200:
                    raise CommandError(f"{path} answered {status}, not 200:\n{server.log_tail()}")
        return seconds

    def duration_for(self, seconds_per_request):
        """Long enough for about 20 completed requests of a slow page, at most 20 s."""
        needed = MIN_COMPLETED * seconds_per_request * 1.5 / len(os.sched_getaffinity(0))
        return max(self.options["duration"], min(math.ceil(needed), 20))

    def measure_pages(self, data, caches):
        """/healthz before, between and after the pages; each page against its neighbours."""
        with Gunicorn(self, caches=caches, name=caches) as server:
            single = self.check_200(server, [FLOOR, *PAGES])
            # Warm every worker (templates, connections, and the cache if it is on).
            self.wrk(
                server.url("/"),
                script=MIX_LUA % {"paths": ", ".join(json.dumps(p) for p in [FLOOR, *PAGES])},
                duration=2,
            )
            server.wait_idle()

            def measure(path):
                duration = self.duration_for(single[path])
                return self.measured_wrk(server, path, PLAIN_LUA, duration)

            # /healthz before the pages, after every second page and at the end.
            floors = [measure(FLOOR)]
            results = []
            for number, path in enumerate(PAGES):
                results.append((path, measure(path), len(floors) - 1))
                if number % 2 == 1 or number == len(PAGES) - 1:
                    floors.append(measure(FLOOR))
            self.worker_count = len(server.workers())
            _log, timeouts = server.log_statuses()
            self.worker_timeouts[(data, caches)] = timeouts
        floor = {
            "page": FLOOR,
            "data": data,
            "cache": caches,
            "ratio": 1.0,
            "rps": statistics.mean(f["rps"] for f in floors),
            "spread": (min(f["rps"] for f in floors), max(f["rps"] for f in floors)),
            "p50_us": statistics.median(f["p50_us"] or 0 for f in floors),
            "p99_us": max(f["p99_us"] or 0 for f in floors),
            "requests": sum(f["requests"] for f in floors),
            "seconds": sum(f["seconds"] for f in floors),
            "restarts": sum(f["restarts"] for f in floors),
            "status": sum(f["status"] for f in floors),
            "errors": sum(f["errors"] for f in floors),
            "app_cpu_ms": statistics.mean(f["app_cpu_ms"] for f in floors),
            "db_cpu_ms": statistics.mean(f["db_cpu_ms"] for f in floors),
        }
        floor["cpu_ratio"] = 1.0
        floor_cpu = floor["app_cpu_ms"] + floor["db_cpu_ms"]
        rows = [floor]
        for path, result, index in results:
            result["cpu_ratio"] = floor_cpu / max(result["app_cpu_ms"] + result["db_cpu_ms"], 1e-9)
            # The /healthz runs right before and right after this page (and its pair).
            neighbours = (floors[index]["rps"] + floors[index + 1]["rps"]) / 2
            rows.append(
                {"page": path, "data": data, "cache": caches, **result}
                | {"ratio": result["rps"] / neighbours}
            )
        return rows

    def first_visit_paths(self):
        """Distinct addresses as visitors reach them: towns' lists page by page, searches
        for every surname, in both directions of the language switch; shuffled, fixed seed."""
        import random

        from institutions.models import Municipality
        from members.models import Member

        towns = list(Municipality.objects.values_list("slug", flat=True))
        names = sorted(set(Member.objects.values_list("last_name", flat=True)))[:400]
        paths = [f"/mitglieder/?gemeinde={t}&seite={n}" for t in towns for n in range(1, 151)]
        paths += [f"/en/mitglieder/?gemeinde={t}&seite={n}" for t in towns for n in range(1, 41)]
        paths += [f"/institutionen/?gemeinde={t}&seite={n}" for t in towns for n in range(1, 31)]
        for name in names:
            query = urllib.parse.quote(name)
            paths += [f"/mitglieder/?q={query}", f"/suche/?q={query}"]
        random.Random(2005).shuffle(paths)
        return paths

    def first_visits(self, data):
        """Production caching, but every request an address nobody asked for before.

        Right after an edit (the content version is new, so no page and no piece is
        cached yet) wrk walks a list of distinct addresses: every request misses the
        page cache, and the pieces fill as real visitors would fill them.
        """
        from widunetz.pagecache import bump_content_version

        paths = self.first_visit_paths()
        script = DISTINCT_LUA % {
            "paths": ", ".join(json.dumps(p) for p in paths),
            "threads": self.options["threads"],
        }
        with Gunicorn(self, name="first-visits") as server:
            self.check_200(server, [FLOOR, paths[-1]])
            # Warm the workers (templates, connections) on an address not in the walk.
            self.wrk(
                server.url("/mitglieder/?gemeinde=enger&seite=999"), script=PLAIN_LUA, duration=2
            )
            server.wait_idle()
            bump_content_version()
            duration = max(self.options["duration"], 10)
            result = self.measured_wrk(server, "/", script, duration)
            result["addresses"] = len(paths)
            result["data"] = data
        return result

    def measured_wrk(self, server, path, script, duration):
        """One wrk run with the server's and the database's CPU per request served."""
        offset = server.log_size()
        app, db = server.cpu_ticks(), self.db_ticks()
        result = self.wrk(server.url(path), script=script, duration=duration)
        result["seconds"] = duration
        server.wait_idle()
        served, result["restarts"] = server.served_since(offset)
        served = max(served, 1)
        tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
        # Backends that ended meanwhile (CONN_MAX_AGE, recycled workers) are left
        # out rather than subtracted: a slight underestimate, never below zero.
        db_ticks = sum(t - db.get(pid, 0) for pid, t in self.db_ticks().items())
        result["app_cpu_ms"] = (server.cpu_ticks() - app) * tick_ms / served
        result["db_cpu_ms"] = db_ticks * tick_ms / served
        return result

    def db_ticks(self):
        """{pid: CPU ticks} of the PostgreSQL backends serving the benchmark database."""
        name = connection.settings_dict["NAME"].encode()
        ticks = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    title = cmdline.read()
            except OSError:
                continue
            if title.startswith(b"postgres: ") and b" " + name + b" " in title:
                ticks[int(entry)] = process_ticks(int(entry))
        return ticks

    # -------------------------------------------------------- query plans

    def plans(self):
        from django.core.paginator import Paginator

        from members.filters import MemberFilterSet
        from members.models import Member
        from pages.search import RESULTS_PER_KIND

        def captured(function):
            with CaptureQueriesContext(connection) as queries:
                function()
            return [query["sql"] for query in queries.captured_queries]

        def explain(sql):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                return "\n".join(row[0] for row in cursor.fetchall())

        def list_view_queries(params):
            # Exactly the list view's queries: the count, then the keys of the first
            # page (its people are then read by key).
            queryset = MemberFilterSet(params, queryset=Member.objects.public().for_cards()).qs
            paginator = Paginator(queryset, 20)
            count_sql = captured(lambda: paginator.count)[0]
            page_sql = captured(lambda: list(queryset[:20].values_list("pk", flat=True)))[0]
            return count_sql, page_sql

        result = []
        count_sql, page_sql = list_view_queries({"q": "koehn"})
        result.append(("/mitglieder/?q=koehn – page (LIMIT 20)", page_sql, explain(page_sql)))
        result.append(("/mitglieder/?q=koehn – count", count_sql, explain(count_sql)))
        site_sql = captured(
            lambda: list(
                Member.objects.public().for_cards().search("integration")[: RESULTS_PER_KIND + 1]
            )
        )[0]
        result.append(("/suche/?q=integration – people", site_sql, explain(site_sql)))
        count_sql, page_sql = list_view_queries({"gemeinde": "loehne"})
        result.append(
            ("/mitglieder/?gemeinde=loehne – page (LIMIT 20)", page_sql, explain(page_sql))
        )
        result.append(("/mitglieder/?gemeinde=loehne – count", count_sql, explain(count_sql)))
        return result

    # ------------------------------------------------------------ profile

    def profile(self, paths):
        """Each page rendered in this process: time, queries, database time."""
        from django.test import Client, override_settings

        client = Client()
        result = []
        with override_settings(
            PAGE_CACHE_SECONDS=0,
            FRAGMENT_CACHE_SECONDS=0,
            ALLOWED_HOSTS=["testserver"],
            SECURE_SSL_REDIRECT=False,
        ):
            for path in paths:
                heavy = path in PROFILE_EXTRA
                if not heavy:  # the heavy ones come last: templates are warm by then
                    client.get(path)
                runs = []
                for _ in range(1 if heavy else 3):
                    with CaptureQueriesContext(connection) as queries:
                        begun = time.perf_counter()
                        response = client.get(path)
                        total = time.perf_counter() - begun
                    times = [float(q["time"]) for q in queries.captured_queries]
                    runs.append((total, len(times), sum(times), max(times, default=0.0)))
                total, count, db, slowest = min(runs)
                result.append(
                    {
                        "page": path,
                        "status": response.status_code,
                        "kb": len(response.content) / 1024,
                        "ms": total * 1000,
                        "queries": count,
                        "db_ms": db * 1000,
                        "slowest_ms": slowest * 1000,
                    }
                )
        return result

    # ---------------------------------------------------------- load test

    def loadtest(self, data):
        duration = self.options["load_duration"]
        connections = self.options["load_connections"]
        from widunetz.pagecache import bump_content_version

        # Start cold, as right after an editor saved something: every page is rendered
        # anew once (the access log below shows each path's statuses).
        bump_content_version()
        with Gunicorn(self, name="load") as server:
            rss_before = server.worker_rss()
            master_before = process_rss_kb(server.process.pid)
            script_path = Path(self.tmpdir) / "load.lua"
            script_path.write_text(
                MIX_LUA % {"paths": ", ".join(json.dumps(p) for p in LOAD_PATHS)}
            )
            command = [
                "wrk",
                f"-t{self.options['threads']}",
                f"-c{connections}",
                f"-d{duration}s",
                f"--timeout={self.options['timeout']}s",
                "-s",
                str(script_path),
                server.url("/"),
            ]
            wrk = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
            seen, peak_total, peak_worker, samples = set(), 0, 0, []
            begun = time.monotonic()
            while wrk.poll() is None:
                sample = server.worker_rss()
                seen.update(sample)
                peak_total = max(peak_total, sum(sample.values()))
                peak_worker = max(peak_worker, max(sample.values(), default=0))
                samples.append((time.monotonic() - begun, sum(sample.values())))
                time.sleep(1)
            output = wrk.stdout.read()
            time.sleep(1)
            rss_after = server.worker_rss()
            master_after = process_rss_kb(server.process.pid)
            statuses, worker_timeouts = server.log_statuses()
        match = re.search(r"^WRK-RESULT (\{.*\})$", output, re.MULTILINE)
        if not match:
            raise CommandError(f"Unexpected wrk output:\n{output}")
        result = json.loads(match.group(1))
        result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
        result["errors"] = sum(result[k] for k in ("connect", "read", "write", "timeout"))
        bad = Counter()
        for (path, status), number in statuses.items():
            if not 200 <= status <= 299:
                bad[f"{status} {path}"] += number
        return {
            "data": data,
            "duration": duration,
            "connections": connections,
            "result": result,
            "rss_before": rss_before,
            "rss_after": rss_after,
            "master_before": master_before,
            "master_after": master_after,
            "peak_total": peak_total,
            "peak_worker": peak_worker,
            "pids_seen": len(seen | set(rss_before) | set(rss_after)),
            # The workers' total after the first quarter (warmed up) and at the end.
            "warm_total": next((t for at, t in samples if at >= duration / 4), None),
            "end_total": samples[-1][1] if samples else None,
            "bad_statuses": bad,
            "worker_timeouts": worker_timeouts,
            "served": sum(statuses.values()),
        }

    # ---------------------------------------------------------- scale-out

    def scaleout(self):
        from django.contrib.auth import get_user_model

        from members.models import Member
        from widunetz import pagecache

        member = Member.objects.filter(last_name="Köhn").order_by("pk").first()
        if member is None:
            raise CommandError("Peter Köhn from the brochure is missing; load the brochure.")
        path = member.get_absolute_url()
        original = member.function
        marker = f"Lastprobe {secrets.token_hex(4)}"
        username = f"bench-{secrets.token_hex(4)}"
        password = secrets.token_urlsafe(24)
        user = get_user_model().objects.create_user(
            username=username, password=password, is_staff=True, is_superuser=True
        )
        steps = []
        ok = True
        try:
            with (
                Gunicorn(self, name="A") as a,
                Gunicorn(self, name="B") as b,
            ):
                anonymous = plain_opener()
                status, _h, before = http_request(anonymous, b.url(path))
                http_request(anonymous, b.url(path))
                key = pagecache.page_key("http", f"127.0.0.1:{b.port}", path, [], "de")
                cached = cache.get(key) is not None
                steps.append(
                    f"GET {path} from B (port {b.port}): {status}; the rendered page is in "
                    f"the shared cache: {'yes' if cached else 'no (key format changed?)'}; "
                    f"shows {marker!r}: {marker in before}"
                )
                ok &= status == 200 and marker not in before

                jar = http.cookiejar.CookieJar()
                admin = urllib.request.build_opener(
                    urllib.request.HTTPCookieProcessor(jar), NoRedirect()
                )
                login = a.url("/verwaltung/login/?next=/verwaltung/")
                _s, _h, page = http_request(admin, login)
                form = FormParser("login-form")
                form.feed(page)
                fields = dict(form.fields)
                fields.update(username=username, password=password)
                status, headers, _ = http_request(admin, login, fields)
                steps.append(
                    f"POST /verwaltung/login/ to A (port {a.port}) as a temporary superuser: "
                    f"{status} → {headers.get('Location')}"
                )
                ok &= status == 302

                for value in (marker, original):
                    change = a.url(f"/verwaltung/members/member/{member.pk}/change/")
                    _s, _h, page = http_request(admin, change)
                    form = FormParser("member_form")
                    form.feed(page)
                    fields = [(k, v) for k, v in form.fields if k != "function"]
                    fields += [("function", value), ("_save", "Sichern")]
                    started = time.monotonic()
                    status, _h, body = http_request(admin, change, fields)
                    edited = status == 302
                    _s2, _h2, after = http_request(anonymous, b.url(path))
                    elapsed = (time.monotonic() - started) * 1000
                    visible = (marker in after) == (value == marker)
                    steps.append(
                        f"admin edit through A: function of {member} → {value!r}: {status}"
                        + ("" if edited else f" ({self.form_errors(body)})")
                        + f"; next GET from B shows it: {visible} ({elapsed:.0f} ms after "
                        "the POST was sent)"
                    )
                    ok &= edited and visible
                _s, _h, page = http_request(admin, a.url("/verwaltung/"))
                form = FormParser("logout-form")
                form.feed(page)
                status = http_request(admin, a.url("/verwaltung/logout/"), form.fields)[0]
                steps.append(f"POST /verwaltung/logout/ to A: {status}")
        finally:
            user.delete()
        steps.append(f"temporary user {username} deleted")
        return {"ok": ok, "steps": steps}

    @staticmethod
    def form_errors(body):
        errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', body, re.DOTALL)
        return re.sub(r"<[^>]+>", " ", " ".join(errors)).strip()[:300] or "no error list"

    # ------------------------------------------------------------- report

    def environment(self):
        commit, changed, digest = self.tree
        if changed:
            commit += f" with {changed} uncommitted or new files (fingerprint {digest})"
        if tree_state() != self.tree:
            commit += (
                " – **the working tree changed during this run** (now "
                f"{tree_state()[0]}, fingerprint {tree_state()[2]}): the server runs and "
                "this process may have used different code; rerun for clean numbers"
            )
        cpu = ""
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            postgres = cursor.fetchone()[0]
        redis_version = ""
        if "redis" in settings.CACHES["default"]["BACKEND"].lower():
            try:
                import redis

                client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
                redis_version = client.info("server").get("redis_version", "")
            except Exception:  # noqa: BLE001 - informational only
                redis_version = "?"
        wrk_version = subprocess.run(
            ["wrk", "--version"], capture_output=True, text=True
        ).stdout.splitlines()
        return {
            "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "cores": len(os.sched_getaffinity(0)),
            "cpu": cpu,
            "commit": commit,
            "postgres": postgres,
            "redis": redis_version,
            "wrk": wrk_version[0].split("Copyright")[0].strip() if wrk_version else "wrk",
            "python": sys.version.split()[0],
        }

    def report(self, rows, plans, profiles, loads, scaleout, elapsed, small, large, first_visits):
        env = self.environment()
        o = self.options
        lines = [
            "# Benchmarks",
            "",
            "Generated by `make bench` (`manage.py bench`); numbers from one real run. "
            "Rerun it to refresh this file.",
            "",
            f"- Date: {env['date']}",
            f"- Machine: {env['cores']} cores ({env['cpu']}), "
            f"Python {env['python']}, PostgreSQL {env['postgres']}, "
            f"Redis {env['redis'] or '–'}, {env['wrk']}",
            f"- Commit: {env['commit']}",
            f"- Server: gunicorn with `widunetz.gunicorn_conf` ({self.worker_count} sync workers), "
            f"DJANGO_DEBUG unset, DJANGO_HTTPS=0 (plain HTTP on loopback), cache: "
            f"{self.cache_label}",
            f"- Load: `wrk -t{o['threads']} -c{o['connections']} -d{o['duration']}s "
            f"--timeout={o['timeout']}s` per page (longer for slow pages), on the same "
            "machine as the server",
            f"- Whole run: {elapsed / 60:.1f} min; load average (1/5/15 min) at the start "
            f"{self.format_loadavg(self.loadavg[0])}, at the end "
            f"{self.format_loadavg(self.loadavg[-1])}. Whatever else runs on the machine "
            "(test suites, editors) competes for the same cores: absolute numbers vary "
            "between runs, ratios and CPU per request much less.",
            "",
            "## Throughput and latency",
            "",
            "Ratio = the page's requests per second divided by those of `/healthz` measured "
            "in the same server run right before and after the page and its neighbour "
            "(`/healthz` runs before the pages, after every second page and at the end; its "
            "row shows the mean with min–max). A slow page is measured longer (up to 20 s, "
            "for about 20 completed requests). Cache “pages + fragments” is production: "
            "a repeated address comes whole from the shared cache. “fragments only” is "
            "`PAGE_CACHE_SECONDS=0`: every request runs the view, reads the database and "
            "renders the page; only what stays the same until the next edit (people's "
            "cards, a list's count and the keys of a page's rows, the filter form) comes "
            "from the shared cache. “none” also sets `FRAGMENT_CACHE_SECONDS=0`: the views' "
            "whole cost, as for the first visitor after an edit. p50/p99 are wrk's latency "
            "percentiles of the completed requests. CPU per request: gunicorn (master and "
            "workers, recycled ones included) + the PostgreSQL backends of the benchmark "
            "database, over the requests in the access log – independent of how busy the "
            "machine is otherwise; CPU ratio = /healthz's CPU per request divided by the "
            "page's, the same comparison by cost instead of throughput. Worker restarts: "
            f"workers gunicorn booted during the run (max_requests = {MAX_REQUESTS} + jitter "
            f"up to {MAX_REQUESTS_JITTER} replaces a worker; a boot costs about half a "
            "second of CPU, which shows in "
            "that run's numbers). Errors: wrk's "
            "socket errors and timeouts; non-2xx: wrk "
            "counts statuses outside 2xx/3xx, and every URL was checked for exactly 200 "
            "first.",
            "",
            "| page | data | cache | req/s | ratio to /healthz | p50 | p99 | "
            "requests | CPU/request (app + db) | CPU ratio | worker restarts | "
            "non-2xx / errors |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for row in rows:
            rps = f"{row['rps']:,.0f}" if row["rps"] >= 100 else f"{row['rps']:,.1f}"
            if row["page"] == FLOOR:
                rps += f" ({row['spread'][0]:,.0f}–{row['spread'][1]:,.0f})"
            lines.append(
                f"| `{row['page']}` | {row['data']} | {CACHE_MODES[row['cache']]['label']} | "
                f"{rps} | {row['ratio']:.2f} | {ms(row['p50_us'])} | {ms(row['p99_us'])} | "
                f"{row['requests']:,} in {row['seconds']} s | "
                f"{row['app_cpu_ms']:,.1f} + {row['db_cpu_ms']:,.1f} ms | "
                f"{row['cpu_ratio']:.2f} | {row['restarts']} | "
                f"{row['status']} / {row['errors']} |"
            )
        timeouts = {key: n for key, n in self.worker_timeouts.items() if n}
        if timeouts:
            lines += [
                "",
                "gunicorn killed workers for exceeding its timeout in: "
                + ", ".join(
                    f"{data}, cache {CACHE_MODES[caches]['label']} (×{n})"
                    for (data, caches), n in timeouts.items()
                ),
            ]
        lines += ["", "## Targets", ""]
        lines += self.targets(rows, plans, loads, scaleout, elapsed, small, large, first_visits)
        lines += ["", "## Where the time goes (in-process profile)", ""]
        lines += [
            "Each page rendered once more in the benchmark process with Django's test client, "
            "no cache at all (pages nor fragments), no HTTP and no concurrency: the best of "
            "three renders (a single one for the last three pages, the longest lists), the "
            "number of SQL queries, their total database time and the slowest one.",
            "",
            "| page | data | status | size | time | queries | database | slowest query |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for data, profile in profiles.items():
            for item in profile:
                lines.append(
                    f"| `{item['page']}` | {data} | {item['status']} | {item['kb']:,.0f} KB | "
                    f"{item['ms']:,.0f} ms | {item['queries']} | {item['db_ms']:,.0f} ms | "
                    f"{item['slowest_ms']:,.0f} ms |"
                )
        lines += ["", f"## Query plans at {large}", ""]
        for label, _sql, plan in plans:
            lines += [self.plan_summary(label, plan), ""]
        for label, sql, plan in plans:
            lines += [
                f"<details><summary>{label}</summary>",
                "",
                "```sql",
                textwrap.fill(sql, 100, break_long_words=False, break_on_hyphens=False),
                "```",
                "",
                "```",
                plan,
                "```",
                "",
                "</details>",
                "",
            ]
        lines += [self.load_section(loads), self.scaleout_section(scaleout)]
        lines += ["## Steps of this run", ""]
        lines += [f"- {label}: {seconds:.0f} s" for label, seconds in self.timings]
        lines.append("")
        return "\n".join(lines)

    @staticmethod
    def format_loadavg(values):
        return "/".join(f"{value:.1f}" for value in values)

    @staticmethod
    def member_access(plan):
        """How the plan reads members_member: index names, or "sequential scan"."""
        ways = [
            f"{name} (index scan)"
            for name in re.findall(r"Index (?:Only )?Scan using (\S+) on members_member\b", plan)
        ]
        ways += [
            f"{name} (bitmap index scan)"
            for name in re.findall(r"Bitmap Index Scan on (\S+)", plan)
            if name.startswith("member")
        ]
        if re.search(r"Seq Scan on members_member\b", plan):
            ways.append("sequential scan")
        return sorted(set(ways))

    @classmethod
    def plan_summary(cls, label, plan):
        execution = re.search(r"Execution Time: ([\d.]+) ms", plan)
        return (
            f"- {label}: {execution.group(1) if execution else '?'} ms; people read by "
            + ", ".join(cls.member_access(plan))
        )

    def targets(self, rows, plans, loads, scaleout, elapsed, small, large, first_visits):
        def row(page, data, caches):
            return next(
                r for r in rows if r["page"] == page and r["data"] == data and r["cache"] == caches
            )

        def verdict(ok):
            return "**met**" if ok else "**not met**"

        lines = []
        cached = row("/mitglieder/?gemeinde=loehne", small, PRODUCTION)
        uncached = row("/mitglieder/?gemeinde=loehne", small, NO_CACHE)
        lines.append(
            f"- Brochure size, `/mitglieder/?gemeinde=loehne` ≥ 0.5× `/healthz` (aim 0.8×): "
            f"{cached['ratio']:.2f}× with the shared cache (production) – "
            f"{verdict(cached['ratio'] >= 0.5)}"
            f"{' and the aim of 0.8× too' if cached['ratio'] >= 0.8 else ''}; "
            f"{uncached['ratio']:.2f}× with no cache at all."
        )

        def p99(page, caches):
            measured = row(page, large, caches)
            return measured["p99_us"] / 1000 if measured["p99_us"] is not None else math.inf

        def p99_texts(caches):
            return ", ".join(f"`{page}` {p99(page, caches):,.0f} ms" for page in FILTERED)

        def all_under(caches):
            return all(p99(page, caches) < 100 for page in FILTERED)

        connections = self.options["connections"]
        lines.append(
            f"- {large}, filtered and search pages under 100 ms at p99 with {connections} "
            "connections:"
        )
        lines.append(
            f"  - as the site runs (pages + fragments), repeated addresses: "
            f"{p99_texts(PRODUCTION)} – {verdict(all_under(PRODUCTION))};"
        )
        lines.append(
            f"  - with the page cache off, every request running the view (fragments only): "
            f"{p99_texts(FRAGMENTS)} – {verdict(all_under(FRAGMENTS))};"
        )
        lines.append(
            f"  - with no cache at all, the views' whole cost: {p99_texts(NO_CACHE)} – "
            f"{verdict(all_under(NO_CACHE))};"
        )
        visits = first_visits
        visits_p99 = visits["p99_us"] / 1000 if visits["p99_us"] else math.inf
        lines.append(
            f"  - first visits as the site runs, right after an edit, every request a new "
            f"address ({visits['requests']:,} of {visits['addresses']:,} distinct addresses: "
            "pages of the towns' lists in German and English, searches for surnames on "
            f"/mitglieder/ and /suche/): p50 {ms(visits['p50_us'])}, p99 {visits_p99:,.0f} ms "
            f"– {verdict(visits_p99 < 100)}"
            + (" (the list ran out and addresses repeated)" if visits.get("wrapped") else "")
            + "."
        )
        cores = len(os.sched_getaffinity(0))
        budget = 100 * cores / connections
        cpu = {
            caches: [
                row(page, large, caches)["app_cpu_ms"] + row(page, large, caches)["db_cpu_ms"]
                for page in FILTERED
            ]
            for caches in (FRAGMENTS, NO_CACHE)
        }
        lines.append(
            f"  With {connections} requests in flight on {cores} cores, a p99 under 100 ms "
            f"leaves at most about {budget:.0f} ms of server CPU per request (gunicorn + "
            "PostgreSQL); these pages take "
            + ", ".join(f"{value:,.0f}" for value in cpu[FRAGMENTS])
            + " ms with fragments only, "
            + ", ".join(f"{value:,.0f}" for value in cpu[NO_CACHE])
            + " ms with no cache, and "
            f"{visits['app_cpu_ms'] + visits['db_cpu_ms']:,.0f} ms on average on first visits."
        )
        search_plans = [(label, plan) for label, _sql, plan in plans if "q=koehn" in label]
        trigram = any(TRIGRAM_INDEX in plan for _label, plan in search_plans)
        seq = any("sequential scan" in self.member_access(plan) for _l, plan in search_plans)
        lines.append(
            "- The search (`/mitglieder/?q=koehn`) reads the people through an index, the "
            f"trigram GIN index among them, never by a sequential scan: "
            f"{verdict(trigram and not seq)} ("
            + "; ".join(
                f"{label.split(' – ')[1]}: {', '.join(self.member_access(plan))}"
                for label, plan in search_plans
            )
            + ")."
        )
        lines.append(
            f"- Scale-out, an admin edit through instance A is on the next request to "
            f"instance B: {verdict(scaleout['ok'])}."
        )
        for load in loads:
            result = load["result"]
            ok = result["errors"] == 0 and result["non2xx"] == 0 and result["status"] == 0
            bounded = self.memory_bounded(load)
            lines.append(
                f"- Load test at {load['data']}, {load['duration']} s at "
                f"{load['connections']} connections: {result['requests']:,} requests, "
                f"{result['errors']} errors, {result['non2xx']} non-2xx – {verdict(ok)}; "
                f"worker memory flat after warm-up (at most +10 % from the first quarter "
                f"to the end) – {verdict(bounded)}: {self.memory_summary(load)}"
            )
        lines.append(
            f"- `make bench` in under 10 minutes: this run took {elapsed / 60:.1f} min – "
            f"{verdict(elapsed < 600)} (without installing the virtualenv)."
        )
        return lines

    @staticmethod
    def memory_bounded(load):
        if not load["warm_total"] or not load["end_total"]:
            return False
        return load["end_total"] <= load["warm_total"] * 1.10

    @staticmethod
    def memory_summary(load):
        before = load["rss_before"].values()
        after = load["rss_after"].values()
        if not before or not after:
            return "worker memory: not measured."
        growth = ""
        if load["warm_total"] and load["end_total"]:
            change = (load["end_total"] - load["warm_total"]) / load["warm_total"] * 100
            growth = (
                f"all workers together {load['warm_total'] / 1024:.0f} MB after the first "
                f"quarter of the run, {load['end_total'] / 1024:.0f} MB at its end "
                f"({change:+.0f} %); "
            )
        return (
            f"worker RSS {min(before) / 1024:.0f}–{max(before) / 1024:.0f} MB each at the "
            f"start (cold), {min(after) / 1024:.0f}–{max(after) / 1024:.0f} MB after; "
            f"{growth}largest single worker {load['peak_worker'] / 1024:.0f} MB; "
            f"{load['pids_seen']} worker processes seen for {len(load['rss_before'])} slots "
            f"(gunicorn's max_requests replaces each worker after {MAX_REQUESTS:,}–"
            f"{MAX_REQUESTS + MAX_REQUESTS_JITTER:,} requests)."
        )

    def load_section(self, loads):
        lines = ["## Load test", ""]
        for load in loads:
            result = load["result"]
            lines += [
                f"### {load['data']}",
                "",
                f"`wrk -t{self.options['threads']} -c{load['connections']} "
                f"-d{load['duration']}s --timeout={self.options['timeout']}s`, page cache on and "
                "cold at the start (as right after an edit), each connection rotating over "
                f"{len(LOAD_PATHS)} paths: " + ", ".join(f"`{p}`" for p in LOAD_PATHS),
                "",
                f"- {result['requests']:,} requests, {result['rps']:,.0f} req/s, "
                f"p50 {ms(result['p50_us'])}, p99 {ms(result['p99_us'])}, "
                f"max {ms(result['max_us'])}",
                f"- errors: connect {result['connect']}, read {result['read']}, "
                f"write {result['write']}, timeout {result['timeout']}; "
                f"non-2xx responses: {result['non2xx']}",
                f"- gunicorn access log: {load['served']:,} responses; worker timeouts "
                f"(killed after {os.environ.get('GUNICORN_TIMEOUT', '30')} s): "
                f"{load['worker_timeouts']}",
            ]
            if load["bad_statuses"]:
                lines.append(
                    "- non-2xx in the access log: "
                    + ", ".join(f"{k} ×{v}" for k, v in load["bad_statuses"].most_common(10))
                )
            lines += [
                f"- memory: {self.memory_summary(load)} Sum of all workers: "
                f"{sum(load['rss_before'].values()) / 1024:.0f} MB before, peak "
                f"{load['peak_total'] / 1024:.0f} MB, "
                f"{sum(load['rss_after'].values()) / 1024:.0f} MB after; master "
                f"{(load['master_before'] or 0) / 1024:.0f} → "
                f"{(load['master_after'] or 0) / 1024:.0f} MB.",
                "",
            ]
        return "\n".join(lines)

    @staticmethod
    def scaleout_section(scaleout):
        lines = [
            "## Scale-out",
            "",
            "Two gunicorn instances (A and B) on two ports, same PostgreSQL, same cache; "
            "the edit goes through A's admin over HTTP (login with CSRF token, the change "
            "form as a browser submits it), the check is the next anonymous request to B.",
            "",
        ]
        lines += [f"{number}. {text}" for number, text in enumerate(scaleout["steps"], 1)]
        lines += ["", f"Result: {'passed' if scaleout['ok'] else 'FAILED'}.", ""]
        return "\n".join(lines)
