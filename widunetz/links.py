"""Addresses, reversed or translated once per language.

A list page links each card to its institution and working groups, and every
page its navigation and its six languages: dozens of ``reverse()`` and
``translate_url()`` calls at about 0.1 ms each, an eighth of an uncached list
page in the profile. An address follows from the URLconf, the language and the
script prefix alone, none of which an edit changes, so it is remembered per
process. This is no cache of content: nothing here ever needs invalidating.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse, translate_url
from django.utils.translation import get_language


def reverse_slug(viewname, slug):
    """``reverse(viewname, kwargs={"slug": slug})``, remembered."""
    return _reverse(viewname, slug, *_context())


def reverse_name(viewname):
    """``reverse(viewname)`` for an address without arguments, remembered."""
    return _reverse(viewname, None, *_context())


def translate_path(full_path, language):
    """``translate_url(full_path, language)``, the path's part remembered."""
    path, question, query = full_path.partition("?")
    return _translate(path, language, *_context()) + question + query


def _context():
    return get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF


@lru_cache(maxsize=16384)
def _reverse(viewname, slug, language, script_prefix, urlconf):
    kwargs = {"slug": slug} if slug is not None else None
    return reverse(viewname, kwargs=kwargs, urlconf=urlconf)


# Any address a visitor types reaches this (a 404 page has language links too):
# a bounded number is remembered.
@lru_cache(maxsize=4096)
def _translate(path, language, current, script_prefix, urlconf):
    return translate_url(path, language)
