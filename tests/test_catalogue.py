"""The catalogue the tests take their pages from (tests/catalogue.py) holds every public page,
and says truly what each one reads and whether it is cached."""

import pytest
from django.urls import URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern
from django.views.generic import RedirectView

from tests import catalogue
from widunetz.pagecache import CachedPageMixin


def leaves(patterns, route="", namespace=""):
    """Each route of ``patterns`` as (full route, namespaced name, pattern), includes opened."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from leaves(pattern.url_patterns, route + str(pattern.pattern), inner)
        else:
            name = ":".join(filter(None, [namespace, pattern.name])) if pattern.name else None
            yield route + str(pattern.pattern), name, pattern


def test_every_route_under_the_language_prefixes_has_a_page_in_the_catalogue():
    in_languages = [
        resolver.url_patterns
        for resolver in get_resolver().url_patterns
        if isinstance(resolver, URLResolver) and isinstance(resolver.pattern, LocalePrefixPattern)
    ]
    routes = {name for patterns in in_languages for _route, name, _pattern in leaves(patterns)}
    assert len(routes) > 10
    missing = routes - {page.route for page in catalogue.PAGES} - set(catalogue.PERSONAL_ROUTES)
    assert not missing, f"add these to tests/catalogue.py: {sorted(missing)}"


def test_every_address_outside_the_language_prefixes_is_in_the_catalogue():
    """But the admin, which is for editors, and the redirect from /de/… to the pages."""
    outside = [
        pattern
        for pattern in get_resolver().url_patterns
        if not isinstance(getattr(pattern, "pattern", None), LocalePrefixPattern)
    ]
    routes = {
        route
        for route, _name, pattern in leaves(outside)
        if not route.startswith("verwaltung/")
        and getattr(pattern.callback, "view_class", None) is not RedirectView
    }
    assert routes == {resolve(address).route for address in catalogue.MACHINE_ADDRESSES}


# Not "page": that is pytest-playwright's fixture, and overriding it reorders the session.
@pytest.mark.parametrize("public_page", catalogue.PAGES, ids=str)
def test_the_catalogue_says_whether_a_page_is_cached_and_what_it_reads(public_page):
    view_function = resolve(public_page.path()).func
    view = view_function.view_class(**view_function.view_initkwargs)
    assert isinstance(view, CachedPageMixin) == public_page.cached
    if public_page.cached:
        assert set(public_page.reads) == view.known_parameters()
    for query in public_page.queries:
        assert set(query) <= set(public_page.reads)
