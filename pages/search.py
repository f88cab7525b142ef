"""The site-wide search behind /suche/: every kind of content, grouped by kind."""

from django import forms
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution
from members.models import Member, WorkingGroup
from widunetz.search import search_terms

from .models import Goal, Project, TimelineEntry

RESULTS_PER_KIND = 50


class SiteSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Suchbegriff"),
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def clean_q(self):
        value = self.cleaned_data["q"]
        if not search_terms(value):
            raise forms.ValidationError(
                _(
                    "Bitte geben Sie einen Namen, einen Ort oder ein Thema "
                    "mit Buchstaben oder Ziffern ein."
                )
            )
        return value


def search_everything(text):
    """The kinds with a match, each with its first results and whether there are more."""
    groups = [
        # A result shows the name and the institution (and its Träger), nothing more.
        ("person", _("Personen"), Member.objects.public().for_cards()),
        ("institution", _("Institutionen"), Institution.objects.public().select_related("parent")),
        ("group", _("Arbeitskreise"), WorkingGroup.objects.all()),
        ("goal", _("Ziele"), Goal.objects.all()),
        ("timeline", _("Chronik"), TimelineEntry.objects.all()),
        ("project", _("Gute Beispiele"), Project.objects.all()),
    ]
    results = []
    for kind, label, queryset in groups:
        found = list(queryset.search(text)[: RESULTS_PER_KIND + 1])
        if found:
            results.append(
                {
                    "kind": kind,
                    "label": label,
                    "items": found[:RESULTS_PER_KIND],
                    "more": len(found) > RESULTS_PER_KIND,
                }
            )
    return results
