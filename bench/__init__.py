"""Benchmark and load tooling: `make bench`, `make loadtest`, `make scaleout`.

Not an installed app and not shipped: plain modules run as `python -m bench …` and
`python -m bench.network …`. Every module here uses the ORM, and run that way
nothing has set Django up yet; importing the package does it, with the project's
settings unless DJANGO_SETTINGS_MODULE names others.
"""

import os

import django
from django.apps import apps


class BenchError(Exception):
    """The run cannot go on; the message says why and what to do."""


if not apps.ready:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "widunetz.settings")
    django.setup()
