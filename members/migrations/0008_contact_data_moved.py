"""Every person gets the address of their page; their phone becomes a phone row.

A number libphonenumber cannot read stops the migration with the person's name
(nothing is dropped silently), as institutions.0009 does for institutions.
"""

from django.db import migrations
from django.utils.text import slugify

from institutions.migrations._phones import e164


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    member_type = ContentType.objects.get_or_create(app_label="members", model="member")[0]
    Member = apps.get_model("members", "Member")
    Phone = apps.get_model("institutions", "Phone")
    taken = set(Member.objects.exclude(slug=None).values_list("slug", flat=True))
    for member in Member.objects.filter(slug=None).order_by("pk"):
        base = slugify(f"{member.first_name} {member.last_name}")[:100] or "person"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        member.slug = slug
        member.save(update_fields=["slug"])
    for member in Member.objects.exclude(phone=""):
        if member.phone.strip():
            Phone.objects.create(
                content_type=member_type,
                object_id=member.pk,
                institution_id=member.institution_id,
                number=e164(member.phone, f"{member.first_name} {member.last_name}"),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_contact_data"),
        ("institutions", "0009_contact_data_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
