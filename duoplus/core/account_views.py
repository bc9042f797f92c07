"""The second login step: give a code, or set up the authenticator app first."""

from base64 import b32encode

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token

from . import audit, two_factor
from .audit import AuditAction, AuditResult


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=gettext_lazy(
            "De zes cijfers uit uw authenticator-app, of een van uw herstelcodes."
        ),
    )

    def clean_otp_token(self):
        return "".join(self.cleaned_data["otp_token"].split())


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "home"


@never_cache
@login_required
def verify(request):
    """Second step for a user with a device: a TOTP code or a recovery code."""
    if request.user.is_verified():
        return redirect(_next(request))
    if not two_factor.has_device(request.user):
        return redirect("two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.throttled(request.user):
            form.add_error("otp_token", two_factor.wait_message())
            return render(
                request,
                "registration/two_factor_verify.html",
                {"form": form, "next": _next(request)},
            )
        device = match_token(request.user, form.cleaned_data["otp_token"])
        if device is not None:
            otp_login(request, device)
            audit.record(
                AuditAction.LOGIN_SECOND_STEP,
                actor=request.user,
                ip=audit.client_ip(request),
                device=device.persistent_id,
            )
            return redirect(_next(request))
        audit.record(
            AuditAction.LOGIN_SECOND_STEP,
            actor=request.user,
            result=AuditResult.FAILED,
            ip=audit.client_ip(request),
        )
        form.add_error(
            "otp_token",
            _("Deze code klopt niet of is verlopen. Probeer de nieuwe code uit de app."),
        )
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next(request)}
    )


@never_cache
@login_required
def setup(request):
    """Connect an authenticator app (QR code or key), confirm it with a code, and get the
    recovery codes once. Not for someone who already has a device and has not given its
    code: a password alone never adds a new device."""
    if two_factor.has_device(request.user) and not request.user.is_verified():
        return redirect("two_factor_verify")
    if two_factor.has_device(request.user):
        return redirect(_next(request))
    device = two_factor.unconfirmed_app(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not device.verify_is_allowed()[0]:
        # Right after a wrong code the app waits (django-otp's throttling): say so, rather
        # than calling the next, right code wrong.
        form.add_error("otp_token", two_factor.wait_message())
    elif request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_app(device, form.cleaned_data["otp_token"])
        if codes is not None:
            otp_login(request, device)
            audit.record(AuditAction.OTP_SETUP, actor=request.user, ip=audit.client_ip(request))
            return render(
                request,
                "registration/two_factor_codes.html",
                {"codes": codes, "next": _next(request)},
            )
        form.add_error(
            "otp_token",
            _("Deze code klopt niet. Controleer of de tijd op uw telefoon goed staat."),
        )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=5, title=_("QR-code voor uw authenticator-app")),
            "secret": _grouped(device.bin_key),
            "required": two_factor.is_required(request.user),
            "next": _next(request),
        },
    )


def _grouped(key):
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
