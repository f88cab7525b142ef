"""/daten/: what the directory publishes as open data, under which licence, and the files.

The HSDS tabular package is the API's data as tables: the same objects, made by
pages.hsds (its mapping and its nested objects), one CSV file per HSDS table and one
row per object, with a ``datapackage.json`` (Frictionless Data) that names each
table's columns, types, keys and the licence the office chose. The columns and
their order are HSDS's own (the table schemas in pages/hsds/schema/). Only what the
API publishes is in it: public institutions, their public hours, public people.
"""

import csv
import io
import json
import zipfile
from collections import defaultdict

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from institutions.models import Service
from widunetz.pagecache import CachedPageMixin

from .hsds import mapping, records
from .hsds.nested import Builder
from .hsds.openapi import load
from .hsds.responses import site, today
from .opendata_models import DataLicence

# The HSDS tables the directory fills, in the order a reader meets them.
TABLES = (
    "organization",
    "service",
    "location",
    "address",
    "accessibility",
    "service_at_location",
    "phone",
    "contact",
    "schedule",
    "service_area",
    "language",
    "cost_option",
    "required_document",
    "attribute",
    "taxonomy",
    "taxonomy_term",
)
# Where the API's objects nest others: the key, and the table its objects go to.
NESTED = {
    "organization": "organization",
    "services": "service",
    "service": "service",
    "locations": "location",
    "location": "location",
    "addresses": "address",
    "accessibility": "accessibility",
    "service_at_locations": "service_at_location",
    "phones": "phone",
    "contacts": "contact",
    "schedules": "schedule",
    "service_areas": "service_area",
    "languages": "language",
    "cost_options": "cost_option",
    "required_documents": "required_document",
    "attributes": "attribute",
    "taxonomy_term": "taxonomy_term",
}
# The columns that name a row of another table (``link_id`` names one of several).
REFERENCES = {
    "organization_id": "organization",
    "parent_organization_id": "organization",
    "service_id": "service",
    "location_id": "location",
    "service_at_location_id": "service_at_location",
    "contact_id": "contact",
    "phone_id": "phone",
    "taxonomy_term_id": "taxonomy_term",
    "taxonomy_id": "taxonomy",
}
COLUMN_TYPES = {"string", "number", "integer", "boolean"}
# String formats Frictionless checks; HSDS's "date-time" and others stay plain text.
FORMATS = {"uuid", "email", "uri"}


class OpenDataView(CachedPageMixin, TemplateView):
    template_name = "pages/opendata.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(licence=DataLicence.current(), **kwargs)


class HsdsPackageView(CachedPageMixin, View):
    """The HSDS tabular package as a ZIP, kept in the page cache as the pages are."""

    def get(self, request):
        # One dataset in German, as the API's: the texts of the directory are German.
        with translation.override("de"):
            content = hsds_package(site(request), today(), DataLicence.current())
        response = HttpResponse(content, content_type="application/zip")
        name = f"widunetz-hsds-{timezone.localdate().isoformat()}.zip"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response


def hsds_package(site_url, day, licence):
    """The ZIP's bytes: ``datapackage.json`` and one CSV file per table."""
    rows = hsds_rows(site_url, day)
    tables = {name: load(f"{name}.json") for name in TABLES}
    descriptor = datapackage(tables, site_url, licence)
    files = {"datapackage.json": json.dumps(descriptor, ensure_ascii=False, indent=2)}
    for name, table in tables.items():
        files[table["path"]] = csv_text(columns(table), rows[name].values())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, text in files.items():
            # Dated the day of the data, not the second it was packed: the same data
            # gives the same file, byte for byte.
            entry = zipfile.ZipInfo(path, date_time=(day.year, day.month, day.day, 0, 0, 0))
            archive.writestr(entry, text, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def hsds_rows(site_url, day):
    """{table: {id: object}} of every public object, as the API shows them."""
    ids = list(records.institutions().order_by("pk").values_list("pk", flat=True))
    builder = Builder(records.Related(ids, today=day), site_url)
    rows = defaultdict(dict)
    for pk in ids:
        institution = builder.related.institutions[pk]
        found = builder.organization(institution, full=True, full_service=True)
        collect(rows, "organization", described(found))
    collect(rows, "taxonomy", mapping.taxonomy(site_url))
    for topic in Service.objects.order_by("pk"):
        collect(rows, "taxonomy_term", mapping.taxonomy_term(topic))
    return rows


def described(organization):
    """HSDS requires an organization's description; where the office wrote none, the
    name describes it, as pages.hsds.mapping describes a topic without an explanation.
    (An empty cell in a CSV file is a missing value, where JSON has an empty text.)"""
    return {**organization, "description": organization["description"] or organization["name"]}


def collect(rows, table, found):
    """Put ``found`` (an object or a list of them) and every object it nests into ``rows``.

    An object the API repeats (a service's organization, a place at two services)
    is one row: the first one found, as all its repetitions are the same object.
    """
    for item in found if isinstance(found, list) else [found]:
        rows[table].setdefault(item["id"], item)
        for key, value in item.items():
            if key in NESTED and value:
                collect(rows, NESTED[key], value)


def columns(table):
    """The table's own fields, in HSDS's order; nested objects are rows of their own."""
    return [
        name
        for name, field in table["properties"].items()
        if field.get("type") in COLUMN_TYPES and "$ref" not in field
    ]


def csv_text(names, rows):
    """CSV as RFC 4180 and Frictionless read it: UTF-8, commas, a header line.

    Values stay as they are (a number may start with "+"): this is data for
    programs; the lists for Excel are the exports of people and institutions.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if row.get(name) is None else row[name] for name in names])
    return out.getvalue()


def datapackage(tables, site_url, licence):
    """The package's description (Frictionless Data Package, tabular)."""
    descriptor = {
        "profile": "tabular-data-package",
        "name": "widunetz-hsds",
        "title": "widunetz – Verzeichnis für Migration und Integration im Kreis Herford",
        "description": (
            "Die öffentlichen Angaben des Verzeichnisses im Standard Open Referral "
            "Human Services Data Specification (HSDS) 3.0, als Tabellen."
        ),
        "homepage": site_url + reverse("pages:daten"),
        "licenses": [
            {"name": licence.licence, "path": licence.url, "title": licence.get_licence_display()}
        ],
        "sources": [{"title": licence.attribution, "path": site_url + "/"}],
        "resources": [resource(name, table) for name, table in tables.items()],
    }
    return descriptor


def resource(name, table):
    names = columns(table)
    required = {*table.get("required", []), *table.get("tabular_required", [])}
    foreign_keys = [
        {
            "fields": column,
            # A table's reference to its own rows names no resource.
            "reference": {"resource": "" if target == name else target, "fields": "id"},
        }
        for column in names
        if (target := REFERENCES.get(column)) in TABLES and column != "id"
    ]
    return {
        "profile": "tabular-data-resource",
        "name": name,
        "path": table["path"],
        "title": name,
        "description": table.get("description", ""),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [field(column, table["properties"][column], required) for column in names],
            "primaryKey": ["id"],
            "foreignKeys": foreign_keys,
        },
    }


def field(name, source, required):
    constraints = {}
    if name in required:
        constraints["required"] = True
    if name == "id":
        constraints["unique"] = True
    if source.get("enum"):
        constraints["enum"] = source["enum"]
    found = {"name": name, "type": source["type"], "description": source.get("description", "")}
    if source.get("format") in FORMATS:
        found["format"] = source["format"]
    if constraints:
        found["constraints"] = constraints
    return found
