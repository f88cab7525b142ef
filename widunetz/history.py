"""Every admin change is versioned (django-reversion): who, when, what; undo and recover.

Deleting takes a snapshot first. A member's last saved version may predate a
membership added later through the working group's form; the snapshot makes
"recover deleted" bring the record back exactly as it was, memberships included.
"""

import reversion
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

    def delete_queryset(self, request, queryset):
        self.snapshot(request, list(queryset))
        # One delete per object: signals fire and nothing bypasses the history.
        for obj in queryset:
            obj.delete()
