"""Carries today's data into the tables of 0008.

- Topics: the seed topics with their translations, and every institution's
  assignments, by slug; the institutions' history is rewritten to name topics by
  their new keys, so an old version can still be restored.
- Addresses: an institution's street, postcode and town become its first location.
- Phones: each institution's number becomes a phone row in E.164. A number
  libphonenumber cannot read stops the migration with the records to correct
  (nothing is dropped silently).
- Municipalities: their postcodes, which tell a location in the county from one outside.
"""

import json

from django.db import migrations

from institutions import services
from institutions.migrations._phones import e164

POSTAL_CODES = {
    "buende": "32257",
    "enger": "32130",
    "herford": "32049,32050,32051,32052",
    "hiddenhausen": "32120",
    "kirchlengern": "32278",
    "loehne": "32584",
    "roedinghausen": "32289",
    "spenge": "32139",
    "vlotho": "32602",
}


def content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def forwards(apps, schema_editor):
    Municipality = apps.get_model("institutions", "Municipality")
    for slug, codes in POSTAL_CODES.items():
        Municipality.objects.filter(slug=slug, postal_codes="").update(postal_codes=codes)

    Service = apps.get_model("institutions", "Service")
    Translation = apps.get_model("widunetz", "Translation")
    services.seed_topics(Service, Translation, content_type(apps, "institutions", "service"))
    ids = dict(Service.objects.values_list("slug", "pk"))

    Institution = apps.get_model("institutions", "Institution")
    Location = apps.get_model("institutions", "Location")
    Phone = apps.get_model("institutions", "Phone")
    institution_type = content_type(apps, "institutions", "institution")
    for institution in Institution.objects.prefetch_related("legacy_services"):
        institution.services.set([ids[s.slug] for s in institution.legacy_services.all()])
        if institution.street or institution.postal_code or institution.city:
            seat = institution.seat_id and Municipality.objects.get(pk=institution.seat_id)
            in_seat = seat and (
                institution.postal_code in seat.postal_codes.split(",")
                or (not institution.postal_code and institution.city == seat.name)
            )
            Location.objects.create(
                institution=institution,
                name=institution.name,
                street=institution.street,
                postal_code=institution.postal_code,
                city=institution.city,
                municipality=seat if in_seat else None,
            )
        if institution.phone.strip():
            Phone.objects.create(
                content_type=institution_type,
                object_id=institution.pk,
                institution=institution,
                number=e164(institution.phone, institution.name),
            )

    # Versions of institutions named their topics by slug; they now have numbers.
    Version = apps.get_model("reversion", "Version")
    for version in Version.objects.filter(content_type=institution_type, format="json"):
        data = json.loads(version.serialized_data)
        changed = False
        for record in data:
            topics = record.get("fields", {}).get("services")
            if topics and any(isinstance(t, str) for t in topics):
                record["fields"]["services"] = [ids.get(t, t) for t in topics if t in ids]
                changed = True
        if changed:
            version.serialized_data = json.dumps(data)
            version.save(update_fields=["serialized_data"])


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0008_contact_data"),
        ("widunetz", "0001_translation_from_pages"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
