"""The mails of confirmation and review: the request with its link, reminders, the
office's notice of a withdrawn consent, and a rejection's note to the sender.

A mail server that refuses or does not answer never loses a request: the request
stays unsent with the error noted (the admin shows it) and the next run of
``send_confirmation_requests`` sends it again. Django's SMTP backend waits at most
the configured timeout (widunetz.email_url), so no page or command hangs on it.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from institutions.models import Institution
from institutions.models.querysets import reachable_accounts
from widunetz.pagecache import one_invalidation

from .review import TOKEN_DAYS, ConfirmationRequest

logger = logging.getLogger(__name__)

REMINDER_AFTER = datetime.timedelta(days=14)
MAX_REMINDERS = 2
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def site_url():
    return getattr(settings, "WIDUNETZ_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def office_address():
    return getattr(settings, "WIDUNETZ_OFFICE_EMAIL", settings.DEFAULT_FROM_EMAIL)


def send_mail(subject, template, context, to):
    """A German mail with a short English line, as plain text and HTML; raises on failure."""
    with translation.override("de"):
        text = render_to_string(f"members/mail/{template}.txt", context)
        html = render_to_string(f"members/mail/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    message.send()


def entry_context(target):
    """The entry as the public sees it, for a mail."""
    is_institution = isinstance(target, Institution)
    return {
        "entry": target,
        "is_institution": is_institution,
        "institution": target if is_institution else target.institution,
        "phones": list(target.phones.order_by("order", "pk")),
        "hours": list(target.hours.order_by("weekday", "starts", "pk")),
    }


def send_request(confirmation):
    """Send (or send again) ``confirmation``'s link; True if the server took the mail."""
    reminder = confirmation.sent_at is not None and not confirmation.send_error
    context = {
        **entry_context(confirmation.target),
        "link": confirmation.link(),
        "days": TOKEN_DAYS,
        "reminder": reminder,
    }
    subject = "widunetz: Sind Ihre Angaben noch aktuell? / Is your entry up to date?"
    if reminder:
        subject = "Erinnerung – " + subject
    try:
        send_mail(subject, "confirmation_request", context, confirmation.recipients())
    except MAIL_ERRORS as error:
        logger.warning("confirmation request %s not sent: %s", confirmation.pk, error)
        confirmation.send_error = f"{timezone.now():%Y-%m-%d %H:%M}: {error}"[:300]
        confirmation.save(update_fields=["send_error"])
        return False
    now = timezone.now()
    if reminder:
        confirmation.reminders_sent += 1
    confirmation.sent_at = confirmation.sent_at or now
    confirmation.last_sent_at, confirmation.send_error = now, ""
    confirmation.save(update_fields=["sent_at", "last_sent_at", "reminders_sent", "send_error"])
    return True


def editor_addresses(institution):
    """The e-mail addresses of an institution's Redaktion accounts that can still sign in
    (read with the institution where it came from ``for_confirmation()``)."""
    editors = getattr(institution, "reachable_editors", None)
    if editors is None:
        editors = reachable_accounts().filter(edited_institutions=institution)
    return sorted({editor.email for editor in editors})


def recipients(target):
    """Who is asked to confirm ``target``: a person at their address; an institution at
    its own and at its Redaktion's, who keep it."""
    if not isinstance(target, Institution):
        return [target.email] if target.email else []
    own = [target.email] if target.email else []
    return own + [address for address in editor_addresses(target) if address not in own]


def due_action(target, now=None):
    """What ``target`` needs: ("new", None), ("retry" or "remind", request), (None, request)."""
    now = now or timezone.now()
    current = ConfirmationRequest.objects.for_target(target).open().first()
    if current is None:
        return "new", None
    if current.last_sent_at is None or current.send_error:
        return "retry", current
    if now - current.last_sent_at < REMINDER_AFTER:
        return None, current
    if current.reminders_sent < MAX_REMINDERS:
        return "remind", current
    if now - current.last_sent_at > datetime.timedelta(days=TOKEN_DAYS):
        return "new", None  # unanswered and expired: ask afresh
    return None, current


def request_confirmation(target, dry_run=False, send=True):
    """Create, retry or remind as due; returns (what was due or None, sent).

    With ``send`` false a new request is only stored, for the next run to send.
    """
    action, confirmation = due_action(target)
    if action is None or dry_run:
        return action, False
    if action == "new":
        confirmation = ConfirmationRequest(email=", ".join(recipients(target)))
        confirmation.target = target
        confirmation.save()
    return action, send and send_request(confirmation)


def request_confirmations(targets, dry_run=False):
    """``request_confirmation`` for each target: {target: (action, sent)}.

    After the first mail the server refuses or lets time out, the rest are stored
    without trying: one timeout, not one per entry, and the next run sends them.
    """
    results, server_ok = {}, True
    # Requests are saved in the members app, whose every save would otherwise
    # invalidate the cached pages once per entry.
    with one_invalidation():
        for target in targets:
            action, sent = request_confirmation(target, dry_run, send=server_ok)
            server_ok = server_ok and (sent or action is None or dry_run)
            results[target] = action, sent
    return results


def tell_office_of_withdrawal(member):
    context = {**entry_context(member), "admin_path": f"/verwaltung/members/member/{member.pk}/"}
    try:
        send_mail(
            f"widunetz: Einwilligung widerrufen – {member.full_name}",
            "withdrawal",
            context,
            [office_address()],
        )
    except MAIL_ERRORS as error:
        # The person is off the site already; the admin's list of requests shows the answer.
        logger.error("office not told of withdrawal of member %s: %s", member.pk, error)


def send_rejection(change_request):
    """Mail the office's note to the sender; True if sent (or nobody to tell)."""
    if not change_request.sender_email:
        return True
    is_report = change_request.source == change_request.Source.READER
    context = {
        "change_request": change_request,
        "entry": change_request.target,
        "is_report": is_report,
    }
    subject = (
        "widunetz: Ihr Hinweis / Your report"
        if is_report
        else "widunetz: Ihr Änderungsvorschlag / Your proposed change"
    )
    try:
        send_mail(
            subject,
            "rejection",
            context,
            [change_request.sender_email],
        )
    except MAIL_ERRORS as error:
        logger.warning("rejection of change request %s not sent: %s", change_request.pk, error)
        return False
    return True


def report_recipients(report):
    """The entry's Redaktion (its institution's partner editors with an e-mail) and the office."""
    return [*editor_addresses(report.institution), office_address()]


def send_report(report):
    """Mail a reader's report to the Redaktion and the office; True if the server took it.

    The report is stored before this runs: a server that refuses or does not answer
    costs the mail, never the report, which waits in the review queue all the same.
    """
    context = {
        **entry_context(report.target),
        "report": report,
        "admin_link": site_url() + reverse("admin:members_changerequest_change", args=[report.pk]),
    }
    try:
        send_mail(
            f"widunetz: Hinweis auf eine falsche Angabe – {report.target}",
            "reader_report",
            context,
            report_recipients(report),
        )
    except MAIL_ERRORS as error:
        logger.error("reader report %s not mailed: %s", report.pk, error)
        return False
    return True
