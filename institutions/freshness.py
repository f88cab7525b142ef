"""How fresh an entry is: confirmed in the last 12 months, longer ago, or never.

An entry counts as current while fewer than 12 months have passed since its
``verified_on``: one confirmed on 3 December 2025 is current up to and including
2 December 2026 and due for review from 3 December 2026 on. "Today" is the day in
Europe/Berlin, where the office works, whatever the server's clock says.

Institutions and people share the rule (both have ``verified_on``); it lives here,
below both apps, so that the people's admin, the desk and the public pages all
ask the same question.
"""

import calendar
import datetime

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .hours import BERLIN

REVIEW_MONTHS = 12


def today():
    """The date in Europe/Berlin (tests move it with ``timezone.now``)."""
    return timezone.localdate(timezone=BERLIN)


def months_before(day, months):
    """The same day ``months`` months earlier (31 March → 28/29 February)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due_on_or_before(on=None):
    """The last confirmation date that is due for review on ``on`` (default: today)."""
    return months_before(on or today(), REVIEW_MONTHS)


def never_verified_condition():
    return Q(verified_on__isnull=True)


def stale_condition(on=None):
    return Q(verified_on__lte=review_due_on_or_before(on))


def current_condition(on=None):
    return Q(verified_on__gt=review_due_on_or_before(on))


def is_stale(verified_on, on=None):
    return verified_on is not None and verified_on <= review_due_on_or_before(on)


class FreshnessQuerySetMixin:
    """``never_verified()``, ``stale()`` and ``verified_recently()`` for a queryset
    of a model with ``verified_on``."""

    def never_verified(self):
        return self.filter(never_verified_condition())

    def stale(self, on=None):
        return self.filter(stale_condition(on))

    def verified_recently(self, on=None):
        return self.filter(current_condition(on))


class VerifiedListFilter(admin.SimpleListFilter):
    """The review filter of a changelist: never, more than 12 months ago, recently.

    The desk's counts link here, so each value shows exactly the rows counted."""

    title = _("Prüfung")
    parameter_name = "pruefung"
    NEVER, STALE, CURRENT = "nie", "faellig", "aktuell"
    conditions = {
        NEVER: never_verified_condition,
        STALE: stale_condition,
        CURRENT: current_condition,
    }

    def lookups(self, request, model_admin):
        return [
            (self.NEVER, _("nie geprüft")),
            (self.STALE, _("älter als 12 Monate")),
            (self.CURRENT, _("aktuell (in den letzten 12 Monaten)")),
        ]

    def queryset(self, request, queryset):
        condition = self.conditions.get(self.value())
        return queryset if condition is None else queryset.filter(condition())
