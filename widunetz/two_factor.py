"""The second factor of editor accounts: who needs it, checking a code, the office's reset.

A one-time code from an authenticator app (TOTP, django-otp's TOTPDevice) after the
password; ten recovery codes (a StaticDevice) for a phone that is not at hand. The
Koordinierungsstelle, superusers and staff accounts without a group need it before
anything of the admin opens; a partner editor ("Redaktion") may set one up and is
then asked for it like everyone else, so that a stolen password alone no longer
opens their account. A lost phone is reset by the office (``reset``), which logs it.
"""

import base64
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp import login as _otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import COORDINATION_GROUP, is_partner_editor

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator-App"
RECOVERY_DEVICE_NAME = "Wiederherstellungscodes"


def has_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required(user):
    """Whether ``user``'s sessions must pass the second factor before the admin opens."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return not is_partner_editor(user) or has_device(user)


def passed(user):
    """Whether this session has passed the second factor (django-otp's OTPMiddleware)."""
    return bool(getattr(user, "is_verified", None) and user.is_verified())


def app_device(user):
    """The user's app device, an unconfirmed one while they set it up (the same QR code
    on every reload until a code from it confirms it)."""
    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def qr_code_data_uri(device):
    """The device's otpauth:// address as an SVG QR code in a data: URI (an <img>, so
    the Content-Security-Policy needs no inline markup or style)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def secret_for_typing(device):
    """The key as an app asks for it when typed: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def new_recovery_codes(user):
    """Replace the user's recovery codes with ten new ones, returned once to be shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _throttled(device):
    """The message for a device that refuses codes for now, or None.

    django-otp doubles the wait after each wrong code (1, 2, 4, … seconds), so guessing
    a six-digit code takes longer than any session lasts.
    """
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    until = (data or {}).get("locked_until")
    if until is None:
        return gettext("Zu viele falsche Codes. Bitte warten Sie einen Moment.")
    return gettext("Zu viele falsche Codes. Versuchen Sie es nach %(time)s Uhr erneut.") % {
        "time": time_format(timezone.localtime(until), "H:i:s")
    }


def check_code(devices, token):
    """The first of ``devices`` that accepts ``token``; ValidationError otherwise.

    A TOTP code counts once (django-otp remembers the last time step used), a
    recovery code is deleted when it is used, and every wrong code makes the next
    try wait longer.
    """
    for device in devices:
        if message := _throttled(device):
            raise ValidationError(message, code="throttled")
        if device.verify_token(token):
            return device
    raise ValidationError(_("Dieser Code stimmt nicht."), code="invalid")


def app_devices(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True)


def recovery_devices(user):
    return StaticDevice.objects.filter(user=user, confirmed=True)


def pass_second_factor(request, device):
    """This session has passed ``device``: a new session key, as after the password."""
    request.session.cycle_key()
    _otp_login(request, device)


def confirm(request, device):
    """The first code from a new app was right: the device counts, this session passed."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    pass_second_factor(request, device)
    return new_recovery_codes(device.user)


def may_reset(actor, target):
    """The office resets anyone's second factor except a superuser's; superusers anyone's.

    A partner editor resets nobody's, not even their own: the office checks who asks.
    """
    if actor.is_superuser:
        return True
    in_office = actor.groups.filter(name=COORDINATION_GROUP).exists()
    return in_office and not is_partner_editor(actor) and not target.is_superuser


def reset(actor, target):
    """Delete ``target``'s app and recovery codes (a lost phone), in the admin's log.

    Their sessions lose the second factor at once (the device they passed is gone);
    at the next sign-in they set up a new app, or, as a partner editor, may.
    """
    TOTPDevice.objects.filter(user=target).delete()
    StaticDevice.objects.filter(user=target).delete()
    LogEntry.objects.log_actions(
        actor.pk,
        type(target)._default_manager.filter(pk=target.pk),
        CHANGE,
        change_message=gettext(
            "Zweiter Faktor zurückgesetzt: Authenticator-App und Wiederherstellungscodes gelöscht."
        ),
        single_object=True,
    )


class SecondFactorMiddleware:
    """Sends a session that has not passed a required second factor to the code or the
    set-up page, from every address of the admin (its own pages, every model's lists,
    forms, history, autocomplete and django-reversion's views, and those of libraries
    added later), before any of them runs. Sign-in and sign-out stay open.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_root = reverse("admin:index")
        if request.path_info.startswith(admin_root) and request.path_info not in open_paths():
            user = request.user
            if required(user) and not passed(user):
                return self.refuse(request, user)
        return self.get_response(request)

    @staticmethod
    def refuse(request, user):
        page = "two-factor-verify" if has_device(user) else "two-factor-setup"
        # Back to the page asked for after the code, if it was a page and not a form sent.
        back = request.get_full_path() if request.method == "GET" else reverse("admin:index")
        return redirect(reverse(page) + "?" + urlencode({"next": back}))


def open_paths():
    names = ["admin:login", "admin:logout", "two-factor-verify", "two-factor-setup"]
    return {reverse(name) for name in names}
