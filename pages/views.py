from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from django.views.generic.base import ContextMixin

from institutions.models import Municipality, Service
from members.models import Member, WorkingGroup
from widunetz import ratelimit
from widunetz.pagecache import CachedPageMixin
from widunetz.translation import with_translations

from .forms import FeedbackForm, ResponsibleForm
from .models import Goal, NetworkPoint, Page, Project, TimelineEntry
from .responsible import answer
from .search import SiteSearchForm, search_everything

FEEDBACK_LIMIT = 5  # messages per client and hour


class HomeView(CachedPageMixin, TemplateView):
    template_name = "pages/home.html"

    def offered_services(self):
        """The topics someone in the directory offers, each with ``person_count``:
        a tile leading to an empty list would only disappoint."""
        services = list(with_translations(Service.objects.all()))
        counts, _ = Member.objects.public().count_offers(services, [])
        for service, count in zip(services, counts, strict=True):
            service.person_count = count
        return [service for service in services if service.person_count]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            municipalities=Municipality.objects.all(),
            services=self.offered_services(),
            goals=with_translations(Goal.objects.all()),
            member_count=Member.objects.public().count(),
            **kwargs,
        )


class NetworkView(CachedPageMixin, TemplateView):
    template_name = "pages/network.html"

    def get_context_data(self, **kwargs):
        points = with_translations(
            with_translations(NetworkPoint.objects.filter(parent=None)), prefix="children__"
        ).prefetch_related("children")
        return super().get_context_data(
            goals=with_translations(Goal.objects.all()),
            achievements=points.filter(section=NetworkPoint.Section.ACHIEVEMENT),
            advantages=points.filter(section=NetworkPoint.Section.ADVANTAGE),
            projects=with_translations(
                Project.objects.prefetch_related("municipalities", "institutions")
            ),
            groups=with_translations(WorkingGroup.objects.all()),
            **kwargs,
        )


class TimelineView(CachedPageMixin, TemplateView):
    template_name = "pages/timeline.html"

    def get_context_data(self, **kwargs):
        entries = with_translations(TimelineEntry.objects.all())
        return super().get_context_data(entries=entries, **kwargs)


class EasyLanguageView(CachedPageMixin, TemplateView):
    template_name = "pages/easy_language.html"


class SearchView(CachedPageMixin, TemplateView):
    template_name = "pages/search.html"
    query_parameters = ("q",)

    def get_context_data(self, **kwargs):
        form = SiteSearchForm(self.request.GET or None)
        results = None
        if form.is_valid():
            results = search_everything(form.cleaned_data["q"])
        return super().get_context_data(form=form, results=results, **kwargs)


class ResponsibleView(CachedPageMixin, TemplateView):
    """ "Wer ist für mich zuständig?": town, age and topic in, services and people out."""

    template_name = "pages/responsible.html"
    query_parameters = ("gemeinde", "alter", "thema")

    def get_context_data(self, **kwargs):
        form = ResponsibleForm(self.request.GET or None)
        result = None
        if form.is_valid():
            wanted = form.cleaned_data
            result = answer(wanted["gemeinde"], wanted["thema"], wanted["alter"])
        return super().get_context_data(form=form, answer=result, **kwargs)


class PageMixin(ContextMixin):
    slug = None

    def get_context_data(self, **kwargs):
        page = get_object_or_404(with_translations(Page.objects.all()), slug=self.slug)
        return super().get_context_data(page=page, **kwargs)


class PageView(CachedPageMixin, PageMixin, TemplateView):
    template_name = "pages/page.html"


class AccessibilityView(PageMixin, FormView):
    """The accessibility statement with its feedback form (BITV 2.0 § 7)."""

    slug = "barrierefreiheit"
    template_name = "pages/accessibility.html"
    form_class = FeedbackForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(sent=self.request.GET.get("gesendet") == "1", **kwargs)

    def post(self, request, *args, **kwargs):
        if not ratelimit.hit(request, "feedback", FEEDBACK_LIMIT, 3600):
            form = self.get_form()
            form.add_error(
                None,
                _(
                    "Sie haben in der letzten Stunde schon mehrere Nachrichten gesendet. "
                    "Bitte versuchen Sie es später noch einmal."
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        form.save()
        return redirect(reverse("pages:barrierefreiheit") + "?gesendet=1#rueckmeldung")
