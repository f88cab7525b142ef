"""Erase a person for good (DSGVO Art. 17): the record, its memberships and its history.

Deleting a person in the admin keeps them in the change history on purpose ("recover
deleted"). An erasure request needs more: every reversion Version of the person and of
their memberships, revisions left empty by that, the admin's LogEntry rows, and the
name in the comments of revisions that also changed other records (a working group's
"Mitgliedschaft „Peter Köhn – Projektgruppe“ geändert."). Afterwards every text column
of every model is searched for the name; what is left (a feedback message someone
wrote, another person of the same name) is reported, never deleted.
"""

import json
import re
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, models, transaction
from django.db.models.functions import Cast
from reversion.models import Revision, Version

from institutions.models import Institution
from members.models import Member, Membership
from widunetz.search import fold

REDACTED = "[gelöschte Person]"


class UnknownMember(LookupError):
    """No person with that id, neither in the directory nor in the history."""


def json_escaped(text):
    """``text`` as json.dumps writes it by default (``ö`` → ``\\u00f6``).

    The admin stores LogEntry.change_message with json.dumps, so a name with an
    umlaut is in the database only in this form.
    """
    return json.dumps(text)[1:-1]


def with_escaped(terms):
    result = []
    for term in terms:
        for form in (term, json_escaped(term)):
            if form not in result:
                result.append(form)
    return result


def serialized_fields(version):
    """The field values stored in ``version``, or {} when they cannot be read."""
    if version.format == "json":
        try:
            return json.loads(version.serialized_data)[0]["fields"]
        except (ValueError, LookupError, TypeError):
            return {}
    try:
        return {name.removesuffix("_id"): value for name, value in version.field_dict.items()}
    except Exception:  # noqa: BLE001 – a version of an older schema; nothing to learn
        return {}


class Erasure:
    """What belongs to one person: found in the live tables and in the history."""

    def __init__(self, member_id):
        self.member_id = member_id
        self.member_ct = ContentType.objects.get_for_model(Member)
        self.membership_ct = ContentType.objects.get_for_model(Membership)
        self.member = Member.objects.select_related("institution").filter(pk=member_id).first()
        self.member_versions = Version.objects.filter(
            content_type=self.member_ct, object_id=str(member_id)
        )
        self.names = self._names()
        if self.member is None and not self.names:
            raise UnknownMember(
                f"Es gibt kein Mitglied mit der Nummer {member_id}, auch nicht in der "
                "Änderungshistorie. Nichts gelöscht."
            )
        self.first_name, self.last_name = self.names[0]
        self.membership_ids = self._membership_ids()

    def _names(self):
        """(first, last) of the person now and under every name in their history."""
        names = []
        if self.member is not None:
            names.append((self.member.first_name.strip(), self.member.last_name.strip()))
        for version in self.member_versions.order_by("-pk").only("format", "serialized_data"):
            fields = serialized_fields(version)
            name = (
                str(fields.get("first_name") or "").strip(),
                str(fields.get("last_name") or "").strip(),
            )
            if all(name) and name not in names:
                names.append(name)
        return names

    def _membership_ids(self):
        """Memberships of the person, including deleted ones the history remembers."""
        ids = set()
        if self.member is not None:
            ids.update(self.member.memberships.values_list("pk", flat=True))
        versions = Version.objects.filter(content_type=self.membership_ct).only(
            "object_id", "format", "serialized_data"
        )
        for version in versions.iterator(chunk_size=2000):
            if str(serialized_fields(version).get("member")) == str(self.member_id):
                ids.add(version.object_id)
        return sorted({str(pk) for pk in ids})

    @property
    def name_forms(self):
        """The names as people and the admin write them: "Peter Köhn", "Köhn, Peter"."""
        forms = []
        for first, last in self.names:
            for form in (f"{first} {last}", f"{last}, {first}"):
                if form not in forms:
                    forms.append(form)
        return forms

    @property
    def institution_label(self):
        if self.member is not None:
            return self.member.institution.display_name
        for version in self.member_versions.order_by("-pk"):
            institution_id = serialized_fields(version).get("institution")
            institution = Institution.objects.filter(pk=institution_id).first()
            if institution is not None:
                return institution.display_name
        return "unbekannt"

    def name_pattern(self, escaped=False):
        """A full name as a whole: "Peter Köhn", not "Peter Köhnemann"; case as written."""
        forms = with_escaped(self.name_forms) if escaped else self.name_forms
        return re.compile("|".join(rf"(?<!\w){re.escape(form)}(?!\w)" for form in forms))

    def naming(self, queryset, *fields, escaped=False):
        """The pks of rows whose ``fields`` hold the name.

        The database preselects (on SQLite ``contains`` ignores case); the exact
        test is done here.
        """
        forms = with_escaped(self.name_forms) if escaped else self.name_forms
        query = models.Q(pk__in=[])
        for field in fields:
            for form in forms:
                query |= models.Q(**{f"{field}__contains": form})
        pattern = self.name_pattern(escaped)
        return [
            row[0]
            for row in queryset.filter(query).values_list("pk", *fields)
            if any(value and pattern.search(value) for value in row[1:])
        ]

    def versions(self):
        query = (
            models.Q(content_type=self.member_ct, object_id=str(self.member_id))
            | models.Q(content_type=self.membership_ct, object_id__in=self.membership_ids)
            | models.Q(pk__in=self.naming(Version.objects, "object_repr"))
        )
        return Version.objects.filter(query)

    def log_entries(self):
        named = self.naming(LogEntry.objects, "object_repr", "change_message", escaped=True)
        query = (
            models.Q(content_type=self.member_ct, object_id=str(self.member_id))
            | models.Q(content_type=self.membership_ct, object_id__in=self.membership_ids)
            | models.Q(pk__in=named)
        )
        return LogEntry.objects.filter(query)

    def revisions_naming(self):
        return Revision.objects.filter(pk__in=self.naming(Revision.objects, "comment"))

    def erase(self):
        """Delete everything; returns ({(singular, plural): rows}, redacted comments).

        Call inside a transaction.
        """
        counts = {}
        versions = self.versions()
        revision_ids = set(versions.values_list("revision_id", flat=True))
        counts["Version", "Versionen"] = versions.delete()[0]
        emptied = Revision.objects.filter(pk__in=revision_ids, version__isnull=True)
        counts["Revision", "Revisionen"] = emptied.delete()[0]
        redacted = 0
        pattern = self.name_pattern()
        for revision in self.revisions_naming():
            revision.comment = pattern.sub(REDACTED, revision.comment)
            revision.save(update_fields=["comment"])
            redacted += 1
        counts["Eintrag im Admin-Protokoll", "Einträge im Admin-Protokoll"] = (
            self.log_entries().delete()[0]
        )
        memberships = Membership.objects.filter(member_id=self.member_id)
        counts["Mitgliedschaft", "Mitgliedschaften"] = memberships.delete()[0]
        counts["Mitglied", "Mitglieder"] = Member.objects.filter(pk=self.member_id).delete()[0]
        return counts, redacted


def text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    ]


class Needles:
    """What the scan looks for: ``phrases`` anywhere, ``words`` only as whole words.

    A last name alone is often an ordinary word too ("Kraft", "Koch"); as a whole
    word it still finds "Köhn-Team", but not "Arbeitskraft".
    """

    def __init__(self, phrases, words=()):
        self.phrases = with_escaped(phrases)
        self.words = with_escaped(words)
        self.patterns = [re.compile(re.escape(p), re.IGNORECASE) for p in self.phrases] + [
            re.compile(rf"(?<!\w){re.escape(w)}(?!\w)", re.IGNORECASE) for w in self.words
        ]

    def __str__(self):
        return ", ".join(f"„{term}“" for term in [*self.phrases, *self.words] if "\\" not in term)

    def sql_terms(self):
        """For icontains: SQLite folds the case of ASCII letters only, so "KÖHN" as well."""
        terms = []
        for term in [*self.phrases, *self.words]:
            terms += [term] if term.isascii() else [term, term.upper()]
        return terms

    def found_in(self, value, field=None):
        if value is None:
            return False
        if isinstance(value, str) and not isinstance(field, models.JSONField):
            text = value
        else:
            text = json.dumps(value, ensure_ascii=False, default=str)
        return any(pattern.search(text) for pattern in self.patterns)


def scan(needles):
    """Rows of every model that still contain the needles: [(table, pk, fields)]."""
    tables = set(connection.introspection.table_names())
    hits = []
    for model in apps.get_models():
        opts = model._meta
        if opts.proxy or not opts.managed or opts.db_table not in tables:
            continue
        if issubclass(model, AbstractBaseSession):
            hits.extend(scan_sessions(model, needles))
            continue
        fields = text_fields(model)
        if not fields:
            continue
        annotations = {}
        query = models.Q(pk__in=[])
        for field in fields:
            lookup = field.attname
            if isinstance(field, models.JSONField):
                lookup = f"_erase_scan_{field.attname}"
                annotations[lookup] = Cast(field.attname, models.TextField())
            for term in needles.sql_terms():
                query |= models.Q(**{f"{lookup}__icontains": term})
        rows = model._default_manager.annotate(**annotations).filter(query)
        for row in rows.values("pk", *[field.attname for field in fields]):
            matched = [
                field.attname for field in fields if needles.found_in(row[field.attname], field)
            ]
            if matched:  # the database's match may be looser than a whole word
                hits.append((opts.db_table, row["pk"], matched))
    return hits


def scan_sessions(model, needles):
    """Session data is signed and encoded; the name is only visible decoded."""
    for session in model._default_manager.all():
        try:
            decoded = session.get_decoded()
        except Exception:  # noqa: BLE001 – a session with a broken signature
            continue
        if needles.found_in(decoded):
            yield (model._meta.db_table, session.pk, ["session_data (entschlüsselt)"])


def clear_database_caches():
    """Empty every cache kept in a database table; returns the tables.

    Rendered pages (the member list, its CSV and vCard exports) may sit there with
    the name, pickled, so the scan cannot see them. A cache only holds what can be
    made again; emptying it also resets the feedback form's rate-limit counters.
    Other backends (Redis) may be shared with other applications and are left alone.
    """
    tables, others = [], []
    for alias in settings.CACHES:
        cache = caches[alias]
        if isinstance(cache, DatabaseCache):
            if cache._table not in tables:  # two aliases may name one table
                cache.clear()
                tables.append(cache._table)
        elif not isinstance(cache, LocMemCache):  # per process, rate-limit counters only
            others.append(f"{alias} ({type(cache).__name__})")
    return tables, others


def needles_for(erasure):
    """What the scan afterwards looks for: the names as written and folded, the email,
    and the last name alone where it is distinctive."""
    phrases = list(erasure.name_forms)
    phrases += [fold(f"{first} {last}") for first, last in erasure.names]
    if erasure.member is not None and erasure.member.email:
        phrases.append(erasure.member.email)
    words = []
    remaining = {fold(name) for name in Member.objects.values_list("last_name", flat=True)}
    for _first, last in erasure.names:
        # The last name alone only when it is distinctive: long enough and no
        # other person in the directory carries it.
        if len(fold(last)) >= 4 and fold(last) not in remaining:
            words += [last, fold(last)]
    return Needles(
        list(dict.fromkeys(p for p in phrases if p)), list(dict.fromkeys(w for w in words if w))
    )


@dataclass
class Outcome:
    """What an erasure did, and what it found left afterwards."""

    erasure: Erasure
    counts: dict  # {(singular, plural): rows deleted}
    redacted: int  # revision comments with the name blacked out
    cleared_caches: list  # tables of the database caches emptied
    other_caches: list  # caches left alone: "alias (backend)"
    needles: Needles
    leftovers: list  # rows still holding the name: [(table, pk, fields)]

    @property
    def rows(self):
        return sum(self.counts.values())


def erase_member(member_id):
    """Erase the person ``member_id`` for good; raises UnknownMember if there is none."""
    with transaction.atomic():
        # Lock the row and collect inside the transaction: the person may have
        # changed since anyone last looked.
        Member.objects.select_for_update().filter(pk=member_id).first()
        erasure = Erasure(member_id)
        counts, redacted = erasure.erase()
    tables, others = clear_database_caches()
    needles = needles_for(erasure)
    return Outcome(erasure, counts, redacted, tables, others, needles, scan(needles))
