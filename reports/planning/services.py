"""State-changing actions of the P&C calendar: making a year, changing and deleting rounds,
opening a round (its report), and the personal iCalendar addresses."""

import datetime
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duoplus.core import audit
from duoplus.core.audit import AuditAction
from duoplus.core.models import Organisation
from programmes.models import Programme
from reports.core.models import Report
from reports.writing.services import create_report

from . import notices, policy
from .cycle import DATE_FIELDS, check_dates, proposed_cycle
from .models import CalendarFeed, ReportingRound, RoundNoticeKind


def _refuse() -> None:
    raise PermissionDenied(_("Alleen de coördinator kan de P&C-kalender wijzigen."))


def _check_can_plan(user: Any, organisation_id: int) -> None:
    if not policy.can_plan(user=user, organisation_id=organisation_id):
        _refuse()


@audit.refusals_recorded(AuditAction.CALENDAR_GENERATE, obj="organisation")
def generate_year(
    *, organisation: Organisation, year: int, user: Any, ip: str | None = None
) -> list[ReportingRound]:
    """Make ``year``'s calendar for ``organisation`` from last year's (or the default cycle),
    with every active programme. Refused when the year already has rounds."""
    with transaction.atomic():
        _check_can_plan(user, organisation.pk)
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        if ReportingRound.objects.filter(organisation=organisation, year=year).exists():
            raise ValidationError(
                _("Voor %(year)s staat al een kalender; pas de rondes daar aan.") % {"year": year}
            )
        programmes = list(Programme.objects.active().filter(organisation=organisation))
        rounds = []
        for values in proposed_cycle(organisation=organisation, year=year):
            recipients = values.pop("recipients")
            item = ReportingRound.objects.create(organisation=organisation, year=year, **values)
            item.programmes.set(programmes)
            item.recipients.set(recipients)
            rounds.append(item)
        audit.record(
            AuditAction.CALENDAR_GENERATE,
            actor=user,
            obj=organisation,
            ip=ip,
            year=year,
            rounds=len(rounds),
        )
    return rounds


@audit.refusals_recorded(AuditAction.CALENDAR_ROUND, obj="instance")
def save_round(
    *,
    user: Any,
    values: dict[str, Any],
    programmes: Iterable[Programme],
    recipients: Iterable[Organisation],
    instance: ReportingRound | None = None,
    ip: str | None = None,
) -> ReportingRound:
    """Create or change a round. Once it is open (its report exists) only its dates change;
    the report's deadline follows the entry deadline."""
    organisation = values.get("organisation") or getattr(instance, "organisation", None)
    if organisation is None or not policy.can_plan(user=user, organisation_id=organisation.pk):
        _refuse()
    if errors := check_dates(values):
        raise ValidationError(errors)
    with transaction.atomic():
        if instance is None:
            item = ReportingRound(**values)
            opened = None
        else:
            item = ReportingRound.objects.select_for_update().get(pk=instance.pk)
            opened = item.report
            fields = DATE_FIELDS if opened else values.keys()
            for name in fields:
                if name != "organisation" and name in values:
                    setattr(item, name, values[name])
        item.full_clean(exclude=["programmes", "recipients", "report"])
        item.save()
        if not opened:
            item.programmes.set(programmes)
            item.recipients.set(recipients)
        elif opened.deadline != item.entries_due and opened.is_concept:
            opened.deadline = item.entries_due
            opened.save(update_fields=["deadline"])
        audit.record(
            AuditAction.CALENDAR_ROUND,
            actor=user,
            obj=item,
            ip=ip,
            created=str(instance is None).lower(),
        )
    return item


@audit.refusals_recorded(AuditAction.CALENDAR_ROUND_DELETE, obj="item")
def delete_round(*, user: Any, item: ReportingRound, ip: str | None = None) -> None:
    with transaction.atomic():
        _check_can_plan(user, item.organisation_id)
        if ReportingRound.objects.filter(pk=item.pk, report__isnull=False).exists():
            raise ValidationError(
                _("Deze ronde is al geopend; de rapportage bestaat. Verwijderen kan niet meer.")
            )
        audit.record(
            AuditAction.CALENDAR_ROUND_DELETE, actor=user, obj=item, ip=ip, title=item.title
        )
        item.delete()


@audit.refusals_recorded(AuditAction.CALENDAR_OPEN, obj="item")
def open_round(
    *, item: ReportingRound, user: Any = None, ip: str | None = None
) -> tuple[Report, bool]:
    """Make the round's report (one entry per programme, each starting from that programme's
    previous entry) and tell the editors. Idempotent: a round has at most one report; when
    it already has one, that report is returned and nothing else happens. ``user`` None is
    beat (the calendar's own run).

    Returns (report, created)."""
    if user is not None:
        _check_can_plan(user, item.organisation_id)
    with transaction.atomic():
        locked = (
            ReportingRound.objects.select_for_update(of=("self",))
            .select_related("organisation", "report")
            .get(pk=item.pk)
        )
        if locked.report is not None:
            return locked.report, False
        report = create_report(
            organisation=locked.organisation,
            title=locked.title,
            kind=locked.kind,
            year=locked.period_end.year,
            period_start=locked.period_start,
            period_end=locked.period_end,
            recipients=list(locked.recipients.all()),
            purpose=locked.purpose,
            programmes=list(locked.programmes.filter(is_active=True)),
            deadline=locked.entries_due,
            user=user,
        )
        # Taken only if still free (SQLite has no row locks): another process that opened
        # it at the same moment keeps its report, and this one is rolled back.
        taken = ReportingRound.objects.filter(pk=locked.pk, report__isnull=True).update(
            report=report
        )
        if not taken:
            transaction.set_rollback(True)
            winner = ReportingRound.objects.select_related("report").get(pk=locked.pk).report
            assert winner is not None  # the update above found it taken
            return winner, False
        editors = (
            get_user_model()
            .objects.filter(is_active=True, edited_programmes__entries__report=report)
            .distinct()
        )
        notices.notify(
            report=report, kind=RoundNoticeKind.OPENED, users=editors, about=locked.opens_on
        )
    return report, True


def feed_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_feed_token(*, user: Any, ip: str | None = None) -> str:
    """A new secret calendar address for ``user``; any earlier one stops working. Returns
    the token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": feed_hash(token)})
        audit.record(AuditAction.CALENDAR_FEED_NEW, actor=user, ip=ip)
    return token


def revoke_feed(*, user: Any, ip: str | None = None) -> bool:
    with transaction.atomic():
        deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
        if deleted:
            audit.record(AuditAction.CALENDAR_FEED_REVOKE, actor=user, ip=ip)
    return bool(deleted)


def touch_feed(*, feed: CalendarFeed) -> None:
    """Note when a feed was last fetched (at most once an hour)."""
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > datetime.timedelta(hours=1):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
