"""Pages come compressed to clients that accept it, unless they may hold a secret (BREACH)."""

import gzip

import brotli
import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import Client, RequestFactory

from widunetz import middleware
from widunetz.middleware import CompressionMiddleware

pytestmark = pytest.mark.django_db

PAGE = "/mitglieder/?gemeinde=loehne"
DECOMPRESS = {"gzip": gzip.decompress, "br": brotli.decompress}


@pytest.fixture(params=[600, 0], ids=["page cache", "no page cache"])
def page_cache(request, settings, cache_in_memory):
    settings.PAGE_CACHE_SECONDS = request.param


@pytest.fixture
def compressions(monkeypatch):
    """How often each encoding compressed something."""
    counts = dict.fromkeys(middleware.COMPRESSORS, 0)
    for name, compress in middleware.COMPRESSORS.items():

        def counted(content, name=name, compress=compress):
            counts[name] += 1
            return compress(content)

        monkeypatch.setitem(middleware.COMPRESSORS, name, counted)
    return counts


def accepting(encodings):
    return {"accept-encoding": encodings}


def assert_plain(response):
    assert not response.has_header("Content-Encoding")
    assert int(response["Content-Length"]) == len(response.content)


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_a_public_page_comes_compressed_and_unpacks_to_the_same_html(
    client, brochure, page_cache, encoding
):
    missed = client.get(PAGE, headers=accepting(f"{encoding}, deflate"))
    hit = client.get(PAGE, headers=accepting(f"{encoding}, deflate"))
    plain = client.get(PAGE)
    for response in (missed, hit):
        assert response["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response["Vary"]
        assert int(response["Content-Length"]) == len(response.content)
        assert len(response.content) < len(plain.content) / 3
        assert DECOMPRESS[encoding](response.content) == plain.content


@pytest.mark.parametrize(
    "url", ["/mitglieder/export.csv?gemeinde=loehne", "/mitglieder/export.vcf", "/sitemap.xml"]
)
def test_the_exports_and_the_sitemap_come_compressed_too(client, brochure, page_cache, url):
    plain = client.get(url)
    response = client.get(url, headers=accepting("gzip"))
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == plain.content


def test_brotli_is_preferred_where_both_are_accepted(client, brochure, page_cache):
    assert (
        client.get(PAGE, headers=accepting("gzip, deflate, br, zstd"))["Content-Encoding"] == "br"
    )
    assert client.get(PAGE, headers=accepting("br;q=0, gzip"))["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("accepted", [None, "identity", "gzip;q=0, br;q=0", "deflate"])
def test_a_client_that_takes_no_compression_gets_the_page_plain(
    client, brochure, page_cache, accepted
):
    headers = accepting(accepted) if accepted else {}
    for _ in range(2):  # rendered, then (with the page cache) from the cache
        response = client.get(PAGE, headers=headers)
        assert_plain(response)
        assert "Accept-Encoding" in response["Vary"]
        assert "<h1" in response.text


@pytest.mark.parametrize("url", ["/barrierefreiheit/", "/verwaltung/login/"])
def test_a_page_with_a_csrf_token_is_never_compressed(client, brochure, page_cache, url):
    for _ in range(2):
        response = client.get(url, headers=accepting("gzip, br"))
        assert "csrfmiddlewaretoken" in response.text
        assert_plain(response)


def test_a_signed_in_editor_never_gets_a_compressed_page(coordinator_client, brochure, page_cache):
    # The page is in the cache compressed, as anonymous visitors get it.
    assert Client().get(PAGE, headers=accepting("br"))["Content-Encoding"] == "br"
    for url in [PAGE, "/verwaltung/", "/verwaltung/members/member/"]:
        assert_plain(coordinator_client.get(url, headers=accepting("gzip, br")))


def test_a_session_cookie_alone_gets_the_page_plain(client, brochure, page_cache):
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "made-up"
    response = client.get(PAGE, headers=accepting("gzip, br"))
    assert response.status_code == 200
    assert_plain(response)


def test_a_cached_page_is_compressed_once_not_on_every_hit(
    client, brochure, settings, cache_in_memory, compressions
):
    settings.PAGE_CACHE_SECONDS = 600
    client.get(PAGE)
    assert compressions == {"br": 1, "gzip": 1}
    plain = client.get(PAGE).content
    # Also a page answered for an address with a parameter the page does not read.
    for url in [PAGE, PAGE + "&utm_source=newsletter"]:
        for encoding in ["gzip", "br"]:
            response = client.get(url, headers=accepting(encoding))
            assert DECOMPRESS[encoding](response.content) == plain
    assert compressions == {"br": 1, "gzip": 1}


def page(content="<p>Beratung in Löhne</p>" * 20, **headers):
    return lambda request: HttpResponse(content, headers=headers)


def test_a_compressed_page_has_a_weak_etag():
    request = RequestFactory().get("/", headers=accepting("gzip"))
    response = CompressionMiddleware(page(ETag='"v1"'))(request)
    assert response["Content-Encoding"] == "gzip"
    assert response["ETag"] == 'W/"v1"'


def test_a_response_compressed_already_is_left_alone():
    request = RequestFactory().get("/", headers=accepting("gzip, br"))
    body = gzip.compress(b"<p>Beratung</p>" * 50)
    response = CompressionMiddleware(page(body, **{"Content-Encoding": "gzip"}))(request)
    assert response["Content-Encoding"] == "gzip"
    assert response.content == body
