"""Phones, consultation hours and closures of institutions and people."""

import reversion
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from widunetz.phones import PhoneNumberField
from widunetz.phones import display as display_phone

from .choices import HourMode, PhoneKind, Weekday, WeekOfMonth
from .institution import Institution
from .location import Location
from .offers import Language


class HeldQuerySet(models.QuerySet):
    def held_by(self, holder):
        return self.filter(
            content_type=ContentType.objects.get_for_model(holder), object_id=holder.pk
        )


class HourQuerySet(HeldQuerySet):
    def public(self):
        """Hours the public may see: of a public institution, held by it or by one of its
        public people, at no place or at a public institution's place. An editor may
        pick any place for an outreach hour, so a place that is not public must not
        reach a page through another's hour."""
        institution_type = ContentType.objects.get_for_model(Institution)
        # member_holder: the reverse name people's GenericRelation gives (members app).
        return self.filter(
            Q(content_type=institution_type) | Q(member_holder__listed=True),
            Q(location__isnull=True) | Q(location__institution__listed=True),
            institution__listed=True,
        )


class Held(models.Model):
    """Something an institution, a unit or a person has: a phone, an hour, a closure.

    The holder is either kind of record (a generic relation: institutions knows
    nothing of people); ``institution`` is the holder or the person's institution,
    kept on save, so scope, lists and counts ask one column.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    holder = GenericForeignKey("content_type", "object_id")
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="+", editable=False
    )

    objects = HeldQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        holder = self.holder
        self.institution_id = (
            holder.pk if isinstance(holder, Institution) else holder.institution_id
        )
        super().save(*args, **kwargs)

    @property
    def held_by_person(self):
        return self.content_type.model_class() is not Institution


@reversion.register()
class Phone(Held):
    """A phone number (HSDS ``phone``): E.164 in the database, national on the page."""

    number = PhoneNumberField(_("Nummer"))
    kind = models.CharField(
        _("Art"), max_length=10, choices=PhoneKind.choices, default=PhoneKind.LANDLINE
    )
    description = models.CharField(
        _("Hinweis"), max_length=100, blank=True, help_text=_("z. B. „Sekretariat“")
    )
    languages = models.ManyToManyField(
        Language,
        verbose_name=_("Sprachen am Telefon"),
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    translations = GenericRelation("widunetz.Translation")
    translatable_fields = ("description",)

    class Meta:
        verbose_name = _("Telefonnummer")
        verbose_name_plural = _("Telefonnummern")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__startswith="+"), name="phone_stored_in_e164"
            ),
        ]

    def __str__(self):
        return self.display

    @property
    def display(self):
        return display_phone(self.number)

    @property
    def tel_url(self):
        return f"tel:{self.number}"

    @property
    def dialable(self):
        return self.kind != PhoneKind.FAX


@reversion.register()
class ConsultationHour(Held):
    """A recurring consultation hour (Sprechzeit; HSDS ``schedule``).

    Weekly, every n weeks from ``valid_from``, or on the n-th weekday of each month,
    as an RFC 5545 rule (institutions.hours); public holidays of North
    Rhine-Westphalia and the holder's closures take it out unless it says otherwise.
    An hour of a county-wide institution at a place in one of the towns is an
    outreach hour (Außensprechstunde): it makes the service local to that town.
    """

    mode = models.CharField(
        _("Art"), max_length=10, choices=HourMode.choices, default=HourMode.IN_PERSON
    )
    # RESTRICT, not PROTECT: a place in use cannot be deleted on its own, but an
    # institution deleted with its places and hours goes in one step.
    location = models.ForeignKey(
        Location,
        verbose_name=_("Standort"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="hours",
        help_text=_("Bei „vor Ort“: wo. Auch ein Standort einer anderen Institution."),
    )
    weekday = models.PositiveSmallIntegerField(_("Wochentag"), choices=Weekday.choices)
    week_of_month = models.SmallIntegerField(
        _("nur in der Woche des Monats"),
        choices=WeekOfMonth.choices,
        null=True,
        blank=True,
        help_text=_("Leer: jede Woche. Sonst z. B. „jeden ersten“ Dienstag im Monat."),
    )
    every_weeks = models.PositiveSmallIntegerField(
        _("alle … Wochen"),
        default=1,
        help_text=_("1: jede Woche; 2: vierzehntägig ab „gültig ab“."),
    )
    starts = models.TimeField(_("von"))
    ends = models.TimeField(_("bis"))
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    open_on_holidays = models.BooleanField(
        _("auch an Feiertagen"),
        default=False,
        help_text=_("Sonst fällt die Sprechzeit an Feiertagen in NRW aus."),
    )
    appointment_needed = models.BooleanField(
        _("nur mit Termin"),
        default=False,
        help_text=_("Leer: offene Sprechstunde, man kann ohne Termin kommen."),
    )
    note = models.CharField(_("Hinweis"), max_length=200, blank=True)

    translations = GenericRelation("widunetz.Translation")
    translatable_fields = ("note",)

    objects = HourQuerySet.as_manager()

    class Meta:
        verbose_name = _("Sprechzeit")
        verbose_name_plural = _("Sprechzeiten")
        ordering = ["weekday", "starts", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["weekday", "starts"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")),
                name="hour_ends_after_it_starts",
                violation_error_message=_("Die Sprechzeit muss enden, nachdem sie beginnt."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="hour_valid_until_after_from",
                violation_error_message=_("„gültig bis“ darf nicht vor „gültig ab“ liegen."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="hour_weekday_in_range"
            ),
            models.CheckConstraint(
                condition=Q(every_weeks__gte=1, every_weeks__lte=8)
                & (Q(every_weeks=1) | Q(valid_from__isnull=False, week_of_month__isnull=True)),
                name="hour_interval_has_start",
                violation_error_message=_(
                    "„alle … Wochen“ braucht ein Datum „gültig ab“ und keine Woche des Monats."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def clean(self):
        super().clean()
        errors = {}
        if self.starts and self.ends and self.ends <= self.starts:
            errors["ends"] = _("Die Sprechzeit muss enden, nachdem sie beginnt.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("„gültig bis“ darf nicht vor „gültig ab“ liegen.")
        if self.every_weeks and self.every_weeks > 1:
            if not self.valid_from:
                errors["valid_from"] = _(
                    "Für „alle … Wochen“ bitte das Datum der ersten Sprechzeit eintragen."
                )
            if self.week_of_month:
                errors["week_of_month"] = _(
                    "Entweder „alle … Wochen“ oder eine Woche des Monats, nicht beides."
                )
        if self.every_weeks is not None and not 1 <= self.every_weeks <= 8:
            errors["every_weeks"] = _("Bitte eine Zahl von 1 bis 8 angeben.")
        if self.mode == HourMode.IN_PERSON and not self.location_id:
            errors["location"] = _("Für eine Sprechzeit vor Ort bitte den Standort wählen.")
        if errors:
            raise ValidationError(errors)

    @property
    def municipality(self):
        return self.location.municipality if self.location_id else None


@reversion.register()
class Closure(Held):
    """A single closure of a holder, e.g. "Urlaub 23.12.–2.1." (first and last day)."""

    starts = models.DateField(_("geschlossen vom"))
    ends = models.DateField(_("bis einschließlich"))
    reason = models.CharField(_("Grund"), max_length=200, blank=True)

    translations = GenericRelation("widunetz.Translation")
    translatable_fields = ("reason",)

    class Meta:
        verbose_name = _("Schließzeit")
        verbose_name_plural = _("Schließzeiten")
        ordering = ["starts", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gte=models.F("starts")),
                name="closure_ends_after_it_starts",
                violation_error_message=_("Das Ende darf nicht vor dem Anfang liegen."),
            ),
        ]

    def __str__(self):
        return f"{self.starts:%d.%m.%Y}–{self.ends:%d.%m.%Y}"

    def clean(self):
        super().clean()
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError({"ends": _("Das Ende darf nicht vor dem Anfang liegen.")})
