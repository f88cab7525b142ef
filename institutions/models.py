from collections import Counter

import reversion
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from widunetz.links import reverse_slug
from widunetz.pagination import PreviewMixin
from widunetz.search import SearchableModel, SearchQuerySet, fold

from .services import LANGUAGES, RTL_LANGUAGES, SERVICES


class Service(models.Model):
    """A kind of help residents look for (MBE, JMD, Flüchtlingsberatung …)."""

    slug = models.SlugField(
        _("Kurzname"),
        primary_key=True,
        max_length=40,
        choices=[(k, v[0]) for k, v in SERVICES.items()],
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        ordering = ["order", "slug"]

    def __str__(self):
        return str(self.name)

    @property
    def name(self):
        return SERVICES[self.slug][0]

    @property
    def explanation(self):
        return SERVICES[self.slug][1]


class Language(models.Model):
    """A language counselling is offered in, by its ISO 639-1 code."""

    code = models.CharField(
        _("Sprachcode (ISO 639-1)"), primary_key=True, max_length=3, choices=list(LANGUAGES.items())
    )

    class Meta:
        verbose_name = _("Beratungssprache")
        verbose_name_plural = _("Beratungssprachen")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return LANGUAGES[self.code]

    @property
    def direction(self):
        return "rtl" if self.code in RTL_LANGUAGES else "ltr"


@reversion.register()
class Municipality(models.Model):
    class Kind(models.TextChoices):
        TOWN = "stadt", _("Stadt")
        MUNICIPALITY = "gemeinde", _("Gemeinde")

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), unique=True)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("Stadt oder Gemeinde")
        verbose_name_plural = _("Städte und Gemeinden")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_slug("members:municipality-detail", self.slug)


class OfferQuerySet(models.QuerySet):
    """Filtering and counting by what residents ask first: a kind of help, a language.

    Subclasses say what "offers ``service``" and "speaks ``language``" mean for their
    rows: as conditions with subqueries for the filters (no DISTINCT over a long
    list), and as the relations those conditions follow (``service_paths``,
    ``language_paths``, one or two each) for the counts next to the choices, which
    group by them: a query per list of choices, whatever its length.
    tests/test_cards_and_choices.py checks that each count is what its choice shows.
    """

    service_paths = ()
    language_paths = ()

    def offering_condition(self, service):
        raise NotImplementedError

    def speaking_condition(self, language):
        raise NotImplementedError

    def offering(self, service):
        return self.filter(self.offering_condition(service))

    def speaking(self, language):
        return self.filter(self.speaking_condition(language))

    def count_offers(self, services, languages):
        """How many of these rows offer each of ``services`` and speak each of
        ``languages``: two lists of counts in their order, a query for each list
        that is not empty."""
        return (
            self._count_by(self.service_paths, services),
            self._count_by(self.language_paths, languages),
        )

    def _count_by(self, paths, choices):
        """Rows per choice along one relation or either of two, in one query: a count
        grouped by each relation, less those that reach the same choice both ways."""
        if not choices:
            return []
        rows = self.order_by()
        parts = [
            rows.filter(**{f"{path}__isnull": False})
            .values_list(path)
            .annotate(n=models.Count("pk"), sign=models.Value(1))
            for path in paths
        ]
        if len(paths) == 2:
            first, second = paths
            parts.append(
                rows.filter(**{first: models.F(second)})
                .values_list(first)
                .annotate(n=models.Count("pk"), sign=models.Value(-1))
            )
        counts = Counter()
        for choice, n, sign in parts[0].union(*parts[1:], all=True).order_by():
            counts[choice] += sign * n
        return [counts[choice.pk] for choice in choices]


class InstitutionQuerySet(PreviewMixin, SearchQuerySet, OfferQuerySet):
    service_paths = ("services",)
    language_paths = ("languages",)

    def public(self):
        """Visible on the public site: the record and every parent above it (``listed``)."""
        return self.filter(listed=True)

    def for_municipality(self, municipality):
        """Institutions responsible for residents of ``municipality``.

        County-wide institutions serve all nine municipalities, so they belong to
        every municipality's list; a town's own office serves only that town.
        """
        # Subqueries instead of joins: no DISTINCT over a large result.
        return self.filter(Q(county_wide=True) | Q(pk__in=self._service_area_ids(municipality)))

    def offering_condition(self, service):
        through = self.model.services.through.objects.filter(service=service)
        return Q(pk__in=through.values("institution"))

    def speaking_condition(self, language):
        through = self.model.languages.through.objects.filter(language=language)
        return Q(pk__in=through.values("institution"))

    def local_to(self, municipality):
        return self.filter(county_wide=False, pk__in=self._service_area_ids(municipality))

    def _service_area_ids(self, municipality):
        through = self.model.service_area.through.objects.filter(municipality=municipality)
        return through.values("institution")

    def in_families_of(self, institutions):
        """``institutions`` with their units and the units' sub-units."""
        return self.filter(
            Q(pk__in=institutions) | Q(parent__in=institutions) | Q(parent__parent__in=institutions)
        )

    def family_of(self, institution):
        return self.in_families_of([institution.pk])

    def edited_by(self, user):
        """The institutions a partner editor may change: their own and its units."""
        return self.in_families_of(self.model.objects.filter(partner_editors=user).values("pk"))

    def with_related(self):
        return self.select_related("parent", "seat").prefetch_related("service_area")


# ``listed`` is left out of the history: a revert writes the row as it was without
# save(), and an old "shown" must not outlive a Träger hidden since. It stays
# unlisted until the revert's form saves it (widunetz.history). ``sort_name`` is
# the name again, folded: the revert's form saves it from the name too.
@reversion.register(exclude=("listed", "sort_name"))
class Institution(SearchableModel):
    class Kind(models.TextChoices):
        WELFARE = "wohlfahrt", _("Wohlfahrtsverband")
        MUNICIPAL = "kommune", _("Stadt oder Gemeinde")
        COUNTY = "kreis", _("Kreisverwaltung")
        AUTHORITY = "behoerde", _("Bundes- oder Landesbehörde")
        LABOUR = "arbeit", _("Arbeitsmarkt")
        EDUCATION = "bildung", _("Bildung")
        YOUTH = "jugend", _("Jugendarbeit")
        OTHER = "sonstige", _("Sonstige")

    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=60, blank=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120, unique=True)
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("gehört zu (Träger)"),
        help_text=_("Für Fachdienste und Abteilungen: die Einrichtung, zu der sie gehören."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    seat = models.ForeignKey(
        Municipality,
        verbose_name=_("Sitz"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seated_institutions",
    )
    county_wide = models.BooleanField(
        _("kreisweit zuständig"),
        default=False,
        help_text=_("Zuständig für alle neun Städte und Gemeinden des Kreises Herford."),
    )
    service_area = models.ManyToManyField(
        Municipality,
        verbose_name=_("zuständig für"),
        blank=True,
        related_name="served_by",
        help_text=_("Nur für Einrichtungen, die nicht kreisweit zuständig sind."),
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Internetseite"), blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    founding_partner = models.BooleanField(
        _("Partner der ersten Stunde"),
        default=False,
        help_text=_("2005 in der ersten Projektgruppe vertreten (AWO, Caritas, Diakonie, DRK)."),
    )
    is_public = models.BooleanField(_("öffentlich sichtbar"), default=True)
    # Public itself and through every parent above it, kept on save: the public
    # lists read one column instead of joining their way up the Träger on every
    # row (at 100,000 people that join was most of a list's database time).
    listed = models.BooleanField(_("auf der Website gezeigt"), default=False, editable=False)
    verified_on = models.DateField(_("zuletzt geprüft am"), null=True, blank=True)
    # As Member.sort_name: the raw name put "AWO" before "Agentur für Arbeit" and
    # "Ärztekammer" after "Zentrum"; the folded name sorts the German way
    # (case and umlauts aside) on every database.
    sort_name = models.CharField(max_length=200, editable=False, blank=True, default="")
    services = models.ManyToManyField(
        Service, verbose_name=_("Angebote"), blank=True, related_name="institutions"
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("Beratungssprachen"), blank=True, related_name="institutions"
    )
    partner_editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Redaktion"),
        blank=True,
        related_name="edited_institutions",
        help_text=_(
            "Konten der Gruppe „Redaktion“, die diese Institution, ihre Fachdienste und "
            "ihre Mitglieder bearbeiten dürfen."
        ),
    )

    objects = InstitutionQuerySet.as_manager()

    translations = GenericRelation("widunetz.Translation")
    translatable_fields = ("description",)

    class Meta:
        verbose_name = _("Institution")
        verbose_name_plural = _("Institutionen")
        ordering = ["sort_name", "pk"]
        indexes = [
            # The lists are sorted by name; the members filter reads the first 101.
            models.Index(fields=["sort_name", "id"], name="institution_sort_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="institution_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_slug("members:institution-detail", self.slug)

    @property
    def organisation(self):
        """The Träger a unit belongs to, or the institution itself."""
        return self.parent or self

    @property
    def display_name(self):
        """A unit's name with its Träger, e.g. "Jugendmigrationsdienst (Diakonisches Werk …)"."""
        if self.parent_id:
            return f"{self.name} – {self.parent.name}"
        return self.name

    def search_parts(self):
        parent = self.parent
        return [self.name, self.short_name, parent and parent.name, parent and parent.short_name]

    def save(self, *args, **kwargs):
        adding, previous_search, previous_listed = self._state.adding, self.search_text, self.listed
        self.sort_name = fold(self.name)[:200]
        # The parent as stored, not as this instance may hold it from an earlier read.
        self.listed = self.is_public and (
            self.parent_id is None
            or Institution.objects.filter(pk=self.parent_id, listed=True).exists()
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "listed", "sort_name"}
        super().save(*args, **kwargs)
        changed = (self.search_text, self.listed) != (previous_search, previous_listed)
        if changed and not adding:
            # People and units are found by their institution's name too, and are
            # shown only where it is: their stored search text and ``listed`` follow.
            # One save each keeps signals and history intact; an institution has a
            # handful of people.
            for unit in self.units.all():
                unit.save()
            for member in self.members.all():
                member.save()
