"""What every app's admin shares: valid autocompletes, the translation table."""

from django import forms
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _

from .models import Translation
from .widgets import AutocompleteSelect


class ValidAutocompleteMixin:
    """``autocomplete_fields`` for single records with widunetz's AutocompleteSelect."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
