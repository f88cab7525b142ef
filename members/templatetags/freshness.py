"""When an entry was last confirmed, for the public; and the office's desk, for the admin.

The public sees the month only ("geprüft im November 2026"): the day would promise
more precision than a confirmation has. An entry confirmed more than 12 months ago
says that it is being reviewed instead of showing an old date, and one never
confirmed says nothing at all rather than something invented.
"""

from django import template
from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from institutions.desk import desk_lines, is_office
from institutions.freshness import is_stale

register = template.Library()

# Languages that write month names small in running text ("проверено: ноябрь 2026"),
# while Django's month names are capitalised as in a calendar's heading.
SMALL_MONTH_NAMES = {"ru", "uk"}


def month_and_year(day):
    """ "November 2026" in the active language (its YEAR_MONTH_FORMAT)."""
    text = date_format(day, "YEAR_MONTH_FORMAT")
    if (get_language() or "").split("-")[0] in SMALL_MONTH_NAMES:
        text = text[:1].lower() + text[1:]
    return text


@register.filter
def freshness(record):
    """ "geprüft im November 2026", "Diese Angaben werden gerade überprüft", or ""."""
    verified_on = getattr(record, "verified_on", None)
    if verified_on is None:
        return ""
    if is_stale(verified_on):
        return _("Diese Angaben werden gerade überprüft")
    return _("geprüft im %(month)s") % {"month": month_and_year(verified_on)}


@register.simple_tag(takes_context=True)
def office_desk(context):
    """The desk's lines for the office; None for anyone else (partner editors)."""
    request = context.get("request")
    if request is None or not is_office(request.user):
        return None
    return desk_lines(admin.site)
