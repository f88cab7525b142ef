"""One benchmark run: its options and state, its steps in order, and its database.

The run empties its database first, so it refuses one whose name does not say
"bench"; it measures production mode, so it refuses DJANGO_DEBUG.
"""

import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from bench import BenchError, network
from bench.environment import environment, tree_state
from bench.loadtest import loadtest
from bench.pages import PAGES, first_visits, measure_pages
from bench.plans import plans
from bench.profiling import PROFILE_EXTRA, profile
from bench.report import load_section, report, scaleout_section
from bench.scaleout import scaleout
from bench.server import CACHE_MODES, NO_CACHE, PRODUCTION
from institutions.models import Institution, Municipality
from members.models import Member


class Bench:
    def __init__(self, options):
        self.options = options
        self.started = time.monotonic()
        self.timings = []
        self.secret_key = secrets.token_urlsafe(50)
        self.worker_count = None
        self.worker_timeouts = {}
        self.loadavg = [os.getloadavg()]
        self.tree = tree_state()
        self.tmpdir = None
        self.cache_label = cache_label()

    def main(self):
        """The whole run, or only the load test or the scale-out; prints the report."""
        self.check_prerequisites()
        self.tmpdir = tempfile.mkdtemp(prefix="widunetz-bench-")
        try:
            if self.options["only"] == "all":
                self.write(self.run_all())
                return
            self.prepare(flush=False)
            if self.options["only"] == "loadtest":
                print(load_section(self, [loadtest(self, data_label())]))
            else:
                print(scaleout_section(scaleout(self)))
        finally:
            shutil.rmtree(self.tmpdir, ignore_errors=True)

    def write(self, text):
        print(text)
        if not self.options["no_write"]:
            output = Path(self.options["output"])
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text)
            print(f"\nWritten to {output}")

    def step(self, label, function, *args, **kwargs):
        print(f"[{time.monotonic() - self.started:6.1f} s] {label} …", file=sys.stderr)
        begun = time.monotonic()
        result = function(*args, **kwargs)
        self.timings.append((label, time.monotonic() - begun))
        return result

    def run_all(self):
        people, institutions = self.options["people"], self.options["institutions"]
        self.step("prepare the database (migrate, flush, brochure, collectstatic)", self.prepare)
        small = data_label()
        rows = self.measure_pages(small, (PRODUCTION, NO_CACHE))
        small_profile = self.step(f"profile at {small}", profile, PAGES)
        loads = [self.step(f"load test at {small}", loadtest, self, small)]
        self.step(
            f"generate {people} people, {institutions} institutions",
            network.generate,
            people=people,
            institutions=institutions,
        )
        large = data_label()
        rows += self.measure_pages(large, (PRODUCTION, NO_CACHE))
        visits = self.step(f"first visits at {large}", first_visits, self, large)
        query_plans = self.step("query plans", plans)
        large_profile = self.step(f"profile at {large}", profile, PAGES + PROFILE_EXTRA)
        loads.append(self.step(f"load test at {large}", loadtest, self, large))
        scaled = self.step("scale-out", scaleout, self)
        self.loadavg.append(os.getloadavg())
        results = {
            "rows": rows,
            "plans": query_plans,
            "profiles": {small: small_profile, large: large_profile},
            "loads": loads,
            "scaleout": scaled,
            "elapsed": time.monotonic() - self.started,
            "small": small,
            "large": large,
            "first_visits": visits,
        }
        return report(self, results, environment(self.tree))

    def measure_pages(self, data, modes):
        rows = []
        for caches in modes:
            label = f"pages at {data}, cache: {CACHE_MODES[caches]['label']}"
            rows += self.step(label, measure_pages, self, data, caches)
        return rows

    def check_prerequisites(self):
        if connection.vendor != "postgresql":
            raise BenchError(
                "The benchmark runs on PostgreSQL, as production does: set DATABASE_URL, "
                "e.g. postgres://postgres@127.0.0.1:5432/widunetz_bench (make bench does)."
            )
        name = connection.settings_dict["NAME"]
        if "bench" not in name and not self.options["allow_any_database"]:
            raise BenchError(
                f"The benchmark empties its database; {name!r} does not look like a "
                "benchmark database (its name must contain 'bench', or pass "
                "--allow-any-database)."
            )
        if self.options["only"] != "scaleout" and not shutil.which("wrk"):
            raise BenchError("wrk is missing: apt-get install -y wrk")
        if settings.DEBUG:
            raise BenchError("Unset DJANGO_DEBUG: the benchmark measures production mode.")
        ensure_database()

    def prepare(self, flush=True):
        call_command("migrate", interactive=False, verbosity=0)
        if flush:
            call_command("flush", interactive=False, verbosity=0)
        if not Municipality.objects.exists():
            call_command("load_brochure", without_history=True, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if flush:
            cache.clear()


def cache_label():
    backend = settings.CACHES["default"]["BACKEND"]
    if "redis" in backend.lower():
        return f"Redis ({settings.CACHES['default']['LOCATION']})"
    return f"database cache ({backend})"


def ensure_database():
    """Create the benchmark database if it does not exist yet."""
    params = connection.get_connection_params()
    name = params.pop("dbname")
    for key in ("cursor_factory", "context", "prepare_threshold", "server_side_binding"):
        params.pop(key, None)
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            admin.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}.", file=sys.stderr)


def data_label():
    return f"{Member.objects.count():,} people / {Institution.objects.count():,} institutions"
