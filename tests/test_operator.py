"""The operator's commands in the README work as written after `make run`.

Each runs in a copy of the checkout, in a terminal, from a shell in which nobody
exported anything: no DJANGO_SECRET_KEY, no DATABASE_URL. `make run` wrote the key to
var/secret_key, and that key serves this machine only – a site that others reach
still refuses to start without one of its own.
"""

import os
import pty
import re
import select
import shlex
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import NamedTuple

import pytest
from django.conf import settings

README = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")

# What a fresh shell has: nothing of the project's own settings.
SHELL_ENV = {
    name: value
    for name, value in os.environ.items()
    if not name.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "PAGE_CACHE", "CACHE_KEY"))
}

# The README's deployment steps export DJANGO_SECRET_KEY first; makemessages runs
# with DJANGO_DEBUG=1 and rewrites the catalogues. Every other command it shows runs here.
NOT_RUN_HERE = {"migrate", "load_brochure", "collectstatic", "makemessages"}


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """A copy of the checkout as `make run` leaves it: a key in var/, the brochure loaded."""
    copy = tmp_path_factory.mktemp("checkout")
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, tracked.split("\0")):
        source = settings.BASE_DIR / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    (copy / ".venv").symlink_to(settings.BASE_DIR / ".venv")
    # The steps of `make run` that leave something behind, by its own rule for the key.
    subprocess.run(["make", "--silent", "var/secret_key"], cwd=copy, env=SHELL_ENV, check=True)
    make_run = {**SHELL_ENV, "DJANGO_SECRET_KEY": (copy / "var" / "secret_key").read_text()}
    for step in ["migrate --noinput", "load_brochure"]:
        result = typed(f".venv/bin/python manage.py {step}", cwd=copy, env=make_run)
        assert result.returncode == 0, result.output
    return copy


class Typed(NamedTuple):
    returncode: int
    output: str


def typed(command, *, cwd, answers=(), env=SHELL_ENV):
    """Run a command line in a terminal and answer its questions in turn.

    answers: (pattern of the question, what the operator types) pairs.
    """
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        shlex.split(command),
        cwd=cwd,
        env=env,
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        start_new_session=True,
    )
    os.close(secondary)
    output, asked, pending = "", 0, list(answers)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if not select.select([primary], [], [], 0.5)[0]:
            if process.poll() is not None:
                break
            continue
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the terminal closes with the program
            break
        if not chunk:
            break
        output += chunk.decode(errors="replace")
        if pending and re.search(pending[0][0], output[asked:]):
            asked = len(output)
            os.write(primary, pending.pop(0)[1].encode() + b"\n")
    os.close(primary)
    if process.poll() is None:  # still waiting for an answer nobody gives
        process.kill()
    process.wait(timeout=30)
    return Typed(process.returncode, output)


def readme_command(name):
    """The README's command line for `manage.py NAME`, as shown."""
    block = re.search(rf"^\.venv/bin/python manage\.py {name}\b.*$", README, re.M)
    if block:
        return block.group(0)
    inline = re.search(rf"`(manage\.py {name}\b[^`]*)`", README)
    assert inline, f"README shows no manage.py {name}"
    return f".venv/bin/python {inline.group(1)}"


def first_member(checkout):
    with sqlite3.connect(checkout / "db.sqlite3") as db:
        return db.execute("SELECT id, last_name FROM members_member ORDER BY id").fetchone()


def test_every_manage_py_command_of_the_readme_is_run_here():
    shown = set(re.findall(r"manage\.py (\w+)", README))
    run_here = {
        "createsuperuser",
        "axes_reset_username",
        "erase_member",
        "purge_expired_data",
        "send_confirmation_requests",
        "freshness_report",
        "backup",
        "restore",
    }
    assert shown - NOT_RUN_HERE == run_here


def test_createsuperuser_as_written_creates_the_first_admin_account(checkout):
    password = "ein-langes-passwort-fuer-das-erste-konto"
    result = typed(
        readme_command("createsuperuser"),
        cwd=checkout,
        answers=[
            (r"(?i)(benutzername|username)[^:]*: $", "koordination"),
            (r"(?i)e-?mail[^:]*: $", ""),
            (r"(?i)(passwort|password)[^:]*: $", password),
            (r"(?i)(passwort|password)[^:]*: $", password),
        ],
    )
    assert result.returncode == 0, result.output
    assert "DJANGO_SECRET_KEY" not in result.output
    with sqlite3.connect(checkout / "db.sqlite3") as db:
        assert db.execute(
            "SELECT is_superuser FROM auth_user WHERE username = 'koordination'"
        ).fetchone() == (1,)


def test_axes_reset_username_as_written_lifts_a_lock(checkout):
    command = readme_command("axes_reset_username").replace("USERNAME", "koordination")
    result = typed(command, cwd=checkout)
    assert result.returncode == 0, result.output


def test_erase_member_as_written_erases_after_the_last_name_is_typed(checkout):
    member_id, last_name = first_member(checkout)
    result = typed(
        readme_command("erase_member").replace("ID", str(member_id)),
        cwd=checkout,
        answers=[(r"Nachnamen eingeben.*: $", last_name)],
    )
    assert result.returncode == 0, result.output
    assert "gelöscht" in result.output
    assert first_member(checkout)[0] != member_id


def test_purge_expired_data_as_written_runs(checkout):
    result = typed(readme_command("purge_expired_data"), cwd=checkout)
    assert result.returncode == 0, result.output


def test_send_confirmation_requests_as_written_says_what_it_would_send(checkout):
    result = typed(readme_command("send_confirmation_requests"), cwd=checkout)
    assert result.returncode == 0, result.output


def test_freshness_report_as_written_prints_the_desks_numbers(checkout):
    result = typed(readme_command("freshness_report"), cwd=checkout)
    assert result.returncode == 0, result.output
    assert "nie geprüft" in result.output


def test_backup_and_restore_as_written_bring_the_database_back(checkout):
    result = typed(readme_command("backup"), cwd=checkout)
    assert result.returncode == 0, result.output
    snapshot = next((checkout / "backups").iterdir())

    result = typed(
        f"{readme_command('restore')} {snapshot.relative_to(checkout)}",
        cwd=checkout,
        answers=[(r"'yes' eingeben: $", "yes")],
    )
    assert result.returncode == 0, result.output
    assert "wiederhergestellt" in result.output


def test_a_site_that_others_reach_refuses_the_key_make_run_wrote(checkout):
    """gunicorn for widunetz.example.org in the same checkout, without DJANGO_SECRET_KEY."""
    assert (checkout / "var" / "secret_key").exists()
    production = {**SHELL_ENV, "DJANGO_ALLOWED_HOSTS": "widunetz.example.org"}
    result = subprocess.run(
        [".venv/bin/gunicorn", "--check-config", "widunetz.wsgi"],
        cwd=checkout,
        env=production,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stdout + result.stderr


def test_without_make_run_the_commands_say_what_is_missing(tmp_path, checkout):
    """A checkout without var/secret_key: the refusal, not a silent stand-in key."""
    bare = Path(tmp_path)
    for name in ["manage.py", "widunetz"]:
        source = checkout / name
        if source.is_dir():
            shutil.copytree(source, bare / name)
        else:
            shutil.copy2(source, bare / name)
    (bare / ".venv").symlink_to(settings.BASE_DIR / ".venv")
    result = typed(".venv/bin/python manage.py check", cwd=bare)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.output
