"""Pages of the site as a whole: the health check for the load balancer and the
accessibility statement."""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
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


@never_cache
@require_GET
def health(request):
    """200 with the state of database and broker as JSON; 503 when one of them is down."""
    database = "ok" if _database_ok() else "down"
    broker = _broker_state()
    healthy = database == "ok" and broker in ("ok", "eager")
    return JsonResponse(
        {"status": "ok" if healthy else "down", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )


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
