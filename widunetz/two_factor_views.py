"""The admin's pages of the second factor: the code after the password, setting up an app,
recovery codes, and the office's reset of a lost phone (the rules in widunetz.two_factor).

Plain forms in the admin's look, without JavaScript.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice

from . import two_factor
from .roles import is_partner_editor


def one_time_code_field(label, help_text, numeric):
    attrs = {"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
    if numeric:
        attrs |= {"inputmode": "numeric", "pattern": "[0-9 ]*"}
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs=attrs),
    )


class VerifyForm(forms.Form):
    """A code from the app, or instead one of the recovery codes."""

    code = one_time_code_field(
        _("Code aus der Authenticator-App"), _("Die sechs Ziffern, die die App gerade zeigt."), True
    )
    recovery_code = one_time_code_field(
        _("Oder: ein Wiederherstellungscode"),
        _("Nur wenn das Telefon nicht zur Hand ist. Jeder Code gilt einmal."),
        False,
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean(self):
        code = "".join(self.cleaned_data.get("code", "").split())
        recovery = "".join(self.cleaned_data.get("recovery_code", "").split()).lower()
        if bool(code) == bool(recovery):
            raise ValidationError(
                _("Bitte entweder den Code aus der App oder einen Wiederherstellungscode eingeben.")
            )
        if code:
            self.device = two_factor.check_code(two_factor.app_devices(self.user), code)
        else:
            self.device = two_factor.check_code(two_factor.recovery_devices(self.user), recovery)
        return self.cleaned_data


class SetupForm(forms.Form):
    code = one_time_code_field(
        _("Code aus der Authenticator-App"),
        _("Zur Bestätigung: die sechs Ziffern, die die App nach dem Einrichten zeigt."),
        True,
    )

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code:
            raise ValidationError(_("Bitte geben Sie den Code aus der App ein."))
        two_factor.check_code([self.device], code)
        return code


def next_page(request):
    """Where to go after the code: the admin page asked for, never another site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target.startswith(reverse("admin:index")) else None


def render(request, template, title, **context):
    context = {**admin.site.each_context(request), "title": title, **context}
    context.setdefault("next", next_page(request) or "")
    return TemplateResponse(request, template, context)


def signed_in_by_password(view):
    """Pages for an account that has given its password (the admin's sign-in first)."""

    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect(reverse("admin:login") + "?next=" + request.path)
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@sensitive_post_parameters("code", "recovery_code")
@never_cache
@signed_in_by_password
def verify(request):
    """The code after the password."""
    user = request.user
    if not two_factor.has_device(user):
        return redirect("two-factor-setup")
    if two_factor.passed(user):
        return redirect(next_page(request) or "admin:index")
    form = VerifyForm(user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        two_factor.pass_second_factor(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = form.device.token_set.count()
            message = ngettext(
                "Sie haben einen Wiederherstellungscode verwendet; %(left)s ist noch übrig.",
                "Sie haben einen Wiederherstellungscode verwendet; %(left)s sind noch übrig.",
                left,
            )
            messages.warning(request, message % {"left": left})
        return redirect(next_page(request) or "admin:index")
    return render(request, "two_factor/verify.html", _("Zweiter Faktor"), form=form)


@sensitive_post_parameters("code")
@never_cache
@signed_in_by_password
def setup(request):
    """Setting up an authenticator app: QR code, the key in text, then one code from it."""
    user = request.user
    if two_factor.has_device(user):
        # A new phone replaces the old one only through the office's reset: whoever
        # knows the password alone must not bring their own.
        return redirect("two-factor")
    device = two_factor.app_device(user)
    form = SetupForm(device, request.POST if request.method == "POST" else None)
    if form.is_valid():
        codes = two_factor.confirm(request, device)
        return show_recovery_codes(request, codes)
    return render(
        request,
        "two_factor/setup.html",
        _("Zweiten Faktor einrichten"),
        form=form,
        qr_code=two_factor.qr_code_data_uri(device),
        secret=two_factor.secret_for_typing(device),
        required=not is_partner_editor(user),
    )


def show_recovery_codes(request, codes):
    return render(
        request,
        "two_factor/recovery_codes.html",
        _("Ihre Wiederherstellungscodes"),
        codes=codes,
    )


@never_cache
@signed_in_by_password
def overview(request):
    """The account's second factor; for the office, every editor account and its reset."""
    user = request.user
    accounts = None
    if two_factor.may_reset(user, user):
        accounts = [
            (account, two_factor.has_device(account), two_factor.may_reset(user, account))
            for account in get_user_model()
            ._default_manager.filter(is_staff=True, is_active=True)
            .order_by("username")
        ]
    return render(
        request,
        "two_factor/overview.html",
        _("Zweiter Faktor"),
        has_device=two_factor.has_device(user),
        recovery_codes_left=sum(d.token_set.count() for d in two_factor.recovery_devices(user)),
        accounts=accounts,
    )


@never_cache
@signed_in_by_password
def new_recovery_codes(request):
    """Ten new recovery codes (the old ones stop working), for an account that has an app."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not (two_factor.has_device(request.user) and two_factor.passed(request.user)):
        raise PermissionDenied
    return show_recovery_codes(request, two_factor.new_recovery_codes(request.user))


@signed_in_by_password
def reset(request, user_id):
    """The office resets the second factor of an account whose phone is lost."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    target = get_object_or_404(get_user_model(), pk=user_id)
    if not two_factor.may_reset(request.user, target):
        raise PermissionDenied
    two_factor.reset(request.user, target)
    messages.success(
        request,
        gettext(
            "Der zweite Faktor von „%(name)s“ ist zurückgesetzt. Bei der nächsten Anmeldung "
            "wird eine neue App eingerichtet."
        )
        % {"name": target.get_username()},
    )
    return redirect("two-factor")
