"""Which institutions a resident may turn to: by town, topic, language, age and hours."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q

from widunetz.pagination import PreviewMixin
from widunetz.search import SearchQuerySet

from ..hours import BERLIN, Schedule, now
from .offers import OfferQuerySet, age_range_condition


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
        """The offices of ``municipality``, and the county-wide services holding an
        outreach hour (Außensprechstunde) at a place there: residents meet both in town."""
        return self.filter(
            Q(county_wide=False, pk__in=self._service_area_ids(municipality))
            | Q(county_wide=True, pk__in=self.reaching_out_to(municipality))
        )

    def reaching_out_to(self, municipality):
        """Ids of county-wide institutions with an hour (their own or their people's)
        at a place in ``municipality``."""
        hours = self._hours().filter(
            location__municipality=municipality, institution__county_wide=True
        )
        return hours.values("institution")

    def hours_in(self, municipality):
        """The consultation hours residents of ``municipality`` can go to in town: those
        at places there of these institutions, if they serve the town (local_to)."""
        return self._hours().filter(
            location__municipality=municipality, institution__in=self.local_to(municipality)
        )

    def _service_area_ids(self, municipality):
        through = self.model.service_area.through.objects.filter(municipality=municipality)
        return through.values("institution")

    def _hours(self):
        """The hours the public may see (ConsultationHour.objects.public())."""
        return self.model._meta.get_field("hours").related_model.objects.public()

    def for_age(self, age, service=None):
        """Who counsels someone of ``age``: the institution's own age range includes it,
        and the topic asked about does (``service``); without a topic, one of the
        institution's topics does, or it names no topic and so no topic's limit."""
        if service is not None and not service.admits_age(age):
            return self.none()
        rows = self.filter(age_range_condition(age))
        if service is None:
            rows = rows.filter(
                Q(pk__in=self.with_topic_for_age(age)) | ~Q(pk__in=self.with_topic_for_age())
            )
        return rows

    def with_topic_for_age(self, age=None):
        """Ids of institutions offering a topic whose range includes ``age`` (any topic
        without an age)."""
        through = self.model.services.through.objects.all()
        if age is not None:
            through = through.filter(age_range_condition(age, "service__"))
        return through.values("institution")

    def open_now(self):
        """Institutions holding a consultation hour that is going on now."""
        own = ContentType.objects.get_for_model(self.model).pk
        hours = self.hours_open_now()
        return self.filter(pk__in=[h.object_id for h in hours if h.content_type_id == own])

    def hours_open_now(self, moment=None):
        """The consultation hours going on now (at ``moment``), of any holder.

        The database narrows them to today's weekday and time of day; the rules,
        holidays, closures and an institution's status are then asked in Python,
        over these few rows only: three queries, however long the directory.
        """
        from . import Closure, InstitutionStatus

        moment = (moment or now()).astimezone(BERLIN)
        today, time = moment.date(), moment.time()
        hours = list(
            self._hours().filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=today),
                Q(valid_until__isnull=True) | Q(valid_until__gte=today),
                weekday=today.weekday(),
                starts__lte=time,
                ends__gt=time,
            )
        )
        if not hours:
            return []
        ids = {hour.institution_id for hour in hours}
        closures = Closure.objects.filter(institution__in=ids, starts__lte=today, ends__gte=today)
        institutions = self.model.objects.filter(pk__in=ids).exclude(
            status=InstitutionStatus.ACTIVE
        )
        schedule = Schedule(hours, closures, institutions.in_bulk(), moment=moment)
        return [occurrence.hour for occurrence in schedule.open_now()]

    def walk_in_hours(self):
        """Hours one may come to without an appointment, where the institution does not
        ask for one either (its holder's own rule is the caller's to add)."""
        return self._hours().filter(appointment_needed=False, institution__appointment_only=False)

    def without_appointment(self):
        """Institutions with an open consultation hour of their own, no appointment needed."""
        own = self.walk_in_hours().filter(
            content_type=ContentType.objects.get_for_model(self.model)
        )
        return self.filter(appointment_only=False, pk__in=own.values("object_id"))

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

    def changes_reviewed(self):
        """Institutions whose Redaktion's changes wait for the office: flagged, and their units."""
        return self.in_families_of(
            self.model.objects.filter(review_editor_changes=True).values("pk")
        )

    def reachable_by_mail(self):
        """Institutions one can write to: at their own address or their Redaktion's."""
        with_editors = self.model.objects.filter(partner_editors__in=reachable_accounts())
        return self.filter(~Q(email="") | Q(pk__in=with_editors.values("pk")))

    def for_confirmation(self):
        """With each institution's reachable Redaktion accounts as ``reachable_editors``,
        read for all at once: a request to confirm is mailed to them too."""
        editors = Prefetch(
            "partner_editors",
            queryset=reachable_accounts().order_by("email"),
            to_attr="reachable_editors",
        )
        return self.prefetch_related(editors)

    def with_related(self):
        return self.select_related("parent", "seat").prefetch_related("service_area")


def reachable_accounts():
    """The accounts one can write to: they can still sign in and have an address."""
    return get_user_model()._default_manager.filter(is_active=True).exclude(email="")
