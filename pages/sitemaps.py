"""/sitemap.xml: every public page in every language, each with its other languages.

Each address is listed once per language with ``hreflang`` alternates for all six and
``x-default`` (the unprefixed German page), so a search engine shows a newcomer the page
in their language. A directory of 100,000 people makes 600,000 addresses, and each
carries seven alternates: more than one file may hold (50,000 addresses, 50 MB). So
while the whole site fits into one file of ``LIMIT`` addresses /sitemap.xml is that
file; beyond, it is an index of files at ``/sitemap.xml?section=…&p=…``, each read
with one count and one slice of its rows, never the whole table.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.shortcuts import get_current_site
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from institutions.models import Institution, Municipality
from members.models import Member, WorkingGroup
from widunetz.pagecache import CachedPageMixin

# Addresses per file: with seven alternates each about 1 KB, so a file stays near 5 MB.
LIMIT = 5000


class LanguagePairs:
    """(row, language) for each row of ``items`` and each language, read a slice at a time.

    Django's sitemaps make these pairs of every row at once to page through them; the
    paginator needs only a count and a slice.
    """

    def __init__(self, items, languages):
        self.items, self.languages = items, languages

    def count(self):
        rows = len(self.items) if isinstance(self.items, list) else self.items.count()
        return rows * len(self.languages)

    __len__ = count

    def __getitem__(self, index):
        size = len(self.languages)
        first, stop = index.start or 0, index.stop
        rows = self.items[first // size : -(-stop // size)]
        pairs = [(row, language) for row in rows for language in self.languages]
        offset = first // size * size
        return pairs[first - offset : stop - offset]


class LanguagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = LIMIT

    def _items(self):
        return LanguagePairs(self.items(), self._languages())


class StaticPagesSitemap(LanguagesSitemap):
    def items(self):
        return [
            "pages:home",
            "pages:network",
            "pages:timeline",
            "pages:easy-language",
            "members:member-list",
            "institutions:institution-list",
            "institutions:municipality-list",
            "members:workinggroup-list",
            "members:termin-list",
            "pages:impressum",
            "pages:datenschutz",
            "pages:barrierefreiheit",
            "pages:daten",
        ]

    def location(self, item):
        return reverse(item)


class InstitutionSitemap(LanguagesSitemap):
    def items(self):
        return Institution.objects.public().only("slug").order_by("slug")


class MemberSitemap(LanguagesSitemap):
    """People's own pages, only while the person and their institution are public."""

    def items(self):
        return Member.objects.public().only("slug").order_by("slug")


class MunicipalitySitemap(LanguagesSitemap):
    def items(self):
        return Municipality.objects.only("slug").order_by("slug")


class WorkingGroupSitemap(LanguagesSitemap):
    def items(self):
        return WorkingGroup.objects.only("slug").order_by("slug")


SITEMAPS = {
    "seiten": StaticPagesSitemap,
    "institutionen": InstitutionSitemap,
    "mitglieder": MemberSitemap,
    "gemeinden": MunicipalitySitemap,
    "arbeitskreise": WorkingGroupSitemap,
}


class SitemapView(CachedPageMixin, View):
    """The whole sitemap while it fits into one file, else the index of its files."""

    query_parameters = ("section", "p")

    def get(self, request):
        section = request.GET.get("section")
        if section is not None and section not in SITEMAPS:
            raise Http404("No such section")
        if section is not None:
            return sitemap_views.sitemap(request, SITEMAPS, section=section)
        paginators = {name: sitemap().paginator for name, sitemap in SITEMAPS.items()}
        if sum(paginator.count for paginator in paginators.values()) <= LIMIT:
            return sitemap_views.sitemap(request, SITEMAPS)
        return self.index(request, paginators)

    def index(self, request, paginators):
        base = f"{request.scheme}://{get_current_site(request).domain}{request.path}"
        files = [
            sitemap_views.SitemapIndexItem(f"{base}?section={name}&p={number}")
            for name, paginator in paginators.items()
            for number in paginator.page_range
        ]
        response = TemplateResponse(
            request, "sitemap_index.xml", {"sitemaps": files}, content_type="application/xml"
        )
        response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
        return response
