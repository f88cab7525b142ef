"""The office's import of people and of consultation hours (institutions.resources).

People come in the columns of the people's CSV (members.exports), with the
``uuid`` column first: the columns about the person are read, those about their
institution (address, its phones, its hours, whom it serves) are the
institution's and only shown. A person imported anew is not public until the
office records a legal basis for it in the admin.

Hours have columns of their own: whose hour (an institution, or a person there),
where, and when, as the hour's form in the admin asks it.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from institutions.columns import (
    UNKNOWN_LANGUAGE,
    Choice,
    Column,
    Key,
    Names,
    Phones,
    find_institution,
    find_language,
    german_date,
)
from institutions.hours import first_overlap
from institutions.models import (
    ConsultationHour,
    HourMode,
    Location,
    Municipality,
    Weekday,
    WeekOfMonth,
)
from institutions.resources import OfficeResource

from . import exports
from .models import Member, card_prefetches


def export_label(german):
    """The people's export's own label of the column ``german``: one list of columns."""
    for label in exports.CSV_COLUMNS:
        with translation.override("de"):
            if str(label) == german:
                return label
    raise LookupError(german)


def shown(german, read):
    return Column(export_label(german), readonly=True, read=read)


class Workplace(Column):
    """The person's institution by name; the "Träger" column tells two of a name apart."""

    def read(self, obj):
        return obj.institution.name if obj.institution_id else ""

    def write(self, obj, text, resource):
        obj.institution = find_institution(text, resource.row.get(str(resource.parent_header)))


class Booking(Column):
    """The export writes the institution's booking link for a person without one."""

    def read(self, obj):
        return exports.booking_url(obj) if obj.institution_id else obj.booking_url

    def write(self, obj, text, resource):
        inherited = obj.institution_id and text == obj.institution.booking_url
        if not (inherited and not obj.booking_url):
            obj.booking_url = text


def place(member, part):
    found = exports.first_location(member.institution)
    return getattr(found, part) if found else ""


class MemberResource(OfficeResource):
    kind = "contact"
    parent_header = "Träger"

    class Meta(OfficeResource.Meta):
        model = Member
        name = gettext_lazy("Mitglieder")

    def columns(self):
        return [
            Key("contact"),
            Column(export_label("Nachname"), "last_name", required=True),
            Column(export_label("Vorname"), "first_name", required=True),
            Column(export_label("Funktion"), "function"),
            Workplace(export_label("Institution"), "institution", required=True),
            shown("Träger", lambda m: m.institution.parent.name if m.institution.parent else ""),
            shown("Straße und Hausnummer", lambda m: place(m, "street")),
            shown("Postleitzahl", lambda m: place(m, "postal_code")),
            shown("Ort", lambda m: place(m, "city")),
            shown("Zuständig für", lambda m: exports.responsibility(m.institution)),
            Phones(export_label("Telefon")),
            shown(
                "Telefon der Institution",
                lambda m: exports.phones_in_words(m.institution.export_phones),
            ),
            Column(export_label("E-Mail"), "email"),
            shown("Internetseite", lambda m: m.institution.website),
            Booking(export_label("Online-Terminbuchung"), "booking_url"),
            shown(
                "Sprechzeiten",
                lambda m: "; ".join(
                    exports.hour_in_words(hour, exports.first_location(m.institution))
                    for hour in exports.hours_of(m)
                ),
            ),
            shown("Alter", lambda m: exports.age_range_in_words(m.institution)),
            Names(
                export_label("Beratungssprachen"),
                "languages",
                find_language,
                lambda language: language.name,
                unknown=UNKNOWN_LANGUAGE,
            ),
            shown(
                "Arbeitskreise",
                lambda m: ", ".join(ms.group.name for ms in m.current_memberships),
            ),
        ]

    def name_matches(self, row):
        """The person of that name at the row's institution, else anywhere (a move, which
        the dry run shows in the institution's column)."""
        found = Member.objects.filter(first_name=row.get("Vorname"), last_name=row.get("Nachname"))
        there = found.filter(institution__name=row.get("Institution"))
        return there if there.exists() else found

    def filter_export(self, queryset, **kwargs):
        queryset = queryset.select_related("institution__parent")
        return exports.with_contact(queryset.prefetch_related(*card_prefetches()))


# --- consultation hours ------------------------------------------------------------------

WEEKDAY_SHORT = {str(label)[:2].casefold(): value for value, label in Weekday.choices}
YES = {"ja", "x", "1", "wahr", "true", "yes"}
NO = {"", "nein", "0", "falsch", "false", "no"}


class Flag(Column):
    def read(self, obj):
        return _("ja") if getattr(obj, self.attribute) else _("nein")

    def write(self, obj, text, resource):
        folded = text.casefold()
        if folded not in YES | NO | {_("ja").casefold(), _("nein").casefold()}:
            raise ValidationError(_("Bitte „ja“ oder „nein“ eintragen."))
        setattr(obj, self.attribute, folded in YES or folded == _("ja").casefold())


class Clock(Column):
    def read(self, obj):
        value = getattr(obj, self.attribute)
        return f"{value:%H:%M}" if value else ""

    def write(self, obj, text, resource):
        match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?(?::00)?(?: ?Uhr)?", text)
        if not match or int(match[1]) > 23 or int(match[2] or 0) > 59:
            raise ValidationError(_("„%(text)s“ ist keine Uhrzeit wie 9:00.") % {"text": text[:20]})
        setattr(obj, self.attribute, datetime.time(int(match[1]), int(match[2] or 0)))


class Day(Column):
    def read(self, obj):
        return german_date(getattr(obj, self.attribute))

    def write(self, obj, text, resource):
        setattr(obj, self.attribute, read_date(text) if text else None)


def read_date(text):
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if match:
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            _("„%(text)s“ ist kein Datum wie 31.12.2026.") % {"text": text[:20]}
        ) from None


class Interval(Column):
    def write(self, obj, text, resource):
        if not text:
            obj.every_weeks = 1
        elif text.isdigit() and 1 <= int(text) <= 8:
            obj.every_weeks = int(text)
        else:
            raise ValidationError(_("Bitte eine Zahl von 1 bis 8 angeben."))


class Holder(Column):
    """Whose hour: the institution (with its Träger, if two share a name), or a person there."""

    def read(self, obj):
        return obj.institution.name if obj.institution_id else ""

    def write(self, obj, text, resource):
        institution = find_institution(text, resource.row.get("Träger", ""))
        holder, person = institution, resource.row.get("Person", "")
        if person:
            people = [m for m in institution.members.all() if m.full_name == person]
            if len(people) != 1:
                raise ValidationError(
                    _("Keine Person „%(person)s“ bei „%(institution)s“ gefunden.")
                    % {"person": person[:100], "institution": institution.name}
                )
            holder = people[0]
        if obj.holder != holder:
            obj.holder = holder
        obj.institution = institution


class Place(Column):
    """The place by its name, and by its town ("Ort") where two places share a name."""

    def read(self, obj):
        return obj.location.name if obj.location_id else ""

    def write(self, obj, text, resource):
        town = resource.row.get("Ort", "")
        if not text:
            obj.location = None
            return
        places = Location.objects.filter(name=text)
        if town:
            if not (
                Location.objects.filter(city=town).exists()
                or Municipality.objects.filter(name=town).exists()
            ):
                raise ValidationError(_("Unbekannter Ort „%(town)s“.") % {"town": town[:60]})
            places = places.filter(city=town)
        found = list(places[:2])
        if len(found) != 1:
            raise ValidationError(
                _("Kein eindeutiger Standort „%(name)s“ gefunden.") % {"name": text[:100]}
                if not found
                else _("Mehrere Standorte heißen „%(name)s“; bitte den Ort angeben.")
                % {"name": text[:100]}
            )
        obj.location = found[0]


class HourResource(OfficeResource):
    kind = "schedule"

    class Meta(OfficeResource.Meta):
        model = ConsultationHour
        name = gettext_lazy("Sprechzeiten")

    def columns(self):
        label = gettext_lazy
        return [
            Key("schedule"),
            Holder(label("Institution"), "institution", required=True),
            Column(label("Träger"), readonly=True, read=lambda h: parent_name(h.institution)),
            Column(label("Person"), read=person_name),
            Choice(label("Art"), "mode", HourMode.choices, required=True),
            Place(label("Standort"), "location"),
            Column(label("Ort"), read=lambda h: h.location.city if h.location_id else ""),
            Choice(
                label("Wochentag"), "weekday", Weekday.choices, aliases=WEEKDAY_SHORT, required=True
            ),
            Choice(label("Woche im Monat"), "week_of_month", WeekOfMonth.choices),
            Interval(label("alle … Wochen"), "every_weeks"),
            Clock(label("von"), "starts", required=True),
            Clock(label("bis"), "ends", required=True),
            Day(label("gültig ab"), "valid_from"),
            Day(label("gültig bis"), "valid_until"),
            Flag(label("auch an Feiertagen"), "open_on_holidays"),
            Flag(label("nur mit Termin"), "appointment_needed"),
            Column(label("Hinweis"), "note"),
        ]

    def name_matches(self, row):
        """Without a uuid, the holder's hour on the same day at the same time."""
        probe = ConsultationHour()
        self.row = row
        try:
            self.fields["Institution"].write(probe, row.get("Institution", ""), self)
            self.fields["Wochentag"].write(probe, row.get("Wochentag", ""), self)
            self.fields["von"].write(probe, row.get("von", ""), self)
        except ValidationError:
            return ConsultationHour.objects.none()
        return ConsultationHour.objects.held_by(probe.holder).filter(
            weekday=probe.weekday, starts=probe.starts
        )

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("institution__parent", "location").prefetch_related("holder")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        super().validate_instance(instance, import_validation_errors, validate_unique)
        others = ConsultationHour.objects.filter(
            content_type_id=instance.content_type_id, object_id=instance.object_id
        ).exclude(pk=instance.pk)
        other = first_overlap(instance, others)
        if other is not None:
            raise ValidationError(
                _("Überschneidet sich am selben Ort mit der Sprechzeit „%(other)s“.")
                % {"other": other}
            )


def parent_name(institution):
    return institution.parent.name if institution.parent_id else ""


def person_name(hour):
    # The holder as prefetched: asking the hour's content type cost a query per row.
    holder = hour.holder if hour.content_type_id else None
    return holder.full_name if isinstance(holder, Member) else ""
