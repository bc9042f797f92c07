"""Pages of the site as a whole: the health check for the load balancer and the
accessibility statement."""

import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from duoplus.celery import app

logger = logging.getLogger(__name__)


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:
        logger.exception("health: database unavailable")
        return False


def _broker_state():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        with app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:
        logger.warning("health: broker unavailable", exc_info=True)
        return "down"


def _cache_state():
    client = getattr(cache, "_cache", None)
    if client is None or not hasattr(client, "get_client"):
        return "local"  # a memory cache per process: nothing to be down
    try:
        client.get_client().ping()
        return "ok"
    except Exception:
        logger.warning("health: cache unavailable", exc_info=True)
        return "down"


@never_cache
@require_GET
def health(request):
    """200 with the state of database, broker and cache as JSON; 503 and which part is down
    when one of them is. Answered by HealthCheckMiddleware before sessions and logins are
    looked at, so it is the same for everybody, whatever is down."""
    state = {"database": "ok" if _database_ok() else "down", "broker": _broker_state()}
    state["cache"] = _cache_state()
    healthy = "down" not in state.values()
    return JsonResponse(
        {"status": "ok" if healthy else "down", **state}, status=200 if healthy else 503
    )


class HealthCheckMiddleware:
    """First in MIDDLEWARE: /health/ is answered before the session, the user or the second
    step are read (which need the database and the cache that may be the part that is down)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.path = None

    def __call__(self, request):
        if self.path is None:
            self.path = reverse("health")
        if request.path_info == self.path:
            return health(request)
        return self.get_response(request)


def server_error(request):
    """handler500: an outage of the database gets its own Dutch page and 503 (try again in a
    moment); anything else the general error page. Rendered without the request context (the
    session and user may be what failed)."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DatabaseError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


@require_GET
def accessibility(request):
    """The accessibility statement (toegankelijkheidsverklaring), public as the law asks."""
    return render(request, "accessibility.html", {"contact_email": settings.CONTACT_EMAIL})


# Pages whose editor keeps a local draft of what was typed (static/js/entry-editor.js).
DRAFT_PAGES = {"entry_edit", "letter_edit"}


def csrf_failure(request, reason=""):
    """The Dutch page for a refused form (CSRF_FAILURE_VIEW): what happened and what to do,
    saying a typed text was kept only where the editor keeps one."""
    match = getattr(request, "resolver_match", None)
    name = match.url_name if match else ""
    return render(
        request,
        "403_csrf.html",
        {
            "draft_kept": name in DRAFT_PAGES,
            "login": name == "login",
            "retry_url": request.path if name in DRAFT_PAGES | {"login"} else "",
        },
        status=403,
    )
