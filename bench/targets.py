"""The targets the benchmark checks, each stated with its verdict: met or not met."""

import math
import os

from bench.loadtest import memory_bounded, memory_summary
from bench.pages import FILTERED
from bench.plans import member_access
from bench.server import FRAGMENTS, NO_CACHE, PRODUCTION
from bench.wrk import ms

TRIGRAM_INDEX = "members_member_search_trgm"


def verdict(ok):
    return "**met**" if ok else "**not met**"


def targets(bench, results):
    """The report's list of targets; ``results`` as Bench.run_all() collects them."""
    lines = [brochure_target(results)]
    lines += p99_targets(bench, results)
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


def brochure_target(results):
    cached = row(results, "/mitglieder/?gemeinde=loehne", results["small"], PRODUCTION)
    uncached = row(results, "/mitglieder/?gemeinde=loehne", results["small"], NO_CACHE)
    return (
        f"- Brochure size, `/mitglieder/?gemeinde=loehne` ≥ 0.5× `/healthz` (aim 0.8×): "
        f"{cached['ratio']:.2f}× with the shared cache (production) – "
        f"{verdict(cached['ratio'] >= 0.5)}"
        f"{' and the aim of 0.8× too' if cached['ratio'] >= 0.8 else ''}; "
        f"{uncached['ratio']:.2f}× with no cache at all."
    )


def p99_targets(bench, results):
    """Filtered and search pages under 100 ms at p99, in each cache mode and on first visits."""
    large = results["large"]

    def p99(page, caches):
        measured = row(results, page, large, caches)
        return measured["p99_us"] / 1000 if measured["p99_us"] is not None else math.inf

    def p99_texts(caches):
        texts = ", ".join(f"`{page}` {p99(page, caches):,.0f} ms" for page in FILTERED)
        return f"{texts} – {verdict(all(p99(page, caches) < 100 for page in FILTERED))}"

    connections = bench.options["connections"]
    return [
        f"- {large}, filtered and search pages under 100 ms at p99 with {connections} connections:",
        f"  - as the site runs (pages + fragments), repeated addresses: {p99_texts(PRODUCTION)};",
        f"  - with the page cache off, every request running the view (fragments only): "
        f"{p99_texts(FRAGMENTS)};",
        f"  - with no cache at all, the views' whole cost: {p99_texts(NO_CACHE)};",
        first_visits_target(results["first_visits"]),
        cpu_budget(results, connections),
    ]


def first_visits_target(visits):
    visits_p99 = visits["p99_us"] / 1000 if visits["p99_us"] else math.inf
    return (
        f"  - first visits as the site runs, right after an edit, every request a new "
        f"address ({visits['requests']:,} of {visits['addresses']:,} distinct addresses: "
        "pages of the towns' lists in German and English, searches for surnames on "
        f"/mitglieder/ and /suche/): p50 {ms(visits['p50_us'])}, p99 {visits_p99:,.0f} ms "
        f"– {verdict(visits_p99 < 100)}"
        + (" (the list ran out and addresses repeated)" if visits.get("wrapped") else "")
        + "."
    )


def cpu_budget(results, connections):
    """Why a p99 target is or is not within reach on this machine."""
    cores = len(os.sched_getaffinity(0))
    budget = 100 * cores / connections
    cpu = {
        caches: [
            row(results, page, results["large"], caches)["app_cpu_ms"]
            + row(results, page, results["large"], caches)["db_cpu_ms"]
            for page in FILTERED
        ]
        for caches in (FRAGMENTS, NO_CACHE)
    }
    visits = results["first_visits"]
    return (
        f"  With {connections} requests in flight on {cores} cores, a p99 under 100 ms "
        f"leaves at most about {budget:.0f} ms of server CPU per request (gunicorn + "
        "PostgreSQL); these pages take "
        + ", ".join(f"{value:,.0f}" for value in cpu[FRAGMENTS])
        + " ms with fragments only, "
        + ", ".join(f"{value:,.0f}" for value in cpu[NO_CACHE])
        + " ms with no cache, and "
        f"{visits['app_cpu_ms'] + visits['db_cpu_ms']:,.0f} ms on average on first visits."
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
