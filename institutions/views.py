from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.generic import ListView, View
from django_filters.views import FilterView

from widunetz.pagecache import CachedPageMixin
from widunetz.pagination import ForgivingPaginationMixin

from .columns import csv_text
from .filters import InstitutionFilterSet
from .models import Institution, Municipality
from .resources import InstitutionResource


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


class InstitutionCsvView(CachedPageMixin, View):
    """The public institutions as CSV for Excel, in the columns the office's import reads."""

    def get(self, request):
        dataset = InstitutionResource().export(queryset=Institution.objects.public())
        response = HttpResponse(
            csv_text(dataset.headers, list(dataset)), content_type="text/csv; charset=utf-8"
        )
        name = f"widunetz-institutionen-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
