"""Every admin change is versioned (django-reversion): who, when, what; undo and recover.

Deleting takes a snapshot first. A member's last saved version may predate a
membership added later through the working group's form; the snapshot makes
"recover deleted" bring the record back exactly as it was, memberships included.

History, revert and recover are django-reversion's views, narrowed here to what
the user may reach. Reversion reverts a whole revision first and only then asks
the admin's change form, and it took the form's "does not exist" redirect for a
success: a partner editor could revert and recover anything by its version id.
So before anything is reverted, the record and the revision are checked against
the user's scope (widunetz.roles); the revert runs in one transaction with the
change form, and any refusal on the way rolls all of it back.
"""

from contextlib import contextmanager, nullcontext

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connections, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version
from reversion.utils import mute_signals

from .roles import (
    check_revision_scope,
    is_partner_editor,
    record_in_scope,
    revision_in_scope,
    version_in_scope,
)

REFUSED = gettext_lazy(
    "Diese Fassung enthält Angaben außerhalb Ihrer Institution oder Angaben, die nur die "
    "Koordinierungsstelle ändern darf. Bitte wenden Sie sich an die Koordinierungsstelle."
)


def revert_refusal(error):
    """Why a version cannot be loaded, in German (Django's own texts are English)."""
    if isinstance(error, IntegrityError):
        # An hour of the version at a place deleted since, for instance.
        return _(
            "Diese Fassung verweist auf Einträge, die es nicht mehr gibt (zum Beispiel "
            "einen gelöschten Standort). Bitte diese zuerst wiederherstellen."
        )
    if isinstance(error, (models.ProtectedError, models.RestrictedError)):
        in_use = ", ".join(sorted({str(obj) for obj in error.args[1]})[:5])
        return _(
            "Diese Fassung kann nicht geladen werden: Sie würde Einträge entfernen, "
            "die noch verwendet werden (%(records)s). Bitte diese zuerst ändern."
        ) % {"records": in_use}
    return str(error)


class _Preview(Exception):
    """Leaves the atomic block of a GET: the revert was only for showing the form."""

    def __init__(self, response):
        self.response = response


@contextmanager
def refuse_deletes(user):
    """A partner editor deletes nothing, also not through a revert that drops related rows."""
    if not is_partner_editor(user):
        yield
        return

    def refuse(sender, **kwargs):
        raise PermissionDenied(REFUSED)

    pre_delete.connect(refuse, weak=False, dispatch_uid="history-refuse-deletes")
    try:
        yield
    finally:
        pre_delete.disconnect(dispatch_uid="history-refuse-deletes")


class HistoryAdmin(VersionAdmin):
    history_latest_first = True

    # --- deleting keeps a snapshot --------------------------------------------------

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

    # --- a record outside the user's rows does not exist for them ----------------------

    def object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            # Not the admin's "does not exist" redirect: its message names the
            # model and id, and reversion took the redirect for a success.
            raise Http404
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self.object_or_404(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if not self.has_delete_permission(request, obj):
            raise PermissionDenied
        if obj is None:
            raise Http404
        return super().delete_view(request, object_id, extra_context)

    def history_object_or_404(self, request, object_id):
        """The record whose history the user may read: for a partner editor, one of theirs.

        A shared record's history (a working group's) tells of everyone's memberships.
        """
        obj = self.object_or_404(request, object_id)
        if is_partner_editor(request.user) and not record_in_scope(
            request.user, obj, self.admin_site
        ):
            raise Http404
        return obj

    def history_view(self, request, object_id, extra_context=None):
        obj = self.history_object_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        response = super().history_view(request, object_id, extra_context)
        if is_partner_editor(request.user):
            # A revision that also holds other institutions' records (a working
            # group's, through the group's form) is left out: its comment names them.
            response.context_data["action_list"] = [
                action
                for action in response.context_data["action_list"]
                if revision_in_scope(request.user, action["revision"], self.admin_site)
            ]
        return response

    # --- revert and recover ------------------------------------------------------------

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_change_permission(request) or not self.has_add_permission(request):
            raise PermissionDenied
        deleted = self._reversion_order_version_queryset(
            request, Version.objects.get_deleted(self.model).select_related("revision")
        )
        if is_partner_editor(request.user):
            # Names of deleted people of other institutions stay out of the list.
            deleted = [v for v in deleted if version_in_scope(request.user, v, self.admin_site)]
        return super().recoverlist_view(request, {"deleted": deleted, **(extra_context or {})})

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        # Only the last version of a record of this model that no longer exists.
        version = get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        if not version_in_scope(request.user, version, self.admin_site):
            raise Http404
        return self.revert_and_show(request, version, extra_context, recover=True)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.history_object_or_404(request, object_id)
        allowed = (
            self.has_change_permission(request, obj)
            if request.method == "POST"
            else self.has_view_or_change_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        # A version of this very record: reversion matched the id alone, so a
        # version of another model with the same id passed.
        version = get_object_or_404(Version.objects.get_for_object(obj), pk=version_id)
        return self.revert_and_show(request, version, extra_context, recover=False)

    def revert_and_show(self, request, version, extra_context, *, recover):
        """Revert ``version``'s revision and run the change form on it, in one transaction.

        A GET only shows the form (and rolls back); a POST keeps the revert when the
        form saves. Every object the revision would write is checked first.
        """
        check_revision_scope(request.user, version.revision, self.admin_site)
        if recover:
            title, flag, custom, form = (
                _("%(name)s wiederherstellen"),
                "recover",
                self.recover_form_template,
                "recover_form.html",
            )
        else:
            title, flag, custom, form = (
                _("%(name)s zurücksetzen"),
                "revert",
                self.revision_form_template,
                "revision_form.html",
            )
        templates = custom or self._reversion_get_template_list(form)
        context = {"title": title % {"name": version.object_repr}, flag: True}
        context.update(extra_context or {})
        # Viewing must not bump the cache version or write anything else.
        quiet = (
            mute_signals(pre_save, post_save, post_delete, m2m_changed)
            if request.method != "POST"
            else nullcontext()
        )
        try:
            with transaction.atomic(using=version.db), quiet, refuse_deletes(request.user):
                version.revision.revert(delete=True)
                # Foreign keys are checked at commit; a version pointing at a row deleted
                # since (an hour's place) must fail here, inside the except below.
                connections[version.db].check_constraints()
                with self.create_revision(request):
                    obj_pk = quote(version.object_id)
                    response = self.changeform_view(request, obj_pk, request.path, context)
                    saved = request.method == "POST" and response.status_code == 302
                    if saved:
                        # The saved record must still be one of the user's rows.
                        if not self.get_queryset(request).filter(pk=version.object_id).exists():
                            raise PermissionDenied(REFUSED)
                        reversion.set_comment(self.revert_comment(version, recover))
                    elif response.status_code == 200:
                        response.template_name = templates
                        response.render()
                        raise _Preview(response)
                    else:
                        raise RevertError(_("Diese Fassung kann nicht geladen werden."))
        except (RevertError, IntegrityError, models.ProtectedError, models.RestrictedError) as e:
            messages.error(request, revert_refusal(e))
            opts = self.model._meta
            return redirect(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
        except _Preview as preview:
            return preview.response
        return response

    @staticmethod
    def revert_comment(version, recover):
        when = localize(template_localtime(version.revision.date_created))
        if recover:
            return _("Wiederhergestellt: Fassung vom %(datetime)s") % {"datetime": when}
        return _("Zurückgesetzt auf die Fassung vom %(datetime)s") % {"datetime": when}
