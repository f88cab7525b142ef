import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

DIRECTORY_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"institutions", "members", "pages"}
]


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_coordination_group_exists_after_migrate_with_every_directory_permission():
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.get(name="Koordinierungsstelle")
    expected = Permission.objects.filter(
        content_type__app_label__in=["widunetz", "institutions", "members", "pages"]
    )
    assert set(group.permissions.all()) == set(expected)
    assert not group.permissions.filter(content_type__app_label="auth").exists()


@pytest.mark.parametrize("model", DIRECTORY_MODELS, ids=lambda m: m._meta.label)
def test_every_changelist_answers_for_the_coordination_office(coordinator_client, brochure, model):
    response = coordinator_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", DIRECTORY_MODELS, ids=lambda m: m._meta.label)
def test_every_change_form_answers_for_the_coordination_office(coordinator_client, brochure, model):
    obj = model.objects.first()
    if obj is None:  # Feedback has no rows in the brochure
        obj = model.objects.create(message="Der Kontrast ist zu schwach.")
    response = coordinator_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


def test_member_search_finds_koehn_with_and_without_umlaut(coordinator_client, brochure):
    from members.models import Member

    for term in ["Köhn", "koehn", "Kohn"]:
        response = coordinator_client.get(admin_url(Member, "changelist"), {"q": term})
        names = [m.last_name for m in response.context["cl"].result_list]
        assert names == ["Köhn"], term


def test_institution_search_finds_the_integration_centre(coordinator_client, brochure):
    from institutions.models import Institution

    response = coordinator_client.get(
        admin_url(Institution, "changelist"), {"q": "Integrationszentrum"}
    )
    names = [i.name for i in response.context["cl"].result_list]
    assert names == ["Kommunales Integrationszentrum Kreis Herford"]


def test_member_list_filters_by_working_group_and_municipality(coordinator_client, brochure):
    from members.models import Member, WorkingGroup

    group = WorkingGroup.objects.get(slug="projektgruppe")
    response = coordinator_client.get(
        admin_url(Member, "changelist"), {"memberships__group__id__exact": group.pk}
    )
    assert response.context["cl"].result_count == 48
