"""Where the time goes: each page rendered in the benchmark's own process.

No HTTP, no concurrency and no cache at all: the view's time, its number of
queries, their database time and the slowest one.
"""

import time

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

# Shown in the profile only (one render each): pages that list everyone at once.
PROFILE_EXTRA = ["/mitglieder/", "/arbeitskreise/projektgruppe/"]


@override_settings(
    PAGE_CACHE_SECONDS=0,
    ALLOWED_HOSTS=["testserver"],
    SECURE_SSL_REDIRECT=False,
)
def profile(paths):
    """Each page rendered in this process: time, queries, database time."""
    client = Client()
    result = []
    for path in paths:
        heavy = path in PROFILE_EXTRA
        if not heavy:  # the heavy ones come last: templates are warm by then
            client.get(path)
        runs = [render(client, path) for _ in range(1 if heavy else 3)]
        (total, count, db, slowest), response = min(runs, key=lambda run: run[0])
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


def render(client, path):
    """((seconds, queries, database seconds, slowest query's seconds), response)."""
    with CaptureQueriesContext(connection) as queries:
        begun = time.perf_counter()
        response = client.get(path)
        total = time.perf_counter() - begun
    times = [float(q["time"]) for q in queries.captured_queries]
    return (total, len(times), sum(times), max(times, default=0.0)), response
