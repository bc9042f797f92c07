"""The P&C calendar pages and the personal iCalendar feed (thin: the rules are in the
services, selectors and policy of this area)."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from duoplus.core import audit, confirm
from duoplus.core.audit import AuditAction, AuditResult
from duoplus.core.bounds import MAX_YEAR, MIN_YEAR, bounded_int

from . import policy, selectors, services
from .feed import ical
from .forms import RoundForm
from .models import CalendarFeed, ReportingRound


def _check_year(year):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404


def _internal_only(request):
    """The calendar is for the people who make and approve reports, not for councils."""
    if not policy.can_see_calendar(user=request.user):
        audit.refusal(AuditAction.CALENDAR_VIEW, request=request)
        raise Http404


def _visible_round(request, pk):
    try:
        return ReportingRound.objects.visible_to(request.user).get(pk=pk)
    except ReportingRound.DoesNotExist:
        audit.refusal(
            AuditAction.CALENDAR_ROUND,
            request=request,
            result=AuditResult.NOT_FOUND,
            object_type="planning.reportinground",
            object_id=str(pk)[:60],
        )
        raise Http404(_("Deze ronde bestaat niet of u heeft er geen toegang toe.")) from None


@login_required
def calendar_today(request):
    _internal_only(request)
    return redirect("calendar", timezone.localdate().year)


def _year_fraction(day, year):
    """Where ``day`` falls in ``year``, as a percentage of the year's width (clamped)."""
    start = datetime.date(year, 1, 1)
    length = (datetime.date(year + 1, 1, 1) - start).days
    return max(0.0, min(100.0, (day - start).days / length * 100))


@login_required
def calendar_year(request, year):
    _check_year(year)
    _internal_only(request)
    user = request.user
    # Each round gets what the year's page draws of it (warnings, milestones, its bar).
    rounds: list[Any] = selectors.year_rounds(user=user, year=year)
    planners = list(policy.planning_organisations(user=user))
    today = timezone.localdate()
    terms: dict = {}
    for item in rounds:
        legal = selectors.legal_deadlines(item=item, terms=terms)
        item.legal_warnings = legal.warnings
        item.milestone_list = sorted(
            [
                *selectors.milestones(item=item),
                *(
                    {
                        "name": "legal",
                        "label": d.label,
                        "date": d.date,
                        "basis": d.basis,
                        "moved_from": d.moved_from,
                    }
                    for d in legal.deadlines
                ),
            ],
            key=lambda m: m["date"],
        )
        for milestone in item.milestone_list:
            milestone["left"] = f"{_year_fraction(milestone['date'], year):.2f}"
            milestone["past"] = milestone["date"] < today
        item.bar_left = f"{_year_fraction(item.opens_on, year):.2f}"
        item.bar_width = (
            f"{max(0.8, _year_fraction(item.dispatch_on, year) - float(item.bar_left)):.2f}"
        )
        item.can_plan = any(o.pk == item.organisation_id for o in planners)
    planned_orgs = {item.organisation_id for item in rounds}
    # Year links: every year with rounds and last, this and next year (where a new year is
    # planned), from any year's page; not on forever (a crawler follows them all).
    years = set(ReportingRound.objects.visible_to(user).order_by().values_list("year", flat=True))
    near = range(today.year - 1, today.year + 2)
    year_links = sorted(years | set(near) | {year})
    months = [
        {"date": datetime.date(year, month, 1), "left": f"{(month - 1) / 12 * 100:.2f}"}
        for month in range(1, 13)
    ]
    context = {
        "year": year,
        "rounds": rounds,
        "months": months,
        "today": today,
        "today_left": f"{_year_fraction(today, year):.2f}" if today.year == year else None,
        "planners": planners,
        "can_generate": [o for o in planners if o.pk not in planned_orgs],
        "has_feed": CalendarFeed.objects.filter(user=user).first(),
        "previous_year": year - 1 if (year - 1 in years or year - 1 in near) else None,
        "next_year": year + 1 if (year + 1 in years or year + 1 in near) else None,
        "year_links": [{"year": y, "has_rounds": y in years} for y in year_links],
        "feed_url": request.session.pop("new_calendar_feed_url", None),
    }
    return render(request, "planning/calendar.html", context)


@login_required
@require_POST
def calendar_generate(request, year):
    _check_year(year)
    organisations = policy.planning_organisations(user=request.user)
    organisation_id = bounded_int(request.POST.get("organisation"))
    organisation = organisations.filter(pk=organisation_id).first() if organisation_id else None
    if organisation is None:
        audit.refusal(AuditAction.CALENDAR_GENERATE, request=request)
        raise Http404
    try:
        rounds = services.generate_year(
            organisation=organisation, year=year, user=request.user, ip=audit.client_ip(request)
        )
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request,
            _(
                "De kalender voor %(year)s staat klaar met %(count)s rondes. Controleer de data: "
                "ze zijn voorgesteld, nog niet afgesproken."
            )
            % {"year": year, "count": len(rounds)},
        )
    return redirect("calendar", year)


def _round_form_page(request, *, item=None, year=None):
    user = request.user
    organisations = policy.planning_organisations(user=user)
    if item is not None and not organisations.filter(pk=item.organisation_id).exists():
        audit.refusal(AuditAction.CALENDAR_ROUND, request=request, obj=item)
        raise Http404
    if not organisations.exists():
        audit.refusal(AuditAction.CALENDAR_ROUND, request=request)
        raise Http404
    opened = item is not None and item.report_id is not None
    year = item.year if item is not None else year
    if request.method == "POST":
        form = RoundForm(request.POST, instance=item, organisations=organisations, opened=opened)
        if form.is_valid():
            data = dict(form.cleaned_data)
            programmes = data.pop("programmes")
            recipients = data.pop("recipients")
            if item is None:
                data["year"] = year
            try:
                saved = services.save_round(
                    user=user,
                    values=data,
                    programmes=programmes,
                    recipients=recipients,
                    instance=item,
                    ip=audit.client_ip(request),
                )
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for name, errors in exc.message_dict.items():
                        form.add_error(name if name in form.fields else None, errors)
                else:
                    form.add_error(None, " ".join(exc.messages))
            else:
                messages.success(
                    request, _("De ronde „%(title)s” is opgeslagen.") % {"title": saved}
                )
                return redirect(reverse("calendar", args=[saved.year]) + f"#ronde-{saved.pk}")
    else:
        form = RoundForm(instance=item, organisations=organisations, opened=opened)
    return render(
        request,
        "planning/round_form.html",
        {"form": form, "item": item, "year": year, "opened": opened},
    )


@login_required
def round_new(request, year):
    _check_year(year)
    return _round_form_page(request, year=year)


@login_required
def round_edit(request, pk):
    item = _visible_round(request, pk)
    return _round_form_page(request, item=item)


@login_required
@require_POST
def round_open(request, pk):
    item = _visible_round(request, pk)
    back = reverse("calendar", args=[item.year]) + f"#ronde-{item.pk}"
    if (
        policy.can_plan(user=request.user, organisation_id=item.organisation_id)
        and item.report_id is None
        and not confirm.confirmed(request)
    ):
        programmes = [p.name for p in item.programmes.all()]
        return confirm.ask(
            request,
            confirm.Question(
                heading=_("„%(title)s” nu openen?") % {"title": item.title},
                text=[
                    _(
                        "Openen maakt de rapportage aan met een tekst per programma, elk "
                        "beginnend bij de tekst uit de vorige rapportage, en stuurt iedere "
                        "schrijver een e-mail met de inleverdatum. Dat kan niet ongedaan "
                        "worden gemaakt."
                    )
                ],
                button=_("Ja, nu openen"),
                cancel_url=back,
                items_heading=_("Programma’s"),
                items=programmes,
            ),
        )
    try:
        report, created = services.open_round(
            item=item, user=request.user, ip=audit.client_ip(request)
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect(reverse("calendar", args=[item.year]) + f"#ronde-{item.pk}")
    if created:
        messages.success(
            request,
            _("De rapportage is aangemaakt; de schrijvers krijgen bericht."),
        )
    else:
        messages.info(request, _("Deze ronde was al geopend."))
    return redirect(report)


@login_required
@require_POST
def round_delete(request, pk):
    item = _visible_round(request, pk)
    year = item.year
    if (
        policy.can_plan(user=request.user, organisation_id=item.organisation_id)
        and item.report_id is None
        and not confirm.confirmed(request)
    ):
        return confirm.ask(
            request,
            confirm.Question(
                heading=_("„%(title)s” verwijderen?") % {"title": item.title},
                text=[_("De ronde en haar data verdwijnen uit de kalender.")],
                button=_("Ja, verwijderen"),
                cancel_url=reverse("calendar", args=[year]) + f"#ronde-{item.pk}",
            ),
        )
    try:
        services.delete_round(user=request.user, item=item, ip=audit.client_ip(request))
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(reverse("calendar", args=[year]) + f"#ronde-{item.pk}")
    messages.success(request, _("De ronde „%(title)s” is verwijderd.") % {"title": item.title})
    return redirect("calendar", year)


@login_required
def feed_manage(request):
    """Make a new secret feed address (the old one stops working) or revoke it. A GET (a
    bookmark, the back button) leads to where the address is managed."""
    if not policy.can_have_feed(user=request.user):
        audit.refusal(AuditAction.CALENDAR_VIEW, request=request)
        raise Http404
    internal = policy.can_see_calendar(user=request.user)
    if request.method != "POST":
        if internal:
            return redirect(reverse("calendar_today") + "#agenda")
        # The council's side has no calendar: its agenda link is managed here.
        return render(
            request,
            "planning/agenda.html",
            {
                "council_side": True,
                "has_feed": CalendarFeed.objects.filter(user=request.user).first(),
                "feed_url": request.session.pop("new_calendar_feed_url", None),
            },
        )
    back = request.POST.get("year")
    year = int(back) if back and back.isdigit() and MIN_YEAR <= int(back) <= MAX_YEAR else None
    target = (
        reverse("calendar", args=[year or timezone.localdate().year])
        if internal
        else reverse("calendar_feed_manage")
    ) + "#agenda"
    if request.POST.get("action") == "revoke":
        if services.revoke_feed(user=request.user, ip=audit.client_ip(request)):
            messages.success(
                request, _("Het agenda-abonnement is ingetrokken; de link werkt niet meer.")
            )
        return redirect(target)
    token = services.new_feed_token(user=request.user, ip=audit.client_ip(request))
    # Shown once, on the next page: only its hash is kept.
    request.session["new_calendar_feed_url"] = settings.SITE_URL + reverse(
        "calendar_feed", args=[token]
    )
    messages.success(
        request,
        _("Er is een nieuwe agendalink gemaakt. Een eerdere link werkt niet meer."),
    )
    return redirect(target)


@never_cache
@require_GET
def calendar_feed(request, token):
    """The person's deadlines as iCalendar: no login (calendar programs cannot log in), the
    secret token in the address is the key. An unknown or revoked token is a plain 404."""
    user = selectors.feed_user(token=token)
    if user is None or not policy.can_have_feed(user=user):
        raise Http404
    body = ical(user=user, site_url=settings.SITE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="duoplus-kalender.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
