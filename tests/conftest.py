import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would take
# every ORM call in the live_server tests for async code without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL, the tests' commits do not wait for the disk: a test database is
    thrown away, and the live-server and transactional tests commit and empty every
    table often (a setting of the session, the server's own is left alone)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(autouse=True)
def german_by_default():
    """Each test starts in German: a request to /ar/… leaves Arabic active in the thread."""
    from django.utils import translation

    translation.activate("de")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def controlled_lists(request):
    """The topics and languages migrations create, for every test with a database.

    A test run with ``transaction=True`` empties every table when it ends, rows of
    data migrations included; the next test in that process would find no topic.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    request.getfixturevalue(
        "transactional_db" if marker and marker.kwargs.get("transaction") else "db"
    )
    from institutions.models import Language, Service
    from institutions.services import create_controlled_lists
    from tests.brochure_rows import restart_ids
    from widunetz.models import Translation

    if not (Language.objects.exists() and Service.objects.exists()):
        # On PostgreSQL a rolled-back insert still uses up its ids: without starting
        # them anew, every later test would make these rows with other ids, and
        # tests/brochure_rows.py would find a new state and load for real each time.
        restart_ids([Service, Language, Translation])
        create_controlled_lists(Service, Language)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Production hashes with PBKDF2's full cost; tests need no protection from brute force."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def uncached_pages(settings):
    """Query budgets measure the views themselves; test_page_cache.py turns caching on."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def edits_commit_at_once(request, monkeypatch):
    """Each test runs inside one transaction that never commits, so the content
    version, replaced when an edit commits (widunetz.pagecache), would never change.
    Here it changes at the save, as in autocommit; tests marked ``real_commit``
    (run with transaction=True) see the real order."""
    if request.node.get_closest_marker("real_commit"):
        return
    from widunetz import pagecache

    monkeypatch.setattr(pagecache, "on_commit", lambda callback, *args, **kwargs: callback())


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """The manifest storage needs collectstatic first; tests serve files as they are."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def second_factor_at_sign_in(request):
    """Every sign-in (force_login or the login form) of an account that needs the second
    factor passes it too, with an app device made for it, so the other tests open the
    admin as the office does after its code. tests/test_two_factor*.py sign in without."""
    if request.node.module.__name__.rpartition(".")[2].startswith("test_two_factor"):
        yield
        return
    from django.contrib.auth.signals import user_logged_in
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from widunetz import two_factor

    def pass_it(sender, request, user, **kwargs):
        if two_factor.required(type(user)._default_manager.get(pk=user.pk)):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            device = device or TOTPDevice.objects.create(user=user, name="Test")
            # What django_otp.login() stores; force_login's request has no user for it.
            request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id

    user_logged_in.connect(pass_it, dispatch_uid="second_factor_at_sign_in")
    yield
    user_logged_in.disconnect(dispatch_uid="second_factor_at_sign_in")


@pytest.fixture
def cache_in_memory(settings):
    """The shared cache in this process's memory, empty, so it sends no queries of its own.

    Both aliases name one store, as both name one Redis in production.
    """
    from django.core.cache import cache

    memory = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"}
    settings.CACHES = {**settings.CACHES, "default": memory, "strict": memory}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def brochure(db):
    """The brochure's 2015 data, loaded the way `make run` loads it (minus history);
    after the first time in a process, its rows written back (tests/brochure_rows.py)."""
    from tests import brochure_rows

    brochure_rows.load_brochure()


@pytest.fixture
def coordinator(db, django_user_model):
    """A staff account whose only rights come from the Koordinierungsstelle group."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username="koordination", password="ein-langes-passwort-2026", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Koordinierungsstelle"))
    return user


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


# --- the partner-editor scope tests (tests/scope_world.py) ---------------------------


@pytest.fixture
def world(db, django_user_model):
    """The brochure, the office, the Löhne editor and a history inside and outside their scope."""
    from tests.scope_world import World

    return World(django_user_model)


@pytest.fixture
def editor(world):
    """The Löhne editor, signed in, with a CSRF cookie as a browser has it."""
    from tests.scope_world import signed_in

    return signed_in(world.editor)


@pytest.fixture
def office(world):
    from tests.scope_world import signed_in

    return signed_in(world.office)
