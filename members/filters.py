import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from institutions.filters import HelpFilters
from institutions.models import Institution, Municipality

from .models import Member, WorkingGroup

QUERY_MAX_LENGTH = 200


class HelpFilterSet(HelpFilters):
    class Meta:
        model = Member
        fields = []


class MemberFilterSet(HelpFilterSet):
    """The members directory's filters, all plain GET parameters so a list can be shared.

    Choices are limited to what the public may see, so a hidden institution is
    neither offered nor accepted in the URL.
    """

    q = django_filters.CharFilter(
        label=_("Name, Funktion oder Institution"),
        method="filter_search",
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    gemeinde = django_filters.ModelChoiceFilter(
        label=_("Stadt oder Gemeinde"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        method="filter_municipality",
        empty_label=_("alle Städte und Gemeinden"),
    )
    institution = django_filters.ModelChoiceFilter(
        label=_("Institution"),
        queryset=Institution.objects.public().filter(parent=None),
        to_field_name="slug",
        method="filter_institution",
        empty_label=_("alle Institutionen"),
    )
    arbeitskreis = django_filters.ModelChoiceFilter(
        label=_("Arbeitskreis"),
        queryset=WorkingGroup.objects.all(),
        to_field_name="slug",
        method="filter_group",
        empty_label=_("alle Arbeitskreise"),
    )
    art = django_filters.ChoiceFilter(
        label=_("Art der Institution"),
        choices=Institution.Kind.choices,
        field_name="institution__kind",
        empty_label=_("alle Arten"),
    )
    sortierung = django_filters.OrderingFilter(
        label=_("Sortierung"),
        fields=(("sort_name", "name"), ("institution__name", "institution")),
        field_labels={"sort_name": _("Name"), "institution__name": _("Institution")},
        empty_label=None,
    )

    class Meta:
        model = Member
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_municipality(self, queryset, name, value):
        return queryset.in_municipality(value)

    def filter_institution(self, queryset, name, value):
        # An institution's people include those of its units (Fachdienste).
        return queryset.filter(institution__in=Institution.objects.family_of(value))

    def filter_group(self, queryset, name, value):
        return queryset.in_group(value)

    @property
    def qs(self):
        queryset = super().qs
        # A stable order for equal names, and "name" then "institution" as a tiebreak.
        ordering = queryset.query.order_by or ("sort_name",)
        return queryset.order_by(*ordering, "sort_name", "pk")
