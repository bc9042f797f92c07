"""Sending one e-mail: the one way the portal's tasks send mail. The subject is put on one
line (a title with a line break in it must never break a mail header: BadHeaderError)."""

from django.core.mail import send_mail

from .bounds import one_line


def send(*, subject: str, body: str, to: str) -> None:
    send_mail(one_line(subject), body, None, [to])
