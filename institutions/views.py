from django.db.models.functions import Coalesce
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from members.cards import attach_cards
from members.filters import HelpFilterSet
from members.models import Member
from pages.translation import with_translations
from widunetz.pagecache import CachedPageMixin
from widunetz.pagination import ForgivingPaginationMixin

from .filters import InstitutionFilterSet
from .models import Institution, Municipality


class InstitutionListView(CachedPageMixin, ForgivingPaginationMixin, FilterView):
    filterset_class = InstitutionFilterSet
    template_name = "institutions/institution_list.html"
    paginate_by = 30

    def get_queryset(self):
        return Institution.objects.public().with_related()

    def rows_by_pk(self, pks):
        return Institution.objects.with_related().in_bulk(pks)


class InstitutionDetailView(CachedPageMixin, DetailView):
    def get_queryset(self):
        # Only the detail page shows services and counselling languages.
        return with_translations(
            Institution.objects.public().with_related().prefetch_related("services", "languages")
        )

    def get_context_data(self, **kwargs):
        institution = self.object
        return super().get_context_data(
            units=Institution.objects.public().filter(parent=institution),
            members=attach_cards(
                Member.objects.public()
                .filter(institution__in=Institution.objects.family_of(institution))
                .for_cards()
                .preview()
            ),
            **kwargs,
        )


class MunicipalityListView(CachedPageMixin, ListView):
    queryset = Municipality.objects.all()


class MunicipalityDetailView(CachedPageMixin, DetailView):
    """One town's contacts: its own offices first, then those serving the whole county.

    County-wide institutions belong on every town's page because residents of
    any town can turn to them, but they are listed apart so nobody mistakes
    them for an office in town.
    """

    queryset = Municipality.objects.all()
    query_parameters = tuple(HelpFilterSet.base_filters)

    def get_context_data(self, **kwargs):
        municipality = self.object
        help_filter = HelpFilterSet(self.request.GET, queryset=Member.objects.public())
        public_members = (
            help_filter.qs.for_cards() if help_filter.is_valid() else Member.objects.none()
        )
        public_institutions = Institution.objects.public().with_related()
        wanted = help_filter.form.cleaned_data if help_filter.is_valid() else {}
        if wanted.get("thema"):
            public_institutions = public_institutions.offering(wanted["thema"])
        if wanted.get("sprache"):
            public_institutions = public_institutions.speaking(wanted["sprache"])
        return super().get_context_data(
            filter=help_filter,
            local_institutions=public_institutions.local_to(municipality).preview(),
            local_members=attach_cards(
                public_members.filter(
                    institution__in=Institution.objects.local_to(municipality)
                ).preview()
            ),
            county_members=attach_cards(
                public_members.filter(institution__county_wide=True)
                .order_by(Coalesce("institution__parent__name", "institution__name"), "sort_name")
                .preview(),
                level=4,
            ),
            **kwargs,
        )
