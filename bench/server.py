"""gunicorn instances as production runs them, and what /proc says about processes.

Each instance listens on a free loopback port with `widunetz.gunicorn_conf`; its
access log goes to a file in the run's temporary directory, where the measurements
count responses, worker restarts and timeouts.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import connection

from bench import BenchError
from bench.client import http_request, plain_opener

FLOOR = "/healthz"
# How much of the shared cache a server run uses.
PRODUCTION, NO_CACHE = "pages", "none"
CACHE_MODES = {
    PRODUCTION: {"env": {}, "label": "page cache"},
    # The views' whole cost, as for the first visitor after an edit.
    NO_CACHE: {"env": {"PAGE_CACHE_SECONDS": "0"}, "label": "none"},
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


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


def db_ticks():
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
                raise BenchError(f"gunicorn ended at start:\n{self.log_tail()}")
            try:
                if http_request(opener, self.url(FLOOR), timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise BenchError(f"gunicorn did not answer /healthz:\n{self.log_tail()}")
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
