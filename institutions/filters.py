from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from widunetz.translation import with_translations
from widunetz.widgets import Select

from .models import Institution, Language, Municipality, Service

MAX_AGE = 120
AGE_MESSAGE = _("Bitte ein Alter als ganze Zahl von 0 bis 120 angeben.")


class AgeFilter(django_filters.Filter):
    field_class = forms.IntegerField


def form_in_order(*names):
    """A filter form showing ``names`` first, whatever base they were declared on."""
    return type("OrderedFilterForm", (forms.Form,), {"field_order": list(names)})


class HelpFilters(django_filters.FilterSet):
    """What residents ask first: which kind of help, in which language.

    Shared by the lists of people and of institutions; both querysets offer
    ``offering()`` and ``speaking()``.
    """

    thema = django_filters.ModelChoiceFilter(
        label=_("Wobei brauchen Sie Hilfe?"),
        queryset=Service.objects.all(),
        to_field_name="slug",
        method="filter_service",
        empty_label=_("alle Themen"),
        widget=Select,
    )
    sprache = django_filters.ModelChoiceFilter(
        label=_("Beratung in der Sprache"),
        queryset=Language.objects.all(),
        to_field_name="code",
        method="filter_language",
        empty_label=_("alle Sprachen"),
        widget=Select,
    )

    alter = AgeFilter(
        label=_("Alter der Person, die Hilfe sucht"),
        method="filter_age",
        min_value=0,
        max_value=MAX_AGE,
        error_messages={
            "invalid": AGE_MESSAGE,
            "min_value": AGE_MESSAGE,
            "max_value": AGE_MESSAGE,
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_AGE, "inputmode": "numeric"}),
    )
    offen = django_filters.ChoiceFilter(
        label=_("Sprechzeit"),
        choices=[("jetzt", _("jetzt geöffnet"))],
        method="filter_open",
        empty_label=_("alle Zeiten"),
        error_messages={"invalid_choice": _("Bitte „jetzt geöffnet“ oder „alle Zeiten“ wählen.")},
        widget=Select,
    )
    termin = django_filters.ChoiceFilter(
        label=_("Terminvereinbarung"),
        choices=[("ohne", _("offene Sprechstunde ohne Termin"))],
        method="filter_appointment",
        empty_label=_("mit oder ohne Termin"),
        error_messages={
            "invalid_choice": _("Bitte „ohne Termin“ oder „mit oder ohne Termin“ wählen.")
        },
        widget=Select,
    )

    # Said instead of a choice nobody can make yet.
    nothing_offered = {
        "thema": _("Zu Themen ist noch nichts eingetragen."),
        "sprache": _("Beratung in anderen Sprachen ist noch nicht eingetragen."),
    }

    def prepare_form_for_display(self):
        """Offer only the topics and languages someone offers, each with its count.

        Counted over everything the list could show (``self.queryset``), a query for
        the topics and one for the languages, only for choices some record carries.
        A choice already in the address stays, with its 0, so the form says what
        was chosen; where nothing is offered at all the form says so in a sentence.
        """
        services = list(
            with_translations(self._worth_counting(Service.objects, ("institutions",), "thema"))
        )
        languages = list(
            self._worth_counting(Language.objects, ("institutions", "members"), "sprache")
        )
        service_counts, language_counts = self.queryset.count_offers(services, languages)
        self._offer(self.form["thema"], services, service_counts)
        self._offer(self.form["sprache"], languages, language_counts)

    def _worth_counting(self, choices, relations, name):
        """The choices some record carries at all, and the one in the address."""
        carried = reduce(or_, (Q(**{f"{relation}__isnull": False}) for relation in relations))
        key = self.filters[name].field.to_field_name
        return choices.filter(carried | Q(**{key: self.form[name].value() or ""})).distinct()

    def _offer(self, bound_field, choices, counts):
        field = bound_field.field
        chosen = bound_field.value()
        key = field.to_field_name
        options = [
            (getattr(choice, key), f"{choice} ({count})")
            for choice, count in zip(choices, counts, strict=True)
            if count or getattr(choice, key) == chosen
        ]
        if options:
            field.widget.choices = [("", field.empty_label), *options]
        else:
            field.widget = forms.HiddenInput()
            field.nothing_offered = self.nothing_offered[bound_field.name]

    def filter_service(self, queryset, name, value):
        return queryset.offering(value)

    def filter_language(self, queryset, name, value):
        return queryset.speaking(value)

    def filter_age(self, queryset, name, value):
        # The topic asked about has an age rule of its own ("JMD: 12 to 27").
        return queryset.for_age(value, self.form.cleaned_data.get("thema"))

    def filter_open(self, queryset, name, value):
        return queryset.open_now()

    def filter_appointment(self, queryset, name, value):
        return queryset.without_appointment()


class InstitutionHelpFilterSet(HelpFilters):
    """The same questions over institutions, for a town's page."""

    class Meta:
        model = Institution
        fields = []


class MunicipalityFilter(django_filters.FilterSet):
    """Who is responsible for a town: its own offices and the county-wide ones."""

    gemeinde = django_filters.ModelChoiceFilter(
        label=_("Stadt oder Gemeinde"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        method="filter_municipality",
        empty_label=_("alle Städte und Gemeinden"),
        widget=Select,
    )

    def filter_municipality(self, queryset, name, value):
        return queryset.for_municipality(value)


class InstitutionFilterSet(HelpFilters, MunicipalityFilter):
    q = django_filters.CharFilter(
        label=_("Name der Institution"),
        method="filter_search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    art = django_filters.ChoiceFilter(
        label=_("Art der Institution"),
        field_name="kind",
        choices=Institution.Kind.choices,
        empty_label=_("alle Arten"),
        widget=Select,
    )

    class Meta:
        model = Institution
        fields = []
        form = form_in_order("q", "gemeinde", "thema", "alter", "sprache", "offen", "termin", "art")

    def filter_search(self, queryset, name, value):
        return queryset.search(value)
