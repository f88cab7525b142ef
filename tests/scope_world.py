"""The world of the partner-editor scope tests: the brochure, the office, the Löhne editor,
and a history of records inside and outside the editor's scope.

Also what the tests make of two snapshots of every table (tests/snapshots.py): the
changes the editor may not make, and the names they may not read.
"""

from datetime import date, time

import reversion
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from institutions.models import Closure, ConsultationHour, Institution, Location, Phone
from members.models import Member, Membership, WorkingGroup
from pages.models import Feedback, Page
from tests import brochure_rows
from tests.admin_forms import change_form_data
from tests.replay import Recording
from tests.snapshots import changes
from widunetz.models import Translation

PASSWORD = "ein-langes-passwort-2026"
# The fields of an institution that only the office changes.
OFFICE_FIELDS = ("slug", "parent", "kind", "is_public", "partner_editors", "founding_partner")
OFFICE_FIELDS += ("review_editor_changes",)


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


def restart_ids():
    """Number new rows from the highest id in each table on, as SQLite does after a rollback.

    PostgreSQL's sequences keep counting across the rolled-back tests, so the versions
    would be numbered in the tens of thousands, and stepping through every version id
    (test_admin_scope.py) would mostly ask for ids no row ever had.
    """
    brochure_rows.restart_ids(brochure_rows.tables())


# The world of this process's first scope test, written back for the next ones.
RECORDING = Recording()


class World:
    """Who is who, and which records lie inside the Löhne editor's scope."""

    def __init__(self, django_user_model):
        self._memory = {}
        restart_ids()
        # The same rows either way (tests/replay.py); who is who is read from them.
        found = RECORDING.build_or_write_back(lambda: self.build(django_user_model))
        for name, (model, value) in found.items():
            setattr(self, name, value if model is None else model._base_manager.get(pk=value))

    def build(self, django_user_model):
        call_command("load_brochure", verbosity=0)
        self.create_accounts(django_user_model)
        self.write_history_elsewhere()
        self.write_history_in_loehne()
        self.statement = Page.objects.get(slug="barrierefreiheit")
        as_office(self.office, self.statement)  # the accessibility statement has a history too
        Translation.objects.create(
            content_object=self.enger, field="description", language="en", text="Enger"
        )
        Feedback.objects.create(message="Die Schrift ist zu klein.")
        return {
            name: (type(value), value.pk) if isinstance(value, Model) else (None, value)
            for name, value in vars(self).items()
            if not name.startswith("_")
        }

    def create_accounts(self, django_user_model):
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

    def write_history_elsewhere(self):
        office, group = self.office, WorkingGroup.objects.get(slug="projektgruppe")
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
        # Before the versions below: reverting to them keeps these rows.
        self.write_contact_data()
        # The Löhne editor was once an editor of Enger too; the office removed that.
        self.enger.partner_editors.add(self.editor)
        as_office(office, self.enger, comment="Löhne hilft in Enger aus")
        self.enger.partner_editors.remove(self.editor)
        as_office(office, self.enger, comment="Aushilfe beendet")
        self.gone_elsewhere_pk = self.deleted_person("Otto", "Fremdling", self.enger)

    def write_history_in_loehne(self):
        office = self.office
        # Köhn of Löhne: two versions of his function.
        self.koehn = Member.objects.get(last_name="Köhn")
        for function in ("Erste Fassung", "Zweite Fassung"):
            self.koehn.function = function
            as_office(office, self.koehn)
        # A person who worked in Enger before moving to Löhne.
        self.mover = Member(first_name="Mira", last_name="Umzug", institution=self.enger)
        as_office(office, self.mover)
        self.mover.institution = self.loehne
        as_office(office, self.mover)
        self.gone_here_pk = self.deleted_person("Lena", "Lokal", self.loehne)
        # Löhne once counted as a founding partner; that is the office's call.
        for founding in (True, False):
            self.loehne.founding_partner = founding
            as_office(office, self.loehne)

    def write_contact_data(self):
        """A place, a phone, an hour and a closure each in Löhne and in Enger; the hour
        and the phone in Enger are the hidden person's, whose name must stay unread.

        Made before the versions the tests revert to: a revert deletes the rows a
        record has gained since (a partner editor's is refused for that).
        """
        self.place_here = Location(
            institution=self.loehne, name="Rathaus Löhne", postal_code="32584", city="Löhne"
        )
        self.place_elsewhere = Location(
            institution=self.enger, name="Rathaus Enger", postal_code="32130", city="Enger"
        )
        as_office(self.office, self.place_here, self.place_elsewhere)
        self.phone_here = Phone(holder=Member.objects.get(last_name="Köhn"), number="+495732100100")
        self.phone_elsewhere = Phone(holder=self.hidden, number="+495224980")
        self.hour_here = ConsultationHour(
            holder=self.loehne, location=self.place_here, weekday=1, starts=time(9), ends=time(12)
        )
        self.hour_elsewhere = ConsultationHour(
            holder=self.hidden,
            location=self.place_elsewhere,
            weekday=2,
            starts=time(14),
            ends=time(16),
        )
        self.closure_here = Closure(
            holder=self.loehne, starts=date(2026, 12, 23), ends=date(2027, 1, 2)
        )
        self.closure_elsewhere = Closure(
            holder=self.hidden, starts=date(2026, 7, 1), ends=date(2026, 7, 14)
        )
        held = [self.phone_here, self.hour_here, self.closure_here]
        held += [self.phone_elsewhere, self.hour_elsewhere, self.closure_elsewhere]
        for obj in held:
            as_office(self.office, obj)

    def deleted_person(self, first_name, last_name, institution):
        person = Member(first_name=first_name, last_name=last_name, institution=institution)
        as_office(self.office, person)
        pk = person.pk
        delete_as_office(self.office, person)
        return pk

    # Given ``tables``, a dump() of the database as it is now, the answers below are read
    # again only when the tables they depend on differ from the last time: the walk asks
    # after every request, and most requests change nothing.

    def family_ids(self, tables=None):
        """Stadt Löhne and its units."""

        def read():
            return set(Institution.objects.family_of(self.loehne).values_list("pk", flat=True))

        return self._remembered("family", tables, ["institutions.Institution"], read)

    def inside_member_ids(self, tables=None):
        def read():
            family = self.family_ids(tables)
            return set(Member.objects.filter(institution__in=family).values_list("pk", flat=True))

        return self._remembered(
            "inside", tables, ["institutions.Institution", "members.Member"], read
        )

    def outside_names(self, tables=None):
        """Everyone of another institution, public or not, deleted ones included."""

        def read():
            family = self.family_ids(tables)
            outside = Member.objects.exclude(institution__in=family).exclude(pk=self.mover.pk)
            return {m.full_name for m in outside} | {"Otto Fremdling", "Verena Verborgen"}

        return self._remembered(
            "outside", tables, ["institutions.Institution", "members.Member"], read
        )

    def _remembered(self, name, tables, labels, read):
        if tables is None:
            return read()
        rows = [tables[label] for label in labels]
        if name not in self._memory or self._memory[name][0] != rows:
            self._memory[name] = (rows, read())
        return self._memory[name][1]


def signed_in(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    # The admin index sets the CSRF cookie, as a browser would get it.
    client.get(reverse("admin:index"))
    return client


def csrf_token(client):
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def post(client, url, data=None):
    return client.post(url, {**(data or {}), "csrfmiddlewaretoken": csrf_token(client)})


def form_data(client, url, **changes):
    """What a browser would send back from the form at ``url``, as ``client`` sees it."""
    response = client.get(url)
    if response.status_code != 200 or "adminform" not in (response.context or {}):
        return {}
    return change_form_data(response, **changes)


# --- what may differ between two snapshots (tests/snapshots.py) ----------------------


def forbidden_changes(world, before, after):
    """The changes the Löhne editor must not be able to make, with the reason."""
    family = world.family_ids(after)
    inside_members = world.inside_member_ids(after)
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
        elif label in CONTACT_TABLES:
            ok = row["institution_id"] in family
        elif label == "institutions.Phone_languages":
            ok = after["institutions.Phone"][row["phone_id"]]["institution_id"] in family
        elif label == "widunetz.Translation":
            ok = translated_in_scope(row, after, family, institution_type)
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


CONTACT_TABLES = {
    f"institutions.{m.__name__}" for m in (Location, Phone, ConsultationHour, Closure)
}


def translated_in_scope(row, tables, family, institution_type):
    """A translation of an institution of the family, or of one of its places, phones …"""
    if row["content_type_id"] == institution_type:
        return row["object_id"] in family
    label = ContentType.objects.get_for_id(row["content_type_id"]).model_class()._meta.label
    if label not in CONTACT_TABLES:
        return False
    translated = tables[label].get(row["object_id"])
    return translated is not None and translated["institution_id"] in family


def named_outsiders(world, response, tables=None):
    """The outsiders ``response`` names; ``tables``: a dump() taken after it, if there is one."""
    text = response.content.decode(errors="replace") + response.get("Location", "")
    return sorted(name for name in world.outside_names(tables) if name in text)


# --- every URL the admin registers ----------------------------------------------------
