"""The columns of the office's files: each cell read as the text the editor sees in
Excel, and written into a record the way the admin's form would write it.

A column shows what the exports show ("0152 28817386 (Mobil)", "Wohlfahrtsverband",
"kreisweit") and reads the same text back, in any of the site's languages; what it
cannot read is refused with a message naming the cell's text.
"""

import csv
import datetime
import functools
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from widunetz.identifiers import identifier
from widunetz.phones import normalize

from .models import Institution, Language, Municipality, PhoneKind, Service

UUID = "uuid"
# Spreadsheet programs run a cell that starts with one of these as a formula; the
# exports put an apostrophe before it, and the import takes it off again.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
REQUIRED = gettext_lazy("Dieses Feld darf nicht leer sein.")


def safe_cell(value):
    value = str(value or "")
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def csv_text(headers, rows):
    buffer = io.StringIO()
    # German Excel opens UTF-8 only with a BOM and splits on ";".
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue()


def cell_text(value):
    """A cell as the text the editor sees: Excel hands over numbers, dates and times."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value.time()
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    if isinstance(value, datetime.date):
        return german_date(value)
    text = str(value).strip()
    if text[:1] == "'" and text[1:].startswith(FORMULA_PREFIXES):
        text = text[1:]
    return text


def german_date(day):
    return f"{day.day}.{day.month}.{day.year}" if day else ""


def in_every_language(label):
    """``label`` as each language of the site says it, folded for comparing."""
    # Asked for each cell of a choice: a file of a thousand rows asked it thousands of times.
    return _in_every_language(label, translation.get_language())


@functools.lru_cache(maxsize=512)
def _in_every_language(label, language):
    words = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words.add(str(label).casefold())
    return frozenset(words)


def split_list(text):
    return [part.strip() for part in text.split(",") if part.strip()]


class Column(Field):
    """One column of the file: what it shows of a record, and what it writes into one."""

    def __init__(self, label, attribute=None, *, required=False, readonly=False, read=None):
        with translation.override("de"):
            header = str(label)
        super().__init__(attribute=attribute, column_name=header, readonly=readonly)
        self.label, self.required, self.reader = label, required, read

    def read(self, obj):
        if self.reader is not None:
            return self.reader(obj)
        return getattr(obj, self.attribute)

    def write(self, obj, text, resource):
        # A column without an attribute only helps another find its record (a Träger).
        if self.attribute:
            setattr(obj, self.attribute, text)


class Key(Column):
    """The record's stable identifier (widunetz.identifiers); a new record has none yet."""

    def __init__(self, kind):
        super().__init__(UUID)
        self.kind = kind

    def read(self, obj):
        return str(identifier(self.kind, obj.pk)) if obj.pk else ""


class Choice(Column):
    """A choice written as the page shows it ("Wohlfahrtsverband"); the stored value passes too."""

    def __init__(self, label, attribute, choices, aliases=None, **kwargs):
        super().__init__(label, attribute, **kwargs)
        self.choices, self.aliases = choices, aliases or {}

    def read(self, obj):
        return str(dict(self.choices).get(getattr(obj, self.attribute), ""))

    def write(self, obj, text, resource):
        if not text or text.casefold() in self.aliases:
            default = obj._meta.get_field(self.attribute).get_default()
            setattr(obj, self.attribute, self.aliases.get(text.casefold(), default))
            return
        for value, label in self.choices:
            if text.casefold() in {str(value).casefold(), *in_every_language(label)}:
                setattr(obj, self.attribute, value)
                return
        allowed = ", ".join(str(label) for _value, label in self.choices)
        raise ValidationError(
            _("„%(text)s“ ist keine der Möglichkeiten: %(allowed)s.")
            % {"text": text[:60], "allowed": allowed}
        )


class Phones(Column):
    """The holder's numbers as the exports write them:
    "05221 131234, 0152 28817386 (Mobil), 05221 131235 (Fax)"."""

    def __init__(self, label, **kwargs):
        super().__init__(label, "phones", **kwargs)

    def read(self, obj):
        return phones_in_words(obj.phones.all()) if obj.pk else ""

    def write(self, obj, text, resource):
        wanted = [read_phone(part) for part in split_list(text)]
        have = [(phone.number, phone.kind) for phone in obj.phones.all()] if obj.pk else []
        if wanted != have:
            obj._import_pending[self.attribute] = lambda holder: replace_phones(holder, wanted)


def phones_in_words(phones):
    return ", ".join(
        phone.display
        if phone.kind == PhoneKind.LANDLINE
        else f"{phone.display} ({phone.get_kind_display()})"
        for phone in phones
    )


def read_phone(text):
    """(E.164, kind) of "0152 28817386 (Mobil)"; a ValidationError saying what is wrong."""
    number, _open, kind_text = text.partition("(")
    kind = PhoneKind.LANDLINE
    if kind_text:
        kind_text = kind_text.rstrip(")").strip().casefold()
        found = [
            value for value, label in PhoneKind.choices if kind_text in in_every_language(label)
        ]
        if not found:
            raise ValidationError(
                _("„%(kind)s“ ist keine Art von Telefonnummer (Telefon, Mobil oder Fax).")
                % {"kind": kind_text[:20]}
            )
        kind = found[0]
    return normalize(number), kind


def replace_phones(holder, wanted):
    """The holder's phones become ``wanted``; numbers it keeps keep their notes and languages."""
    from .models import Phone

    kept = []
    for phone in holder.phones.all():
        if (phone.number, phone.kind) in wanted and (phone.number, phone.kind) not in kept:
            kept.append((phone.number, phone.kind))
        else:
            phone.delete()
    for order, (number, kind) in enumerate(wanted):
        if (number, kind) not in kept:
            Phone.objects.create(holder=holder, number=number, kind=kind, order=order)
            kept.append((number, kind))


class Names(Column):
    """A many-to-many relation as names separated by commas; an unknown name is refused."""

    def __init__(self, label, attribute, find, name=str, unknown=None, **kwargs):
        super().__init__(label, attribute, **kwargs)
        self.find, self.name = find, name
        self.unknown = unknown or gettext_lazy("Unbekannt: %(names)s.")

    def read(self, obj):
        return (
            ", ".join(self.name(item) for item in getattr(obj, self.attribute).all())
            if obj.pk
            else ""
        )

    def write(self, obj, text, resource):
        wanted, unknown = [], []
        for name in split_list(text):
            item = self.find(name)
            (unknown if item is None else wanted).append(item or name)
        if unknown:
            raise ValidationError(self.unknown % {"names": ", ".join(n[:60] for n in unknown)})
        have = set(getattr(obj, self.attribute).all()) if obj.pk else set()
        if set(wanted) != have:
            obj._import_pending[self.attribute] = lambda holder: getattr(
                holder, self.attribute
            ).set(wanted)


UNKNOWN_LANGUAGE = gettext_lazy("Unbekannte Beratungssprache: %(names)s.")


def find_language(name):
    from .services import LANGUAGES

    folded = name.casefold()
    for code, own_name in LANGUAGES.items():
        if folded in {code, own_name.casefold()}:
            return Language.objects.filter(code=code).first()
    return None


def find_town(name):
    return Municipality.objects.filter(models.Q(name__iexact=name) | models.Q(slug=name)).first()


def find_topic(name):
    return Service.objects.filter(models.Q(name__iexact=name) | models.Q(slug=name)).first()


def find_institution(name, parent_name=""):
    """The one institution of that name (and Träger, if named), or a ValidationError."""
    found = Institution.objects.filter(name=name)
    if parent_name:
        found = found.filter(parent__name=parent_name)
    found = list(found[:2])
    if not found:
        raise ValidationError(_("Unbekannte Institution „%(name)s“.") % {"name": name[:100]})
    if len(found) > 1:
        raise ValidationError(
            _("Mehrere Institutionen heißen „%(name)s“; bitte die uuid-Spalte verwenden.")
            % {"name": name[:100]}
        )
    return found[0]
