import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

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


def first_row(model):
    """A row of a model the brochure has none of: feedback, phones, hours, closures,
    confirmation and change requests."""
    import datetime

    from institutions.models import Closure, Institution, Location
    from tests import factories

    loehne = Institution.objects.get(slug="stadt-loehne")

    def request_about_loehne(**fields):
        row = model(**fields)
        row.target = loehne
        row.save()
        return row

    rows = {
        "members.ConfirmationRequest": lambda: request_about_loehne(email="loehne@example.org"),
        "members.ChangeRequest": lambda: request_about_loehne(
            source="link", proposed={"email": "neu@example.org"}, previous={"email": ""}
        ),
        "pages.Feedback": lambda: model.objects.create(message="Der Kontrast ist zu schwach."),
        "institutions.Phone": lambda: factories.add_phone(loehne, "05732 100-0"),
        "institutions.ConsultationHour": lambda: factories.hour(
            loehne, location=Location.objects.first()
        ),
        "members.Termin": lambda: model.objects.create(
            title="Sitzung der Projektgruppe",
            starts=datetime.datetime(2027, 3, 2, 14, tzinfo=datetime.UTC),
            ends=datetime.datetime(2027, 3, 2, 16, tzinfo=datetime.UTC),
        ),
        "pages.EmbedHost": lambda: model.objects.create(address="https://www.vlotho.example"),
        "institutions.Closure": lambda: Closure.objects.create(
            holder=loehne, starts=datetime.date(2026, 12, 23), ends=datetime.date(2027, 1, 2)
        ),
    }
    return rows[model._meta.label]()


@pytest.mark.parametrize("model", DIRECTORY_MODELS, ids=lambda m: m._meta.label)
def test_every_change_form_answers_for_the_coordination_office(coordinator_client, brochure, model):
    obj = model.objects.first() or first_row(model)
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


class Selects(HTMLParser):
    """Each ``<select>`` of a page: its attributes and its options' (value, text, label)."""

    def __init__(self):
        super().__init__()
        self.selects = []
        self.option = None

    def handle_starttag(self, tag, attrs):
        if tag == "select":
            self.selects.append({"attrs": dict(attrs), "options": []})
        elif tag == "option" and self.selects:
            attrs = dict(attrs)
            self.option = [attrs.get("value"), "", attrs.get("label")]
            self.selects[-1]["options"].append(self.option)

    def handle_data(self, data):
        if self.option is not None:
            self.option[1] += data

    def handle_endtag(self, tag):
        if tag in ("option", "select"):
            self.option = None


def invalid_selects(html):
    """The selects the W3C HTML checker rejects: an option without text, and a required
    single select whose first option is not an empty placeholder (or that has none)."""
    parser = Selects()
    parser.feed(html)
    problems = []
    for select in parser.selects:
        name, options = select["attrs"].get("name"), select["options"]
        if any(not text.strip() and not label for _value, text, label in options):
            problems.append(f"{name}: an option without text")
        single = "multiple" not in select["attrs"] and int(select["attrs"].get("size") or 1) <= 1
        if "required" in select["attrs"] and single and (not options or options[0][0] != ""):
            problems.append(f"{name}: required, but no empty first option")
    return problems


def test_member_and_institution_forms_have_no_invalid_autocomplete_selects(
    coordinator_client, brochure
):
    """Django's autocomplete rendered the required institution with no option (add form),
    with the chosen one first (change form), and an optional one's empty choice without text."""
    from institutions.models import Institution
    from members.models import Member

    member = Member.objects.filter(institution__isnull=False).first()
    unit = Institution.objects.filter(parent__isnull=False, seat__isnull=False).first()
    pages = [
        admin_url(Member, "add"),
        admin_url(Member, "change", member.pk),
        admin_url(Institution, "add"),
        admin_url(Institution, "change", unit.pk),
    ]
    for url in pages:
        html = coordinator_client.get(url).content.decode()
        assert 'class="admin-autocomplete"' in html, url
        assert invalid_selects(html) == [], url


def test_the_autocomplete_still_shows_the_chosen_institution(coordinator_client, brochure):
    from members.models import Member

    member = Member.objects.select_related("institution").first()
    html = coordinator_client.get(admin_url(Member, "change", member.pk)).content.decode()
    parser = Selects()
    parser.feed(html)
    (institution,) = [s for s in parser.selects if s["attrs"]["name"] == "institution"]
    assert [value for value, _text, _label in institution["options"]] == [
        "",
        str(member.institution.pk),
    ]


def nu_html_checker():
    """``java -jar vnu.jar`` if both are here: VNU_JAR, or ``npm install vnu-jar`` in the repo."""
    java = shutil.which("java")
    root = Path(__file__).resolve().parent.parent
    for jar in (os.environ.get("VNU_JAR"), root / "node_modules/vnu-jar/build/dist/vnu.jar"):
        if java and jar and Path(jar).is_file():
            return [java, "-jar", str(jar)]
    return None


def test_member_and_institution_pages_pass_the_w3c_html_checker(
    coordinator_client, brochure, tmp_path
):
    checker = nu_html_checker()
    if checker is None:
        pytest.skip("no Java or no vnu.jar: apt-get install default-jre-headless, npm i vnu-jar")
    from institutions.models import Institution
    from members.models import Member

    member = Member.objects.filter(memberships__isnull=False).first()
    unit = Institution.objects.filter(parent__isnull=False, seat__isnull=False).first()
    files = []
    for model, obj in [(Member, member), (Institution, unit)]:
        for action, args in [("changelist", ()), ("add", ()), ("change", (obj.pk,))]:
            files.append(tmp_path / f"{model._meta.model_name}-{action}.html")
            html = coordinator_client.get(admin_url(model, action, *args)).content
            files[-1].write_bytes(html)
    result = subprocess.run(
        [*checker, "--errors-only", *map(str, files)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_what_left_the_institution_columns_is_still_a_filter(coordinator_client, brochure):
    from institutions.models import Institution

    response = coordinator_client.get(admin_url(Institution, "changelist"))
    filters = [spec.title for spec in response.context["cl"].filter_specs]
    assert {"Art", "kreisweit zuständig"} <= set(filters), filters
    # The short name went into the name column, where it can be read and sorted.
    assert "Diakonisches Werk im Kirchenkreis Herford e.V. (Diakonie)" in response.text


def test_a_long_typed_in_address_can_wrap_in_the_feedback_list(coordinator_client):
    from pages.models import Feedback

    Feedback.objects.create(
        message="Kontrast", page_url="https://widunetz.kreis-herford.de/mitglieder/?gemeinde=loehne"
    )
    response = coordinator_client.get(admin_url(Feedback, "changelist"))
    assert "https:/<wbr>/<wbr>widunetz.kreis-herfo<wbr>rd.de/<wbr>mitglieder/" in response.text


@pytest.mark.parametrize("model_path", ["members.Member", "institutions.Institution"])
def test_every_column_of_the_people_and_institutions_sorts(
    coordinator_client, brochure, model_path
):
    model = apps.get_model(model_path)
    for column in range(1, len(admin.site._registry[model].list_display) + 1):
        response = coordinator_client.get(admin_url(model, "changelist"), {"o": column})
        assert response.status_code == 200, column
        assert response.context["cl"].result_count > 0, column
