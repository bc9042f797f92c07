"""Session lifetime and the second login step, for every request."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import audit, two_factor
from .audit import AuditAction

SESSION_STARTED = "duoplus_session_started"
SESSION_REFRESHED = "duoplus_session_refreshed"
SECOND_STEP_NOT_NEEDED = "duoplus_second_step_not_needed"


class SessionLifetimeMiddleware:
    """Ends a session that is older than SESSION_ABSOLUTE_LIFETIME, however active it was
    (the inactivity timeout is SESSION_COOKIE_AGE; saving the session restarts it, which
    happens at most once per SESSION_REFRESH_INTERVAL).

    The request then goes on as anonymous: a page asks for the login, and a form that was
    being posted is carried through it like any expired session (nothing typed is lost).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(SESSION_STARTED, now)
            if now - started > settings.SESSION_ABSOLUTE_LIFETIME:
                audit.record(
                    AuditAction.SESSION_EXPIRED, actor=request.user, ip=audit.client_ip(request)
                )
                logout(request)
            elif now - request.session.get(SESSION_REFRESHED, 0) >= (
                settings.SESSION_REFRESH_INTERVAL
            ):
                # Saving restarts the idle timer (SESSION_COOKIE_AGE); once a minute is
                # enough for a timeout of half an hour.
                request.session[SESSION_REFRESHED] = now
        return self.get_response(request)


# Pages a user who has given the password but not yet the code may open.
_OPEN_TO_HALF_LOGGED_IN = (
    "two_factor_verify",
    "two_factor_setup",
    "logout",
    "login",
    "accessibility",
    "health",
)


class TwoFactorMiddleware:
    """After the password, the code: a user with a device must give a code before anything
    else; a user for whom it is required but who has no device yet must set one up."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open = None

    def _is_open(self, request):
        if self._open is None:
            self._open = tuple(reverse(name) for name in _OPEN_TO_HALF_LOGGED_IN)
        return request.path_info in self._open or request.path_info.startswith(settings.STATIC_URL)

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and request.session.get(SECOND_STEP_NOT_NEEDED) != user.pk
            and not self._is_open(request)
        ):
            if two_factor.has_device(user):
                target = "two_factor_verify"
            elif two_factor.is_required(user):
                target = "two_factor_setup"
            else:
                # Decided once per login, not on every request (cleared at each login, so a
                # requirement set later applies from the next one).
                request.session[SECOND_STEP_NOT_NEEDED] = user.pk
                target = None
            if target is not None:
                next_url = request.get_full_path() if request.method == "GET" else ""
                query = f"?{urlencode({'next': next_url})}" if next_url else ""
                return redirect(reverse(target) + query)
        return self.get_response(request)
