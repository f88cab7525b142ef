"""Towns and institutions: who is responsible where, how to reach them, who may come."""

import reversion
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from widunetz.links import reverse_slug
from widunetz.models import Translation
from widunetz.search import SearchableModel, fold

from .offers import AgeRange, Language, Service, age_range_constraint
from .querysets import InstitutionQuerySet


@reversion.register()
class Municipality(models.Model):
    class Kind(models.TextChoices):
        TOWN = "stadt", _("Stadt")
        MUNICIPALITY = "gemeinde", _("Gemeinde")

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), unique=True)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    postal_codes = models.CharField(
        _("Postleitzahlen"),
        max_length=100,
        blank=True,
        help_text=_("durch Kommas getrennt; ein Ort mit anderer Postleitzahl liegt nicht hier"),
    )

    class Meta:
        verbose_name = _("Stadt oder Gemeinde")
        verbose_name_plural = _("Städte und Gemeinden")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_slug("members:municipality-detail", self.slug)

    def has_postal_code(self, postal_code):
        codes = {code.strip() for code in self.postal_codes.split(",") if code.strip()}
        return not codes or postal_code in codes


class ContactWays(models.Model):
    """How to get in touch besides phones and hours, for institutions and people (HSDS
    ``service.url``, ``email``, and attributes of the service)."""

    booking_url = models.URLField(
        _("Online-Terminbuchung"),
        blank=True,
        help_text=_("Internetadresse, unter der man selbst einen Termin buchen kann."),
    )
    online_counselling = models.BooleanField(
        _("Beratung auch online oder per Video"), default=False
    )
    online_url = models.URLField(_("Adresse der Online- oder Videoberatung"), blank=True)
    appointment_only = models.BooleanField(
        _("nur nach Terminvereinbarung"),
        default=False,
        help_text=_("Auch zu den Sprechzeiten nur mit Termin."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.online_url and not self.online_counselling:
            self.online_counselling = True


class Eligibility(AgeRange):
    """Who may come and what it costs (HSDS eligibility, fees and required documents)."""

    eligibility = models.TextField(
        _("Für wen?"),
        blank=True,
        help_text=_("Zielgruppen in Worten, z. B. „Zugewanderte ab 27 Jahren und ihre Familien“."),
    )
    # Not ticked until an editor knows: no source says what a counselling costs, and a
    # ticked default published "kostenlos" for every institution of the brochure.
    free_of_charge = models.BooleanField(
        _("kostenlos"),
        default=False,
        help_text=_("Nur ankreuzen, wenn sicher ist, dass die Beratung nichts kostet."),
    )
    fees_description = models.TextField(_("Kosten"), blank=True)
    required_documents = models.TextField(
        _("Bitte mitbringen"),
        blank=True,
        help_text=_("z. B. Ausweis oder Aufenthaltstitel, Bescheide; eine Angabe pro Zeile."),
    )

    class Meta:
        abstract = True


class InstitutionStatus(models.TextChoices):
    # HSDS service.status: active, temporarily closed, defunct.
    ACTIVE = "aktiv", _("aktiv")
    CLOSED = "geschlossen", _("vorübergehend geschlossen")
    ENDED = "beendet", _("beendet")


# ``listed`` is left out of the history: a revert writes the row as it was without
# save(), and an old "shown" must not outlive a Träger hidden since. It stays
# unlisted until the revert's form saves it (widunetz.history). ``sort_name`` is
# the name again, folded: the revert's form saves it from the name too.
@reversion.register(
    # Places keep a history of their own (LocationAdmin), outside the institution's:
    # reverting an institution must not delete a place added since that other
    # institutions' outreach hours may use (ConsultationHour.location is RESTRICT).
    exclude=("listed", "sort_name"),
    follow=("phones", "hours", "closures"),
)
class Institution(SearchableModel, ContactWays, Eligibility):
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
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Internetseite"), blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    founding_partner = models.BooleanField(
        _("Partner der ersten Stunde"),
        default=False,
        help_text=_("2005 in der ersten Projektgruppe vertreten (AWO, Caritas, Diakonie, DRK)."),
    )
    is_public = models.BooleanField(_("öffentlich sichtbar"), default=True)
    status = models.CharField(
        _("Status"), max_length=12, choices=InstitutionStatus.choices, default="aktiv"
    )
    closed_until = models.DateField(
        _("geschlossen bis"),
        null=True,
        blank=True,
        help_text=_("Bei „vorübergehend geschlossen“: der letzte geschlossene Tag."),
    )
    status_note = models.CharField(
        _("Hinweis"),
        max_length=300,
        blank=True,
        help_text=_("Erscheint oben auf der Seite, z. B. der Grund einer Schließung."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("Nachfolgeangebot"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Bei „beendet“: wohin sich Ratsuchende jetzt wenden."),
    )
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
        Service,
        verbose_name=_("Themen"),
        blank=True,
        related_name="institutions",
        db_table="institutions_institution_topics",  # as Service's table
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

    review_editor_changes = models.BooleanField(
        _("Änderungen der Redaktion prüfen"),
        default=False,
        help_text=_(
            "Was die Redaktion dieser Institution und ihrer Fachdienste ändert, wartet als "
            "Änderungsvorschlag auf die Prüfung durch die Koordinierungsstelle, bevor es "
            "öffentlich wird."
        ),
    )

    objects = InstitutionQuerySet.as_manager()

    translations = GenericRelation("widunetz.Translation")
    translatable_fields = (
        "description",
        "status_note",
        "eligibility",
        "fees_description",
        "required_documents",
    )
    phones = GenericRelation("Phone", related_query_name="institution_holder")
    hours = GenericRelation("ConsultationHour", related_query_name="institution_holder")
    closures = GenericRelation("Closure", related_query_name="institution_holder")

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
            age_range_constraint("institution_age_range_in_order"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        adding, previous_search, previous_listed = self._state.adding, self.search_text, self.listed
        self.sort_name = fold(self.name)[:200]
        # The parent as stored, not as this instance may hold it from an earlier read.
        self.listed = (
            self.is_public
            and self.status != InstitutionStatus.ENDED
            and (
                self.parent_id is None
                or Institution.objects.filter(pk=self.parent_id, listed=True).exists()
            )
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
        parts = [self.name, self.short_name, parent and parent.name, parent and parent.short_name]
        if self.pk:  # the relations below need a saved row; institutions.signals saves again
            parts += self.place_and_topic_names()
        return parts

    def place_and_topic_names(self):
        """Where it counsels (seat, area, places and their towns) and its topics and its
        Träger's, in every language: residents search by town and by topic, in their
        own words ("refugee", "لاجئ"). Stored in the search text, as the name is."""
        topics = Service.objects.filter(institutions__in=[self.pk, self.parent_id]).distinct()
        topic_names = list(topics.values_list("pk", "name"))
        translated = Translation.objects.filter(
            content_type=ContentType.objects.get_for_model(Service),
            object_id__in=[pk for pk, _name in topic_names],
            field="name",
        ).values_list("text", flat=True)
        places = self.locations.values_list("name", "city", "municipality__name")
        return [
            self.seat_id and self.seat.name,
            *self.service_area.values_list("name", flat=True),
            *(part for place in places for part in place),
            *(name for _pk, name in topic_names),
            *translated,
        ]

    def clean(self):
        super().clean()
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError(
                {"successor": _("Ein Angebot kann nicht sein eigenes Nachfolgeangebot sein.")}
            )
        if self.successor_id and self.status != InstitutionStatus.ENDED:
            raise ValidationError(
                {"successor": _("Ein Nachfolgeangebot gibt es nur bei „beendet“.")}
            )
        if self.closed_until and self.status != InstitutionStatus.CLOSED:
            raise ValidationError(
                {"closed_until": _("„geschlossen bis“ gilt nur bei „vorübergehend geschlossen“.")}
            )

    def status_on(self, day):
        """The status as residents see it on ``day``: a closure past its date is over."""
        if (
            self.status == InstitutionStatus.CLOSED
            and self.closed_until
            and self.closed_until < day
        ):
            return InstitutionStatus.ACTIVE
        return self.status
