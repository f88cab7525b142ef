"""The findings of the security review, one by one, as the Löhne editor meets them.

tests/test_admin_scope_walk.py tries every admin URL; these tests name each
finding and check its outcome in detail.
"""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from reversion.models import Revision, Version

from institutions.models import Institution
from members.models import Member, Membership, WorkingGroup
from tests.admin_forms import change_form_data
from tests.scope_world import as_office, form_data, named_outsiders, post, signed_in
from tests.snapshots import dump

pytestmark = pytest.mark.django_db


def test_recovering_a_deleted_person_of_another_institution_is_refused(world, editor):
    version = Version.objects.get_deleted(Member).get(object_id=str(world.gone_elsewhere_pk))
    url = reverse("admin:members_member_recover", args=[version.pk])
    before = dump()
    assert editor.get(url).status_code == 404
    response = post(editor, url)
    assert response.status_code == 404
    assert dump() == before
    assert not Member.objects.filter(pk=world.gone_elsewhere_pk).exists()
    assert "Fremdling" not in response.text


def test_partner_editor_recovers_their_own_deleted_person_under_their_name(world, editor):
    version = Version.objects.get_deleted(Member).get(object_id=str(world.gone_here_pk))
    url = reverse("admin:members_member_recover", args=[version.pk])
    response = post(editor, url, form_data(editor, url))
    assert response.status_code == 302
    recovered = Member.objects.get(pk=world.gone_here_pk)
    assert recovered.last_name == "Lokal"
    latest = Version.objects.get_for_object(recovered).first()
    assert latest.revision.user == world.editor
    assert "Wiederhergestellt" in latest.revision.comment
    assert LogEntry.objects.filter(user=world.editor, object_id=str(recovered.pk)).exists()


def test_recover_list_names_only_the_editors_own_deleted_people(world, editor):
    response = editor.get(reverse("admin:members_member_recoverlist"))
    assert response.status_code == 200
    assert "Lena Lokal" in response.text
    assert "Otto Fremdling" not in response.text


def test_stepping_through_version_ids_names_nobody_outside(world, editor):
    # From a few ids before this test's first version (on PostgreSQL the ids of
    # earlier tests' rolled-back versions stay used) to a few after its last.
    first, last = (Version.objects.order_by(order).first().pk for order in ("pk", "-pk"))
    for version_id in range(max(first - 5, 1), last + 5):
        response = editor.get(reverse("admin:members_member_recover", args=[version_id]))
        assert response.status_code in (200, 403, 404), version_id
        assert named_outsiders(world, response) == [], version_id
        assert "Could not load" not in response.text


def test_partner_editor_reverts_their_own_person_under_their_name(world, editor):
    first = Version.objects.get_for_object(world.koehn).get(
        serialized_data__contains="Erste Fassung"
    )
    url = reverse("admin:members_member_revision", args=[world.koehn.pk, first.pk])
    response = post(editor, url, form_data(editor, url))
    assert response.status_code == 302
    assert Member.objects.get(pk=world.koehn.pk).function == "Erste Fassung"
    latest = Version.objects.get_for_object(world.koehn).first()
    assert latest.revision.user == world.editor
    assert LogEntry.objects.filter(user=world.editor, object_id=str(world.koehn.pk)).exists()


def test_reverting_a_person_of_another_institution_is_refused(world, editor):
    version = Version.objects.get_for_object(world.hidden).last()
    url = reverse("admin:members_member_revision", args=[world.hidden.pk, version.pk])
    before = dump()
    assert editor.get(url).status_code == 404
    assert post(editor, url).status_code == 404
    assert dump() == before


def test_a_version_of_another_record_is_refused_under_the_editors_own_address(world, editor):
    foreign = Version.objects.get_for_object(world.hidden).first()
    url = reverse("admin:members_member_revision", args=[world.koehn.pk, foreign.pk])
    before = dump()
    assert post(editor, url).status_code == 404
    assert dump() == before


def test_reverting_own_person_to_a_version_in_another_institution_is_refused(world, editor):
    in_enger = Version.objects.get_for_object(world.mover).last()
    assert in_enger.field_dict["institution_id"] == world.enger.pk
    url = reverse("admin:members_member_revision", args=[world.mover.pk, in_enger.pk])
    before = dump()
    assert editor.get(url).status_code == 403
    assert post(editor, url).status_code == 403
    assert dump() == before
    assert Member.objects.get(pk=world.mover.pk).institution == world.loehne


def test_reverting_another_institutions_editor_list_is_refused(world, editor):
    helping = Version.objects.get_for_object(world.enger).get(
        revision__comment="Löhne hilft in Enger aus"
    )
    url = reverse("admin:institutions_institution_revision", args=[world.enger.pk, helping.pk])
    before = dump()
    assert post(editor, url).status_code == 404
    assert dump() == before
    assert not world.enger.partner_editors.filter(pk=world.editor.pk).exists()


def test_reverting_own_institution_to_other_office_fields_is_refused(world, editor):
    founding = Version.objects.get_for_object(world.loehne).get(
        serialized_data__contains='"founding_partner": true'
    )
    url = reverse("admin:institutions_institution_revision", args=[world.loehne.pk, founding.pk])
    data = form_data(signed_in(world.office), url)
    before = dump()
    assert post(editor, url, data).status_code == 403
    assert dump() == before


def test_reverting_the_accessibility_statement_is_refused(world, editor):
    version = Version.objects.get_for_object(world.statement).first()
    url = reverse("admin:pages_page_revision", args=[world.statement.pk, version.pk])
    before = dump()
    assert post(editor, url).status_code in (403, 404)
    assert dump() == before


def test_a_revert_that_would_drop_a_membership_is_refused(world, editor):
    before_membership = Version.objects.get_for_object(world.koehn).first()
    Membership.objects.create(
        member=world.koehn, group=WorkingGroup.objects.exclude(slug="projektgruppe").first()
    )
    as_office(world.office, world.koehn)
    url = reverse("admin:members_member_revision", args=[world.koehn.pk, before_membership.pk])
    count = world.koehn.memberships.count()
    response = post(editor, url, form_data(editor, url))
    assert response.status_code == 403
    assert world.koehn.memberships.count() == count == 2


def test_working_group_page_lists_only_the_editors_own_people(world, editor):
    group = WorkingGroup.objects.get(slug="projektgruppe")
    response = editor.get(reverse("admin:members_workinggroup_change", args=[group.pk]))
    assert response.status_code == 200
    assert "Köhn" in response.text
    assert named_outsiders(world, response) == []


def test_view_on_site_of_another_institutions_person_names_nobody(world, editor):
    content_type = ContentType.objects.get_for_model(Member)
    response = editor.get(f"/verwaltung/r/{content_type.pk}/{world.hidden.pk}/")
    assert response.status_code == 404
    assert named_outsiders(world, response) == []
    own = editor.get(f"/verwaltung/r/{content_type.pk}/{world.koehn.pk}/")
    assert own.status_code == 302


def test_the_office_still_reverts_and_recovers_everything(world, office):
    version = Version.objects.get_deleted(Member).get(object_id=str(world.gone_elsewhere_pk))
    url = reverse("admin:members_member_recover", args=[version.pk])
    assert post(office, url, form_data(office, url)).status_code == 302
    assert Member.objects.filter(pk=world.gone_elsewhere_pk).exists()
    helping = Version.objects.get_for_object(world.enger).get(
        revision__comment="Löhne hilft in Enger aus"
    )
    url = reverse("admin:institutions_institution_revision", args=[world.enger.pk, helping.pk])
    assert post(office, url, form_data(office, url)).status_code == 302
    assert world.enger.partner_editors.filter(pk=world.editor.pk).exists()
    assert Revision.objects.filter(user=world.office, comment__startswith="Zurückgesetzt").exists()


# --- the editor's own institution --------------------------------------------------------


def test_partner_editor_opens_and_saves_their_own_institution(world, editor):
    url = reverse("admin:institutions_institution_change", args=[world.loehne.pk])
    response = editor.get(url)
    assert response.status_code == 200
    data = change_form_data(response, description="Integrationsbüro im Rathaus")
    assert post(editor, url, data).status_code == 302
    world.loehne.refresh_from_db()
    assert world.loehne.description == "Integrationsbüro im Rathaus"
    assert world.loehne.slug == "stadt-loehne"
    assert Version.objects.get_for_object(world.loehne).first().revision.user == world.editor


def test_an_invalid_save_of_the_own_institution_shows_the_form_again(world, editor):
    url = reverse("admin:institutions_institution_change", args=[world.loehne.pk])
    response = post(editor, url, form_data(editor, url, name=""))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"]


def test_office_fields_stay_read_only_in_the_units_table(world, editor):
    unit = Institution.objects.create(
        name="Integrationsbüro",
        slug="loehne-integrationsbuero",
        kind="kommune",
        parent=world.loehne,
    )
    url = reverse("admin:institutions_institution_change", args=[world.loehne.pk])
    data = form_data(editor, url)
    prefix = next(k[: -len("-id")] for k, v in data.items() if k.endswith("-id") and v == unit.pk)
    data.update({f"{prefix}-kind": "sonstige", f"{prefix}-is_public": ""})
    assert post(editor, url, data).status_code == 302
    unit.refresh_from_db()
    assert (unit.kind, unit.is_public) == ("kommune", True)


def test_public_without_legal_basis_in_the_people_table_is_a_message_not_an_outage(world, editor):
    person = Member.objects.create(first_name="Nina", last_name="Neu", institution=world.loehne)
    url = reverse("admin:institutions_institution_change", args=[world.loehne.pk])
    data = form_data(editor, url)
    prefix = next(
        k[: -len("-id")]
        for k, v in data.items()
        if k.endswith("-id") and v == person.pk and k.startswith("members")
    )
    data[f"{prefix}-is_public"] = "on"
    response = post(editor, url, data)
    assert response.status_code == 200
    assert "Rechtsgrundlage" in response.text
    person.refresh_from_db()
    assert not person.is_public


def test_no_email_or_phone_pattern_of_outsiders_in_the_member_list(world, editor):
    response = editor.get(reverse("admin:members_member_changelist"))
    assert response.status_code == 200
    shown = set(re.findall(r"Köhn|Schröder|Umzug", response.text))
    assert shown == {"Köhn", "Schröder", "Umzug"}
    assert named_outsiders(world, response) == []
