"""The page behind a confirmation link: confirm, propose a change, or withdraw a consent.

The link is the only key: nobody logs in and the page touches no session, so no
session cookie is set. Each link is used once; a second use, an expired, altered
or truncated link, or one for an entry deleted since, gets a page saying so in
the reader's language (400, 404 or 410), never an error.
"""

import re

import reversion
from django.core import signing
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache

from .mails import tell_office_of_withdrawal
from .proposals import ProposalForm
from .review import TOKEN_DAYS, TOKEN_SALT, ConfirmationRequest

NONCE = re.compile(r"[A-Za-z0-9_-]{1,32}")
PROBLEMS = {
    "invalid": (
        400,
        _("Dieser Link ist ungültig"),
        _(
            "Der Link ist unvollständig oder verändert. Bitte öffnen Sie ihn direkt aus der "
            "E-Mail oder kopieren Sie ihn vollständig."
        ),
    ),
    "expired": (
        410,
        _("Dieser Link ist abgelaufen"),
        _(
            "Links zur Bestätigung gelten 30 Tage. Bitte wenden Sie sich an die "
            "Koordinierungsstelle, wenn Sie einen neuen Link brauchen."
        ),
    ),
    "used": (
        410,
        _("Dieser Link wurde bereits verwendet"),
        _("Ihre Antwort ist bei uns angekommen. Jeder Link kann nur einmal verwendet werden."),
    ),
    "gone": (
        404,
        _("Diesen Eintrag gibt es nicht mehr"),
        _("Der Eintrag, zu dem dieser Link gehört, wurde inzwischen gelöscht."),
    ),
}


class LinkProblem(Exception):
    def __init__(self, kind):
        super().__init__(kind)
        self.kind = kind


def request_for(token, lock=False):
    """The unused ConfirmationRequest ``token`` names, or LinkProblem saying why not."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_DAYS * 86400)
        pk, nonce = data["r"], data["n"]
    except signing.SignatureExpired:
        raise LinkProblem("expired") from None
    except (signing.BadSignature, TypeError, KeyError, ValueError):
        raise LinkProblem("invalid") from None
    # Only this site signs with its key, but a token is checked all the same (PostgreSQL
    # refuses a NUL byte in a query's text rather than finding nothing).
    if type(pk) is not int or not isinstance(nonce, str) or not NONCE.fullmatch(nonce):
        raise LinkProblem("invalid")
    requests = ConfirmationRequest.objects.select_related("member", "institution")
    if lock:
        requests = requests.select_for_update(of=("self",))
    confirmation = requests.filter(pk=pk, nonce=nonce).first()
    if confirmation is None:
        raise LinkProblem("gone")
    if confirmation.used:
        raise LinkProblem("used")
    return confirmation


def problem_page(request, kind):
    status, title, text = PROBLEMS[kind]
    context = {"title": title, "text": text}
    return render(request, "members/confirm/problem.html", context, status=status)


# A personal page: kept by no cache, neither the browser's nor one on the way.
@method_decorator(never_cache, name="dispatch")
class ConfirmView(View):
    """GET shows the entry and the choices; POST carries one of them out."""

    def get(self, request, token):
        try:
            confirmation = request_for(token)
        except LinkProblem as problem:
            return problem_page(request, problem.kind)
        return self.page(request, confirmation, ProposalForm(target=confirmation.target))

    def post(self, request, token):
        with transaction.atomic():
            try:
                confirmation = request_for(token, lock=True)
            except LinkProblem as problem:
                return problem_page(request, problem.kind)
            choice = request.POST.get("choice")
            if choice == "confirm":
                return self.confirm(request, confirmation)
            if choice == "withdraw" and self.may_withdraw(confirmation):
                return self.withdraw(request, confirmation)
            form = ProposalForm(request.POST, target=confirmation.target)
            if choice != "change" or not form.is_valid():
                return self.page(request, confirmation, form, status=400)
            form.save(confirmation)
            return self.done(request, confirmation, ConfirmationRequest.Answer.CHANGES)

    def page(self, request, confirmation, form, status=200):
        context = {
            "confirmation": confirmation,
            "entry": confirmation.target,
            "form": form,
            "may_withdraw": self.may_withdraw(confirmation),
        }
        return render(request, "members/confirm/page.html", context, status=status)

    @staticmethod
    def may_withdraw(confirmation):
        member = confirmation.member
        return bool(member and member.publication_basis == member.Basis.CONSENT)

    def confirm(self, request, confirmation):
        target = confirmation.target
        with reversion.create_revision():
            reversion.set_comment(
                _("Bestätigt über Bestätigungsanfrage #%(pk)s (%(email)s)")
                % {"pk": confirmation.pk, "email": confirmation.email}
            )
            target.verified_on = timezone.localdate()
            target.save(update_fields=["verified_on"])
        return self.done(request, confirmation, ConfirmationRequest.Answer.CONFIRMED)

    def withdraw(self, request, confirmation):
        member = confirmation.member
        with reversion.create_revision():
            reversion.set_comment(
                _("Einwilligung widerrufen über Bestätigungsanfrage #%(pk)s")
                % {"pk": confirmation.pk}
            )
            member.is_public = False
            member.save(update_fields=["is_public"])
        # After the commit: a slow mail server must not hold the row locked.
        transaction.on_commit(lambda: tell_office_of_withdrawal(member))
        return self.done(request, confirmation, ConfirmationRequest.Answer.WITHDRAWN)

    def done(self, request, confirmation, answer):
        confirmation.used, confirmation.answer = True, answer
        confirmation.answered_at = timezone.now()
        confirmation.save(update_fields=["used", "answer", "answered_at"])
        context = {
            "entry": confirmation.target,
            "answer": answer,
            "Answer": ConfirmationRequest.Answer,
        }
        return render(request, "members/confirm/done.html", context)
