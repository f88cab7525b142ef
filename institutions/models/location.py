"""The places where institutions receive people (HSDS ``location``)."""

from urllib.parse import urlencode

import reversion
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .institution import Institution, Municipality


@reversion.register()
class Location(models.Model):
    """A place where an institution receives people (HSDS ``location`` with its
    ``address`` and ``accessibility``)."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("Institution"),
        on_delete=models.CASCADE,
        related_name="locations",
    )
    name = models.CharField(
        _("Bezeichnung"), max_length=200, help_text=_("z. B. „Rathaus Löhne, Zimmer 12“")
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("Postleitzahl"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{5}$", _("Eine Postleitzahl hat fünf Ziffern."))],
    )
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Stadt oder Gemeinde im Kreis"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="locations",
        help_text=_("Leer lassen, wenn der Ort außerhalb des Kreises Herford liegt."),
    )
    osm_url = models.URLField(
        _("Link zu OpenStreetMap"),
        blank=True,
        validators=[
            RegexValidator(
                r"^https://(www\.)?(openstreetmap\.org|osm\.org)/",
                _("Bitte einen Link zu openstreetmap.org angeben."),
            )
        ],
        help_text=_("Leer: der Link wird aus der Adresse oder den Koordinaten gebildet."),
    )
    latitude = models.DecimalField(
        _("Breitengrad"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("Längengrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    directions = models.TextField(
        _("Anfahrt"), blank=True, help_text=_("Haltestelle, Eingang, Stockwerk")
    )
    # Three states each: unknown (empty), yes, no; nothing is claimed that nobody checked.
    step_free = models.BooleanField(_("stufenloser Zugang"), null=True, blank=True)
    lift = models.BooleanField(_("Aufzug"), null=True, blank=True)
    accessible_toilet = models.BooleanField(_("barrierefreies WC"), null=True, blank=True)
    hearing_loop = models.BooleanField(_("Induktionsschleife"), null=True, blank=True)
    accessibility_note = models.TextField(_("Weitere Hinweise zur Barrierefreiheit"), blank=True)

    translations = GenericRelation("widunetz.Translation")
    translatable_fields = ("directions", "accessibility_note")

    class Meta:
        verbose_name = _("Standort")
        verbose_name_plural = _("Standorte")
        ordering = ["institution", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="location_both_coordinates_or_none",
                violation_error_message=_("Bitte Breiten- und Längengrad angeben oder keinen."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.city})" if self.city else self.name

    def clean(self):
        super().clean()
        if self.municipality_id and self.postal_code:
            municipality = Municipality.objects.get(pk=self.municipality_id)
            if not municipality.has_postal_code(self.postal_code):
                raise ValidationError(
                    {
                        "municipality": _(
                            "Die Postleitzahl %(code)s gehört nicht zu %(town)s. Liegt der Ort "
                            "außerhalb des Kreises Herford, bleibt dieses Feld leer."
                        )
                        % {"code": self.postal_code, "town": municipality.name}
                    }
                )

    @property
    def address_lines(self):
        return [line for line in (self.street, f"{self.postal_code} {self.city}".strip()) if line]

    @property
    def map_url(self):
        """The place on OpenStreetMap: the editors' link, else by coordinates or address."""
        if self.osm_url:
            return self.osm_url
        if self.latitude is not None and self.longitude is not None:
            return (
                f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
                f"#map=18/{self.latitude}/{self.longitude}"
            )
        if self.street and (self.postal_code or self.city):
            query = ", ".join(self.address_lines)
            return "https://www.openstreetmap.org/search?" + urlencode({"query": query})
        return ""

    @property
    def accessibility(self):
        """The features known either way, as (name, yes or no)."""
        features = [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in ("step_free", "lift", "accessible_toilet", "hearing_loop")
        ]
        return [(label, value) for label, value in features if value is not None]
