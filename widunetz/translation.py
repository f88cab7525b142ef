"""Showing editors' content in the visitor's language, or in German, marked as such."""

from django.db.models import Prefetch
from django.utils.translation import get_language

from .models import Translation

SOURCE_LANGUAGE = "de"


def with_translations(queryset, prefix=""):
    """Prefetch the current language's translations (nothing to fetch for German)."""
    language = get_language()
    if language == SOURCE_LANGUAGE:
        return queryset
    return queryset.prefetch_related(
        Prefetch(
            f"{prefix}translations",
            queryset=Translation.objects.filter(language=language),
            to_attr="current_translations",
        )
    )


class LocalizedText(str):
    """The text to show, knowing whether it fell back to German."""

    is_fallback = False


def localized(obj, field):
    source = getattr(obj, field) or ""
    language = get_language()
    if language == SOURCE_LANGUAGE or not source:
        return LocalizedText(source)
    translations = getattr(obj, "current_translations", None)
    if translations is None:
        translations = obj.translations.filter(language=language)
    for translation in translations:
        if translation.field == field and translation.language == language and translation.text:
            return LocalizedText(translation.text)
    text = LocalizedText(source)
    text.is_fallback = True
    return text
