"""Who must log in with a second step (TOTP, recovery codes), and the rules around it.

The password step stays Django's own login at /accounts/login/ (fields ``username`` and
``password``); the code is asked on its own page afterwards (duoplus.core.middleware).
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles

RECOVERY_CODES = 10


def has_device(user):
    """A confirmed device (app or recovery codes) exists: the second step is asked."""
    return any(True for _ in devices_for_user(user, confirmed=True))


def throttled(user):
    """After a wrong code every device of the user waits (django-otp's throttling, doubling
    with each failure): say so instead of calling a right code wrong."""
    devices = list(devices_for_user(user, confirmed=True))
    return bool(devices) and not any(d.verify_is_allowed()[0] for d in devices)


def wait_message():
    return _(
        "Wacht even: na een verkeerde code kunt u het pas na enkele seconden opnieuw proberen."
    )


def is_required(user):
    """Required for the roles in TWO_FACTOR_REQUIRED_ROLES ("staff": whoever may open the
    admin) and for whoever has it set; never for demo accounts in development (they can log
    in only while DEBUG is on)."""
    if getattr(user, "is_demo", False) and settings.DEBUG:
        return False
    if getattr(user, "two_factor_required", False):
        return True
    required = set(settings.TWO_FACTOR_REQUIRED_ROLES)
    if "staff" in required and (user.is_staff or user.is_superuser):
        return True
    return bool(required & set(roles.role_names(user)))


def unconfirmed_app(user):
    """The authenticator-app device being set up (made once, until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    return device


def confirm_app(device, token):
    """Confirm the app with a code it shows; returns the new recovery codes, or None when
    the code is wrong."""
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=device.user).delete()
    static = StaticDevice.objects.create(user=device.user, name="Herstelcodes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes
