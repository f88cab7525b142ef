"""The fixed choices of phones and consultation hours."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PhoneKind(models.TextChoices):
    LANDLINE = "festnetz", _("Telefon")
    MOBILE = "mobil", _("Mobil")
    FAX = "fax", _("Fax")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Montag")
    TUESDAY = 1, _("Dienstag")
    WEDNESDAY = 2, _("Mittwoch")
    THURSDAY = 3, _("Donnerstag")
    FRIDAY = 4, _("Freitag")
    SATURDAY = 5, _("Samstag")
    SUNDAY = 6, _("Sonntag")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("jeden ersten")
    SECOND = 2, _("jeden zweiten")
    THIRD = 3, _("jeden dritten")
    FOURTH = 4, _("jeden vierten")
    LAST = -1, _("jeden letzten")


class HourMode(models.TextChoices):
    IN_PERSON = "vor_ort", _("vor Ort")
    PHONE = "telefon", _("telefonisch")
    ONLINE = "online", _("online oder per Video")
