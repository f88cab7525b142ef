"""What the suite needs to run in several processes at once (pytest-xdist, `make test`).

`make test` loads this plugin (-p tests.parallel) and runs the tests in two worker
processes. Two things would otherwise collide:

* Some tests start the project in programs of their own – collectstatic writes
  staticfiles/ in the checkout, gunicorn and manage.py read it while they start. The
  tests of every module that starts programs (it imports subprocess) therefore go to
  one worker together and run one after the other, as in a single process. (xdist's
  own --dist loadgroup would do this with marks, but its marks are lost with pytest
  9.2, which no longer takes a changed node id.)
* WhiteNoise reads STATIC_ROOT whenever a test builds a request handler; in one worker
  that would happen while the other runs collectstatic into the same directory, and
  fail on a file collectstatic has just replaced. The tests' own handlers therefore
  get a STATIC_ROOT of their own, which does not exist – as in a fresh checkout before
  any collectstatic; the conftest serves static files from the apps, not from there.
  The programs the tests start still use the checkout's staticfiles/.
"""

import functools
import os
import tempfile
from pathlib import Path

import pytest

# The work unit of the tests that start programs.
PROGRAMS = "tests that start programs"


def pytest_configure(config):
    from django.test.utils import override_settings

    nowhere = Path(tempfile.gettempdir()) / f"widunetz-tests-{os.getpid()}" / "staticfiles"
    override = override_settings(STATIC_ROOT=nowhere)
    override.enable()
    config.add_cleanup(override.disable)


@functools.cache
def starts_programs(path):
    return "import subprocess" in path.read_text(encoding="utf-8")


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # before xdist's own
def pytest_xdist_make_scheduler(config, log):
    """xdist's load scheduling, each test on its own, but those that start programs as one."""
    if config.getvalue("dist") != "load":
        return None  # a --dist asked for on the command line
    from xdist.scheduler import LoadScopeScheduling

    class ProgramsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            path = config.rootpath / nodeid.split("::", 1)[0]
            return PROGRAMS if starts_programs(path) else nodeid

    # Keep pytest-django's order (the transactional tests, which empty the database, last)
    # rather than sending the largest unit first.
    config.option.loadscopereorder = False
    return ProgramsTogether(config, log)
