from django.views.generic import ListView
from django_filters.views import FilterView

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

    def get_context_data(self, **kwargs):
        self.filterset.prepare_form_for_display()
        return super().get_context_data(**kwargs)


class MunicipalityListView(CachedPageMixin, ListView):
    queryset = Municipality.objects.all()
