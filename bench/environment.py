"""What a report records about where it was measured: machine, versions, code."""

import datetime
import hashlib
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection


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


def environment(tree):
    """Date, machine and versions; ``tree`` is the tree_state() of the run's start."""
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cores": len(os.sched_getaffinity(0)),
        "cpu": cpu_model(),
        "commit": commit_text(tree),
        "postgres": postgres_version(),
        "redis": redis_version(),
        "wrk": wrk_version(),
        "python": sys.version.split()[0],
    }


def commit_text(tree):
    commit, changed, digest = tree
    if changed:
        commit += f" with {changed} uncommitted or new files (fingerprint {digest})"
    now = tree_state()
    if now != tree:
        commit += (
            f" – **the working tree changed during this run** (now {now[0]}, fingerprint "
            f"{now[2]}): the server runs and this process may have used different code; "
            "rerun for clean numbers"
        )
    return commit


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def postgres_version():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def redis_version():
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        return ""
    try:
        import redis

        client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
        return client.info("server").get("redis_version", "")
    except Exception:  # noqa: BLE001 - informational only
        return "?"


def wrk_version():
    lines = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    lines = lines.splitlines()
    return lines[0].split("Copyright")[0].strip() if lines else "wrk"
