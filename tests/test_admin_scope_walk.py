"""A partner editor reaches nothing outside their institution, whichever admin URL they try.

The editor of Stadt Löhne attacks as a security test did: every URL the admin and
django-reversion register (read from the admin site's registry, so a model or a
library added later is walked too), with GET and with POST carrying a valid CSRF
token, against records inside and outside their scope, stepping through version
ids. Outside the scope nothing changes and nothing is named; every change inside
is in the history under the editor's name.
"""

from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, reverse
from reversion.models import Version

from institutions.models import (
    Closure,
    ConsultationHour,
    Institution,
    Location,
    Municipality,
    Phone,
    Service,
)
from members.models import Member, Membership, WorkingGroup
from tests.scope_world import forbidden_changes, form_data, named_outsiders, post
from tests.snapshots import Snapshots, changes

pytestmark = pytest.mark.django_db


def admin_patterns():
    """(name, number of arguments) of every URL pattern of the admin site and its libraries."""

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            else:
                yield pattern.name, pattern.pattern.regex.groups

    return list(walk(admin.site.get_urls()))


MODEL_VIEWS = ("changelist", "add", "recoverlist", "change", "delete", "history")
MODEL_VIEWS += ("revision", "recover", "password_change", "propose")
# The office's import and export (django-import-export) and its embedding code.
MODEL_VIEWS += ("import", "process_import", "export", "snippet")
SITE_VIEWS = {"index", "login", "logout", "password_change", "password_change_done"}
SITE_VIEWS |= {"autocomplete", "jsi18n", "view_on_site", "app_list", None}
# The office's desk as CSV: refused to partner editors (tests/test_freshness.py).
SITE_VIEWS |= {"desk-csv"}


def model_admin_for(name):
    for model, model_admin in admin.site._registry.items():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if name and name.startswith(prefix) and name[len(prefix) :] in MODEL_VIEWS:
            return model, model_admin, name[len(prefix) :]
    return None, None, None


def test_the_walk_knows_every_admin_url_pattern():
    """A model or library added later gets walked too, or this test names it."""
    unknown = [
        name
        for name, _groups in admin_patterns()
        if name not in SITE_VIEWS and model_admin_for(name)[0] is None
    ]
    assert unknown == []


def sample_objects(world, model):
    """One record inside the editor's scope (or None) and one outside, of ``model``."""
    family = world.family_ids()
    if model is Institution:
        return world.loehne, world.enger
    if model is Member:
        return world.koehn, world.hidden
    if model is Membership:
        return world.koehn.memberships.first(), world.hidden.memberships.first()
    contact = {
        Location: "place",
        Phone: "phone",
        ConsultationHour: "hour",
        Closure: "closure",
    }
    if model in contact:
        name = contact[model]
        return getattr(world, f"{name}_here"), getattr(world, f"{name}_elsewhere")
    if model in (Municipality, WorkingGroup, Service):
        # Shared records every editor may look at; changing them is the office's call.
        return model._base_manager.first(), None
    manager = model._base_manager
    outside = (
        manager.exclude(pk=world.editor.pk).first()
        if model._meta.label == "auth.User"
        else (manager.first())
    )
    assert family  # the world has a scope at all
    return None, outside


def urls_to_try(world):
    """(url, inside, model of a changelist) for every admin URL pattern.

    ``inside`` says whether the URL names a record of the editor's scope (or none).
    """
    urls = site_urls()
    for name, _groups in admin_patterns():
        model, _model_admin, view = model_admin_for(name)
        if model is not None:
            urls += model_urls(world, name, model, view)
    for model, obj in ((Member, world.hidden), (Institution, world.enger), (Member, world.koehn)):
        content_type = ContentType.objects.get_for_model(model)
        urls.append((f"/verwaltung/r/{content_type.pk}/{obj.pk}/", obj is world.koehn, None))
    urls += autocomplete_urls()
    # Last: signing out ends the walk.
    urls.append((reverse("admin:logout"), True, None))
    return urls


def site_urls():
    names = ["index", "jsi18n", "password_change", "password_change_done", "login"]
    urls = [(reverse(f"admin:{name}"), True, None) for name in names]
    urls.append(("/verwaltung/gibt-es-nicht/", True, None))
    for app_label in ("auth", "axes", "pages", "institutions", "members"):
        urls.append((reverse("admin:app_list", args=[app_label]), True, None))
    return urls


def model_urls(world, name, model, view):
    inside, outside = sample_objects(world, model)
    samples = [(obj, obj is inside) for obj in (inside, outside) if obj is not None]
    if view == "changelist":
        # "<id>/" only redirects to "<id>/change/", naming nothing but the id given.
        base = reverse(f"admin:{name}")
        return [(base, True, model)] + [(f"{base}{obj.pk}/", True, None) for obj, _ in samples]
    if view in ("add", "recoverlist", "import", "process_import", "export", "snippet"):
        return [(reverse(f"admin:{name}"), True, None)]
    if view in ("change", "delete", "history", "password_change", "propose"):
        return [(reverse(f"admin:{name}", args=[obj.pk]), ok, None) for obj, ok in samples]
    own_type = ContentType.objects.get_for_model(model)
    if view == "revision":
        urls = []
        for obj, ok in samples:
            for version in Version.objects.get_for_object(obj):
                urls.append((reverse(f"admin:{name}", args=[obj.pk, version.pk]), ok, None))
            # Somebody else's version under this record's address.
            foreign = Version.objects.exclude(content_type=own_type)
            if stranger := foreign.filter(object_id=str(obj.pk)).first():
                urls.append((reverse(f"admin:{name}", args=[obj.pk, stranger.pk]), False, None))
        return urls
    # recover: every deleted record of this model, and one version of each other model.
    versions = list(Version.objects.get_deleted(model))
    for content_type in ContentType.objects.exclude(pk=own_type.pk):
        versions += Version.objects.filter(content_type=content_type)[:1]
    return [
        (
            reverse(f"admin:{name}", args=[version.pk]),
            model is Member and version.object_id == str(world.gone_here_pk),
            None,
        )
        for version in versions
    ]


def autocomplete_urls():
    urls = []
    for model, model_admin in admin.site._registry.items():
        inlines = [inline(model, admin.site) for inline in model_admin.inlines]
        for source in [model_admin, *inlines]:
            for field in getattr(source, "autocomplete_fields", ()):
                query = {
                    "app_label": source.model._meta.app_label,
                    "model_name": source.model._meta.model_name,
                    "field_name": field,
                    "term": "",
                }
                urls.append((reverse("admin:autocomplete") + "?" + urlencode(query), True, None))
    return urls


def crafted_posts(office, url, changelist_model):
    """What an attacker sends: nothing but the token, and a whole form as the office sees it."""
    posts = [{}]
    if url.endswith("/delete/"):
        posts.append({"post": "yes"})
    elif url != reverse("admin:logout"):
        posts.append(form_data(office, url))
    if changelist_model is not None:
        everything = changelist_model._base_manager.values_list("pk", flat=True)
        posts.append(
            {"action": "delete_selected", "_selected_action": list(everything), "post": "yes"}
        )
    return posts


def test_the_walks_snapshot_shows_every_write(world):
    """The walk reads the tables anew only after a write: no write may slip past it."""
    snapshots = Snapshots()
    first = snapshots.take()
    assert snapshots.take() is first  # nothing written, nothing read
    Member.objects.filter(pk=world.hidden.pk).update(function="Spion")
    second = snapshots.take()
    assert changes(first, second) == [("members.Member", world.hidden.pk, "changed")]
    phone = world.phone_elsewhere.pk
    world.phone_elsewhere.delete()
    assert changes(second, snapshots.take()) == [("institutions.Phone", phone, "removed")]


def test_partner_editor_reaches_nothing_outside_their_institution(world, editor, office):
    problems = []
    walked = 0
    snapshots = Snapshots()
    after = snapshots.take()
    for url, inside, changelist_model in urls_to_try(world):
        posts = crafted_posts(office, url, changelist_model)
        for method, data in [("GET", None)] + [("POST", data) for data in posts]:
            before = after
            response = editor.get(url) if method == "GET" else post(editor, url, data)
            after = snapshots.take()
            walked += 1
            where = f"{method} {url}"
            if response.status_code >= 500:
                problems.append(f"{where}: {response.status_code}")
            if not inside and response.status_code not in (403, 404):
                problems.append(f"{where}: answered {response.status_code}, not 403 or 404")
            if not inside and (changed := changes(before, after)):
                problems.append(f"{where}: changed {changed}")
            problems += [f"{where}: {p}" for p in forbidden_changes(world, before, after)]
            if named := named_outsiders(world, response, after):
                problems.append(f"{where}: names {named}")
    assert walked > 300
    assert problems == [], "\n".join(problems)


# --- the findings, one by one ---------------------------------------------------------
