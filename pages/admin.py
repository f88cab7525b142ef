import re

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from widunetz.admin import TranslationInline, ValidAutocompleteMixin
from widunetz.history import HistoryAdmin

from .models import Feedback, Goal, NetworkPoint, Page, Project, TimelineEntry


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
