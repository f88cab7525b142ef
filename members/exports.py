"""The members list as files people take along: CSV for Excel, vCard for address books.

Both carry what the public list and the institutions' and people's pages show,
nothing more: every phone with its kind, the place (the institution's first, else
its Träger's), the booking link, the consultation hours in words and who may come
by age. The prefetches below keep the number of queries the same however many
people a file holds.
"""

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_filters import OrderingFilter

from institutions.columns import csv_text, safe_cell
from institutions.models import ConsultationHour, HourMode, Location, Phone, PhoneKind

CSV_COLUMNS = [
    gettext_lazy("Nachname"),
    gettext_lazy("Vorname"),
    gettext_lazy("Funktion"),
    gettext_lazy("Institution"),
    gettext_lazy("Träger"),
    gettext_lazy("Straße und Hausnummer"),
    gettext_lazy("Postleitzahl"),
    gettext_lazy("Ort"),
    gettext_lazy("Zuständig für"),
    gettext_lazy("Telefon"),
    gettext_lazy("Telefon der Institution"),
    gettext_lazy("E-Mail"),
    gettext_lazy("Internetseite"),
    gettext_lazy("Online-Terminbuchung"),
    gettext_lazy("Sprechzeiten"),
    gettext_lazy("Alter"),
    gettext_lazy("Beratungssprachen"),
    gettext_lazy("Arbeitskreise"),
]
# vCard TYPE of each kind of phone (RFC 6350 6.4.1).
TEL_TYPES = {
    PhoneKind.LANDLINE: "work,voice",
    PhoneKind.MOBILE: "work,cell",
    PhoneKind.FAX: "work,fax",
}
GERMAN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# Seven filters of this length keep a file name below the 255 bytes file systems allow.
NAME_PART_LENGTH = 30


def file_name(filterset, extension):
    """The download's name: what it holds and from when (widunetz-mitglieder-loehne-2026-12-02.csv).

    Each filter that narrows the list adds its word from the address, a search its
    text in ASCII letters; the sorting narrows nothing, and neither does a refused value.
    """
    applied = getattr(filterset.form, "cleaned_data", {})
    parts = ["widunetz", "mitglieder"]
    for name, filter_ in filterset.filters.items():
        if applied.get(name) and not isinstance(filter_, OrderingFilter):
            # A search in Arabic or Cyrillic letters leaves no ASCII word behind.
            parts.append(name_part(filterset.data[name]) or "suche")
    parts.append(timezone.localdate().isoformat())
    return "-".join(parts) + extension


def name_part(text):
    slug = slugify(text.lower().translate(GERMAN_LETTERS))
    if len(slug) > NAME_PART_LENGTH:
        # Cut after a whole word where there is one.
        slug = slug[: NAME_PART_LENGTH + 1].rsplit("-", 1)[0][:NAME_PART_LENGTH]
    return slug


def file_response(body, content_type, name):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def responsibility(institution):
    if institution.county_wide:
        return _("kreisweit")
    return ", ".join(m.name for m in institution.service_area.all())


def csv_response(members, filterset):
    rows = ([safe_cell(value) for value in csv_row(member)] for member in with_contact(members))
    name = file_name(filterset, ".csv")
    return file_response(csv_text(CSV_COLUMNS, rows), "text/csv; charset=utf-8", name)


def csv_row(member):
    institution = member.institution
    place = first_location(institution)
    return [
        member.last_name,
        member.first_name,
        member.function,
        institution.name,
        institution.parent.name if institution.parent else "",
        place.street if place else "",
        place.postal_code if place else "",
        place.city if place else "",
        responsibility(institution),
        phones_in_words(member.phones.all()),
        phones_in_words(institution.export_phones),
        member.email,
        institution.website,
        booking_url(member),
        "; ".join(hour_in_words(hour, place) for hour in hours_of(member)),
        age_range_in_words(member.institution),
        ", ".join(language.name for language in member.languages.all()),
        ", ".join(m.group.name for m in member.current_memberships),
    ]


def with_contact(members):
    """``members`` with what the files add to the cards, in a fixed number of queries."""
    current = ConsultationHour.objects.public().select_related("location")
    return members.prefetch_related(
        Prefetch("hours", queryset=current, to_attr="export_hours"),
        Prefetch("institution__hours", queryset=current, to_attr="export_hours"),
        Prefetch("institution__phones", queryset=Phone.objects.all(), to_attr="export_phones"),
        Prefetch("institution__services", to_attr="export_topics"),
        Prefetch("institution__locations", Location.objects.all(), to_attr="export_places"),
        Prefetch("institution__parent__locations", Location.objects.all(), to_attr="export_places"),
    )


def phones_in_words(phones):
    """The numbers as printed, each with its kind unless a landline:
    "0221 4710123, 0152 28817386 (Mobil), 0221 4710124 (Fax)"."""
    return ", ".join(
        phone.display
        if phone.kind == PhoneKind.LANDLINE
        else f"{phone.display} ({phone.get_kind_display()})"
        for phone in phones
    )


def booking_url(member):
    return member.booking_url or member.institution.booking_url


def hours_of(member, today=None):
    """The person's hours, else their institution's, leaving out those that have ended."""
    today = today or timezone.localdate()
    hours = member.export_hours or member.institution.export_hours
    return [hour for hour in hours if not hour.valid_until or hour.valid_until >= today]


def clock(time):
    return f"{time.hour}:{time.minute:02d}"


def hour_in_words(hour, home=None):
    """The hour as a line of the CSV: "Di 9:00–12:00", "jeden 1. Di im Monat 14:00–16:00
    (Rathaus Löhne)", "alle 2 Wochen Mi 10:00–12:00 (telefonisch, nur mit Termin)".
    A place is named unless it is ``home``, the one in the address columns."""
    day = WEEKDAYS_ABBR[hour.weekday]
    if hour.week_of_month == -1:
        when = _("jeden letzten %(day)s im Monat") % {"day": day}
    elif hour.week_of_month:
        when = _("jeden %(n)s. %(day)s im Monat") % {"n": hour.week_of_month, "day": day}
    elif hour.every_weeks > 1:
        when = _("alle %(n)s Wochen %(day)s") % {"n": hour.every_weeks, "day": day}
    else:
        when = str(day)
    text = f"{when} {clock(hour.starts)}–{clock(hour.ends)}"
    details = []
    if hour.mode == HourMode.IN_PERSON and hour.location_id:
        if home is None or hour.location_id != home.pk:
            details.append(hour.location.name)
    elif hour.mode != HourMode.IN_PERSON:
        details.append(hour.get_mode_display())
    if hour.appointment_needed:
        details.append(_("nur mit Termin"))
    if hour.valid_from and hour.valid_from > timezone.localdate():
        details.append(_("ab %(date)s") % {"date": german_date(hour.valid_from)})
    if hour.valid_until:
        details.append(_("bis %(date)s") % {"date": german_date(hour.valid_until)})
    return f"{text} ({', '.join(details)})" if details else text


def german_date(day):
    return f"{day.day}.{day.month}.{day.year}"


def age_range(institution):
    """(lowest, highest) age the institution counsels: its own range, else its
    Träger's, else the one its topics share; None for an open end."""
    for candidate in (institution, institution.parent):
        if candidate is not None and candidate.has_age_range:
            return candidate.minimum_age, candidate.maximum_age
    topics = institution.export_topics
    if topics and all(topic.has_age_range for topic in topics):
        lows = [topic.minimum_age for topic in topics]
        highs = [topic.maximum_age for topic in topics]
        return (
            None if None in lows else min(lows),
            None if None in highs else max(highs),
        )
    return None, None


def age_range_in_words(institution):
    low, high = age_range(institution)
    # The number last said chooses the plural form, as on the pages (contact.age_range).
    if low is not None and high is not None:
        return ngettext("%(low)s–%(high)s Jahr", "%(low)s–%(high)s Jahre", high) % {
            "low": low,
            "high": high,
        }
    if low is not None:
        return ngettext("ab %(low)s Jahr", "ab %(low)s Jahren", low) % {"low": low}
    if high is not None:
        return ngettext("bis %(high)s Jahr", "bis %(high)s Jahre", high) % {"high": high}
    return ""


def vcard_escape(value):
    # Every kind of line break str.splitlines knows, not only CRLF and LF: readers
    # also end a line at a bare CR (or U+2028 …), and what follows it would be read
    # as a property of its own.
    escaped = str(value).replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return "\\n".join(escaped.splitlines())


def vcard_uri(value):
    # A URI has no escapes in a vCard, and no white space of its own to keep.
    return "".join(str(value).split())


def fold_line(line):
    """RFC 6350 3.2: lines longer than 75 octets continue after CRLF and a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        char_bytes = char.encode()
        if len(current) + len(char_bytes) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += char_bytes
    parts.append(current.decode())
    return "\r\n ".join(parts)


def tel_line(phone, preferred):
    """RFC 3966's global form, straight from the stored E.164 number (tel:+4952214710123)."""
    pref = ";PREF=1" if preferred else ""
    return f"TEL;TYPE={TEL_TYPES.get(phone.kind, 'work,voice')}{pref};VALUE=uri:{phone.tel_url}"


def vcard(member):
    """The person as a vCard 4.0 (RFC 6350), the version with LANG for their languages."""
    institution = member.institution
    organisation = (
        [institution.parent.name, institution.name] if institution.parent else [institution.name]
    )
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "KIND:individual",
        f"FN:{vcard_escape(member.full_name)}",
        f"N:{vcard_escape(member.last_name)};{vcard_escape(member.first_name)};;;",
        "ORG:" + ";".join(vcard_escape(part) for part in organisation),
    ]
    if member.function:
        lines.append(f"TITLE:{vcard_escape(member.function)}")
    place = first_location(institution)
    if place:
        # PO box; extended address; street; locality; region; postal code; country
        address = ["", "", place.street, place.city, "", place.postal_code, ""]
        lines.append("ADR;TYPE=work:" + ";".join(vcard_escape(part) for part in address))
    # The person's own numbers first and preferred, then the institution's, each once.
    own = list(member.phones.all())
    seen = set()
    for phone in [*own, *institution.export_phones]:
        if (phone.number, phone.kind) not in seen:
            seen.add((phone.number, phone.kind))
            lines.append(tel_line(phone, preferred=phone in own))
    emails = dict.fromkeys(email for email in [member.email, institution.email] if email)
    for email in emails:
        pref = ";PREF=1" if email == member.email else ""
        lines.append(f"EMAIL;TYPE=work{pref}:{vcard_escape(email)}")
    if institution.website:
        lines.append(f"URL;TYPE=work:{vcard_uri(institution.website)}")
    booking = booking_url(member)
    if booking:
        lines.append(f"URL;TYPE=work:{vcard_uri(booking)}")
    note = vcard_note(member, booking)
    if note:
        lines.append(f"NOTE:{vcard_escape(note)}")
    for language in member.languages.all():
        lines.append(f"LANG:{vcard_escape(language.code)}")
    lines.append("END:VCARD")
    return "\r\n".join(fold_line(line) for line in lines) + "\r\n"


def vcard_note(member, booking):
    """What a card has no property for: hours, age range and booking, in words."""
    parts = []
    hours = hours_of(member)
    if hours:
        home = first_location(member.institution)
        in_words = "; ".join(hour_in_words(hour, home) for hour in hours)
        parts.append(_("Sprechzeiten: %(hours)s") % {"hours": in_words})
    ages = age_range_in_words(member.institution)
    if ages:
        parts.append(_("Alter: %(ages)s") % {"ages": ages})
    if booking:
        parts.append(_("Online-Terminbuchung: %(url)s") % {"url": booking})
    return "\n".join(parts)


def first_location(institution):
    """The institution's first place, or its Träger's, which a unit may use."""
    for candidate in (institution, institution.parent):
        if candidate is not None and candidate.export_places:
            return candidate.export_places[0]
    return None


def vcard_response(members, filterset):
    body = "".join(vcard(member) for member in with_contact(members))
    return file_response(body, "text/vcard; charset=utf-8", file_name(filterset, ".vcf"))
