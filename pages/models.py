import re

import reversion
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils import formats
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from widunetz.search import SearchableModel


@reversion.register()
class Goal(SearchableModel):
    title = models.CharField(_("Ziel"), max_length=200)
    explanation = models.CharField(_("Stichwort"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    search_fields = ("title", "explanation")

    translations = GenericRelation("widunetz.Translation")
    translatable_fields = ("title",)

    class Meta:
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


@reversion.register()
class TimelineEntry(SearchableModel):
    class Precision(models.TextChoices):
        YEAR = "jahr", _("Jahr")
        MONTH = "monat", _("Monat")
        DAY = "tag", _("Tag")

    date = models.DateField(
        _("Datum"),
        help_text=_("Bei ungenauem Datum den Ersten des Monats oder 1. Januar eintragen."),
    )
    precision = models.CharField(
        _("Genauigkeit"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    title = models.CharField(_("Titel"), max_length=200)
    text = models.TextField(_("Text"), blank=True)

    search_fields = ("title", "text")

    translations = GenericRelation("widunetz.Translation")
    translatable_fields = ("title", "text")

    class Meta:
        verbose_name = _("Ereignis der Chronik")
        verbose_name_plural = _("Chronik")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.display_date}: {self.title}"

    @property
    def display_date(self):
        """The date as precisely as it is known: "2014", "Juli 2005", "27. Februar 2008"."""
        if self.precision == self.Precision.YEAR:
            return str(self.date.year)
        if self.precision == self.Precision.MONTH:
            return formats.date_format(self.date, "YEAR_MONTH_FORMAT")
        return formats.date_format(self.date, "DATE_FORMAT")

    @property
    def machine_date(self):
        """The value of ``<time datetime>`` at the same precision."""
        if self.precision == self.Precision.YEAR:
            return f"{self.date:%Y}"
        if self.precision == self.Precision.MONTH:
            return f"{self.date:%Y-%m}"
        return self.date.isoformat()


@reversion.register()
class Project(SearchableModel):
    """A good example of the network's joint work, as the brochure lists them."""

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120, unique=True)
    text = models.TextField(_("Text"))
    institutions = models.ManyToManyField(
        "institutions.Institution", verbose_name=_("beteiligte Institutionen"), blank=True
    )
    municipalities = models.ManyToManyField(
        "institutions.Municipality", verbose_name=_("Orte"), blank=True
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    search_fields = ("title", "text")

    translations = GenericRelation("widunetz.Translation")
    translatable_fields = ("title", "text")

    class Meta:
        verbose_name = _("gutes Beispiel")
        verbose_name_plural = _("gute Beispiele")
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:network") + f"#{self.slug}"


@reversion.register()
class NetworkPoint(models.Model):
    """One line of the brochure's lists: what the network created, its advantages."""

    class Section(models.TextChoices):
        ACHIEVEMENT = "geschaffen", _("Was wurde geschaffen?")
        ADVANTAGE = "vorteil", _("Vorteile der Zusammenarbeit")

    section = models.CharField(_("Liste"), max_length=12, choices=Section.choices)
    text = models.CharField(_("Text"), max_length=300)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Unterpunkt von"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    translations = GenericRelation("widunetz.Translation")
    translatable_fields = ("text",)

    class Meta:
        verbose_name = _("Listenpunkt")
        verbose_name_plural = _("Listenpunkte (Geschaffenes, Vorteile)")
        ordering = ["section", "order", "pk"]

    def __str__(self):
        return self.text


@reversion.register()
class Page(models.Model):
    """An editable text page: Impressum, Datenschutz, Barrierefreiheit."""

    slug = models.SlugField(_("Adresse"), unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    body = models.TextField(
        _("Text"),
        help_text=_(
            "Absätze durch eine Leerzeile trennen. Eine Zeile, die mit „## “ beginnt, "
            "wird zur Zwischenüberschrift."
        ),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    translations = GenericRelation("widunetz.Translation")
    translatable_fields = ("title", "body")

    class Meta:
        verbose_name = _("Seite")
        verbose_name_plural = _("Seiten")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(f"pages:{self.slug}")


class Feedback(models.Model):
    """A message sent through the accessibility statement's feedback form.

    Not versioned: a copy in the history would outlive the deletion the privacy
    statement promises after one year.
    """

    name = models.CharField(_("Name"), max_length=100, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    page_url = models.CharField(_("betroffene Seite"), max_length=300, blank=True)
    message = models.TextField(_("Nachricht"), max_length=5000)
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True)
    handled = models.BooleanField(_("erledigt"), default=False)

    class Meta:
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%d.%m.%Y %H:%M} – {self.message[:40]}"


class EmbedHostQuerySet(models.QuerySet):
    def frame_ancestors(self):
        """The sources of the embedded list's ``frame-ancestors``: this site (the admin's
        preview) and every website the office listed."""
        return [CSP.SELF, *self.values_list("address", flat=True)]


# A CSP source the office may list: "*" (any website), or a scheme and a host, the host
# perhaps with "*." in front, a port perhaps; nothing that could end the directive.
# Written for PostgreSQL's and Python's regular expressions alike.
EMBED_HOST_PATTERN = (
    r"^(\*|(https?://)?(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"
    r"(:([0-9]{1,5}|\*))?)$"
)


@reversion.register()
class EmbedHost(models.Model):
    """A partner's website that may show the list of /einbetten/ in a frame.

    Every other page refuses to be framed; this list opens the one exception to
    the websites named here (``frame-ancestors``), or to all, with "*".
    """

    address = models.CharField(
        _("Adresse der Website"),
        max_length=200,
        unique=True,
        help_text=_(
            "Zum Beispiel https://www.vlotho.de, oder https://*.vlotho.de für alle Seiten "
            "unter vlotho.de. Ein einzelnes * erlaubt jeder Website, die Liste einzubetten."
        ),
    )
    note = models.CharField(
        _("Partner"), max_length=200, blank=True, help_text=_("z. B. Stadt Vlotho")
    )

    objects = EmbedHostQuerySet.as_manager()

    class Meta:
        verbose_name = _("Partner-Website zum Einbetten")
        verbose_name_plural = _("Partner-Websites zum Einbetten")
        ordering = ["address"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(address__regex=EMBED_HOST_PATTERN),
                name="embed_host_is_a_source",
                violation_error_message=_(
                    "Bitte nur die Adresse der Website angeben, etwa https://www.vlotho.de "
                    "(ohne Leerzeichen, Anführungszeichen oder Semikolon), oder ein einzelnes *."
                ),
            )
        ]

    def __str__(self):
        return f"{self.address} ({self.note})" if self.note else self.address

    def clean(self):
        """A pasted page address counts as its website: scheme and host, in lower case."""
        address = self.address.strip().lower()
        scheme, separator, rest = address.partition("://")
        if separator:
            address = f"{scheme}://{re.split(r'[/?#]', rest, maxsplit=1)[0]}"
        self.address = address.rstrip("/")


from .opendata_models import DataLicence  # noqa: E402, F401
