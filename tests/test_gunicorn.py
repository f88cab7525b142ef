"""widunetz/gunicorn_conf.py, checked with gunicorn itself: its loader and real instances."""

import http.client
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager

from django.conf import settings
from gunicorn.app.base import Application


class ConfigOnly(Application):
    """gunicorn's own reading of the config file, as `--config python:…` does it."""

    def load_config(self):
        self.load_config_from_module_name_or_filename("python:widunetz.gunicorn_conf")

    def load(self):
        raise NotImplementedError


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(tmp_path, **env):
    port = free_port()
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),  # where gunicorn 27 would put its control socket
        "DJANGO_SECRET_KEY": "only-for-this-test",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_HTTPS": "1",
        "GUNICORN_WORKERS": "1",
        **env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "widunetz.wsgi", "--config"]
        + ["python:widunetz.gunicorn_conf", "--bind", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while get(port, "/robots.txt") is None:
            assert process.poll() is None, process.stderr.read()
            assert time.monotonic() < deadline, "gunicorn did not answer within 30 s"
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(port, path, headers=None):
    """(status, Location) of one request, redirects not followed; None if nobody answers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheader("Location")
    except OSError:
        return None
    finally:
        connection.close()


def test_the_config_switches_the_shared_control_socket_off():
    assert ConfigOnly().cfg.control_socket_disable is True


def test_two_instances_leave_no_control_socket_in_home(tmp_path):
    with gunicorn(tmp_path) as first, gunicorn(tmp_path) as second:
        assert get(first, "/robots.txt", {"X-Forwarded-Proto": "https"})[0] == 200
        assert get(second, "/robots.txt", {"X-Forwarded-Proto": "https"})[0] == 200
        assert not list((tmp_path / "home").rglob("*.ctl"))


def test_only_a_proxy_in_forwarded_allow_ips_can_say_the_request_was_https(tmp_path):
    https = {"X-Forwarded-Proto": "https"}
    with gunicorn(tmp_path) as behind_local_proxy:  # trusts 127.0.0.1, the test itself
        assert get(behind_local_proxy, "/robots.txt", https) == (200, None)
        assert get(behind_local_proxy, "/robots.txt")[0] == 301
    with gunicorn(tmp_path, GUNICORN_FORWARDED_ALLOW_IPS="192.0.2.1") as elsewhere:
        status, location = get(elsewhere, "/robots.txt", https)
        assert status == 301 and location.startswith("https://")
