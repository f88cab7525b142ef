"""Termine: dates of the network, its working groups' meetings and its public events.

A meeting of the Kerngruppe, the Projektgruppe (four to six a year) or an
Arbeitskreis (every six weeks), or a public event such as a day of the
Interkulturelle Woche. Most meetings concern the partners only: a Termin is shown
to the public only when its editor ticks "öffentlich"; otherwise only signed-in
partners (staff accounts) see it, never through a cached page (``visible_to``).
"""

import datetime

import reversion
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

from institutions.hours import BERLIN
from institutions.models import Institution, Location, Municipality
from widunetz import two_factor
from widunetz.pagecache import anonymous_get
from widunetz.pagination import PreviewMixin

from .models import WorkingGroup


def is_signed_in_partner(user):
    """A staff account signed in, past its second factor where it needs one: it sees
    the Termine for partners only."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return two_factor.passed(user) or not two_factor.required(user)


class PartnerTermineMixin:
    """A view showing Termine: the public ones from the shared cache, all of them to a
    signed-in partner, whose page no cache keeps (CachedPageMixin serves it live, and
    ``Cache-Control: private`` keeps it out of any cache on the way)."""

    def termine(self):
        request = self.request
        # Without a session cookie nobody is signed in; asking would read the session
        # and mark the cached page "Vary: Cookie".
        if anonymous_get(request):
            return Termin.objects.public()
        return Termin.objects.visible_to(request.user)

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if not anonymous_get(request) and is_signed_in_partner(request.user):
            patch_cache_control(response, private=True)
        return response


class TerminQuerySet(PreviewMixin, models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def visible_to(self, user):
        """All Termine for a signed-in partner, the public ones for everybody else."""
        return self if is_signed_in_partner(user) else self.public()

    def upcoming(self, moment=None):
        """Termine not over yet at ``moment`` (now): going on or still to come."""
        return self.filter(ends__gt=moment or timezone.now())

    def since(self, day):
        """Termine ending on or after ``day`` (a calendar feed keeps some past ones)."""
        return self.filter(ends__gt=datetime.datetime.combine(day, datetime.time(), tzinfo=BERLIN))

    def held_in(self, municipality):
        """The Termine held in the town. Unlike the directory's offices, a county-wide
        Termin (no town) is in none of the towns' lists and feeds: it happens in one
        place, which the list shows, not in every town."""
        return self.filter(municipality=municipality)

    def past(self, moment=None):
        """Termine over at ``moment`` (now)."""
        return self.filter(ends__lte=moment or timezone.now())

    def in_group(self, group):
        return self.filter(group=group)

    def for_display(self):
        """With everything a list or a feed shows of each, in one query."""
        return self.select_related(
            "location__institution", "location__municipality", "municipality", "organiser", "group"
        )


@reversion.register()
class Termin(models.Model):
    title = models.CharField(_("Titel"), max_length=200)
    starts = models.DateTimeField(_("Beginn"))
    ends = models.DateTimeField(_("Ende"))
    # SET_NULL, not RESTRICT as for hours: a place given up must not be kept forever
    # because a past meeting took place there; the free text can say where it was.
    location = models.ForeignKey(
        Location,
        verbose_name=_("Ort im Verzeichnis"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="termine",
        help_text=_("Ein Standort einer Institution. Sonst den Ort als Text eintragen."),
    )
    place = models.CharField(
        _("Ort (als Text)"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „Stadthalle Herford, Saal 2“ oder „online“"),
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Stadt oder Gemeinde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="termine",
        help_text=_("Leer: kreisweit. Bei einem Ort im Verzeichnis: dessen Stadt oder Gemeinde."),
    )
    organiser = models.ForeignKey(
        Institution,
        verbose_name=_("Veranstalter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="termine",
    )
    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("Arbeitskreis oder Gremium"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="termine",
        help_text=_(
            "Bei einer Sitzung der Kerngruppe, der Projektgruppe oder eines Arbeitskreises."
        ),
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    is_public = models.BooleanField(
        _("öffentlich"),
        default=False,
        help_text=_(
            "Sonst sehen den Termin nur angemeldete Partnerinnen und Partner "
            "(Konten der Verwaltung)."
        ),
    )

    translations = GenericRelation("widunetz.Translation")
    translatable_fields = ("title", "description")

    objects = TerminQuerySet.as_manager()

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["starts", "ends", "pk"]
        indexes = [models.Index(fields=["ends", "starts"], name="termin_ends")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gte=models.F("starts")),
                name="termin_ends_after_it_starts",
                violation_error_message=_("Das Ende darf nicht vor dem Beginn liegen."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts):%d.%m.%Y})"

    def save(self, *args, **kwargs):
        # A place in the directory says where the Termin is; the town follows it.
        if self.location_id and self.location.municipality_id:
            self.municipality_id = self.location.municipality_id
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError({"ends": _("Das Ende darf nicht vor dem Beginn liegen.")})

    @property
    def public_location(self):
        """The place in the directory, if its institution is public; else None."""
        location = self.location
        return location if location and location.institution.listed else None

    @property
    def public_organiser(self):
        organiser = self.organiser
        return organiser if organiser and organiser.listed else None

    @property
    def place_text(self):
        """Where, in one line: the public place's name and address, then the free text."""
        parts = []
        if location := self.public_location:
            town = f"{location.postal_code} {location.city}".strip()
            parts += [location.name, location.street, town]
        return ", ".join(part for part in [*parts, self.place] if part)
