"""The members list as files people take along: CSV for Excel, vCard for address books.

Both carry what the public list and the institutions' pages show, nothing more.
"""

import csv
import io
import re

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import OrderingFilter

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
    gettext_lazy("E-Mail"),
    gettext_lazy("Internetseite"),
    gettext_lazy("Beratungssprachen"),
    gettext_lazy("Arbeitskreise"),
]
# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
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


def safe_cell(value):
    value = str(value or "")
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def csv_response(members, filterset):
    buffer = io.StringIO()
    # German Excel opens UTF-8 only with a BOM and splits on ";".
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for member in members:
        institution = member.institution
        place = first_location(institution)
        writer.writerow(
            safe_cell(value)
            for value in [
                member.last_name,
                member.first_name,
                member.function,
                institution.name,
                institution.parent.name if institution.parent else "",
                place.street if place else "",
                place.postal_code if place else "",
                place.city if place else "",
                responsibility(institution),
                ", ".join(phone.display for phone in member.phones.all()),
                member.email,
                institution.website,
                ", ".join(language.name for language in member.languages.all()),
                ", ".join(m.group.name for m in member.current_memberships),
            ]
        )
    name = file_name(filterset, ".csv")
    return file_response(buffer.getvalue(), "text/csv; charset=utf-8", name)


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


PHONE_NUMBER = re.compile(r"\+?[0-9 ()/.-]+")


def tel_uri(phone):
    """RFC 3966's global form of a German number: "05221 13-0" is tel:+495221130.

    A local number in a tel URI would need a phone-context; one with words in it
    ("13-0 oder 13-1234") is no single number at all.
    """
    phone = phone.strip()
    if not PHONE_NUMBER.fullmatch(phone):
        return None
    digits = "".join(ch for ch in phone.replace("(0)", "") if ch.isdigit())
    if phone.startswith("+"):
        number = digits
    elif digits.startswith("00"):
        number = digits[2:]
    elif digits.startswith("0"):
        number = "49" + digits[1:]
    else:
        return None
    # E.164 numbers have at most 15 digits.
    return f"tel:+{number}" if len(number) <= 15 else None


def tel_line(phone, preferred):
    pref = ";PREF=1" if preferred else ""
    uri = tel_uri(phone)
    if uri:
        return f"TEL;TYPE=work,voice{pref};VALUE=uri:{uri}"
    return f"TEL;TYPE=work,voice{pref}:{vcard_escape(phone)}"


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
    # The person's own numbers first and preferred, then the institution's.
    own = [phone.number for phone in member.phones.all()]
    phones = dict.fromkeys([*own, *(phone.number for phone in institution.phones.all())])
    for phone in phones:
        lines.append(tel_line(phone, preferred=phone in own))
    emails = dict.fromkeys(email for email in [member.email, institution.email] if email)
    for email in emails:
        pref = ";PREF=1" if email == member.email else ""
        lines.append(f"EMAIL;TYPE=work{pref}:{vcard_escape(email)}")
    if institution.website:
        lines.append(f"URL;TYPE=work:{vcard_uri(institution.website)}")
    for language in member.languages.all():
        lines.append(f"LANG:{vcard_escape(language.code)}")
    lines.append("END:VCARD")
    return "\r\n".join(fold_line(line) for line in lines) + "\r\n"


def first_location(institution):
    """The institution's first place, or its Träger's, which a unit may use."""
    for candidate in (institution, institution.parent):
        if candidate is not None:
            places = candidate.locations.all()
            if places:
                return places[0]
    return None


def vcard_response(members, filterset):
    body = "".join(vcard(member) for member in members)
    return file_response(body, "text/vcard; charset=utf-8", file_name(filterset, ".vcf"))
