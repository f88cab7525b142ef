"""Throughput and latency of the public pages, each against /healthz of the same run.

Absolute requests per second depend on whatever else the machine does; the ratio
to /healthz measured right before and after a page does much less.
"""

import math
import os
import random
import statistics
import time
import urllib.parse

from django.templatetags.static import static

from bench import BenchError, wrk
from bench.client import http_request, plain_opener
from bench.server import FLOOR, PRODUCTION, Gunicorn
from institutions.models import Municipality
from members.models import Member
from widunetz.pagecache import bump_content_version

PAGES = [
    "/mitglieder/?gemeinde=loehne",
    "/mitglieder/?q=koehn",
    "/institutionen/",
    "/gemeinden/loehne/",
    "/suche/?q=integration",
]
# The pages the uncached target is about.
UNCACHED_TARGET = [
    "/mitglieder/?gemeinde=loehne",
    "/institutionen/",
    "/gemeinden/loehne/",
    "/suche/?q=integration",
]
# A slow page's wrk run lasts long enough for about this many completed requests.
MIN_COMPLETED = 20
# How the numbers of the /healthz runs of one server run combine into its row.
FLOOR_SUMS = ("requests", "seconds", "restarts", "status", "errors")
FLOOR_MEANS = ("rps", "app_cpu_ms", "db_cpu_ms")


def check_200(server, paths):
    """Every path answers exactly 200; {path: seconds} of a second, single request."""
    opener = plain_opener()
    seconds = {}
    for path in paths:
        for _ in range(2):  # the second one is a cache hit if the cache is on
            begun = time.monotonic()
            status = http_request(opener, server.url(path))[0]
            seconds[path] = time.monotonic() - begun
            if status != 200:
                raise BenchError(f"{path} answered {status}, not 200:\n{server.log_tail()}")
    return seconds


def duration_for(bench, seconds_per_request):
    """Long enough for about 20 completed requests of a slow page, at most 20 s."""
    needed = MIN_COMPLETED * seconds_per_request * 1.5 / len(os.sched_getaffinity(0))
    return max(bench.options["duration"], min(math.ceil(needed), 20))


def stylesheet():
    """The site's stylesheet under its hashed name, as whitenoise serves it."""
    return static("css/widunetz.css")


def measure_pages(bench, data, caches):
    """/healthz before, between and after the pages; each page against its neighbours.

    With the page cache on, the stylesheet too: a cached page against a static file.
    """
    pages = [*PAGES, stylesheet()] if caches == PRODUCTION else PAGES
    with Gunicorn(bench, caches=caches, name=caches) as server:
        single = check_200(server, [FLOOR, *pages])
        # Warm every worker (templates, connections, and the cache if it is on).
        warm = wrk.paths_file([FLOOR, *pages], bench.tmpdir)
        wrk.run(bench, server.url("/"), kind="mix", args=[warm], duration=2)
        server.wait_idle()

        def measure(path):
            return wrk.measured(bench, server, path, duration_for(bench, single[path]))

        # /healthz before the pages, after every second page and at the end.
        floors = [measure(FLOOR)]
        results = []
        for number, path in enumerate(pages):
            results.append((path, measure(path), len(floors) - 1))
            if number % 2 == 1 or number == len(pages) - 1:
                floors.append(measure(FLOOR))
        bench.worker_count = len(server.workers())
        _log, timeouts = server.log_statuses()
        bench.worker_timeouts[(data, caches)] = timeouts
    floor = floor_row(floors, data, caches)
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


def floor_row(floors, data, caches):
    """The /healthz row of the table: its runs of one server run taken together."""
    row = {"page": FLOOR, "data": data, "cache": caches, "ratio": 1.0, "cpu_ratio": 1.0}
    row |= {key: sum(f[key] for f in floors) for key in FLOOR_SUMS}
    row |= {key: statistics.mean(f[key] for f in floors) for key in FLOOR_MEANS}
    row["spread"] = (min(f["rps"] for f in floors), max(f["rps"] for f in floors))
    row["p50_us"] = statistics.median(f["p50_us"] or 0 for f in floors)
    row["p99_us"] = max(f["p99_us"] or 0 for f in floors)
    return row


def first_visit_paths():
    """Distinct addresses as visitors reach them: towns' lists page by page, searches
    for every surname, in both directions of the language switch; shuffled, fixed seed."""
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


def first_visits(bench, data):
    """Production caching, but every request an address nobody asked for before.

    Right after an edit (the content version is new, so no page is cached yet)
    wrk walks a list of distinct addresses: every request misses the page cache
    and runs the whole view.
    """
    paths = first_visit_paths()
    walk = [wrk.paths_file(paths, bench.tmpdir), bench.options["threads"]]
    with Gunicorn(bench, caches=PRODUCTION, name="first-visits") as server:
        check_200(server, [FLOOR, paths[-1]])
        # Warm the workers (templates, connections) on an address not in the walk.
        wrk.run(bench, server.url("/mitglieder/?gemeinde=enger&seite=999"), duration=2)
        server.wait_idle()
        bump_content_version()
        duration = max(bench.options["duration"], 10)
        result = wrk.measured(bench, server, "/", duration, kind="distinct", args=walk)
        result["addresses"] = len(paths)
        result["data"] = data
    return result
