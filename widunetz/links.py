"""Addresses of records by their slug, reversed once per language.

A list page links each card to its institution and working groups: dozens of
``reverse()`` calls at about 0.1 ms each, an eighth of an uncached list page in
the profile. An address follows from the URLconf, the language and the script
prefix alone, none of which an edit changes, so it is remembered per process.
This is no cache of content: nothing here ever needs invalidating.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def reverse_slug(viewname, slug):
    """``reverse(viewname, kwargs={"slug": slug})``, remembered."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(viewname, slug, get_language(), get_script_prefix(), urlconf)


@lru_cache(maxsize=16384)
def _reverse(viewname, slug, language, script_prefix, urlconf):
    return reverse(viewname, kwargs={"slug": slug}, urlconf=urlconf)
