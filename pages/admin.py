import re
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from members.filters import MemberFilterSet
from members.models import Member
from widunetz.admin import TranslationInline, ValidAutocompleteMixin
from widunetz.history import HistoryAdmin

from .models import EmbedHost, Feedback, Goal, NetworkPoint, Page, Project, TimelineEntry


@admin.register(Goal)
class GoalAdmin(HistoryAdmin):
    inlines = [TranslationInline]
    list_display = ["title", "explanation", "order"]
    list_editable = ["order"]
    search_fields = ["title", "explanation"]


@admin.register(TimelineEntry)
class TimelineEntryAdmin(HistoryAdmin):
    inlines = [TranslationInline]
    list_display = ["date", "precision", "title"]
    list_filter = ["precision"]
    search_fields = ["title", "text"]
    date_hierarchy = "date"


@admin.register(Project)
class ProjectAdmin(HistoryAdmin):
    inlines = [TranslationInline]
    list_display = ["title", "order"]
    list_editable = ["order"]
    list_filter = ["municipalities"]
    search_fields = ["title", "text"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["institutions"]
    filter_horizontal = ["municipalities"]


@admin.register(NetworkPoint)
class NetworkPointAdmin(ValidAutocompleteMixin, HistoryAdmin):
    inlines = [TranslationInline]
    list_display = ["text", "section", "parent_text", "order"]
    list_filter = ["section"]
    list_select_related = ["parent"]
    search_fields = ["text"]
    autocomplete_fields = ["parent"]

    @admin.display(description=_("Unterpunkt von"), ordering="parent__text")
    def parent_text(self, obj):
        # As text, not as the foreign key, which Django's list keeps on one line.
        return obj.parent and str(obj.parent)


@admin.register(Page)
class PageAdmin(HistoryAdmin):
    inlines = [TranslationInline]
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "body"]

    def has_add_permission(self, request):
        # The site links exactly these pages; new slugs would have no address.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page", "handled"]
    list_filter = ["handled"]
    list_editable = ["handled"]
    search_fields = ["message", "page_url"]
    readonly_fields = ["name", "email", "page_url", "message", "created_at"]

    @admin.display(description=_("betroffene Seite"), ordering="page_url")
    def page(self, obj):
        # A typed-in address has no space to wrap at and would push the list
        # sideways: it may break after each / ? & = and every 20 characters.
        pieces = []
        for part in re.split(r"(?<=[/?&=])", obj.page_url):
            pieces += [part[start : start + 20] for start in range(0, len(part), 20)]
        return format_html_join(mark_safe("<wbr>"), "{}", ((piece,) for piece in pieces)) or None

    def has_add_permission(self, request):
        return False


class SnippetOptions(forms.Form):
    """What the snippet says besides the list's filters: the language and the frame's height."""

    seitensprache = forms.ChoiceField(
        label=_("Sprache der Liste"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )
    hoehe = forms.IntegerField(
        label=_("Höhe des Rahmens in Pixeln"), min_value=200, max_value=5000, initial=600
    )


def embed_snippet(request, filters, options):
    """The ``<iframe>`` a partner pastes into its page, for the chosen filters and language."""
    query = [(name, request.GET[name]) for name in sorted(filters.filters) if request.GET.get(name)]
    with translation.override(options["seitensprache"]):
        address = reverse("pages:embed") + (f"?{urlencode(query)}" if query else "")
        title = translation.gettext("Ansprechpersonen im Netzwerk")
    # No border: with the frame's default one, 100 % of the partner's column is 4 px too wide.
    code = format_html(
        '<iframe src="{}" title="{}" width="100%" height="{}" style="border: 0" loading="lazy">'
        "</iframe>",
        request.build_absolute_uri(address),
        title,
        options["hoehe"],
    )
    return address, code


@admin.register(EmbedHost)
class EmbedHostAdmin(HistoryAdmin):
    """The websites that may frame /einbetten/, and the code to paste there ("Code zum
    Einbetten"): a plain GET form of the list's own filters that shows the snippet."""

    list_display = ["address", "note"]
    search_fields = ["address", "note"]
    change_list_template = "admin/pages/embedhost/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.snippet_view)
        return [path("code/", view, name="pages_embedhost_snippet"), *super().get_urls()]

    def snippet_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        data = request.GET or None
        filters = MemberFilterSet(data, queryset=Member.objects.public())
        filters.prepare_form_for_display()
        # A link with filters only (?gemeinde=vlotho) gets the code at once, in German at
        # 600 px, rather than "Pflichtfeld" errors under language and height.
        defaults = {name: field.initial for name, field in SnippetOptions.base_fields.items()}
        options = SnippetOptions(None if data is None else {**defaults, **data.dict()})
        preview, snippet = None, None
        if data is not None and filters.is_valid() and options.is_valid():
            preview, snippet = embed_snippet(request, filters, options.cleaned_data)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Code zum Einbetten"),
            "opts": self.opts,
            "filter_form": filters.form,
            "options": options,
            "preview": preview,
            "snippet": snippet,
            "hosts": EmbedHost.objects.all(),
        }
        return TemplateResponse(request, "admin/pages/embedhost/snippet.html", context)


from . import opendata_admin  # noqa: E402, F401  (the open data's licence)
