"""Where the office reviews a Redaktion's changes first, the Redaktion proposes, never changes.

The Löhne editor of tests/scope_world.py, once the office has switched review on for
Stadt Löhne: every admin form of Löhne's records is read-only for them, every crafted
POST changes nothing, and a change they propose waits in the review queue, where
they see it, until the office accepts it.
"""

import pytest
from django.urls import reverse
from reversion.models import Version

from institutions.models import Institution
from members.models import ChangeRequest, Member
from tests.scope_world import form_data, post
from tests.snapshots import Snapshots, changes
from tests.test_admin_scope_walk import crafted_posts, urls_to_try

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(world):
    """Stadt Löhne, its units and its people: the office reviews its Redaktion's changes."""
    Institution.objects.filter(pk=world.loehne.pk).update(review_editor_changes=True)
    return world


def propose_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_propose", args=[obj.pk])


def proposal_data(page, **changed):
    """What a browser sends back from the proposal form at ``page``, with ``changed``."""
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, "", []):
            data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    for formset in form.formsets.values():
        for bound in formset.management_form:
            data[bound.html_name] = bound.value()
        for row in formset.forms:
            for name in row.fields:
                value = row[name].value()
                if value not in (None, ""):
                    data[row[name].html_name] = str(value)
    data.update(changed)
    return data


def test_a_reviewed_redaktion_changes_nothing_through_any_admin_url(reviewed, editor, office):
    """Every URL inside the editor's scope, POSTed to as an attacker would: with only
    the token, and with the whole form as the office sees it."""
    problems, posted = [], 0
    snapshots = Snapshots()
    after = snapshots.take()
    for url, inside, changelist_model in urls_to_try(reviewed):
        if not inside or url == reverse("admin:logout"):
            continue  # outside: tests/test_admin_scope_walk.py
        for data in crafted_posts(office, url, changelist_model):
            before = after
            response = post(editor, url, data)
            after = snapshots.take()
            posted += 1
            if response.status_code >= 500:
                problems.append(f"POST {url}: {response.status_code}")
            if changed := changes(before, after):
                problems.append(f"POST {url}: changed {changed}")
    assert posted > 100
    assert problems == [], "\n".join(problems)


def test_the_form_is_read_only_and_offers_a_proposal(reviewed, editor):
    page = editor.get(reverse("admin:members_member_change", args=[reviewed.koehn.pk]))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert 'name="function"' not in page.text  # shown, not editable
    assert propose_url(reviewed.koehn) in page.text
    assert "Ihre Änderungen prüft die Koordinierungsstelle" in page.text
    # A new person of Löhne would be public at once: proposed in words instead.
    assert editor.get(reverse("admin:members_member_add")).status_code == 403


def test_a_proposal_waits_for_the_office_and_the_editor_sees_it(reviewed, editor, office, client):
    koehn = reviewed.koehn
    page = editor.get(propose_url(koehn))
    assert page.status_code == 200
    sent = post(
        editor,
        propose_url(koehn),
        proposal_data(
            page, function="Leitung Integrationsbüro", message="Frau Neu beginnt am 1. März."
        ),
    )
    request = ChangeRequest.objects.get(member=koehn)
    assert sent.status_code == 302
    assert sent.url == reverse("admin:members_changerequest_change", args=[request.pk])
    # Named by its account, not linked to the user admin the Redaktion may not open.
    shown = editor.get(sent.url).text
    assert "loehne" in shown and "/verwaltung/auth/user/" not in shown
    assert request.source == ChangeRequest.Source.EDITOR
    assert request.submitted_by == reviewed.editor
    assert request.message == "Frau Neu beginnt am 1. März."
    assert request.changed_fields() == ["function"]

    # Not public, not in the admin's record; the editor sees it pending, on the
    # form and in the queue.
    assert "Leitung Integrationsbüro" not in client.get(koehn.get_absolute_url()).text
    assert Member.objects.get(pk=koehn.pk).function == "Zweite Fassung"
    form = editor.get(reverse("admin:members_member_change", args=[koehn.pk])).text
    assert str(request) in form
    queue = editor.get(reverse("admin:members_changerequest_changelist") + "?status=offen")
    assert reverse("admin:members_changerequest_change", args=[request.pk]) in queue.text

    accepted = post(
        office,
        reverse("admin:members_changerequest_change", args=[request.pk]),
        {"decision": "accept", "decision_note": ""},
    )
    assert accepted.status_code == 302
    assert "Leitung Integrationsbüro" in client.get(koehn.get_absolute_url()).text
    latest = Version.objects.get_for_object(koehn).first().revision
    assert latest.user == reviewed.office
    assert f"#{request.pk}" in latest.comment and "loehne" in latest.comment


def test_a_proposal_that_changes_nothing_is_not_sent(reviewed, editor):
    page = editor.get(propose_url(reviewed.loehne))
    answer = post(editor, propose_url(reviewed.loehne), proposal_data(page))
    assert answer.status_code == 200
    assert "Sie haben nichts geändert." in answer.text
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize(
    "changed",
    [
        {"phones-0-number": "12"},
        {"hours-TOTAL_FORMS": "1", "hours-0-weekday": "1"}
        | {"hours-0-starts": "12:00", "hours-0-ends": "09:00"},
        {"message": "x" * 100_000},
        {"message": "Frau\x00Neu"},
    ],
    ids=["malformed phone", "hour ends before it starts", "100,000 characters", "NUL byte"],
)
def test_a_bad_proposal_gets_a_message_and_stores_nothing(reviewed, editor, changed):
    page = editor.get(propose_url(reviewed.loehne))
    answer = post(editor, propose_url(reviewed.loehne), proposal_data(page, **changed))
    assert answer.status_code == 200
    assert "Bitte prüfen Sie die markierten Angaben." in answer.text
    assert not ChangeRequest.objects.exists()


def test_without_review_the_redaktion_changes_directly_and_proposes_nothing(world, editor):
    assert editor.get(propose_url(world.koehn)).status_code == 403
    page = editor.get(reverse("admin:members_member_change", args=[world.koehn.pk]))
    assert page.context["has_change_permission"]
    assert propose_url(world.koehn) not in page.text


def test_only_the_office_switches_review_on_or_off(reviewed, editor):
    page = editor.get(reverse("admin:institutions_institution_change", args=[reviewed.loehne.pk]))
    assert 'name="review_editor_changes"' not in page.text


def test_a_reviewed_unit_is_read_only_on_its_trägers_form_too(world, editor):
    """Review switched on for a unit alone: its row in the Träger's table stays as it is."""
    unit = Institution.objects.create(
        name="Integrationsbüro",
        slug="integrationsbuero-loehne",
        kind=world.loehne.kind,
        parent=world.loehne,
        review_editor_changes=True,
    )
    url = reverse("admin:institutions_institution_change", args=[world.loehne.pk])
    data = form_data(editor, url)
    row = next(k for k, v in data.items() if k.endswith("-id") and str(v) == str(unit.pk))
    data[row.replace("-id", "-name")] = "Umbenannt"
    answer = post(editor, url, data)
    assert answer.status_code == 403
    assert Institution.objects.get(pk=unit.pk).name == "Integrationsbüro"
