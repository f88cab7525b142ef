"""The office's desk: what needs its attention, each a count linking to those rows.

The admin's start page, the yearly report's CSV and ``manage.py freshness_report``
show the same list. Each app adds its own items in a module ``desk.py`` (found the
way the admin finds ``admin.py``), so the institutions know nothing of the people
and a new kind of work (confirmation requests, change requests, reader reports) is
one more ``register()`` where its model lives.
"""

import csv
import functools
import io
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from widunetz.roles import COORDINATION_GROUP

from .freshness import (
    VerifiedListFilter,
    never_verified_condition,
    review_due_on_or_before,
    stale_condition,
)
from .freshness import today as berlin_today
from .models import Institution


@dataclass(frozen=True)
class DeskItem:
    """One line of the desk.

    ``rows()`` returns exactly the rows counted. ``list_filter`` is the changelist's
    filter and its value that show those rows; while the changelist has no such
    filter registered, ``lookups()`` says the same with the model's own fields,
    which every changelist accepts.
    """

    key: str
    label: str
    model: type
    rows: object
    list_filter: tuple = ()
    lookups: object = field(default=dict)

    def count(self):
        return self.rows().count()

    def url(self, site=admin.site):
        model_admin = site._registry.get(self.model)
        if model_admin is None:
            return None
        opts = self.model._meta
        changelist = reverse(f"{site.name}:{opts.app_label}_{opts.model_name}_changelist")
        if self.list_filter and self.list_filter[0] in model_admin.list_filter:
            filter_class, value = self.list_filter
            params = {filter_class.parameter_name: value}
        else:
            params = self.lookups()
        return f"{changelist}?{urlencode(params)}"


_registry = {}


def register(*items):
    for item in items:
        _registry[item.key] = item


@functools.cache
def _discover():
    """Import every app's desk module once: the index page asks on every visit."""
    autodiscover_modules("desk")


def desk_items():
    """Every app's items, the institutions' first (INSTALLED_APPS order)."""
    _discover()
    return list(_registry.values())


def desk_lines(site=admin.site):
    """``[(item, count, url)]``: what the start page and the CSV show."""
    return [(item, item.count(), item.url(site)) for item in desk_items()]


def is_office(user):
    """The coordinating office (or a superuser): the only ones who see the desk."""
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or user.groups.filter(name=COORDINATION_GROUP).exists()


def desk_csv(request):
    """The desk's numbers as CSV for the yearly report (German Excel: BOM and ";")."""
    if not is_office(request.user):
        raise PermissionDenied
    day = berlin_today()
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Punkt"), _("Anzahl"), _("Stand")])
    for item, count, _url in desk_lines():
        writer.writerow([str(item.label), count, day.isoformat()])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, f"widunetz-pruefstand-{day.isoformat()}.csv"
    )
    return response


def stale_lookups():
    return {"verified_on__lte": review_due_on_or_before().isoformat()}


def freshness_items(model, key, never_label, stale_label):
    """The two lines of the desk every confirmed kind of entry has: never confirmed, and
    last confirmed more than 12 months ago (``key``: "institutionen", "personen")."""
    return (
        DeskItem(
            key=f"{key}_nie_geprueft",
            label=never_label,
            model=model,
            rows=lambda: model.objects.filter(never_verified_condition()),
            list_filter=(VerifiedListFilter, VerifiedListFilter.NEVER),
            lookups=lambda: {"verified_on__isnull": "True"},
        ),
        DeskItem(
            key=f"{key}_pruefung_aelter_12_monate",
            label=stale_label,
            model=model,
            rows=lambda: model.objects.filter(stale_condition()),
            list_filter=(VerifiedListFilter, VerifiedListFilter.STALE),
            lookups=stale_lookups,
        ),
    )


register(
    *freshness_items(
        Institution,
        "institutionen",
        _("Institutionen: nie geprüft"),
        _("Institutionen: zuletzt geprüft vor mehr als 12 Monaten"),
    )
)
