"""The office chooses the open data's licence: one row, changed, never deleted."""

from django.contrib import admin

from widunetz.history import HistoryAdmin

from .opendata_models import DataLicence


@admin.register(DataLicence)
class DataLicenceAdmin(HistoryAdmin):
    list_display = ["__str__", "attribution", "updated_at"]
    fields = ["licence", "attribution"]

    def has_add_permission(self, request):
        # The migration makes the one row; /daten/ and the package read it.
        return super().has_add_permission(request) and not DataLicence.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
