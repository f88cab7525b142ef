"""Termine and a frozen clock for the calendar tests (tests/test_feeds.py, test_events.py).

Beside tests/factories.py, whose helpers these use: a Termin needs only a title and a
start in Berlin wall-clock time.
"""

import datetime
import re
from zoneinfo import ZoneInfo

from django.utils import timezone

from members.events import Termin

BERLIN = ZoneInfo("Europe/Berlin")


def at(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


def termin(title, starts, hours=2, **fields):
    """A Termin from ``starts`` (a Berlin datetime) for ``hours`` hours, public unless told."""
    fields.setdefault("is_public", True)
    return Termin.objects.create(
        title=title, starts=starts, ends=starts + datetime.timedelta(hours=hours), **fields
    )


def freeze(monkeypatch, moment):
    """The present moment, for institutions.hours and for the Termine's "upcoming"."""
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))


def text(response):
    """A page's text without tags, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
