"""`make bench`: the public pages under gunicorn, measured with wrk, as production runs them.

    DATABASE_URL=postgres://…/widunetz_bench REDIS_URL=redis://…/1 python -m bench

One run, in this order, on a database it empties first (its name must contain
"bench"):

1. migrate, flush, load the brochure, collectstatic, clear the cache;
2. brochure size: gunicorn with the page cache (production) and without it
   (PAGE_CACHE_SECONDS=0, the honest cost of the views); per server run wrk
   measures /healthz before and after the pages, and every page's throughput is
   given as a ratio to /healthz of that same run (ratios survive a noisy machine);
3. a 60-second load test at 64 connections over a mix of public pages;
4. bench/network.py adds 100,000 people and 10,000 institutions (fixed seed);
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

import argparse
import sys

from django.conf import settings

from bench import BenchError
from bench.run import Bench


def parser():
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Throughput and latency of the public pages under gunicorn with wrk "
        "(brochure and 100,000 people), query plans, load test, scale-out; writes "
        "docs/benchmarks.md. Empties the database in DATABASE_URL (its name must contain "
        "'bench').",
    )
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
    parser.add_argument("--no-write", action="store_true", help="print the report only")
    parser.add_argument(
        "--allow-any-database",
        action="store_true",
        help="run even if the database name does not contain 'bench' (it is flushed!)",
    )
    return parser


def main(argv=None):
    options = vars(parser().parse_args(argv))
    try:
        Bench(options).main()
    except BenchError as error:
        sys.exit(f"bench: {error}")


if __name__ == "__main__":
    main()
