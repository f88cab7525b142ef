"""Every admin change is versioned (django-reversion): who, when, what; undo and recover.

Deleting takes a snapshot first. A member's last saved version may predate a
membership added later through the working group's form; the snapshot makes
"recover deleted" bring the record back exactly as it was, memberships included.
"""

import reversion
from django.contrib import admin
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin


class HistoryAdmin(VersionAdmin):
    history_latest_first = True

    def snapshot(self, request, objects):
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(_("Stand vor dem Löschen"))
            for obj in objects:
                reversion.add_to_revision(obj)

    def delete_model(self, request, obj):
        self.snapshot(request, [obj])
        super().delete_model(request, obj)

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin wraps the whole list view in one revision, and a revision
        # only keeps objects that still exist when it closes: the snapshot of a
        # bulk delete would be dropped. Let the delete action keep its own.
        if request.method == "POST" and request.POST.get("action") == "delete_selected":
            return admin.ModelAdmin.changelist_view(self, request, extra_context)
        return super().changelist_view(request, extra_context)

    def delete_queryset(self, request, queryset):
        self.snapshot(request, list(queryset))
        # One delete per object: signals fire and nothing bypasses the history.
        for obj in queryset:
            obj.delete()
