"""What residents look for: topics (with their age rules) and counselling languages,
and the counting of both on the lists."""

from collections import Counter

import reversion
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from widunetz.translation import localized

from ..services import LANGUAGES, RTL_LANGUAGES


def age_range_condition(age, prefix=""):
    """Rows whose ``minimum_age``–``maximum_age`` (either may be open) includes ``age``."""
    return (
        Q(**{f"{prefix}minimum_age__isnull": True}) | Q(**{f"{prefix}minimum_age__lte": age})
    ) & (Q(**{f"{prefix}maximum_age__isnull": True}) | Q(**{f"{prefix}maximum_age__gte": age}))


def age_range_constraint(name):
    return models.CheckConstraint(
        condition=Q(minimum_age__isnull=True)
        | Q(maximum_age__isnull=True)
        | Q(maximum_age__gte=models.F("minimum_age")),
        name=name,
        violation_error_message=_("Das Höchstalter darf nicht unter dem Mindestalter liegen."),
    )


class AgeRange(models.Model):
    """Who may come by age (HSDS ``minimum_age`` and ``maximum_age``); empty is no limit."""

    minimum_age = models.PositiveSmallIntegerField(
        _("Mindestalter"), null=True, blank=True, help_text=_("leer: keine Untergrenze")
    )
    maximum_age = models.PositiveSmallIntegerField(
        _("Höchstalter"), null=True, blank=True, help_text=_("leer: keine Obergrenze")
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        low, high = self.minimum_age, self.maximum_age
        if low is not None and high is not None and high < low:
            raise ValidationError(
                {"maximum_age": _("Das Höchstalter darf nicht unter dem Mindestalter liegen.")}
            )
        for name, value in (("minimum_age", low), ("maximum_age", high)):
            if value is not None and value > 120:
                raise ValidationError({name: _("Bitte ein Alter zwischen 0 und 120 angeben.")})

    @property
    def has_age_range(self):
        return self.minimum_age is not None or self.maximum_age is not None

    def admits_age(self, age):
        return (self.minimum_age is None or self.minimum_age <= age) and (
            self.maximum_age is None or age <= self.maximum_age
        )


class ServiceQuerySet(models.QuerySet):
    def for_age(self, age):
        return self.filter(age_range_condition(age))

    def get_by_natural_key(self, slug):
        # Fixtures name topics by their slug, which stays while ids may differ.
        return self.get(slug=slug)


@reversion.register()
class Service(AgeRange):
    """A topic residents look for help with (MBE, JMD, Flüchtlingsberatung …).

    Editors keep the list: its names and plain explanations are translated like any
    record's texts. The slug is the topic's address (``?thema=mbe``) and never changes.
    An age range here is the topic's rule ("MBE: ab 27"); an institution may narrow it.
    """

    slug = models.SlugField(
        _("Kurzname in der Adresse"),
        max_length=40,
        unique=True,
        help_text=_("Erscheint in Links (?thema=…); nach der Veröffentlichung nicht mehr ändern."),
    )
    name = models.CharField(_("Name"), max_length=120, unique=True)
    explanation = models.CharField(_("Erklärung in einfachen Worten"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    objects = ServiceQuerySet.as_manager()

    translations = GenericRelation("widunetz.Translation")
    translatable_fields = ("name", "explanation")

    class Meta:
        # Not "institutions_service": the table of the topics fixed in code had that
        # name, and PostgreSQL's index names follow it (migration 0008 has both at once).
        db_table = "institutions_topic"
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["order", "name"]
        constraints = [age_range_constraint("service_age_range_in_order")]

    def __str__(self):
        return localized(self, "name")

    def natural_key(self):
        return (self.slug,)


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
