"""The office's lists in and out: institutions as CSV for Excel or as an Excel workbook.

django-import-export runs the import: a dry run in a transaction that is rolled
back shows every row as new, changed or unchanged, with every bad row and why;
the confirmed import runs again in one transaction, and one bad row leaves
everything as it was (institutions.import_admin). The columns (institutions.columns)
are the ones the exports write, so a file exported and imported again changes nothing.

A row finds its record by the ``uuid`` column (widunetz.identifiers, the open
data's stable identifiers), else by its exact name, which the dry run points out.
"""

import reversion
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import instance_loaders, resources
from import_export.resources import Diff
from import_export.results import RowResult

from widunetz.identifiers import keys_of

from .columns import (
    REQUIRED,
    UNKNOWN_LANGUAGE,
    UUID,
    Choice,
    Column,
    Key,
    Names,
    Phones,
    cell_text,
    find_institution,
    find_language,
    find_topic,
    find_town,
    in_every_language,
    safe_cell,
)
from .models import Institution, InstitutionStatus

# A partner's list is some dozens of rows. A changed person takes 50–150 ms to check
# and as long to write (its search text is built anew), and a request must end
# within gunicorn's 30 seconds: longer files are imported in parts.
MAX_ROWS = 500


class ColumnDiff(Diff):
    """Each column as the file shows it, before the row and after (Diff reads attributes)."""

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.left = self.read(resource, instance)

    def compare_with(self, resource, instance):
        self.right = self.read(resource, instance)

    @staticmethod
    def read(resource, instance):
        return [column.read(instance) for column in resource.get_import_fields()]


class OfficeResource(resources.Resource):
    """Rows of ``model`` by ``columns()``, found by the uuid of ``kind``, else by name."""

    kind = None

    class Meta:
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        # get_instance() below finds the record; the loader is only asked for by name.
        instance_loader_class = instance_loaders.BaseInstanceLoader

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields = {column.column_name: column for column in self.columns()}
        self.warnings = {}
        self.row_number = self.row = None

    def columns(self):
        raise NotImplementedError

    def name_matches(self, row):
        """The records this row names without a uuid."""
        raise NotImplementedError

    @classmethod
    def get_display_name(cls):
        return cls._meta.name

    def get_queryset(self):
        return self._meta.model.objects.all()

    def init_instance(self, row=None):
        return self._meta.model()

    @classmethod
    def get_diff_class(cls):
        return ColumnDiff

    def get_import_fields(self):
        return [column for column in self.fields.values() if not column.readonly]

    def export_field(self, field, instance, **kwargs):
        return safe_cell(field.read(instance))

    def export(self, *args, **kwargs):
        dataset = super().export(*args, **kwargs)
        # The workbook's sheet: "Mitglieder", not tablib's "Tablib Dataset".
        dataset.title = str(self._meta.model._meta.verbose_name_plural)
        return dataset

    # --- the file as text, in German columns -------------------------------------------

    def before_import(self, dataset, **kwargs):
        aliases = {
            alias: column.column_name
            for column in self.fields.values()
            for alias in in_every_language(column.label)
        }
        headers = [cell_text(header) for header in dataset.headers or []]
        headers = [aliases.get(header.casefold(), header) for header in headers]
        rows = [[cell_text(value) for value in row][: len(headers)] for row in dataset]
        dataset.wipe()
        dataset.headers = headers
        problem = self.file_problem(headers, rows)
        if problem:
            raise ValidationError(problem)  # with no rows left to go through
        for row in rows:
            dataset.append(row + [""] * (len(headers) - len(row)))

    def file_problem(self, headers, rows):
        """What makes the whole file unreadable as this resource's, or None."""
        if len(rows) > MAX_ROWS:
            return _("Die Datei hat %(rows)s Zeilen; bitte in Teilen zu höchstens %(max)s.") % {
                "rows": len(rows),
                "max": MAX_ROWS,
            }
        required = [c.column_name for c in self.get_import_fields() if c.required]
        missing = [name for name in required if name not in headers]
        if missing:
            return _(
                "Der Datei fehlen die Spalten: %(columns)s. Die erste Zeile muss die "
                "Spaltenüberschriften enthalten, wie der Export sie schreibt."
            ) % {"columns": ", ".join(missing)}
        return None

    def import_row(self, row, instance_loader, **kwargs):
        if not any(row.values()):
            result = self.get_row_result_class()()
            result.import_type, result.blank = RowResult.IMPORT_TYPE_SKIP, True
            return result
        return super().import_row(row, instance_loader, **kwargs)

    def before_import_row(self, row, **kwargs):
        self.row_number = kwargs.get("row_number")
        if any("\x00" in value for value in row.values()):
            raise ValidationError(_("Die Zeile enthält ein unzulässiges Steuerzeichen (NUL)."))

    def after_import_row(self, row, row_result, **kwargs):
        number = kwargs.get("row_number")
        row_result.warnings = self.warnings.pop(number, [])
        row_result.line = number + 1 if number else None  # the header is line 1

    def after_import(self, dataset, result, **kwargs):
        blank = [row for row in result.rows if getattr(row, "blank", False)]
        result.rows = [row for row in result.rows if not getattr(row, "blank", False)]
        result.totals[RowResult.IMPORT_TYPE_SKIP] -= len(blank)
        # The dry run shows what would change first, with the rows that carry a note;
        # the rows left alone without one (in an exported file nearly all) fold away.
        valid = result.valid_rows()
        result.shown_rows = [row for row in valid if not row.is_skip() or row.warnings]
        result.folded_rows = [row for row in valid if row.is_skip() and not row.warnings]

    # --- finding the record ---------------------------------------------------------------

    def get_instance(self, instance_loader, row):
        text = row.get(UUID, "")
        if text:
            keys = keys_of(text, self.kind)
            found = keys and self.get_queryset().filter(pk=keys[0]).first()
            if not found:
                raise ValidationError(
                    {UUID: _("Unbekannte uuid „%(uuid)s“.") % {"uuid": text[:40]}}
                )
            return found
        found = list(self.name_matches(row)[:2])
        if len(found) > 1:
            raise ValidationError(
                _("Mehrere Einträge passen zu dieser Zeile; bitte die uuid-Spalte verwenden.")
            )
        if found:
            self.warnings.setdefault(self.row_number, []).append(
                _("Ohne uuid über den Namen zugeordnet: %(record)s") % {"record": found[0]}
            )
            return found[0]
        return None

    # --- writing the row -------------------------------------------------------------------

    def import_instance(self, instance, row, **kwargs):
        self.row = row
        instance._import_pending = {}
        errors = {}
        for column in self.get_import_fields():
            if column.column_name not in row or column.column_name == UUID:
                continue
            text = row[column.column_name]
            if column.required and not text:
                errors[column.column_name] = [str(REQUIRED)]
                continue
            try:
                column.write(instance, text, self)
            except ValidationError as error:
                errors[column.column_name] = error.messages
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or original.pk is None:
            return False
        if instance._import_pending:
            return False
        return all(
            getattr(instance, field.attname) == getattr(original, field.attname)
            for field in instance._meta.concrete_fields
        )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        headers = {c.attribute: c.column_name for c in self.get_import_fields() if c.attribute}
        exclude = {name for name, header in headers.items() if header in errors}
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                key = headers.get(name) or self.verbose_name(name)
                errors.setdefault(key, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def verbose_name(self, name):
        if name == NON_FIELD_ERRORS:
            return name
        try:
            return str(self._meta.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return name

    def after_save_instance(self, instance, row, **kwargs):
        for apply in instance._import_pending.values():
            apply(instance)
        if reversion.is_active():
            # Its phones and hours are part of its version (``follow``): the holder's
            # version after the import holds them, as after a save in the admin.
            reversion.add_to_revision(instance)


class InstitutionResource(OfficeResource):
    """The institutions, as the public CSV /institutionen/export.csv writes them."""

    kind = "organization"

    class Meta(OfficeResource.Meta):
        model = Institution
        name = gettext_lazy("Institutionen")

    def columns(self):
        return [
            Key("organization"),
            Column(gettext_lazy("Name"), "name", required=True),
            Column(gettext_lazy("Kurzname"), "short_name"),
            Choice(gettext_lazy("Art"), "kind", Institution.Kind.choices, required=True),
            Parent(gettext_lazy("Träger"), "parent"),
            Town(gettext_lazy("Sitz"), "seat"),
            Area(gettext_lazy("Zuständig für"), "service_area"),
            Phones(gettext_lazy("Telefon")),
            Column(gettext_lazy("E-Mail"), "email"),
            Column(gettext_lazy("Internetseite"), "website"),
            Column(gettext_lazy("Online-Terminbuchung"), "booking_url"),
            Names(
                gettext_lazy("Themen"),
                "services",
                find_topic,
                lambda topic: topic.name,
                unknown=gettext_lazy("Unbekanntes Thema: %(names)s."),
            ),
            Names(
                gettext_lazy("Beratungssprachen"),
                "languages",
                find_language,
                lambda language: language.name,
                unknown=UNKNOWN_LANGUAGE,
            ),
            Choice(gettext_lazy("Status"), "status", InstitutionStatus.choices),
            Column(gettext_lazy("Für wen?"), "eligibility"),
            Column(gettext_lazy("Beschreibung"), "description"),
        ]

    def name_matches(self, row):
        found = Institution.objects.filter(name=row.get("Name", ""))
        if row.get("Träger"):
            found = found.filter(parent__name=row["Träger"])
        return found

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("parent", "seat").prefetch_related(
            "service_area", "phones", "services", "languages"
        )

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            # Also when another cell is wrong: the slug is no cell, and no error of the row.
            if instance.pk is None and instance.name and not instance.slug:
                instance.slug = free_slug(instance.name)


def free_slug(name):
    base = slugify(name)[:100] or "institution"
    slug, n = base, 1
    while Institution.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class Parent(Column):
    def read(self, obj):
        return obj.parent.name if obj.parent_id else ""

    def write(self, obj, text, resource):
        obj.parent = find_institution(text) if text else None


class Town(Column):
    def read(self, obj):
        return obj.seat.name if obj.seat_id else ""

    def write(self, obj, text, resource):
        town = find_town(text) if text else None
        if text and town is None:
            raise ValidationError(
                _("Unbekannte Stadt oder Gemeinde „%(name)s“.") % {"name": text[:60]}
            )
        obj.seat = town


class Area(Names):
    """ "kreisweit", or the towns the institution serves (as the people's export writes it)."""

    def __init__(self, label, attribute, **kwargs):
        unknown = gettext_lazy("Unbekannte Stadt oder Gemeinde: %(names)s.")
        super().__init__(label, attribute, find_town, unknown=unknown, **kwargs)

    def read(self, obj):
        if obj.county_wide:
            return _("kreisweit")
        return super().read(obj)

    def write(self, obj, text, resource):
        obj.county_wide = text.casefold() in in_every_language(gettext_lazy("kreisweit"))
        if not obj.county_wide:
            super().write(obj, text, resource)
