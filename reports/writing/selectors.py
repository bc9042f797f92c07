"""Reads while a report is written: its entries in chapter order, "Mijn werk" for editors
and coordinators, versions."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from duoplus.core import roles
from duoplus.core.models import Role
from programmes.models import Goal, Indicator, Programme
from reports.core.models import Purpose, Report, ReportStatus

from .models import EntryRevision, EntryState, IndicatorValue, ProgressEntry


def report_entries(*, report: Report) -> list[ProgressEntry]:
    """Entries in chapter order, with programme and goals, in a constant number of queries."""
    return list(
        ProgressEntry.objects.filter(report=report)
        .select_related("programme", "updated_by")
        .prefetch_related(
            Prefetch("programme__goals", queryset=Goal.objects.order_by("order", "id")),
            Prefetch(
                "indicator_values",
                queryset=IndicatorValue.objects.exclude(value="")
                .select_related("indicator")
                .order_by("indicator__order", "indicator__id"),
            ),
        )
        .order_by("programme__order", "programme__name")
    )


def my_entries(*, user: Any) -> QuerySet[ProgressEntry]:
    """Entries of concept reports that ``user`` is responsible for: the programmes they are
    assigned to, in organisations where they are editor or coordinator. Soonest deadline first."""
    orgs = roles.organisation_ids(user, Role.EDITOR) | roles.organisation_ids(
        user, Role.COORDINATOR
    )
    return (
        ProgressEntry.objects.filter(
            report__status=ReportStatus.CONCEPT,
            report__organisation_id__in=orgs,
            programme__in=Programme.objects.filter(editors=user).values("pk"),
        )
        .select_related("report", "programme", "updated_by")
        .order_by(
            F("report__deadline").asc(nulls_last=True),
            "report__period_end",
            "report_id",
            "programme__order",
        )
    )


@dataclass
class ReportProgress:
    """One open report as its coordinator follows it: every entry and the counts per state."""

    report: Report
    entries: list = field(default_factory=list)
    shown: list = field(default_factory=list)  # the entries that pass the page's filters

    def count(self, state: str) -> int:
        return sum(1 for e in self.entries if e.state == state)

    @property
    def ready(self) -> int:
        return self.count(EntryState.READY)

    @property
    def draft(self) -> int:
        return self.count(EntryState.DRAFT)

    @property
    def not_started(self) -> int:
        return self.count(EntryState.NOT_STARTED)

    @property
    def open_count(self) -> int:
        return len(self.entries) - self.ready


def coordinated_reports(*, user: Any) -> QuerySet[Report]:
    """The concept reports ``user`` coordinates, soonest deadline first."""
    return (
        Report.objects.filter(
            status=ReportStatus.CONCEPT,
            organisation_id__in=roles.organisation_ids(user, Role.COORDINATOR),
        )
        .select_related("organisation")
        .order_by(F("deadline").asc(nulls_last=True), "period_end", "id")
    )


def coordination(
    *,
    user: Any,
    report: Report | None = None,
    state: str = "",
    person: int | None = None,
) -> list["ReportProgress"]:
    """Per concept report ``user`` coordinates (or only ``report``, if they coordinate it):
    its entries with responsible editors, state, missing parts and the last reminder, in a
    fixed number of queries. ``state`` ("open" for every state but ready) and ``person``
    (an editor's id) narrow the entries; the counts stay those of the whole report."""
    reports = coordinated_reports(user=user)
    if report is not None:
        reports = reports.filter(pk=report.pk)
    reports_list = list(reports)
    if not reports_list:
        return []
    progress = {r.pk: ReportProgress(r) for r in reports_list}
    editors = get_user_model().objects.filter(is_active=True).order_by("first_name", "username")
    entries = (
        ProgressEntry.objects.filter(report__in=reports_list)
        .select_related("programme", "updated_by")
        .prefetch_related(Prefetch("programme__editors", queryset=editors))
        .annotate(last_reminded=Max("reminders__created_at"))
        .order_by("programme__order", "programme__name")
    )
    for entry in entries:
        # Read once here: the page lists them and asks whether there are any, per row.
        entry.editor_list = list(entry.programme.editors.all())  # type: ignore[attr-defined]
        item = progress[entry.report_id]
        item.entries.append(entry)
        shown = not state or entry.state == state or (state == "open" and entry.state != "ready")
        if shown and person is not None:
            shown = any(e.pk == person for e in entry.editor_list)  # type: ignore[attr-defined]
        if shown:
            item.shown.append(entry)
    return list(progress.values())


def coordination_people(*, report: Report) -> list[Any]:
    """The active editors of the programmes of ``report``: whom the coordinator can filter on."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, edited_programmes__entries__report=report)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def coordination_summary(*, user: Any) -> list[Report]:
    """Per concept report ``user`` coordinates: the report with ``total`` and ``ready``
    entries counted in the database (the start page; "Mijn werk" shows every entry)."""
    return list(
        Report.objects.filter(
            status=ReportStatus.CONCEPT,
            organisation_id__in=roles.organisation_ids(user, Role.COORDINATOR),
        )
        .annotate(
            total=Count("entries", distinct=True),
            ready=Count("entries", filter=Q(entries__state=EntryState.READY), distinct=True),
        )
        .order_by(F("deadline").asc(nulls_last=True), "period_end", "id")
    )


def entry_revisions(*, entry: ProgressEntry) -> list[EntryRevision]:
    """Every saved version of ``entry``, newest first, with who saved it."""
    return list(
        EntryRevision.objects.filter(entry=entry).select_related("saved_by").order_by("-version")
    )


def programme_indicators(*, entry: ProgressEntry) -> list[Indicator]:
    return list(Indicator.objects.filter(programme_id=entry.programme_id))


def open_entries(*, report: Report) -> list[ProgressEntry]:
    """The entries of ``report`` that are not ready, each with its editors: what a message
    says is missing."""
    return list(
        ProgressEntry.objects.filter(report=report)
        .exclude(state=EntryState.READY)
        .select_related("programme")
        .prefetch_related("programme__editors")
        .order_by("programme__order", "programme__name")
    )


def submission_gaps(*, report: Report) -> list[str]:
    """What is unfinished in ``report``, in words, one line each: every entry that is not
    ready (with its chapter number and what it misses) and, for a report ter
    besluitvorming, missing beslispunten. The coordinator confirms these before submitting;
    the board sees them on the review page (entries cannot change once submitted)."""
    gaps = []
    for number, entry in enumerate(
        ProgressEntry.objects.filter(report=report)
        .select_related("programme")
        .order_by("programme__order", "programme__name"),
        start=1,
    ):
        if entry.state == EntryState.READY:
            continue
        missing = entry.missing
        gaps.append(
            _("1.%(number)s %(programme)s: %(state)s%(missing)s")
            % {
                "number": number,
                "programme": entry.programme.name,
                "state": entry.get_state_display().lower(),
                "missing": (" – " + _("ontbreekt: %s") % ", ".join(missing)) if missing else "",
            }
        )
    if report.purpose == Purpose.DECISION and not report.letter_decision.strip():
        gaps.append(_("Brief aan de raden: de beslispunten ontbreken"))
    return gaps


def people_to_remind(*, report: Report) -> list[tuple[Any, list[str]]]:
    """Who a reminder to everyone reaches: each active editor of an entry that is not ready,
    with the programmes of those entries (one e-mail each)."""
    people: dict[int, tuple[Any, list[str]]] = {}
    for entry in open_entries(report=report):
        for editor in entry.programme.editors.all():
            if editor.is_active:
                people.setdefault(editor.pk, (editor, []))[1].append(entry.programme.name)
    return sorted(people.values(), key=lambda item: str(item[0]))
