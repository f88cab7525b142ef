import datetime

import reversion
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from institutions.models import (
    Closure,
    ConsultationHour,
    ContactWays,
    Institution,
    Language,
    OfferQuerySet,
    Phone,
    age_range_condition,
)
from widunetz.links import reverse_slug
from widunetz.pagination import PreviewMixin
from widunetz.search import SearchableModel, SearchQuerySet, fold


class WorkingGroupQuerySet(SearchQuerySet, models.QuerySet):
    def with_member_counts(self):
        """Each group with ``member_count``: its current members the public may see."""
        current = Membership.objects.current().filter(member__in=Member.objects.public())
        return self.annotate(
            member_count=models.Count("memberships", filter=Q(memberships__in=current))
        )


@reversion.register(follow=("memberships",))
class WorkingGroup(SearchableModel):
    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=80, unique=True)
    purpose = models.TextField(_("Zweck"), blank=True)
    tasks = models.TextField(_("Aufgaben"), blank=True)
    rhythm = models.CharField(_("Treffen"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    search_fields = ("name", "purpose", "tasks")

    objects = WorkingGroupQuerySet.as_manager()

    translations = GenericRelation("widunetz.Translation")
    translatable_fields = ("purpose", "tasks", "rhythm")

    class Meta:
        verbose_name = _("Arbeitskreis oder Gremium")
        verbose_name_plural = _("Arbeitskreise und Gremien")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_slug("members:workinggroup-detail", self.slug)


class MemberQuerySet(PreviewMixin, SearchQuerySet, OfferQuerySet):
    # As offering_condition() and speaking_condition() below.
    service_paths = ("institution__services", "institution__parent__services")
    language_paths = ("languages", "institution__languages")

    def public(self):
        """People the public may see: the person and their institution are public (``listed``)."""
        return self.filter(listed=True)

    def for_municipality(self, municipality):
        """People whose institution serves ``municipality`` (county-wide ones included)."""
        return self.filter(institution__in=Institution.objects.for_municipality(municipality))

    def for_confirmation(self):
        """As InstitutionQuerySet.for_confirmation: what a request to confirm reads, at once."""
        return self.select_related("institution")

    def offering_condition(self, service):
        """People whose institution, or the Träger of their unit, offers ``service``."""
        offering = Institution.objects.offering(service)
        return Q(institution__in=offering) | Q(institution__parent__in=offering)

    def speaking_condition(self, language):
        """People who counsel in ``language`` themselves or work where it is offered."""
        own = Member.languages.through.objects.filter(language=language).values("member")
        return Q(pk__in=own) | Q(institution__in=Institution.objects.speaking(language))

    def for_age(self, age, service=None):
        """People whose institution counsels someone of ``age`` (as
        InstitutionQuerySet.for_age), a unit by its own topics or its Träger's."""
        if service is not None and not service.admits_age(age):
            return self.none()
        institutions = Institution.objects.all()
        if service is not None:
            return self.filter(institution__in=institutions.for_age(age, service))
        # A unit without topics of its own counsels on its Träger's.
        fitting = institutions.with_topic_for_age(age)
        any_topic = institutions.with_topic_for_age()
        return self.filter(
            Q(institution__in=institutions.filter(age_range_condition(age)))
            & (
                Q(institution__in=fitting)
                | Q(institution__parent__in=fitting)
                | (~Q(institution__in=any_topic) & ~Q(institution__parent__in=any_topic))
            )
        )

    def open_now(self):
        """People holding an hour going on now, or working where one is."""
        member, institution = (
            ContentType.objects.get_for_model(m).pk for m in (Member, Institution)
        )
        hours = Institution.objects.hours_open_now()
        own = [hour.object_id for hour in hours if hour.content_type_id == member]
        office = [hour.object_id for hour in hours if hour.content_type_id == institution]
        return self.filter(Q(pk__in=own) | Q(institution__in=office))

    def without_appointment(self):
        """People one may visit without an appointment: an open hour of their own, or of
        their institution, and neither asks for appointments only."""
        walk_in = Institution.objects.walk_in_hours()
        own = walk_in.filter(content_type=ContentType.objects.get_for_model(Member))
        office = Institution.objects.without_appointment()
        return self.filter(appointment_only=False).filter(
            Q(pk__in=own.values("object_id")) | Q(institution__in=office)
        )

    def in_group(self, group, on=None):
        return self.filter(
            pk__in=Membership.objects.current(on).filter(group=group).values("member")
        )

    def for_cards(self):
        """The rows behind people's cards; members.cards loads the rest for cards it renders."""
        # Without the long search columns, which no card shows and which would
        # widen every row PostgreSQL sorts for a search.
        return self.select_related("institution", "institution__parent").defer(
            "search_text", "institution__search_text", "institution__parent__search_text"
        )

    def with_related(self):
        """Everything a card or an export shows, in a fixed number of queries."""
        return self.for_cards().prefetch_related(*card_prefetches())


def card_prefetches():
    """What a person's card shows besides the person and their institution."""
    current = Membership.objects.current().select_related("group")
    return [
        "institution__service_area",
        "languages",
        "phones",
        Prefetch("memberships", queryset=current, to_attr="current_memberships"),
    ]


# ``listed`` is left out of the history, as on Institution.
@reversion.register(
    follow=("memberships", "phones", "hours", "closures"), exclude=("listed", "sort_name")
)
class Member(SearchableModel, ContactWays):
    class Basis(models.TextChoices):
        OFFICE = "amt", _("Dienstliche Funktion (öffentliche Aufgabe)")
        CONSENT = "einwilligung", _("Einwilligung der Person")

    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    slug = models.SlugField(
        _("Kurzname in der Adresse"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_(
            "Die Adresse der Seite der Person, etwa /mitglieder/vorname-nachname/; "
            "leer: aus dem Namen. "
            "Bleibt bei einer Namensänderung gleich, damit Links nicht brechen."
        ),
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("Institution oder Fachdienst"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    function = models.CharField(
        _("Funktion"),
        max_length=200,
        blank=True,
        help_text=_("z. B. Integrationsbeauftragte, Dezernent"),
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("Beratungssprachen"), blank=True, related_name="members"
    )
    email = models.EmailField(_("E-Mail (dienstlich)"), blank=True)
    is_public = models.BooleanField(
        _("öffentlich sichtbar"),
        default=False,
        help_text=_("Nur öffentlich, wenn eine Rechtsgrundlage für die Veröffentlichung besteht."),
    )
    publication_basis = models.CharField(
        _("Rechtsgrundlage der Veröffentlichung"),
        max_length=20,
        choices=Basis.choices,
        blank=True,
    )
    consent_date = models.DateField(_("Einwilligung erteilt am"), null=True, blank=True)
    # Public itself and through the institution (Institution.listed), kept on save.
    listed = models.BooleanField(_("auf der Website gezeigt"), default=False, editable=False)
    verified_on = models.DateField(_("zuletzt geprüft am"), null=True, blank=True)
    # Sorting by the raw name puts "Bögeholz" after "Buß" on SQLite and orders
    # differently on each PostgreSQL collation; the folded name sorts the German
    # way on every database.
    sort_name = models.CharField(max_length=200, editable=False, blank=True, default="")

    phones = GenericRelation(Phone, related_query_name="member_holder")
    hours = GenericRelation(ConsultationHour, related_query_name="member_holder")
    closures = GenericRelation(Closure, related_query_name="member_holder")

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("Mitglied")
        verbose_name_plural = _("Mitglieder")
        ordering = ["sort_name", "pk"]
        indexes = [
            models.Index(fields=["sort_name", "id"], name="member_sort_name"),
            # Counting a list reads this index alone instead of every person's row.
            models.Index(
                fields=["institution"],
                condition=Q(listed=True),
                name="member_listed_institution",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_public=False) | ~Q(publication_basis=""),
                name="public_member_has_legal_basis",
                violation_error_message=_(
                    "Eine Person kann nur mit einer Rechtsgrundlage veröffentlicht werden."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(publication_basis="einwilligung") | Q(consent_date__isnull=False),
                name="consent_basis_has_date",
                violation_error_message=_("Bei Einwilligung ist das Datum anzugeben."),
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self):
        return reverse_slug("members:member-detail", self.slug)

    def clean(self):
        # The constraints say the same, but a form that lacks one of their fields
        # (the people table on an institution's form has no legal basis) skips them,
        # and the database then refused the row with an error instead of a message.
        errors = {}
        if self.is_public and not self.publication_basis:
            errors["is_public"] = _(
                "Eine Person kann nur mit einer Rechtsgrundlage veröffentlicht werden. "
                "Bitte die Rechtsgrundlage im Formular der Person eintragen."
            )
        if self.publication_basis == self.Basis.CONSENT and not self.consent_date:
            errors["consent_date"] = _("Bei Einwilligung ist das Datum anzugeben.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._free_slug()
        self.sort_name = fold(f"{self.last_name} {self.first_name}")[:200]
        # The institution as stored, not as this instance may hold it from an earlier read.
        self.listed = (
            self.is_public
            and Institution.objects.filter(pk=self.institution_id, listed=True).exists()
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "listed"}
        super().save(*args, **kwargs)
        # A person's phones, hours and closures count for their institution's lists
        # and lie in its editors' scope: they follow a move to another institution.
        for held in (self.phones, self.hours, self.closures):
            for row in held.exclude(institution=self.institution_id):
                row.save()  # Held.save() takes the institution from its holder

    def _free_slug(self):
        base = slugify(f"{self.first_name} {self.last_name}")[:100] or "person"
        slug, n = base, 1
        while Member.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def search_parts(self):
        institution = self.institution
        return [self.first_name, self.last_name, self.function, *institution.search_parts()]


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or datetime.date.today()
        return self.filter(Q(since__isnull=True) | Q(since__lte=on)).filter(
            Q(until__isnull=True) | Q(until__gte=on)
        )


@reversion.register()
class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "mitglied", _("Mitglied")
        CHAIR = "leitung", _("Leitung")
        COORDINATION = "koordination", _("Koordination")

    member = models.ForeignKey(
        Member, verbose_name=_("Mitglied"), on_delete=models.CASCADE, related_name="memberships"
    )
    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("Arbeitskreis"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    since = models.DateField(_("seit"), null=True, blank=True)
    until = models.DateField(_("bis"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["group", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "group", "since"], name="unique_membership_per_period"
            ),
            # NULLs never clash in a unique constraint, so "since unknown" needs its own.
            models.UniqueConstraint(
                fields=["member", "group"],
                condition=Q(since__isnull=True),
                name="unique_membership_without_start",
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True)
                | Q(since__isnull=True)
                | Q(until__gte=models.F("since")),
                name="membership_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.group}"


# Termine of the network (members.events); imported so Django finds them.
from .events import Termin  # noqa: E402, F401

# Confirmation and change requests (members.review); imported so Django finds them.
from .review import ChangeRequest, ConfirmationRequest  # noqa: E402, F401
