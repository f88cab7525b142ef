"""wrk runs: their Lua scripts (bench/lua/), their command line and their result.

wrk takes one script; the parts in bench/lua/ are joined into it at run time, the
report (report.lua) always last. A list of paths travels in a file whose name is
passed after ``--``, so paths need no quoting inside Lua.
"""

import json
import os
import re
import secrets
import subprocess
from pathlib import Path

from bench import BenchError
from bench.server import db_ticks

LUA = Path(__file__).resolve().parent / "lua"
# Which parts make up each kind of run.
SCRIPTS = {
    # One URL again and again.
    "plain": ("plain.lua", "report.lua"),
    # Every connection rotating over a list of paths (load test, warm-up).
    "mix": ("paths.lua", "mix.lua", "report.lua"),
    # Every request a path nobody asked for before (first visits).
    "distinct": ("paths.lua", "distinct.lua", "report.lua"),
}
ERRORS = ("connect", "read", "write", "timeout")


def ms(microseconds):
    """wrk's microseconds as the report shows them."""
    return f"{microseconds / 1000:.1f} ms" if microseconds is not None else "–"


def script(kind, directory):
    """The script for a ``kind`` of run, written into ``directory``; its path."""
    path = Path(directory) / f"wrk-{kind}.lua"
    if not path.exists():
        path.write_text("\n".join((LUA / part).read_text() for part in SCRIPTS[kind]))
    return path


def paths_file(paths, directory):
    """``paths`` one a line in a new file of ``directory``; its path."""
    path = Path(directory) / f"paths-{secrets.token_hex(4)}.txt"
    path.write_text("".join(f"{p}\n" for p in paths))
    return path


def command(url, *, script_path, threads, connections, duration, timeout, args=()):
    arguments = ["--", *map(str, args)] if args else []
    return [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        f"--timeout={timeout}s",
        "-s",
        str(script_path),
        url,
        *arguments,
    ]


def parse(output):
    """wrk's WRK-RESULT line as a dict, with requests per second and all errors."""
    match = re.search(r"^WRK-RESULT (\{.*\})$", output, re.MULTILINE)
    if not match:
        raise BenchError(f"Unexpected wrk output:\n{output}")
    result = json.loads(match.group(1))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = sum(result[k] for k in ERRORS)
    if not result["requests"]:  # wrk reports 0 for the percentiles of nothing
        result.update(p50_us=None, p90_us=None, p99_us=None, max_us=None)
    return result


def run(bench, url, *, kind="plain", args=(), connections=None, duration=None):
    """One wrk run with the options of ``bench`` unless given here."""
    options = bench.options
    arguments = command(
        url,
        script_path=script(kind, bench.tmpdir),
        threads=options["threads"],
        connections=connections or options["connections"],
        duration=duration or options["duration"],
        timeout=options["timeout"],
        args=args,
    )
    output = subprocess.run(arguments, capture_output=True, text=True, check=True).stdout
    return parse(output)


def measured(bench, server, path, duration, *, kind="plain", args=()):
    """One wrk run with the server's and the database's CPU per request served."""
    offset = server.log_size()
    app, db = server.cpu_ticks(), db_ticks()
    result = run(bench, server.url(path), kind=kind, args=args, duration=duration)
    result["seconds"] = duration
    server.wait_idle()
    served, result["restarts"] = server.served_since(offset)
    served = max(served, 1)
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    # Backends that ended meanwhile (CONN_MAX_AGE, recycled workers) are left
    # out rather than subtracted: a slight underestimate, never below zero.
    db_used = sum(t - db.get(pid, 0) for pid, t in db_ticks().items())
    result["app_cpu_ms"] = (server.cpu_ticks() - app) * tick_ms / served
    result["db_cpu_ms"] = db_used * tick_ms / served
    return result
