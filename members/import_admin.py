"""The office's import and export of consultation hours (institutions.import_admin).

Hours belong to an institution or to a person: their file names the person, so
their admin gains import and export here, where people are known.
"""

from django.contrib import admin

from institutions.admin import ConsultationHourAdmin
from institutions.import_admin import OfficeImportExportMixin
from institutions.models import ConsultationHour

from .resources import HourResource

admin.site.unregister(ConsultationHour)


@admin.register(ConsultationHour)
class ImportedHourAdmin(OfficeImportExportMixin, ConsultationHourAdmin):
    resource_classes = [HourResource]
