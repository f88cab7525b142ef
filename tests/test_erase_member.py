"""Erasing a person (members/erasure.py, `manage.py erase_member`): they are gone afterwards,
history and admin log included."""

import base64
import binascii
import datetime
import io
import json

import pytest
import reversion
from django.conf import settings as django_settings
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from reversion.models import Revision, Version

from members.erasure import Erasure, UnknownMember, erase_member
from members.models import Member, Membership, WorkingGroup

pytestmark = pytest.mark.django_db

# Every way the name can be stored: as typed, JSON-escaped (the admin log's
# change_message), and folded for search ("peter kohn" in search_text).
NEEDLES = ["Köhn", "K\\u00f6hn", "koehn", "kohn"]


def whole_database_hits(needles=NEEDLES):
    """Every (table, column, value) in the database that contains one of ``needles``.

    Reads every column of every table, not just the models' text fields, and
    decodes the sessions, whose data is signed and encoded, and the database
    cache, whose values are pickled and base64-encoded.
    """
    needles = [needle.casefold() for needle in needles]
    cache_tables = {
        config["LOCATION"]
        for config in django_settings.CACHES.values()
        if config["BACKEND"].endswith("DatabaseCache")
    }
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if table in cache_tables and column == "value":
                        value = unbase64(value)
                    text = as_text(value).casefold()
                    if any(needle in text for needle in needles):
                        hits.append((table, column, as_text(value)[:200]))
    for session in Session.objects.all():
        text = json.dumps(session.get_decoded(), ensure_ascii=False, default=str).casefold()
        if any(needle in text for needle in needles):
            hits.append(("django_session", "session_data (decoded)", session.pk))
    return hits


def unbase64(value):
    try:
        return base64.b64decode(value)
    except (binascii.Error, ValueError, TypeError):
        return value


def as_text(value):
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def admin_form_data(response):
    """The POST data the admin change form sends back unchanged, inlines included."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is True:
                data[bound.html_name] = "on"
            elif value is False or value is None:
                continue
            elif isinstance(value, datetime.date):
                data[bound.html_name] = value.isoformat()
            else:
                data[bound.html_name] = value
    return data


def edit_koehn_in_the_admin(client):
    """Edit Peter Köhn the way the coordinating office does: his record, a working
    group's list of members, and a membership deleted again. Leaves the name in
    versions, revision comments and the admin log."""
    koehn = Member.objects.get(last_name="Köhn")
    other_group = WorkingGroup.objects.exclude(memberships__member=koehn).first()

    # 1. His record: a function, and a new membership through the inline.
    url = admin_url(Member, "change", koehn.pk)
    data = admin_form_data(client.get(url))
    data["function"] = "Integrationsbeauftragter"
    new = int(data["memberships-TOTAL_FORMS"])
    data["memberships-TOTAL_FORMS"] = str(new + 1)
    data[f"memberships-{new}-member"] = str(koehn.pk)
    data[f"memberships-{new}-group"] = str(other_group.pk)
    data[f"memberships-{new}-role"] = Membership.Role.MEMBER
    data[f"memberships-{new}-since"] = "2016-01-01"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert koehn.memberships.count() == 2

    # 2. The Projektgruppe's form: he takes the chair.
    group = WorkingGroup.objects.get(slug="projektgruppe")
    url = admin_url(WorkingGroup, "change", group.pk)
    response = client.get(url)
    data = admin_form_data(response)
    formset = response.context["inline_admin_formsets"][0].formset
    (index,) = [i for i, form in enumerate(formset.forms) if form.instance.member_id == koehn.pk]
    data[f"memberships-{index}-role"] = Membership.Role.CHAIR
    response = client.post(url, data)
    assert response.status_code == 302

    # 3. The new membership deleted again: only the history remembers it.
    membership = koehn.memberships.get(group=other_group)
    response = client.post(admin_url(Membership, "delete", membership.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    return koehn, membership.pk


def memberships_of_others(koehn_pk):
    return set(
        Membership.objects.exclude(member_id=koehn_pk).values_list(
            "pk", "member_id", "group_id", "role"
        )
    )


def test_erasure_leaves_the_name_nowhere_in_the_database(brochure, coordinator_client, settings):
    # Production databases start with a first version of every record.
    call_command("createinitialrevisions", comment="Import aus der Broschüre", verbosity=0)
    koehn, deleted_membership_pk = edit_koehn_in_the_admin(coordinator_client)
    # Cached pages: a visitor's view of the list (when the site caches pages) and
    # whatever else holds the name in the shared cache.
    settings.PAGE_CACHE_SECONDS = 600
    assert "Köhn" in Client().get(reverse("members:member-list"), {"q": "Köhn"}).text
    cache.set("widunetz:test:rendered", "<li>Peter Köhn, Stadt Löhne</li>", 600)

    # The test's search finds him in every place the admin left him.
    before = whole_database_hits()
    places = {(table, column) for table, column, _value in before}
    assert ("members_member", "last_name") in places
    assert ("reversion_version", "object_repr") in places
    assert ("reversion_version", "serialized_data") in places
    assert ("reversion_revision", "comment") in places
    assert ("django_admin_log", "object_repr") in places
    assert ("django_admin_log", "change_message") in places
    database_cache = "DatabaseCache" in django_settings.CACHES["default"]["BACKEND"]
    if database_cache:  # not with REDIS_URL
        assert (django_settings.CACHES["default"]["LOCATION"], "value") in places
    assert any("K\\u00f6hn" in value for _t, _c, value in before)  # escaped in the log
    # Other records' versions refer to him by id only: his name is stored in the
    # serialized data of his own versions and nowhere else.
    named = Version.objects.filter(serialized_data__contains="Köhn")
    assert set(named.values_list("content_type__model", flat=True)) == {"member"}
    assert named.filter(object_id=str(koehn.pk)).count() == named.count()
    members_before = Member.objects.count()
    others_before = memberships_of_others(koehn.pk)
    other_versions_before = Version.objects.exclude(object_repr__contains="Köhn").count()

    outcome = erase_member(koehn.pk)

    assert whole_database_hits() == []
    assert whole_database_hits(["Peter Köhn", "Köhn, Peter"]) == []
    assert (outcome.erasure.first_name, outcome.erasure.last_name) == ("Peter", "Köhn")
    assert outcome.rows == 16
    assert outcome.redacted == 1
    assert outcome.leftovers == []
    if database_cache:
        assert outcome.cleared_caches == ["widunetz_cache"]

    # Nobody else lost anything: the other 47 people, their memberships, their history.
    assert Member.objects.count() == members_before - 1 == 47
    assert memberships_of_others(koehn.pk) == others_before
    assert Version.objects.count() == other_versions_before
    assert not Version.objects.filter(
        content_type__model="membership", object_id=str(deleted_membership_pk)
    ).exists()
    assert not Revision.objects.filter(version__isnull=True).exists()
    # The working group's edit stays in its history, the name blacked out.
    group = WorkingGroup.objects.get(slug="projektgruppe")
    group_versions = Version.objects.get_for_object(group)
    assert group_versions.count() == 2  # the import and the edit
    assert "[gelöschte Person]" in group_versions.first().revision.comment


def test_other_traces_of_the_name_are_reported_not_deleted(brochure):
    from pages.models import Feedback

    koehn = Member.objects.get(last_name="Köhn")
    feedback = Feedback.objects.create(message="Die Telefonnummer von Peter Köhn fehlt.")

    outcome = erase_member(koehn.pk)

    assert not Member.objects.filter(pk=koehn.pk).exists()
    assert Feedback.objects.filter(pk=feedback.pk).exists()
    assert outcome.leftovers == [("pages_feedback", feedback.pk, ["message"])]


def test_the_last_name_alone_is_reported_only_as_a_word(brochure):
    from pages.models import Feedback

    ella = Member.objects.get(first_name="Ella", last_name="Kraft")
    word = Feedback.objects.create(message="Frau Kraft hat nicht zurückgerufen.")
    compound = Feedback.objects.create(message="Es fehlt an Arbeitskraft und Kraftfahrern.")

    outcome = erase_member(ella.pk)

    assert ("pages_feedback", word.pk, ["message"]) in outcome.leftovers
    assert compound.pk not in [pk for table, pk, _fields in outcome.leftovers]
    assert Feedback.objects.count() == 2


def test_earlier_names_from_the_history_are_erased_too(brochure, coordinator):
    ella = Member.objects.get(first_name="Ella", last_name="Kraft")
    with reversion.create_revision():
        ella.last_name = "Brinkhülsmann"  # the name she carried before
        ella.save()
    LogEntry.objects.log_actions(
        user_id=coordinator.pk,
        queryset=[ella],
        action_flag=2,
        change_message=[{"changed": {"fields": ["Nachname"]}}],
    )
    with reversion.create_revision():
        ella.last_name = "Kraft"
        ella.save()
    ella_group = ella.memberships.first().group
    with reversion.create_revision():
        reversion.set_comment(f"Mitgliedschaft „Ella Brinkhülsmann – {ella_group}“ geändert.")
        reversion.add_to_revision(ella_group)

    assert Erasure(ella.pk).names == [("Ella", "Kraft"), ("Ella", "Brinkhülsmann")]

    erase_member(ella.pk)

    assert whole_database_hits(["Brinkhülsmann", "Brinkh\\u00fclsmann", "Ella Kraft"]) == []


def test_membership_versions_are_found_by_the_member_id_not_only_by_name(brochure):
    ella = Member.objects.get(first_name="Ella", last_name="Kraft")
    group = ella.memberships.get().group
    # A rename that bypassed the history (a script, the shell): only the working
    # group's version of her membership ever carried this name.
    Member.objects.filter(pk=ella.pk).update(last_name="Ungeschichtlich")
    with reversion.create_revision():
        reversion.add_to_revision(WorkingGroup.objects.get(pk=group.pk))
    Member.objects.filter(pk=ella.pk).update(last_name="Kraft")
    ella.memberships.all().delete()  # the membership itself is gone, too
    assert whole_database_hits(["Ungeschichtlich"])

    erase_member(ella.pk)

    assert whole_database_hits(["Ungeschichtlich"]) == []
    assert Version.objects.get_for_object(group).count() == 1


def test_a_person_already_deleted_in_the_admin_is_erased_from_the_history(
    brochure, coordinator_client
):
    koehn, _pk = edit_koehn_in_the_admin(coordinator_client)
    response = coordinator_client.post(admin_url(Member, "delete", koehn.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Member.objects.filter(pk=koehn.pk).exists()
    assert whole_database_hits()  # "recover deleted" still has him

    assert Erasure(koehn.pk).member is None  # known from the history only

    erase_member(koehn.pk)

    assert whole_database_hits() == []


def test_the_operator_confirms_with_the_last_name(brochure, monkeypatch):
    koehn = Member.objects.get(last_name="Köhn")
    prompts = []
    monkeypatch.setattr("builtins.input", lambda prompt="": prompts.append(prompt) or "köhn ")
    out = io.StringIO()

    call_command("erase_member", str(koehn.pk), stdout=out, stderr=io.StringIO())

    assert "Zu löschen: Peter Köhn, Stadt Löhne" in out.getvalue()
    assert "Nachnamen" in prompts[0]
    assert not Member.objects.filter(pk=koehn.pk).exists()


def test_a_wrong_confirmation_deletes_nothing(brochure, monkeypatch):
    koehn = Member.objects.get(last_name="Köhn")
    with reversion.create_revision():
        koehn.save()
    versions = Version.objects.count()
    monkeypatch.setattr("builtins.input", lambda prompt="": "falsch")

    with pytest.raises(CommandError, match="stimmt nicht"):
        call_command("erase_member", str(koehn.pk), stdout=io.StringIO())

    assert Member.objects.filter(pk=koehn.pk).exists()
    assert koehn.memberships.count() == 1
    assert Version.objects.count() == versions
    assert Member.objects.count() == 48


def test_an_interrupted_confirmation_deletes_nothing(brochure, monkeypatch):
    koehn = Member.objects.get(last_name="Köhn")

    def interrupted(prompt=""):
        raise EOFError

    monkeypatch.setattr("builtins.input", interrupted)
    with pytest.raises(CommandError, match="nichts gelöscht"):
        call_command("erase_member", str(koehn.pk), stdout=io.StringIO())
    assert Member.objects.filter(pk=koehn.pk).exists()


def test_an_unknown_id_is_refused(brochure):
    with pytest.raises(UnknownMember, match="kein Mitglied mit der Nummer 9999"):
        erase_member(9999)
    assert Member.objects.count() == 48


def test_an_unknown_id_is_refused_by_the_command(brochure):
    with pytest.raises(CommandError, match="kein Mitglied mit der Nummer 9999"):
        call_command("erase_member", "9999", "--no-input", stdout=io.StringIO())


def test_the_command_names_earlier_names_and_reports_what_it_erased(brochure, coordinator):
    ella = Member.objects.get(first_name="Ella", last_name="Kraft")
    with reversion.create_revision():
        ella.last_name = "Brinkhülsmann"
        ella.save()
    with reversion.create_revision():
        ella.last_name = "Kraft"
        ella.save()
    group = ella.memberships.first().group
    with reversion.create_revision():
        reversion.set_comment(f"Mitgliedschaft „Ella Brinkhülsmann – {group}“ geändert.")
        reversion.add_to_revision(group)
    out, err = io.StringIO(), io.StringIO()

    call_command("erase_member", str(ella.pk), "--no-input", stdout=out, stderr=err)

    assert "Zu löschen: Ella Kraft" in out.getvalue()
    assert "Frühere Namen in der Historie: Ella Brinkhülsmann" in out.getvalue()
    assert (
        "Ella Kraft gelöscht: 9 Zeilen entfernt (5 Versionen, 2 Revisionen, 0 Einträge im "
        "Admin-Protokoll, 1 Mitgliedschaft, 1 Mitglied); Name in 1 Revisionskommentar "
        "geschwärzt." in out.getvalue()
    )
    assert "keine Fundstellen mehr" in out.getvalue()
    if "DatabaseCache" in django_settings.CACHES["default"]["BACKEND"]:
        assert "Zwischenspeicher geleert: widunetz_cache" in out.getvalue()
    assert err.getvalue() == ""


def test_the_command_warns_about_traces_it_leaves(brochure):
    from pages.models import Feedback

    koehn = Member.objects.get(last_name="Köhn")
    koehn_pk = koehn.pk
    with reversion.create_revision():
        koehn.save()
    koehn.delete()
    feedback = Feedback.objects.create(message="Die Telefonnummer von Peter Köhn fehlt.")
    out, err = io.StringIO(), io.StringIO()

    call_command("erase_member", str(koehn_pk), "--no-input", stdout=out, stderr=err)

    assert "bereits gelöscht" in out.getvalue()
    assert "Warnung" in err.getvalue()
    assert f"pages_feedback, pk {feedback.pk}: message" in err.getvalue()
