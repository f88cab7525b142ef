"""The office's list and form of Termine (members.events)."""

from django.contrib import admin
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from widunetz.admin import TranslationInline, ValidAutocompleteMixin
from widunetz.history import HistoryAdmin

from .events import Termin


class PeriodFilter(admin.SimpleListFilter):
    """Coming or past: Django's date filter offers only past spans ("Letzte 7 Tage")."""

    title = _("Zeitraum")
    parameter_name = "zeitraum"

    def lookups(self, request, model_admin):
        return [("kommend", _("kommende")), ("vergangen", _("vergangene"))]

    def queryset(self, request, queryset):
        if self.value() == "kommend":
            return queryset.upcoming()
        if self.value() == "vergangen":
            return queryset.past()
        return queryset


@admin.register(Termin)
class TerminAdmin(ValidAutocompleteMixin, HistoryAdmin):
    # Start and end in one column, the end's date only when it differs, and short
    # headers: with the long "Stadt oder Gemeinde" and "Arbeitskreis oder Gremium" the
    # list did not fit 1280 px (tests/browser/test_admin_layout.py).
    list_display = ["title", "when", "town", "working_group", "is_public"]
    list_filter = [PeriodFilter, "is_public", "group", "municipality"]
    list_select_related = ["municipality", "group"]
    search_fields = ["title", "place", "description", "organiser__name", "location__name"]
    date_hierarchy = "starts"
    autocomplete_fields = ["location", "organiser", "municipality"]
    inlines = [TranslationInline]
    fieldsets = [
        (None, {"fields": ["title", ("starts", "ends"), "group", "organiser", "description"]}),
        (
            pgettext_lazy("wo ein Termin stattfindet", "Ort"),
            {"fields": ["location", "place", "municipality"]},
        ),
        (_("Sichtbarkeit"), {"fields": ["is_public"]}),
    ]

    @admin.display(description=_("Wann"), ordering="starts")
    def when(self, termin):
        starts, ends = timezone.localtime(termin.starts), timezone.localtime(termin.ends)
        start = formats.date_format(starts, "SHORT_DATETIME_FORMAT")
        if ends.date() == starts.date():
            return f"{start}–{formats.time_format(ends, 'TIME_FORMAT')}"
        return f"{start} – {formats.date_format(ends, 'SHORT_DATETIME_FORMAT')}"

    @admin.display(description=_("Gemeinde"), ordering="municipality__name")
    def town(self, termin):
        return termin.municipality

    @admin.display(description=_("Arbeitskreis"), ordering="group__name")
    def working_group(self, termin):
        return termin.group
