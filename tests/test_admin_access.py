"""Who gets into the admin, what each role may do, and that no edit is ever lost."""

import gzip
from pathlib import Path

import django
import pytest
import reversion
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from institutions.models import Institution
from members.models import Member, Membership
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

PASSWORD = "ein-langes-passwort-2026"
LOGIN = reverse("admin:login")


def attempt_login(username, password, address="10.0.0.1"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        LOGIN, {"username": username, "password": password, "next": "/verwaltung/"}
    )
    return response


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/verwaltung/"


# --- lockout -------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(coordinator):
    for _ in range(5):
        assert not logged_in(attempt_login("koordination", "falsch"))
    response = attempt_login("koordination", PASSWORD)
    assert not logged_in(response)
    assert response.status_code == 429
    assert "vorübergehend gesperrt" in response.text


def test_reset_command_lifts_the_lockout(coordinator):
    for _ in range(5):
        attempt_login("koordination", "falsch")
    call_command("axes_reset_username", "koordination", verbosity=0)
    assert logged_in(attempt_login("koordination", PASSWORD))


def test_lockout_does_not_lock_colleagues_behind_the_same_address(coordinator, django_user_model):
    django_user_model.objects.create_user("kollegin", password=PASSWORD, is_staff=True)
    for _ in range(5):
        attempt_login("koordination", "falsch", address="10.0.0.1")
    assert logged_in(attempt_login("kollegin", PASSWORD, address="10.0.0.1"))
    assert logged_in(attempt_login("koordination", PASSWORD, address="10.9.9.9"))


def test_four_wrong_passwords_still_allow_the_right_one(coordinator):
    for _ in range(4):
        attempt_login("koordination", "falsch")
    assert logged_in(attempt_login("koordination", PASSWORD))


# --- passwords and accounts ------------------------------------------------------------


def common_password_of_twelve_characters():
    path = Path(django.__file__).parent / "contrib/auth/common-passwords.txt.gz"
    with gzip.open(path, "rt") as lines:
        return next(word.strip() for word in lines if len(word.strip()) >= 12)


@pytest.mark.parametrize("password", ["kurz-2026", common_password_of_twelve_characters()])
def test_short_and_common_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_long_passwords_need_no_special_characters_or_digits():
    validate_password("wiesenweg hinter der werre")


def test_no_command_creates_an_account(django_user_model):
    call_command("load_brochure", verbosity=0)
    assert not django_user_model.objects.exists()


# --- roles ---------------------------------------------------------------------------


@pytest.fixture
def loehne_editor(db, brochure, django_user_model):
    """A partner editor of Stadt Löhne."""
    user = django_user_model.objects.create_user("loehne", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Redaktion"))
    Institution.objects.get(slug="stadt-loehne").partner_editors.add(user)
    client = Client()
    client.force_login(user)
    return client


def member_change_url(last_name):
    return reverse("admin:members_member_change", args=[Member.objects.get(last_name=last_name).pk])


def test_partner_editor_sees_only_the_people_of_their_institution(loehne_editor):
    response = loehne_editor.get(reverse("admin:members_member_changelist"))
    assert {m.last_name for m in response.context["cl"].result_list} == {"Köhn", "Schröder"}
    response = loehne_editor.get(reverse("admin:institutions_institution_changelist"))
    assert [i.name for i in response.context["cl"].result_list] == ["Stadt Löhne"]


def test_partner_editor_can_edit_their_own_people(loehne_editor):
    url = member_change_url("Köhn")
    data = change_form_data(loehne_editor.get(url), function="Integrationsbeauftragter")
    response = loehne_editor.post(url, data)
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    assert Member.objects.get(last_name="Köhn").function == "Integrationsbeauftragter"


def test_partner_editor_cannot_open_or_change_other_institutions_people(loehne_editor):
    url = member_change_url("Bartels")
    assert loehne_editor.get(url).status_code == 404  # does not exist for this editor
    response = loehne_editor.post(url, {"first_name": "X", "last_name": "Y"})
    assert response.status_code == 404
    assert Member.objects.filter(last_name="Bartels").exists()


def test_partner_editor_cannot_move_a_person_to_another_institution(loehne_editor):
    url = member_change_url("Köhn")
    enger = Institution.objects.get(slug="stadt-enger")
    data = change_form_data(loehne_editor.get(url), institution=str(enger.pk))
    response = loehne_editor.post(url, data)
    assert response.status_code == 200  # form error: not a valid choice
    assert Member.objects.get(last_name="Köhn").institution.slug == "stadt-loehne"


def test_partner_editor_cannot_delete(loehne_editor):
    koehn = Member.objects.get(last_name="Köhn")
    response = loehne_editor.post(
        reverse("admin:members_member_delete", args=[koehn.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Member.objects.filter(pk=koehn.pk).exists()


def test_partner_editor_cannot_touch_the_networks_own_pages(loehne_editor):
    assert loehne_editor.get(reverse("admin:pages_goal_changelist")).status_code == 403


def test_coordination_office_edits_everything(coordinator_client, brochure):
    url = member_change_url("Bartels")
    data = change_form_data(coordinator_client.get(url), function="Integrationsbeauftragter")
    assert coordinator_client.post(url, data).status_code == 302
    goal = reverse("admin:pages_goal_change", args=[1])
    data = change_form_data(coordinator_client.get(goal), title="Öffentlichkeitsarbeit")
    assert coordinator_client.post(goal, data).status_code == 302


# --- history -------------------------------------------------------------------------


def test_every_admin_change_is_versioned_with_who_made_it(
    coordinator_client, coordinator, brochure
):
    url = member_change_url("Köhn")
    coordinator_client.post(url, change_form_data(coordinator_client.get(url), function="Neu"))
    version = Version.objects.get_for_object(Member.objects.get(last_name="Köhn")).first()
    assert version.revision.user == coordinator
    assert version.field_dict["function"] == "Neu"
    history = coordinator_client.get(
        reverse("admin:members_member_history", args=[version.object_id])
    )
    assert history.status_code == 200 and "koordination" in history.text


def test_an_edit_can_be_reverted(coordinator_client, brochure):
    koehn = Member.objects.get(last_name="Köhn")
    url = member_change_url("Köhn")
    coordinator_client.post(
        url, change_form_data(coordinator_client.get(url), function="Erste Fassung")
    )
    coordinator_client.post(url, change_form_data(coordinator_client.get(url), function="Fehler"))
    first = Version.objects.get_for_object(koehn).get(serialized_data__contains="Erste Fassung")
    revert_url = reverse("admin:members_member_revision", args=[koehn.pk, first.pk])
    response = coordinator_client.post(
        revert_url, change_form_data(coordinator_client.get(revert_url))
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=koehn.pk).function == "Erste Fassung"


def test_a_revert_never_shows_a_person_whose_institution_is_hidden_since(
    coordinator_client, client, brochure
):
    koehn = Member.objects.get(last_name="Köhn")
    url = member_change_url("Köhn")
    coordinator_client.post(url, change_form_data(coordinator_client.get(url), function="Alt"))
    old = Version.objects.get_for_object(koehn).get(serialized_data__contains="Alt")
    institution = koehn.institution
    institution.is_public = False
    institution.save()
    revert_url = reverse("admin:members_member_revision", args=[koehn.pk, old.pk])
    response = coordinator_client.post(
        revert_url, change_form_data(coordinator_client.get(revert_url))
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=koehn.pk).function == "Alt"
    assert not Member.objects.public().filter(pk=koehn.pk).exists()
    assert "Köhn" not in client.get(reverse("members:member-export-csv")).text


def test_a_deleted_member_is_recovered_with_memberships(coordinator_client, brochure):
    koehn = Member.objects.get(last_name="Köhn")
    groups = set(koehn.memberships.values_list("group__slug", flat=True))
    assert groups == {"projektgruppe"}
    response = coordinator_client.post(
        reverse("admin:members_member_delete", args=[koehn.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Member.objects.filter(pk=koehn.pk).exists()
    assert not Membership.objects.filter(member_id=koehn.pk).exists()

    deleted = coordinator_client.get(reverse("admin:members_member_recoverlist"))
    version = next(v for v in deleted.context["deleted"] if v.object_id == str(koehn.pk))
    recover_url = reverse("admin:members_member_recover", args=[version.pk])
    response = coordinator_client.post(
        recover_url, change_form_data(coordinator_client.get(recover_url))
    )
    assert response.status_code == 302
    recovered = Member.objects.get(pk=koehn.pk)
    assert recovered.last_name == "Köhn"
    assert set(recovered.memberships.values_list("group__slug", flat=True)) == groups
    assert Member.objects.search("koehn").get() == recovered
    assert Member.objects.public().filter(pk=koehn.pk).exists()


def test_a_deleted_institution_is_recovered(coordinator_client, brochure):
    institution = Institution.objects.create(
        name="Neue Beratungsstelle", slug="neu", kind="sonstige"
    )
    institution.service_area.set([1, 6])
    with reversion.create_revision():
        institution.save()
    coordinator_client.post(
        reverse("admin:institutions_institution_delete", args=[institution.pk]), {"post": "yes"}
    )
    assert not Institution.objects.filter(pk=institution.pk).exists()
    version = Version.objects.get_deleted(Institution).get(object_id=str(institution.pk))
    recover_url = reverse("admin:institutions_institution_recover", args=[version.pk])
    response = coordinator_client.post(
        recover_url, change_form_data(coordinator_client.get(recover_url))
    )
    assert response.status_code == 302
    assert set(
        Institution.objects.get(pk=institution.pk).service_area.values_list("pk", flat=True)
    ) == {1, 6}


def test_bulk_delete_in_the_admin_is_recoverable_too(coordinator_client, brochure):
    koehn = Member.objects.get(last_name="Köhn")
    coordinator_client.post(
        reverse("admin:members_member_changelist"),
        {"action": "delete_selected", "_selected_action": [koehn.pk], "post": "yes"},
    )
    assert not Member.objects.filter(pk=koehn.pk).exists()
    assert Version.objects.get_deleted(Member).filter(object_id=str(koehn.pk)).exists()


def test_brochure_import_leaves_a_first_version_of_every_record(db):
    call_command("load_brochure", verbosity=0)
    for model in [Member, Institution]:
        for obj in model.objects.all():
            assert Version.objects.get_for_object(obj).exists(), obj


# --- guards -------------------------------------------------------------------------


def test_no_versioned_model_uses_database_level_cascades():
    from django.apps import apps
    from django.db import models

    db_level = {
        getattr(models, name)
        for name in ("DB_CASCADE", "DB_SET_NULL", "DB_SET_DEFAULT")
        if hasattr(models, name)
    }
    for model in reversion.get_registered_models():
        for field in model._meta.get_fields():
            on_delete = getattr(getattr(field, "remote_field", None), "on_delete", None)
            if field.concrete and on_delete is not None:
                assert on_delete not in db_level, f"{model._meta.label}.{field.name}"
    assert apps.get_app_config("reversion")


def test_project_code_has_no_bulk_update_that_bypasses_history():
    """QuerySet.update() and bulk_update() write rows without save(): no signal, no version."""
    import re

    from django.conf import settings

    bulk_write = re.compile(
        r"\.(objects|all\(\)|filter\([^()]*\)|exclude\([^()]*\))\s*\.update\("
        r"|\bbulk_update\(|_raw_delete\("
    )
    offenders = []
    for app in ["institutions", "members", "pages", "widunetz"]:
        for path in (settings.BASE_DIR / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if bulk_write.search(line):
                    offenders.append(
                        f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}"
                    )
    assert offenders == []
