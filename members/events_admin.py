"""The office's list and form of Termine (members.events)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from widunetz.admin import TranslationInline, ValidAutocompleteMixin
from widunetz.history import HistoryAdmin

from .events import Termin


@admin.register(Termin)
class TerminAdmin(ValidAutocompleteMixin, HistoryAdmin):
    list_display = ["title", "starts", "ends", "municipality", "group", "is_public"]
    list_filter = ["is_public", "group", "municipality", ("starts", admin.DateFieldListFilter)]
    list_select_related = ["municipality", "group"]
    search_fields = ["title", "place", "description", "organiser__name", "location__name"]
    date_hierarchy = "starts"
    autocomplete_fields = ["location", "organiser", "municipality"]
    inlines = [TranslationInline]
    fieldsets = [
        (None, {"fields": ["title", ("starts", "ends"), "group", "organiser", "description"]}),
        (_("Ort"), {"fields": ["location", "place", "municipality"]}),
        (_("Sichtbarkeit"), {"fields": ["is_public"]}),
    ]
