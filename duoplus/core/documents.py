"""The one document store: every rendered document (a council PDF, the zienswijze
procedure's appendix and letters, the answers to the technische vragen) is a row of a
``StoredDocument`` model, queued here, made by the one render task
(``tasks.render_document`` → ``rendering.render``) and looked after by one sweep.

- :func:`queue`: the document is to be made; its job is queued once the transaction commits.
- :func:`remake`: "opnieuw maken" of a failed (or stuck) document: its attempts start anew.
- :func:`render_now`: made in this process (demo data, tests, the command line).
- :func:`sweep`: beat, every SWEEP_SECONDS: a document queued or being made for longer than
  PDF_STUCK_SECONDS (its job was lost, or it waits for another attempt) is queued again,
  or failed once it has had its attempts; one marked ready without a file is made again
  (byte for byte); files that no row points to are removed.
"""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import queue as job_queue
from . import rendering
from .models import DocumentStatus, StoredDocument
from .tasks import render_document

logger = logging.getLogger(__name__)


def queue(document: StoredDocument, *, anew: bool = False) -> None:
    """Have ``document`` made: queued now, its job sent once the transaction commits. A ready
    document whose file is there is left alone (it may have been approved). ``anew``: its
    attempts and error are cleared ("opnieuw maken")."""
    kind = rendering.kind_of(document)
    model = kind.model
    fields: dict[str, Any] = {
        "status": DocumentStatus.QUEUED,
        "job": "",
        "status_changed_at": timezone.now(),
    }
    if anew:
        fields.update(attempts=0, error="")
    model._default_manager.filter(pk=document.pk).update(**fields)
    for name, value in fields.items():
        setattr(document, name, value)
    job_queue.after_commit(render_document, kind.label, document.pk)


def needs_making(document: StoredDocument | None) -> bool:
    """Not ready, or ready without its file in the storage."""
    if document is None or document.status != DocumentStatus.READY:
        return True
    name = document.file.name
    return not (name and document.file.storage.exists(name))


def remake(document: StoredDocument) -> None:
    """ "Opnieuw maken": a failed or stuck document is queued with its attempts anew. A ready
    one is never replaced (it may have been approved, or sent)."""
    if document.status == DocumentStatus.READY:
        raise ValueError("a ready document is not made again")
    queue(document, anew=True)


def render_now(document: StoredDocument) -> int | None:
    """Make ``document`` in this process, as a worker would (its job's own task, applied)."""
    kind = rendering.kind_of(document)
    return render_document.apply(args=(kind.label, document.pk), throw=True).get()


def described(document: StoredDocument, *, now: datetime.datetime | None = None) -> Any:
    """``document`` with what its page says of it: ``just_now`` (waiting for less than a
    minute), ``stuck`` (waiting longer than its job can take: the sweep queues it again),
    ``retrying`` (an attempt failed, another comes) and ``max_attempts``."""
    now = now or timezone.now()
    waiting = document.status in (DocumentStatus.QUEUED, DocumentStatus.RENDERING)
    before = now - datetime.timedelta(seconds=settings.PDF_STUCK_SECONDS)
    document.just_now = (  # type: ignore[attr-defined]
        waiting and now - document.status_changed_at < datetime.timedelta(minutes=1)
    )
    document.stuck = waiting and document.status_changed_at < before  # type: ignore[attr-defined]
    document.retrying = (  # type: ignore[attr-defined]
        document.status == DocumentStatus.QUEUED and bool(document.error) and document.attempts > 0
    )
    document.max_attempts = settings.DOCUMENT_MAX_ATTEMPTS  # type: ignore[attr-defined]
    return document


def may_remake(document: StoredDocument) -> bool:
    """ "Opnieuw maken" is offered for a failed document and one that is stuck."""
    if document.status == DocumentStatus.FAILED:
        return True
    return bool(getattr(described(document), "stuck", False))


def sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Nothing waits for ever, and nothing is tried for ever. Returns counts."""
    now = now or timezone.now()
    before = now - datetime.timedelta(seconds=settings.PDF_STUCK_SECONDS)
    counts = {"requeued": 0, "failed": 0, "orphans": 0}
    for kind in rendering.kinds():
        rows = kind.sweepable(kind.model._default_manager.all())
        stuck = rows.filter(
            Q(
                status__in=(DocumentStatus.QUEUED, DocumentStatus.RENDERING),
                status_changed_at__lt=before,
            )
            | Q(status=DocumentStatus.READY, file="")
        )
        for pk, status, changed, attempts in stuck.values_list(
            "pk", "status", "status_changed_at", "attempts"
        ):
            outcome = _unstick(kind, pk, status, changed, attempts, now)
            if outcome:
                counts[outcome] += 1
        counts["orphans"] += _remove_orphans(kind, before=before)
    return counts


def _unstick(
    kind: rendering.Kind,
    pk: int,
    status: str,
    changed: datetime.datetime,
    attempts: int,
    now: datetime.datetime,
) -> str | None:
    with transaction.atomic():
        same = kind.model._default_manager.filter(pk=pk, status=status, status_changed_at=changed)
        if status == DocumentStatus.RENDERING and attempts >= settings.DOCUMENT_MAX_ATTEMPTS:
            same.update(
                status=DocumentStatus.FAILED,
                job="",
                error=_("Vastgelopen na %(n)s pogingen.") % {"n": attempts},
                status_changed_at=now,
            )
            logger.error("document %s %s stuck after %s attempts: failed", kind.label, pk, attempts)
            return "failed"
        if same.update(status=DocumentStatus.QUEUED, job="", status_changed_at=now):
            logger.warning("document %s %s was stuck; queued again", kind.label, pk)
            job_queue.after_commit(render_document, kind.label, pk)
            return "requeued"
    return None  # changed meanwhile (made, or taken by another sweep)


def _remove_orphans(kind: rendering.Kind, *, before: datetime.datetime) -> int:
    files = rendering.storage_of(kind.model)
    known = set(kind.model._default_manager.exclude(file="").values_list("file", flat=True))
    removed = 0
    for name in _files(files, kind.folder):
        if name in known:
            continue
        try:
            if files.get_modified_time(name) >= before:
                continue  # just written: its row may be about to say so
        except (NotImplementedError, OSError):
            continue
        files.delete(name)
        logger.warning("document file %s had no row; removed", name)
        removed += 1
    return removed


def _files(files: Any, folder: str) -> list[str]:
    try:
        folders, names = files.listdir(folder)
    except (FileNotFoundError, NotImplementedError, OSError):
        return []
    found = [f"{folder}/{name}" for name in names]
    for sub in folders:
        found += _files(files, f"{folder}/{sub}")
    return found
