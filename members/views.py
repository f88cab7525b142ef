from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from pages.translation import with_translations
from widunetz.pagecache import CachedPageMixin
from widunetz.pagination import ForgivingPaginationMixin

from .cards import attach_cards, people_with_cards
from .exports import csv_response, vcard_response
from .filters import MemberFilterSet
from .models import Member, WorkingGroup


class MemberListView(CachedPageMixin, ForgivingPaginationMixin, FilterView):
    filterset_class = MemberFilterSet
    template_name = "members/member_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Member.objects.public().for_cards()

    def rows_by_pk(self, pks):
        return people_with_cards(pks)

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
        return self.render_file(context["object_list"])


class WorkingGroupListView(CachedPageMixin, ListView):
    def get_queryset(self):
        return with_translations(WorkingGroup.objects.with_member_counts())


class WorkingGroupDetailView(CachedPageMixin, DetailView):
    def get_queryset(self):
        return with_translations(WorkingGroup.objects.all())

    def get_context_data(self, **kwargs):
        members = attach_cards(Member.objects.public().in_group(self.object).for_cards().preview())
        return super().get_context_data(members=members, **kwargs)


member_csv = MemberExportView.as_view(render_file=csv_response)
member_vcard = MemberExportView.as_view(render_file=vcard_response)
