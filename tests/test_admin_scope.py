"""A partner editor reaches nothing outside their institution, whichever admin URL they try.

The editor of Stadt Löhne attacks as a security test did: every URL the admin and
django-reversion register, with GET and with POST carrying a valid CSRF token,
against records inside and outside their scope, stepping through version ids.
Outside the scope nothing changes and nothing is named; every change inside is in
the history under the editor's name.
"""

import re
from urllib.parse import urlencode

import pytest
import reversion
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client
from django.urls import URLResolver, reverse
from reversion.models import Revision, Version

from institutions.models import Institution, Municipality
from members.models import Member, Membership, WorkingGroup
from pages.models import Feedback, Page
from tests.admin_forms import change_form_data
from widunetz.models import Translation

pytestmark = pytest.mark.django_db

PASSWORD = "ein-langes-passwort-2026"
# The fields of an institution that only the office changes.
OFFICE_FIELDS = ("slug", "parent", "kind", "is_public", "partner_editors", "founding_partner")


# --- the world: the brochure, an office, the Löhne editor, and some history -----------


def as_office(office, *objects, comment="Änderung der Koordinierungsstelle"):
    with reversion.create_revision():
        reversion.set_user(office)
        reversion.set_comment(comment)
        for obj in objects:
            obj.save()


def delete_as_office(office, obj):
    with reversion.create_revision():
        reversion.set_user(office)
        reversion.add_to_revision(obj)
    obj.delete()


class World:
    """Who is who, and which records lie inside the Löhne editor's scope."""

    def __init__(self, django_user_model):
        call_command("load_brochure", verbosity=0)
        self.office = django_user_model.objects.create_user(
            "koordination", password=PASSWORD, is_staff=True
        )
        self.office.groups.add(Group.objects.get(name="Koordinierungsstelle"))
        self.editor = django_user_model.objects.create_user(
            "loehne", password=PASSWORD, is_staff=True
        )
        self.editor.groups.add(Group.objects.get(name="Redaktion"))
        self.loehne = Institution.objects.get(slug="stadt-loehne")
        self.enger = Institution.objects.get(slug="stadt-enger")
        self.loehne.partner_editors.add(self.editor)
        as_office(self.office, self.loehne)
        office = self.office
        group = WorkingGroup.objects.get(slug="projektgruppe")

        # Someone of another institution the public never sees.
        self.hidden = Member(first_name="Verena", last_name="Verborgen", institution=self.enger)
        as_office(office, self.hidden)
        Membership.objects.create(member=self.hidden, group=group)
        as_office(office, self.hidden)
        # As the working group's form would note it in the group's history.
        as_office(
            office,
            group,
            comment='[{"added": {"name": "Mitgliedschaft", "object": "Verena Verborgen"}}]',
        )

        # The Löhne editor was once an editor of Enger too; the office removed that.
        self.enger.partner_editors.add(self.editor)
        as_office(office, self.enger, comment="Löhne hilft in Enger aus")
        self.enger.partner_editors.remove(self.editor)
        as_office(office, self.enger, comment="Aushilfe beendet")

        # Köhn of Löhne: two versions of his function.
        self.koehn = Member.objects.get(last_name="Köhn")
        self.koehn.function = "Erste Fassung"
        as_office(office, self.koehn)
        self.koehn.function = "Zweite Fassung"
        as_office(office, self.koehn)

        # A person who worked in Enger before moving to Löhne.
        self.mover = Member(
            first_name="Mira",
            last_name="Umzug",
            institution=self.enger,
            is_public=False,
        )
        as_office(office, self.mover)
        self.mover.institution = self.loehne
        as_office(office, self.mover)

        # Deleted people: one of Enger, one of Löhne.
        self.gone_elsewhere = Member(
            first_name="Otto", last_name="Fremdling", institution=self.enger
        )
        as_office(office, self.gone_elsewhere)
        self.gone_elsewhere_pk = self.gone_elsewhere.pk
        delete_as_office(office, self.gone_elsewhere)
        self.gone_here = Member(first_name="Lena", last_name="Lokal", institution=self.loehne)
        as_office(office, self.gone_here)
        self.gone_here_pk = self.gone_here.pk
        delete_as_office(office, self.gone_here)

        # Löhne once counted as a founding partner; that is the office's call.
        self.loehne.founding_partner = True
        as_office(office, self.loehne)
        self.loehne.founding_partner = False
        as_office(office, self.loehne)

        # The accessibility statement has a history too.
        self.statement = Page.objects.get(slug="barrierefreiheit")
        as_office(office, self.statement)

        Translation.objects.create(
            content_object=self.enger, field="description", language="en", text="Enger"
        )
        Feedback.objects.create(message="Die Schrift ist zu klein.")

    # The test's own idea of the scope, independent of the code under test.
    def family_ids(self):
        return set(Institution.objects.family_of(self.loehne).values_list("pk", flat=True))

    def outside_names(self):
        """Everyone of another institution, public or not, deleted ones included."""
        family = self.family_ids()
        names = {
            m.full_name
            for m in Member.objects.exclude(institution__in=family).exclude(pk=self.mover.pk)
        }
        return names | {"Otto Fremdling", "Verena Verborgen"}


@pytest.fixture
def world(db, django_user_model):
    return World(django_user_model)


def signed_in(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    # The admin index sets the CSRF cookie, as a browser would get it.
    client.get(reverse("admin:index"))
    return client


def csrf_token(client):
    return client.cookies[settings.CSRF_COOKIE_NAME].value


@pytest.fixture
def editor(world):
    return signed_in(world.editor)


@pytest.fixture
def office(world):
    return signed_in(world.office)


def post(client, url, data=None):
    return client.post(url, {**(data or {}), "csrfmiddlewaretoken": csrf_token(client)})


def form_data(client, url, **changes):
    """What a browser would send back from the form at ``url``, as ``client`` sees it."""
    response = client.get(url)
    if response.status_code != 200 or "adminform" not in (response.context or {}):
        return {}
    return change_form_data(response, **changes)


# --- a snapshot of every table, and what may differ -----------------------------------

IGNORED_TABLES = {"django_session", "widunetz_cache", "axes_accesslog"}


def dump():
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table in IGNORED_TABLES or not model._meta.managed:
            continue
        rows = model._base_manager.order_by("pk").values()
        key = model._meta.pk.attname
        tables[model._meta.label] = {row[key]: row for row in rows}
    return tables


def changes(before, after):
    """(model label, pk, what) for every row added, changed or removed."""
    found = []
    for label, rows in after.items():
        old = before.get(label, {})
        for pk, row in rows.items():
            if pk not in old:
                found.append((label, pk, "added"))
            elif old[pk] != row:
                found.append((label, pk, "changed"))
        found += [(label, pk, "removed") for pk in old if pk not in rows]
    return found


def forbidden_changes(world, before, after):
    """The changes the Löhne editor must not be able to make, with the reason."""
    family = world.family_ids()
    inside_members = set(Member.objects.filter(institution__in=family).values_list("pk", flat=True))
    institution_type = ContentType.objects.get_for_model(Institution).pk
    problems = []
    directory_changed = False
    for label, pk, what in changes(before, after):
        row = (after if what != "removed" else before)[label][pk]
        if what == "removed":
            problems.append(f"{label} {pk} removed: a partner editor deletes nothing")
            continue
        if label in ("reversion.Revision", "admin.LogEntry"):
            if row["user_id"] != world.editor.pk:
                problems.append(f"{label} {pk} not by the editor")
            continue
        if label == "reversion.Version":
            continue
        directory_changed = True
        if label == "institutions.Institution":
            ok = pk in family and all(
                before[label][pk].get(f"{f}_id", before[label][pk].get(f))
                == row.get(f"{f}_id", row.get(f))
                for f in OFFICE_FIELDS
                if f != "partner_editors"
            )
        elif label == "institutions.Institution_partner_editors":
            ok = False
        elif (
            label in ("institutions.Institution_services", "institutions.Institution_languages")
            or label == "members.Member"
        ):
            ok = row["institution_id"] in family
        elif label == "members.Member_languages" or label == "members.Membership":
            ok = row["member_id"] in inside_members
        elif label == "widunetz.Translation":
            ok = row["content_type_id"] == institution_type and row["object_id"] in family
        else:
            ok = False
        if not ok:
            problems.append(f"{label} {pk} {what}: outside the editor's scope")
    if directory_changed:
        new_revisions = set(after["reversion.Revision"]) - set(before["reversion.Revision"])
        new_log = set(after["admin.LogEntry"]) - set(before["admin.LogEntry"])
        if not new_revisions or not new_log:
            problems.append("a change without a revision and a log entry by the editor")
    return problems


def named_outsiders(world, response):
    text = response.content.decode(errors="replace") + response.get("Location", "")
    return sorted(name for name in world.outside_names() if name in text)


# --- every URL the admin registers ----------------------------------------------------


def admin_patterns():
    """(name, number of arguments) of every URL pattern of the admin site and its libraries."""

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            else:
                yield pattern.name, pattern.pattern.regex.groups

    return list(walk(admin.site.get_urls()))


MODEL_VIEWS = ("changelist", "add", "recoverlist", "change", "delete", "history")
MODEL_VIEWS += ("revision", "recover", "password_change")
SITE_VIEWS = {"index", "login", "logout", "password_change", "password_change_done"}
SITE_VIEWS |= {"autocomplete", "jsi18n", "view_on_site", "app_list", None}


def model_admin_for(name):
    for model, model_admin in admin.site._registry.items():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if name and name.startswith(prefix) and name[len(prefix) :] in MODEL_VIEWS:
            return model, model_admin, name[len(prefix) :]
    return None, None, None


def test_the_walk_knows_every_admin_url_pattern():
    """A model or library added later gets walked too, or this test names it."""
    unknown = [
        name
        for name, _groups in admin_patterns()
        if name not in SITE_VIEWS and model_admin_for(name)[0] is None
    ]
    assert unknown == []


def sample_objects(world, model):
    """One record inside the editor's scope (or None) and one outside, of ``model``."""
    family = world.family_ids()
    if model is Institution:
        return world.loehne, world.enger
    if model is Member:
        return world.koehn, world.hidden
    if model is Membership:
        return world.koehn.memberships.first(), world.hidden.memberships.first()
    if model in (Municipality, WorkingGroup):
        # Shared records every editor may look at; changing them is the office's call.
        return model._base_manager.first(), None
    manager = model._base_manager
    outside = (
        manager.exclude(pk=world.editor.pk).first()
        if model._meta.label == "auth.User"
        else (manager.first())
    )
    assert family  # the world has a scope at all
    return None, outside


def urls_to_try(world):
    """(url, inside, model of a changelist) for every admin URL pattern.

    ``inside`` says whether the URL names a record of the editor's scope (or none).
    """
    urls = [(reverse("admin:index"), True, None), (reverse("admin:jsi18n"), True, None)]
    urls += [(reverse("admin:password_change"), True, None)]
    urls += [(reverse("admin:password_change_done"), True, None)]
    urls += [(reverse("admin:login"), True, None), ("/verwaltung/gibt-es-nicht/", True, None)]
    for app_label in ("auth", "axes", "pages", "institutions", "members"):
        urls.append((reverse("admin:app_list", args=[app_label]), True, None))
    for name, _groups in admin_patterns():
        model, model_admin, view = model_admin_for(name)
        if model is None:
            continue
        inside, outside = sample_objects(world, model)
        samples = [(obj, obj is inside) for obj in (inside, outside) if obj is not None]
        if view == "changelist":
            urls.append((reverse(f"admin:{name}"), True, model))
            # "<id>/" only redirects to "<id>/change/", naming nothing but the id given.
            base = reverse(f"admin:{name}")
            urls += [(f"{base}{obj.pk}/", True, None) for obj, _ok in samples]
        elif view in ("add", "recoverlist"):
            urls.append((reverse(f"admin:{name}"), True, None))
        elif view in ("change", "delete", "history", "password_change"):
            urls += [(reverse(f"admin:{name}", args=[obj.pk]), ok, None) for obj, ok in samples]
        elif view == "revision":
            foreign = Version.objects.exclude(content_type=ContentType.objects.get_for_model(model))
            for obj, ok in samples:
                for version in Version.objects.get_for_object(obj):
                    urls.append((reverse(f"admin:{name}", args=[obj.pk, version.pk]), ok, None))
                # Somebody else's version under this record's address.
                stranger = foreign.filter(object_id=str(obj.pk)).first()
                if stranger:
                    urls.append((reverse(f"admin:{name}", args=[obj.pk, stranger.pk]), False, None))
        elif view == "recover":
            # Every deleted record of this model, and one version of each other model.
            versions = list(Version.objects.get_deleted(model))
            for content_type in ContentType.objects.exclude(
                pk=ContentType.objects.get_for_model(model).pk
            ):
                versions += Version.objects.filter(content_type=content_type)[:1]
            for version in versions:
                inside_version = model is Member and version.object_id == str(world.gone_here_pk)
                urls.append((reverse(f"admin:{name}", args=[version.pk]), inside_version, None))
    for model, obj in ((Member, world.hidden), (Institution, world.enger), (Member, world.koehn)):
        content_type = ContentType.objects.get_for_model(model)
        urls.append((f"/verwaltung/r/{content_type.pk}/{obj.pk}/", obj is world.koehn, None))
    for model, model_admin in admin.site._registry.items():
        inlines = [inline(model, admin.site) for inline in model_admin.inlines]
        for source in [model_admin, *inlines]:
            for field in getattr(source, "autocomplete_fields", ()):
                query = {
                    "app_label": source.model._meta.app_label,
                    "model_name": source.model._meta.model_name,
                    "field_name": field,
                    "term": "",
                }
                urls.append((reverse("admin:autocomplete") + "?" + urlencode(query), True, None))
    # Last: signing out ends the walk.
    urls.append((reverse("admin:logout"), True, None))
    return urls


def crafted_posts(office, url, changelist_model):
    """What an attacker sends: nothing but the token, and a whole form as the office sees it."""
    posts = [{}]
    if url.endswith("/delete/"):
        posts.append({"post": "yes"})
    elif url != reverse("admin:logout"):
        posts.append(form_data(office, url))
    if changelist_model is not None:
        everything = changelist_model._base_manager.values_list("pk", flat=True)
        posts.append(
            {"action": "delete_selected", "_selected_action": list(everything), "post": "yes"}
        )
    return posts


def test_partner_editor_reaches_nothing_outside_their_institution(world, editor, office):
    problems = []
    walked = 0
    after = dump()
    for url, inside, changelist_model in urls_to_try(world):
        posts = crafted_posts(office, url, changelist_model)
        for method, data in [("GET", None)] + [("POST", data) for data in posts]:
            before = after
            response = editor.get(url) if method == "GET" else post(editor, url, data)
            after = dump()
            walked += 1
            where = f"{method} {url}"
            if response.status_code >= 500:
                problems.append(f"{where}: {response.status_code}")
            if not inside and response.status_code not in (403, 404):
                problems.append(f"{where}: answered {response.status_code}, not 403 or 404")
            if not inside and changes(before, after):
                problems.append(f"{where}: changed {changes(before, after)}")
            problems += [f"{where}: {p}" for p in forbidden_changes(world, before, after)]
            if named := named_outsiders(world, response):
                problems.append(f"{where}: names {named}")
    assert walked > 300
    assert problems == [], "\n".join(problems)


# --- the findings, one by one ---------------------------------------------------------


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
    last = Version.objects.order_by("-pk").first().pk
    for version_id in range(1, last + 5):
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
