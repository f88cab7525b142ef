"""The load test: many connections over a visitor's mix of pages, for a minute.

What it looks for: errors and statuses outside 2xx, gunicorn's worker timeouts,
and whether the workers' memory stays flat once they are warm.
"""

import subprocess
import time
from collections import Counter

from bench import wrk
from bench.server import PRODUCTION, Gunicorn, process_rss_kb
from widunetz.gunicorn_conf import max_requests as MAX_REQUESTS
from widunetz.gunicorn_conf import max_requests_jitter as MAX_REQUESTS_JITTER
from widunetz.pagecache import bump_content_version

# A visitor's mix: every kind of public page, lists and their later pages, filters,
# searches and the unpaginated town and working group pages.
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


def loadtest(bench, data):
    duration = bench.options["load_duration"]
    connections = bench.options["load_connections"]
    # Start cold, as right after an editor saved something: every page is rendered
    # anew once (the access log below shows each path's statuses).
    bump_content_version()
    with Gunicorn(bench, caches=PRODUCTION, name="load") as server:
        rss_before = server.worker_rss()
        master_before = process_rss_kb(server.process.pid)
        command = wrk.command(
            server.url("/"),
            script_path=wrk.script("mix", bench.tmpdir),
            threads=bench.options["threads"],
            connections=connections,
            duration=duration,
            timeout=bench.options["timeout"],
            args=[wrk.paths_file(LOAD_PATHS, bench.tmpdir)],
        )
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        seen, peak_total, peak_worker, samples = watch_memory(server, process)
        output = process.stdout.read()
        time.sleep(1)
        rss_after = server.worker_rss()
        master_after = process_rss_kb(server.process.pid)
        statuses, worker_timeouts = server.log_statuses()
    return {
        "data": data,
        "duration": duration,
        "connections": connections,
        "result": wrk.parse(output),
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
        "bad_statuses": bad_statuses(statuses),
        "worker_timeouts": worker_timeouts,
        "served": sum(statuses.values()),
    }


def watch_memory(server, process):
    """The workers' memory once a second while ``process`` (wrk) runs: the worker pids
    seen, the peak of all together and of a single one, and (seconds, total) samples."""
    seen, peak_total, peak_worker, samples = set(), 0, 0, []
    begun = time.monotonic()
    while process.poll() is None:
        sample = server.worker_rss()
        seen.update(sample)
        peak_total = max(peak_total, sum(sample.values()))
        peak_worker = max(peak_worker, max(sample.values(), default=0))
        samples.append((time.monotonic() - begun, sum(sample.values())))
        time.sleep(1)
    return seen, peak_total, peak_worker, samples


def bad_statuses(statuses):
    """{"status path": responses} outside 2xx, from the access log's counts."""
    bad = Counter()
    for (path, status), number in statuses.items():
        if not 200 <= status <= 299:
            bad[f"{status} {path}"] += number
    return bad


def memory_bounded(load):
    if not load["warm_total"] or not load["end_total"]:
        return False
    return load["end_total"] <= load["warm_total"] * 1.10


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
