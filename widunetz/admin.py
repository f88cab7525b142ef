"""The translation table every record with texts shows on its admin form."""

from django import forms
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _

from .models import Translation


class TranslationInline(GenericTabularInline):
    """Translations of a record's texts, one row per field and language."""

    model = Translation
    extra = 0
    fields = ["field", "language", "text"]
    verbose_name = _("Übersetzung")
    verbose_name_plural = _("Übersetzungen (ohne Übersetzung wird der deutsche Text gezeigt)")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        labels = {
            f: self.parent_model._meta.get_field(f).verbose_name
            for f in self.parent_model.translatable_fields
        }
        formset.form.base_fields["field"] = forms.ChoiceField(
            label=_("Feld"), choices=list(labels.items())
        )
        return formset
