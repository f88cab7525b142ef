"""Every public address of the site, each named once: the pages the tests visit.

Tests take their pages from here and choose them by what they are (``pages(html=True)``),
never from a list of their own, so a new page is added in one place and every check
reaches it. tests/test_catalogue.py fails for a route that is missing here.

Detail pages are one of each kind from the brochure's data: visit them with the
``brochure`` fixture loaded.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation

# What a page reads from its address: the directory's filters and its page number.
HELP_FILTERS = ("thema", "alter", "sprache", "offen", "termin")
INSTITUTION_FILTERS = (*HELP_FILTERS, "gemeinde", "q", "art")
MEMBER_FILTERS = (*INSTITUTION_FILTERS, "institution", "arbeitskreis", "sortierung")


@dataclass(frozen=True)
class Page:
    route: str
    args: tuple = ()
    # The query strings to visit it with: first the one a visitor usually arrives with,
    # then states worth a look of their own (a narrowed list, page two, an unknown town).
    queries: tuple = ({},)
    # The query parameters it reads: its filters, its page number, its search.
    reads: tuple = ()
    # Answered from the shared page cache (widunetz.pagecache).
    cached: bool = True
    # An HTML page, not a file to download.
    html: bool = True
    in_sitemap: bool = True
    # A list page: where its first result is (a CSS selector), for the phone checks.
    first_result: str = ""

    def path(self, language="de"):
        with translation.override(language):
            return reverse(self.route, args=self.args)

    def url(self, query=None, language="de"):
        """The address with ``query``, by default the one a visitor usually arrives with."""
        query = self.queries[0] if query is None else query
        return self.path(language) + (f"?{urlencode(query)}" if query else "")

    def urls(self, language="de"):
        """The address with each of its queries."""
        return [self.url(query, language) for query in self.queries]

    def __str__(self):
        return self.url()


PAGES = (
    Page("pages:home"),
    Page("pages:network"),
    Page("pages:timeline"),
    Page("pages:easy-language"),
    Page(
        "pages:search",
        queries=({"q": "integration"}, {}, {"q": "gibt es nicht"}),
        reads=("q",),
        in_sitemap=False,
        first_result=".search-group li",
    ),
    Page(
        "members:member-list",
        queries=(
            {},
            {"gemeinde": "loehne"},
            {"gemeinde": "loehne", "seite": "2"},
            {"q": "koehn"},
            {"gemeinde": "loehne", "q": "koehn"},
            {"arbeitskreis": "projektgruppe", "sortierung": "institution"},
            {"thema": "fluechtlingsberatung", "sprache": "ar"},
            {"gemeinde": "nirgendwo"},
        ),
        reads=(*MEMBER_FILTERS, "seite"),
        first_result=".card-list > li",
    ),
    Page("members:member-export-csv", reads=MEMBER_FILTERS, html=False, in_sitemap=False),
    Page("members:member-export-vcf", reads=MEMBER_FILTERS, html=False, in_sitemap=False),
    Page(
        "institutions:institution-list",
        queries=({}, {"gemeinde": "loehne"}),
        reads=(*INSTITUTION_FILTERS, "seite"),
        first_result=".card-list > li",
    ),
    # A person in a unit (the Kommunales Integrationszentrum), received at the places
    # of the Kreis Herford; not Peter Köhn, whom tests/test_privacy.py hides.
    Page("members:member-detail", args=("mirjam-bibi",)),
    # Peter Köhn's office, so hiding him must show here (tests/test_privacy.py).
    Page("members:institution-detail", args=("stadt-loehne",)),
    # A unit: it names the Kreis Herford as the institution it belongs to.
    Page("members:institution-detail", args=("kommunales-integrationszentrum",)),
    Page("institutions:municipality-list", first_result=".tile-list > li"),
    Page(
        "members:municipality-detail",
        args=("loehne",),
        queries=({}, {"thema": "fluechtlingsberatung"}),
        reads=HELP_FILTERS,
        first_result="#local-heading ~ ul > li",
    ),
    # "Wer ist für mich zuständig?": asked for Löhne, an age and a topic; not asked; a
    # town that is not in the county.
    Page(
        "pages:responsible",
        queries=(
            {"gemeinde": "loehne", "alter": "20", "thema": "fluechtlingsberatung"},
            {},
            {"gemeinde": "nirgendwo", "thema": "jmd"},
        ),
        reads=("gemeinde", "alter", "thema"),
        in_sitemap=False,
    ),
    Page("members:workinggroup-list", first_result=".card-list > li"),
    # The network's dates (issue 15), and the calendars to subscribe to.
    Page(
        "members:termin-list",
        queries=({}, {"arbeitskreis": "projektgruppe"}, {"gemeinde": "nirgendwo"}),
        reads=("gemeinde", "arbeitskreis", "seite"),
    ),
    Page("members:termin-feed", html=False, in_sitemap=False),
    Page("members:municipality-hours-feed", args=("loehne",), html=False, in_sitemap=False),
    Page("members:municipality-termine-feed", args=("loehne",), html=False, in_sitemap=False),
    Page("members:topic-hours-feed", args=("fluechtlingsberatung",), html=False, in_sitemap=False),
    Page("members:language-hours-feed", args=("ar",), html=False, in_sitemap=False),
    Page(
        "members:workinggroup-termine-feed", args=("projektgruppe",), html=False, in_sitemap=False
    ),
    # The people list for a partner's <iframe>: no site chrome of its own.
    Page(
        "pages:embed",
        queries=({"gemeinde": "vlotho", "thema": "mbe"}, {}, {"gemeinde": "nirgendwo"}),
        reads=(*MEMBER_FILTERS, "seite"),
        in_sitemap=False,
        first_result=".embed-list > li",
    ),
    # Open data: what is published, the HSDS package, the institutions for Excel.
    Page("pages:daten"),
    Page("pages:daten-hsds", html=False, in_sitemap=False),
    Page("institutions:institution-csv", html=False, in_sitemap=False),
    Page("members:workinggroup-detail", args=("projektgruppe",), first_result=".card-list > li"),
    Page("pages:impressum"),
    Page("pages:datenschutz"),
    # Its feedback form carries a CSRF token of each visitor's own: never cached.
    Page("pages:barrierefreiheit", reads=("gesendet",), cached=False),
    # "Angabe falsch? Hier melden" from a person's and an institution's page: a form
    # with a CSRF token, so a page of its own that no cache keeps; after sending, its
    # thank-you.
    Page(
        "members:report-member",
        args=("mirjam-bibi",),
        queries=({}, {"gesendet": "1"}),
        reads=("gesendet",),
        cached=False,
        in_sitemap=False,
    ),
    Page(
        "members:report-institution",
        args=("stadt-loehne",),
        queries=({}, {"gesendet": "1"}),
        reads=("gesendet",),
        cached=False,
        in_sitemap=False,
    ),
)

# Pages behind a personal link made for one person (a signed token): not for a
# crawl with fixed addresses; tests/test_confirmation*.py and
# tests/browser/test_confirmation_axe.py make the links and check these pages.
PERSONAL_ROUTES = ("members:confirm",)

# For robots and monitors, outside the language prefixes.
MACHINE_ADDRESSES = ("/sitemap.xml", "/robots.txt", "/healthz")
# The HSDS API (pages.hsds), read by other systems; a detail address with an id that
# names nothing, and one the API does not have (its JSON 404).
_UNKNOWN = "00000000-0000-4000-8000-000000000000"
NAMING_NOTHING = tuple(
    f"/api/hsds/{path}"
    for path in (
        f"organizations/{_UNKNOWN}",
        f"services/{_UNKNOWN}",
        f"service_at_locations/{_UNKNOWN}",
        f"taxonomies/{_UNKNOWN}",
        f"taxonomy_terms/{_UNKNOWN}",
        "gibt-es-nicht",
    )
)
MACHINE_ADDRESSES += tuple(
    f"/api/hsds/{path}"
    for path in (
        "",
        "openapi.json",
        "organizations",
        "services",
        "service_at_locations",
        "taxonomies",
        "taxonomy_terms",
    )
)
MACHINE_ADDRESSES += NAMING_NOTHING

# Where there is no page: the site's own "not found" page answers.
NOT_FOUND = "/gibt-es-nicht/"


def pages(**wanted):
    """The pages whose attributes have the wanted values, e.g. ``pages(cached=True)``."""
    return [page for page in PAGES if all(getattr(page, k) == v for k, v in wanted.items())]
