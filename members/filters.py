import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from institutions.filters import HelpFilters, MunicipalityFilter, form_in_order
from institutions.models import Institution
from widunetz.widgets import Select

from .events import Termin
from .models import Member, WorkingGroup

QUERY_MAX_LENGTH = 200
# A select with more options than this helps nobody (and weighs a megabyte with
# 10,000 institutions); the filter then stays in the address only, and the free
# text search finds people by institution name.
MAX_SELECT_OPTIONS = 100


class HelpFilterSet(HelpFilters):
    class Meta:
        model = Member
        fields = []


class WorkingGroupFilter(django_filters.FilterSet):
    """?arbeitskreis=<slug>, for people and Termine alike: both querysets offer ``in_group()``."""

    arbeitskreis = django_filters.ModelChoiceFilter(
        label=_("Arbeitskreis"),
        queryset=WorkingGroup.objects.all(),
        to_field_name="slug",
        method="filter_group",
        empty_label=_("alle Arbeitskreise"),
        widget=Select,
    )

    def filter_group(self, queryset, name, value):
        return queryset.in_group(value)


class MemberFilterSet(HelpFilterSet, MunicipalityFilter, WorkingGroupFilter):
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
    institution = django_filters.ModelChoiceFilter(
        label=_("Institution"),
        queryset=Institution.objects.public().filter(parent=None),
        to_field_name="slug",
        method="filter_institution",
        empty_label=_("alle Institutionen"),
        widget=Select,
    )
    art = django_filters.ChoiceFilter(
        label=_("Art der Institution"),
        choices=Institution.Kind.choices,
        field_name="institution__kind",
        empty_label=_("alle Arten"),
        widget=Select,
    )
    sortierung = django_filters.OrderingFilter(
        label=_("Sortierung"),
        fields=(("sort_name", "name"), ("institution__sort_name", "institution")),
        field_labels={"sort_name": _("Name"), "institution__sort_name": _("Institution")},
        empty_label=None,
    )

    class Meta:
        model = Member
        fields = []
        form = form_in_order(
            "thema", "alter", "sprache", "offen", "termin", "q", "gemeinde", "institution"
        )

    def prepare_form_for_display(self):
        """Choices for the page's form (the exports never render it)."""
        super().prepare_form_for_display()
        field = self.form.fields["institution"]
        options = [(o.slug, str(o)) for o in field.queryset[: MAX_SELECT_OPTIONS + 1]]
        if len(options) > MAX_SELECT_OPTIONS:
            field.widget = forms.HiddenInput()
        else:
            # These choices, read once, instead of letting the field query them again.
            field.widget.choices = [("", field.empty_label), *options]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_institution(self, queryset, name, value):
        # An institution's people include those of its units (Fachdienste).
        return queryset.filter(institution__in=Institution.objects.family_of(value))

    @property
    def qs(self):
        queryset = super().qs
        # A stable order for equal names, and "name" then "institution" as a tiebreak.
        ordering = queryset.query.order_by or ("sort_name",)
        return queryset.order_by(*ordering, "sort_name", "pk")


class TerminFilterSet(MunicipalityFilter, WorkingGroupFilter):
    """The Termine page's filters, by town and by working group."""

    class Meta:
        model = Termin
        fields = []

    def filter_municipality(self, queryset, name, value):
        return queryset.held_in(value)
