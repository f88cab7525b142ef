import datetime
from dataclasses import replace

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import render
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from institutions.filters import InstitutionHelpFilterSet
from institutions.hours import Schedule
from institutions.hours import now as hours_now
from institutions.models import (
    Closure,
    ConsultationHour,
    Institution,
    InstitutionStatus,
    Language,
    Location,
    Municipality,
    Phone,
    Service,
)
from widunetz.pagecache import CachedPageMixin
from widunetz.pagination import ForgivingPaginationMixin
from widunetz.translation import with_translations

from .events import PartnerTermineMixin
from .exports import csv_response, vcard_response
from .feeds import hours_in_town
from .filters import HelpFilterSet, MemberFilterSet, TerminFilterSet
from .models import Member, Membership, WorkingGroup

# How far ahead a town's page lists consultation hours.
UPCOMING_DAYS = 14
# As many as a phone's reader goes through; a town with more names how many follow.
UPCOMING_SHOWN = 30
# How many coming meetings a working group's page shows.
MEETINGS_SHOWN = 6
# What the rules of an hour read (institutions.hours): enough to find the soonest.
RULE_FIELDS = (
    *("content_type_id", "object_id", "institution_id", "weekday", "week_of_month"),
    *("every_weeks", "starts", "ends", "valid_from", "valid_until", "open_on_holidays"),
)


class MemberListView(CachedPageMixin, ForgivingPaginationMixin, FilterView):
    filterset_class = MemberFilterSet
    template_name = "members/member_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Member.objects.public().with_related()

    def get_context_data(self, **kwargs):
        self.filterset.prepare_form_for_display()
        return super().get_context_data(**kwargs)


class MemberExportView(CachedPageMixin, FilterView):
    """The filtered list as a file; the same filters as the page, without paging."""

    filterset_class = MemberFilterSet
    render_file = None

    def get_queryset(self):
        return Member.objects.public().with_related()

    def render_to_response(self, context, **response_kwargs):
        return self.render_file(context["object_list"], self.filterset)


class WorkingGroupListView(CachedPageMixin, ListView):
    def get_queryset(self):
        return with_translations(WorkingGroup.objects.with_member_counts())


class WorkingGroupDetailView(PartnerTermineMixin, CachedPageMixin, DetailView):
    def get_queryset(self):
        return with_translations(WorkingGroup.objects.all())

    def get_context_data(self, **kwargs):
        members = Member.objects.public().in_group(self.object).with_related().preview()
        # The next meetings; the Termine page lists them all.
        termine = self.termine().in_group(self.object).upcoming().for_display()
        return super().get_context_data(
            members=members,
            termine=with_translations(termine).preview(MEETINGS_SHOWN),
            **kwargs,
        )


class TerminListView(PartnerTermineMixin, CachedPageMixin, ForgivingPaginationMixin, FilterView):
    """The network's coming Termine, by town and working group (members.events)."""

    filterset_class = TerminFilterSet
    template_name = "members/event_list.html"
    paginate_by = 20

    def get_queryset(self):
        return with_translations(self.termine().upcoming().for_display())

    def get_context_data(self, **kwargs):
        # For the list of every hours' calendar (members.feeds).
        return super().get_context_data(
            municipalities=Municipality.objects.all(),
            topics=with_translations(Service.objects.all()),
            languages=Language.objects.all(),
            **kwargs,
        )


class EndedEntryMixin:
    """An ended institution's page, and its people's, answer 410 Gone, not 404.

    The entry keeps its address and history; the page says it ended and names the
    service that took over, if the editors named one.
    """

    def ended_institution(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            ended = self.ended_institution()
            if ended is None:
                raise
            successor = ended.successor if ended.successor and ended.successor.listed else None
            context = {"ended": ended, "successor": successor}
            return render(request, "members/gone.html", context, status=410)


def contact_prefetches(prefix=""):
    """A holder's phones (with their languages), hours (with their places) and
    closures, each with the visitor's translations: three to six queries, however many."""
    phones = Phone.objects.prefetch_related("languages")
    hours = ConsultationHour.objects.public().select_related("location")
    return [
        Prefetch(f"{prefix}phones", queryset=with_translations(phones)),
        Prefetch(f"{prefix}hours", queryset=with_translations(hours)),
        Prefetch(f"{prefix}closures", queryset=with_translations(Closure.objects.all())),
    ]


def location_prefetches(prefix=""):
    """An institution's places and its Träger's, which a unit without its own uses."""
    locations = with_translations(Location.objects.all())
    return [
        Prefetch(f"{prefix}locations", queryset=locations),
        Prefetch(f"{prefix}parent__locations", queryset=locations),
    ]


class ContactPageMixin:
    """What a page says about reaching an institution or a person: status, hours,
    "open now" or the next hour, closures and places, from the rows prefetched with
    the page (a fixed number of queries, however many hours)."""

    def contact_context(self, institution, hours, closures):
        schedule = Schedule(hours, closures, {institution.pk: institution})
        today = schedule.moment.date()
        self.keep_while_true(schedule)
        organisation_places = institution.parent.locations.all() if institution.parent else []
        return {
            "status": institution.status_on(today),
            "hours": schedule.hours,
            "next_occurrence": schedule.next(),
            "upcoming_closures": sorted(
                (closure for closure in closures if closure.ends >= today),
                key=lambda closure: (closure.starts, closure.ends, closure.pk),
            ),
            # A unit without places of its own receives people at its Träger's.
            "locations": list(institution.locations.all()) or list(organisation_places),
        }

    def keep_while_true(self, schedule):
        """Keep the page in the shared cache only while "open now" stays true:
        not when an hour begins or ends before the cached page would expire."""
        lifetime = datetime.timedelta(seconds=settings.PAGE_CACHE_SECONDS)
        moment = schedule.moment
        changes = [
            occurrence.start if occurrence.start > moment else occurrence.end
            for occurrence in schedule.occurrences(days=1)
        ]
        if changes and min(changes) - moment < lifetime:
            self.request.page_cache = None


class MemberDetailView(EndedEntryMixin, ContactPageMixin, CachedPageMixin, DetailView):
    """A person's own page: how to reach them, their hours, languages and groups."""

    def get_queryset(self):
        current = Membership.objects.current().select_related("group")
        return with_translations(
            Member.objects.public()
            .for_cards()
            .prefetch_related(
                "languages",
                Prefetch("memberships", queryset=current, to_attr="current_memberships"),
                *contact_prefetches(),
                *contact_prefetches("institution__"),
                *location_prefetches("institution__"),
            ),
            prefix="institution__",
        )

    def get_context_data(self, **kwargs):
        member = self.object
        institution = member.institution
        own_hours = list(member.hours.all())
        closures = [*member.closures.all(), *institution.closures.all()]
        return super().get_context_data(
            # Without hours of their own, the person is met at their institution's.
            hours_of_institution=not own_hours,
            **self.contact_context(institution, own_hours or institution.hours.all(), closures),
            **kwargs,
        )

    def ended_institution(self):
        # Public once, in an institution that has ended since.
        member = (
            Member.objects.filter(slug=self.kwargs["slug"], is_public=True)
            .select_related("institution__successor")
            .first()
        )
        institution = member and member.institution
        if institution and institution.status == InstitutionStatus.ENDED and institution.is_public:
            return institution
        return None


# An institution's and a town's pages list their people, so they live here, where
# the imports point down to institutions.
class InstitutionDetailView(EndedEntryMixin, ContactPageMixin, CachedPageMixin, DetailView):
    template_name = "institutions/institution_detail.html"

    def get_queryset(self):
        # Only the detail page shows services and counselling languages.
        return with_translations(
            Institution.objects.public()
            .with_related()
            .prefetch_related(
                Prefetch("services", queryset=with_translations(Service.objects.all())),
                "languages",
                *contact_prefetches(),
                *location_prefetches(),
            )
        )

    def ended_institution(self):
        return (
            Institution.objects.filter(
                slug=self.kwargs["slug"], status=InstitutionStatus.ENDED, is_public=True
            )
            .select_related("successor")
            .first()
        )

    def get_context_data(self, **kwargs):
        institution = self.object
        return super().get_context_data(
            units=Institution.objects.public().filter(parent=institution),
            members=Member.objects.public()
            .filter(institution__in=Institution.objects.family_of(institution))
            .with_related()
            .preview(),
            **self.contact_context(
                institution, institution.hours.all(), list(institution.closures.all())
            ),
            **kwargs,
        )


class MunicipalityDetailView(CachedPageMixin, DetailView):
    """One town's contacts: its own offices first, then those serving the whole county.

    County-wide institutions belong on every town's page because residents of
    any town can turn to them, but they are listed apart so nobody mistakes
    them for an office in town. One holding an outreach hour (Außensprechstunde)
    in town is listed with the town's own, marked as such.
    """

    template_name = "institutions/municipality_detail.html"
    queryset = Municipality.objects.all()
    query_parameters = tuple(HelpFilterSet.base_filters)

    def get_context_data(self, **kwargs):
        municipality = self.object
        help_filter = HelpFilterSet(self.request.GET, queryset=Member.objects.public())
        help_filter.prepare_form_for_display()
        valid = help_filter.is_valid()
        public_members = help_filter.qs.with_related() if valid else Member.objects.none()
        institutions = InstitutionHelpFilterSet(
            self.request.GET, queryset=Institution.objects.public().with_related()
        )
        local = Institution.objects.local_to(municipality)
        return super().get_context_data(
            filter=help_filter,
            local_institutions=(
                institutions.qs.local_to(municipality) if valid else Institution.objects.none()
            ).preview(),
            local_members=public_members.filter(institution__in=local).preview(),
            # By organisation (a unit under its Träger), the German way; the ids keep two
            # organisations of the same folded name apart for the template's grouping.
            county_members=public_members.filter(institution__county_wide=True)
            .exclude(institution__in=local)
            .order_by(
                Coalesce("institution__parent__sort_name", "institution__sort_name"),
                Coalesce("institution__parent_id", "institution_id"),
                "sort_name",
            )
            .preview(),
            **dict(zip(("upcoming", "upcoming_more"), self.upcoming_hours(), strict=True)),
            **kwargs,
        )

    def upcoming_hours(self):
        """The next 14 days' consultation hours in town, soonest first: its offices' and
        the county-wide services' outreach hours, each with its person if a person holds
        it; the soonest UPCOMING_SHOWN and how many follow (a fixed number of queries).

        A town may hold thousands of hours: the rules are read with the columns they
        need only, and the places, institutions, people and notes of the hours shown."""
        today = hours_now().date()
        rules = (
            hours_in_town(self.object)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
            .only(*RULE_FIELDS)
        )
        rules = list(rules)
        ids = {hour.institution_id for hour in rules}
        closures = Closure.objects.filter(institution__in=ids, ends__gte=today)
        # Only an institution closed for a while or ended takes its hours out.
        shut = Institution.objects.filter(pk__in=ids).exclude(status=InstitutionStatus.ACTIVE)
        found = Schedule(rules, closures, shut.in_bulk()).occurrences(days=UPCOMING_DAYS)
        shown = found[:UPCOMING_SHOWN]
        hours = ConsultationHour.objects.filter(pk__in={o.hour.pk for o in shown})
        hours = with_translations(hours.select_related("location", "institution")).in_bulk()
        person_type = ContentType.objects.get_for_model(Member).pk
        people = Member.objects.public().in_bulk(
            [hour.object_id for hour in hours.values() if hour.content_type_id == person_type]
        )
        for hour in hours.values():
            is_person = hour.content_type_id == person_type
            hour.person = people.get(hour.object_id) if is_person else None
        shown = [replace(o, hour=hours[o.hour.pk]) for o in shown]
        return shown, max(len(found) - UPCOMING_SHOWN, 0)


member_csv = MemberExportView.as_view(render_file=csv_response)
member_vcard = MemberExportView.as_view(render_file=vcard_response)
