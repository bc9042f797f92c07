"""'Wachtwoord vergeten': the link goes out through the outbox like every other e-mail (a
mail server that fails does not break the page, and a failed one is seen and sent again).
The link is made when the message is sent, so a late attempt still carries a working one;
a request older than PASSWORD_RESET_TIMEOUT is dropped, and one person gets at most one
link per ten minutes however often the form is posted."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import messages, outbox
from .messages import Drop, Mail
from .models import Message

WINDOW_MINUTES = 10


def compose(message: Message) -> Mail | Drop:
    user = message.recipient
    if not user.has_usable_password():
        return Drop(_("Dit account logt niet in met een wachtwoord."))
    age = timezone.now() - message.created_at
    if age > datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT):
        return Drop(_("De aanvraag is te oud; de link zou niet meer werken."))
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    context = {
        "user": user,
        "url": settings.SITE_URL
        + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}),
    }
    return Mail(
        subject=render_to_string("registration/password_reset_subject.txt", context).strip(),
        body=render_to_string("registration/password_reset_email.html", context),
    )


MESSAGE_KIND = messages.register(
    "core.password_reset", label=gettext_lazy("link voor een nieuw wachtwoord"), compose=compose
)


def request_link(*, user: Any, now: datetime.datetime | None = None) -> Message | None:
    """Record the e-mail with the link for ``user`` (once per ten minutes)."""
    now = now or timezone.now()
    window = now.replace(minute=now.minute - now.minute % WINDOW_MINUTES, second=0, microsecond=0)
    return outbox.record(
        kind=MESSAGE_KIND,
        key=f"core.password_reset:{user.pk}:{window:%Y%m%d%H%M}",
        recipient=user,
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form (it says nothing about whether the address is known), sending through
    the outbox."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        request_link(user=context["user"])
