"""`make demo`: the site on invented people says so on every page, and only there."""

import pytest

from tests import catalogue

pytestmark = pytest.mark.django_db

BANNER = "Demodaten – keine echten Personen"
PAGES = catalogue.pages(html=True)


def visit(client, page, language="de"):
    response = client.get(page.url(language=language))
    assert response.status_code == 200, page
    return response.text


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_with_the_demo_setting_every_page_says_its_data_is_invented(
    client, brochure, settings, page
):
    settings.WIDUNETZ_DEMO = True
    text = visit(client, page)
    assert BANNER in text
    # A note in the main landmark: read first after "skip to content", no landmark itself.
    main = text[text.index("<main") :]
    assert main.index('id="demo-note"') < main.index("</main>")
    assert '<p class="alert alert--warning" id="demo-note" role="note">' in main


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_banner_is_on_the_pages_of_every_language(client, brochure, settings, language):
    settings.WIDUNETZ_DEMO = True
    for page in PAGES:
        assert 'id="demo-note"' in visit(client, page, language), (page, language)


def test_an_error_page_carries_it_too(client, db, settings):
    settings.WIDUNETZ_DEMO = True
    response = client.get("/institutionen/gibt-es-nicht/")
    assert response.status_code == 404
    assert BANNER in response.text


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_without_it_no_page_has_the_banner(client, brochure, settings, page):
    settings.WIDUNETZ_DEMO = False
    text = visit(client, page)
    assert BANNER not in text and "demo-note" not in text
