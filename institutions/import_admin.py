"""The office's import and export in the admin: CSV for Excel and Excel workbooks.

Only the Koordinierungsstelle (and superusers) import and export; a partner
editor sees neither button and is refused at every address, a crafted POST too.
The upload is read and checked in a dry run that shows each row; nothing is
written until the editor confirms, and then in one transaction that any bad row
rolls back whole. The confirmed import is versioned like an edit in the admin:
who imported, and from which file (widunetz.history).
"""

import csv
import io

import reversion
import tablib
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ImportForm, SelectableFieldsExportForm
from import_export.results import RowResult

from .columns import csv_text
from .desk import is_office

# An office list of a few thousand rows is well below a megabyte.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
XLSX_START = b"PK\x03\x04"  # a workbook is a ZIP archive
OLD_EXCEL_START = b"\xd0\xcf\x11\xe0"  # .xls, Excel 97–2003
OLD_EXCEL = gettext_lazy(
    "Das ist eine ältere Excel-Datei (.xls). Bitte in Excel als .xlsx oder CSV speichern."
)
GONE = gettext_lazy(
    "Die hochgeladene Datei ist nicht mehr vorhanden, vielleicht schon importiert. "
    "Bitte die Liste prüfen und die Datei gegebenenfalls erneut hochladen."
)
NOT_A_WORKBOOK = gettext_lazy(
    "Das ist keine Excel-Arbeitsmappe (.xlsx). Bitte eine .xlsx- oder CSV-Datei wählen."
)


class SpreadsheetCSV(base_formats.CSV):
    """CSV as German Excel writes and reads it: ";" between cells, UTF-8 with a BOM.

    Read as bytes: a file saved as plain "CSV (Trennzeichen-getrennt)" comes in
    Windows-1252, and the separator is whichever of ";", "," or tab the header uses.
    """

    def get_title(self):
        return "csv"

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            try:
                in_stream = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError:
                in_stream = in_stream.decode("cp1252", errors="replace")
        header = in_stream.split("\n", 1)[0]
        delimiter = max(";,\t", key=header.count)
        rows = list(csv.reader(io.StringIO(in_stream), delimiter=delimiter))
        dataset = tablib.Dataset()
        if rows:
            dataset.headers = rows[0]
            for row in rows[1:]:
                dataset.append((row + [""] * len(rows[0]))[: len(rows[0])])
        return dataset

    def export_data(self, dataset, **kwargs):
        return csv_text(dataset.headers, list(dataset))


class Workbook(base_formats.XLSX):
    def get_title(self):
        return "xlsx"


FORMATS = [SpreadsheetCSV, Workbook]


class OfficeImportForm(ImportForm):
    """The upload, refused with a message when too large or not what its format says."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("Die Datei ist zu groß (höchstens %(mb)s MB). Bitte eine kleinere Datei wählen.")
                % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, chosen = cleaned.get("import_file"), cleaned.get("format")
        if upload is None or chosen in (None, ""):
            return cleaned
        upload.seek(0)
        start = upload.read(4)
        upload.seek(0)
        wants_workbook = FORMATS[int(chosen)] is Workbook
        if start == OLD_EXCEL_START:
            self.add_error(
                "import_file",
                OLD_EXCEL,
            )
        elif wants_workbook and start != XLSX_START:
            self.add_error(
                "import_file",
                NOT_A_WORKBOOK,
            )
        elif not wants_workbook and start == XLSX_START:
            self.add_error(
                "format", _("Das ist eine Excel-Arbeitsmappe: bitte als Format „xlsx“ wählen.")
            )
        return cleaned


class OfficeConfirmForm(ConfirmImportForm):
    """The confirmation's hidden fields, which a crafted POST may set to anything."""

    def clean_format(self):
        chosen = self.cleaned_data["format"]
        if chosen not in {str(i) for i in range(len(FORMATS))}:
            raise ValidationError(_("Unbekanntes Format."))
        return chosen

    def clean_original_file_name(self):
        # Named in the version's comment: no control characters (PostgreSQL refuses NUL).
        name = self.cleaned_data["original_file_name"]
        return "".join(char for char in name if char.isprintable())[:200]


class OfficeExportForm(SelectableFieldsExportForm):
    """The export's column choice, each labelled with its header in the file as written.

    The library title-cases field names ("Plz", "Uuid", "E-Mail (E-Mail)"); ours are
    already the columns' German headers (institutions.columns).
    """

    def _get_field_label(self, resource, field_name):
        return field_name


class ImportRefused(Exception):
    """Leaves the import's transaction and revision: a row could not be written."""

    def __init__(self, result):
        self.result = result


class OfficeImportExportMixin(ImportExportMixin):
    """Import and export for the office on a directory admin (before HistoryAdmin)."""

    import_form_class = OfficeImportForm
    confirm_form_class = OfficeConfirmForm
    export_form_class = OfficeExportForm
    import_template_name = "admin/import_export/office_import.html"
    import_error_display = ("message",)

    def get_import_formats(self):
        return FORMATS

    def get_export_formats(self):
        return FORMATS

    def has_import_permission(self, request):
        return is_office(request.user)

    def has_export_permission(self, request):
        return is_office(request.user)

    def export_action(self, request):
        if not self.has_export_permission(request):
            raise PermissionDenied
        return super().export_action(request)

    def get_export_filename(self, request, queryset, file_format):
        # "mitglieder-2026-12-04.xlsx", as the office calls the list, not "Member-…".
        name = slugify(str(self.model._meta.verbose_name_plural))
        return f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:
            # Confirmed twice (the first took the uploaded file along), or a crafted name.
            messages.error(request, GONE)
            return HttpResponseRedirect(self.import_url())

    def import_url(self):
        app_label, model_name = self.get_model_info()
        return reverse(f"admin:{app_label}_{model_name}_import")

    def get_import_data_kwargs(self, **kwargs):
        # A row that fails when confirmed (changed since the dry run) rolls back all.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def add_data_read_fail_error_to_form(self, form, e):
        form.add_error(
            "import_file",
            _(
                "Die Datei konnte nicht gelesen werden. Bitte eine CSV-Datei oder eine "
                "Excel-Arbeitsmappe (.xlsx) mit den Spalten des Exports wählen."
            ),
        )

    def process_dataset(self, dataset, form, request, **kwargs):
        name = form.cleaned_data.get("original_file_name", "")
        try:
            with transaction.atomic(), reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(_("Import aus der Datei „%(file)s“") % {"file": name[:200]})
                result = super().process_dataset(dataset, form, request, **kwargs)
                if result.has_errors() or result.has_validation_errors():
                    raise ImportRefused(result)
        except ImportRefused as refused:
            result = refused.result
        return result

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                _(
                    "Nichts wurde importiert: Zeilen der Datei haben sich seit der Vorschau als "
                    "fehlerhaft erwiesen. Bitte die Datei erneut hochladen und prüfen."
                ),
            )
            return HttpResponseRedirect(self.import_url())
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            _("Import abgeschlossen: %(new)s neu, %(changed)s geändert, %(same)s unverändert.")
            % {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "changed": totals[RowResult.IMPORT_TYPE_UPDATE],
                "same": totals[RowResult.IMPORT_TYPE_SKIP],
            },
        )
