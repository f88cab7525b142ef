"""The filters of the Termine page: by town and by working group, plain GET parameters."""

import django_filters
from django.utils.translation import gettext_lazy as _

from institutions.models import Municipality
from widunetz.widgets import Select

from .events import Termin
from .models import WorkingGroup


class TerminFilterSet(django_filters.FilterSet):
    gemeinde = django_filters.ModelChoiceFilter(
        label=_("Stadt oder Gemeinde"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        method="filter_municipality",
        empty_label=_("alle Städte und Gemeinden"),
        widget=Select,
    )
    arbeitskreis = django_filters.ModelChoiceFilter(
        label=_("Arbeitskreis"),
        queryset=WorkingGroup.objects.all(),
        to_field_name="slug",
        method="filter_group",
        empty_label=_("alle Arbeitskreise"),
        widget=Select,
    )

    class Meta:
        model = Termin
        fields = []

    def filter_municipality(self, queryset, name, value):
        return queryset.in_municipality(value)

    def filter_group(self, queryset, name, value):
        return queryset.of_group(value)
