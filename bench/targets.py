"""The targets the benchmark checks, each stated with its verdict: met or not met."""

import math
import os

from bench.loadtest import memory_bounded, memory_summary
from bench.pages import PAGES, UNCACHED_TARGET, stylesheet
from bench.plans import member_access
from bench.server import NO_CACHE, PRODUCTION
from bench.wrk import ms

TRIGRAM_INDEX = "members_member_search_trgm"


def verdict(ok):
    return "**met**" if ok else "**not met**"


def targets(bench, results):
    """The report's list of targets; ``results`` as Bench.run_all() collects them."""
    lines = [uncached_target(results), *cached_targets(results)]
    lines.append(first_visits_target(bench, results["first_visits"]))
    lines.append(search_target(results["plans"]))
    lines.append(
        f"- Scale-out, an admin edit through instance A is on the next request to "
        f"instance B: {verdict(results['scaleout']['ok'])}."
    )
    lines += [load_target(load) for load in results["loads"]]
    elapsed = results["elapsed"]
    lines.append(
        f"- `make bench` in under 10 minutes: this run took {elapsed / 60:.1f} min – "
        f"{verdict(elapsed < 600)} (without installing the virtualenv)."
    )
    return lines


def row(results, page, data, caches):
    return next(
        r
        for r in results["rows"]
        if r["page"] == page and r["data"] == data and r["cache"] == caches
    )


def uncached_target(results):
    """Brochure size, no cache: each view at least a quarter of /healthz."""
    ratios = {
        page: row(results, page, results["small"], NO_CACHE)["ratio"] for page in UNCACHED_TARGET
    }
    return (
        f"- {results['small']}, `PAGE_CACHE_SECONDS=0`, each page ≥ 0.25× `/healthz`: "
        + ", ".join(f"`{page}` {ratio:.2f}×" for page, ratio in ratios.items())
        + f" – {verdict(all(ratio >= 0.25 for ratio in ratios.values()))}."
    )


def cached_targets(results):
    """From the page cache: ≥ 0.85× /healthz, and the list ≥ 0.8× the stylesheet."""
    lines = []
    for data in (results["small"], results["large"]):
        ratios = {page: row(results, page, data, PRODUCTION)["ratio"] for page in PAGES}
        lines.append(
            f"- {data}, pages from the page cache ≥ 0.85× `/healthz`: "
            + ", ".join(f"`{page}` {ratio:.2f}×" for page, ratio in ratios.items())
            + f" – {verdict(all(ratio >= 0.85 for ratio in ratios.values()))}."
        )
    small = results["small"]
    css = row(results, stylesheet(), small, PRODUCTION)
    page = row(results, "/mitglieder/?gemeinde=loehne", small, PRODUCTION)
    ratio = page["rps"] / css["rps"]
    lines.append(
        f"- {small}, `/mitglieder/?gemeinde=loehne` from the page cache ≥ 0.8× the "
        f"stylesheet served by whitenoise: {page['rps']:,.0f} against {css['rps']:,.0f} "
        f"requests per second, {ratio:.2f}× – {verdict(ratio >= 0.8)}."
    )
    return lines


def first_visits_target(bench, visits):
    visits_p99 = visits["p99_us"] / 1000 if visits["p99_us"] else math.inf
    cores = len(os.sched_getaffinity(0))
    connections = bench.options["connections"]
    return (
        f"- {visits['data']}, first visits right after an edit, every request a new "
        f"address ({visits['requests']:,} of {visits['addresses']:,} distinct addresses: "
        "pages of the towns' lists in German and English, searches for surnames on "
        f"/mitglieder/ and /suche/), p99 under 150 ms at {connections} connections: "
        f"p50 {ms(visits['p50_us'])}, p99 {visits_p99:,.0f} ms – {verdict(visits_p99 < 150)}"
        + (" (the list ran out and addresses repeated)" if visits.get("wrapped") else "")
        + f"; {visits['app_cpu_ms'] + visits['db_cpu_ms']:,.1f} ms of server CPU per "
        f"request on average ({connections} requests in flight on {cores} cores leave "
        f"about {150 * cores / connections:.0f} ms each for a p99 of 150 ms)."
    )


def search_target(plans):
    search_plans = [(label, plan) for label, _sql, plan in plans if "q=koehn" in label]
    trigram = any(TRIGRAM_INDEX in plan for _label, plan in search_plans)
    seq = any("sequential scan" in member_access(plan) for _l, plan in search_plans)
    return (
        "- The search (`/mitglieder/?q=koehn`) reads the people through an index, the "
        f"trigram GIN index among them, never by a sequential scan: "
        f"{verdict(trigram and not seq)} ("
        + "; ".join(
            f"{label.split(' – ')[1]}: {', '.join(member_access(plan))}"
            for label, plan in search_plans
        )
        + ")."
    )


def load_target(load):
    result = load["result"]
    ok = result["errors"] == 0 and result["non2xx"] == 0 and result["status"] == 0
    return (
        f"- Load test at {load['data']}, {load['duration']} s at "
        f"{load['connections']} connections: {result['requests']:,} requests, "
        f"{result['errors']} errors, {result['non2xx']} non-2xx – {verdict(ok)}; "
        f"worker memory flat after warm-up (at most +10 % from the first quarter "
        f"to the end) – {verdict(memory_bounded(load))}: {memory_summary(load)}"
    )
