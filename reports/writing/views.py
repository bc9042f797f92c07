"""The writing pages: the entry editor, versions, Mijn werk, reminders, the letter. Thin:
parse input, call one service, pick the response."""

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from duoplus.core import audit, confirm
from duoplus.core.audit import AuditAction
from duoplus.core.bounds import bounded_int
from reports.core.access import visible_report
from reports.core.models import LETTER_FIELDS, LETTER_LINES

from . import diff, policy, reminders, selectors, services
from .forms import CompareForm, LetterForm, ProgressEntryForm, ReminderForm
from .models import MAX_TEXT_LENGTH, EntryRevision, ProgressEntry

# Entries typed by someone whose session had expired, kept in their (anonymous) session
# until they have logged in again: {entry id: posted fields}.
CARRIED_POSTS = "carried_entry_posts"
_CARRIED_FIELD = re.compile(
    r"^(ambition|progress|costs|status|budget_status|ready|version|indicator_\d{1,10})$"
)


def _login_keeping_post(request, entry_pk):
    """Send an anonymous visitor to the login page; a POST (typed by someone whose session
    expired) is kept in the session and comes back, unsaved, in the form after login."""
    if request.method == "POST":
        fields = {
            key: request.POST.get(key, "")[:MAX_TEXT_LENGTH]
            for key in list(request.POST)[:60]
            if _CARRIED_FIELD.match(key)
        }
        carried = request.session.get(CARRIED_POSTS, {})
        carried[str(entry_pk)] = fields
        request.session[CARRIED_POSTS] = dict(list(carried.items())[-5:])
        messages.warning(
            request,
            _(
                "Uw sessie was verlopen. Log opnieuw in: uw tekst is bewaard en staat daarna "
                "weer in het formulier. Hij is nog niet opgeslagen."
            ),
        )
    return redirect_to_login(request.get_full_path())


def _editable_entry(request, pk, entry_pk):
    """The entry, when ``request.user`` may edit it; otherwise 404 (or, for a report that
    left concept, the report page with a message), audited."""
    report = visible_report(request, pk)
    entry = get_object_or_404(
        ProgressEntry.objects.select_related("programme", "updated_by", "report"),
        pk=entry_pk,
        report=report,
    )
    if policy.can_edit_entry(user=request.user, entry=entry):
        return report, entry, None
    audit.refusal(AuditAction.ENTRY_EDIT, request=request, obj=entry)
    if not report.is_concept:
        messages.error(request, _("Deze rapportage is ingediend; de teksten liggen vast."))
        return report, entry, redirect(report)
    raise Http404


def _conflict(entry, base_version, current, indicators):
    """What the other person changed since ``base_version``: the saved entry and a diff."""
    revisions = {
        r.version: r
        for r in EntryRevision.objects.filter(
            entry=entry, version__in=[base_version, current.version]
        ).select_related("saved_by")
    }
    return {
        "entry": current,
        "parts": diff.compare(
            revisions.get(base_version), revisions.get(current.version) or current, indicators
        ),
        "base_version": base_version,
    }


def entry_edit(request, pk, entry_pk):
    if not request.user.is_authenticated:
        return _login_keeping_post(request, entry_pk)
    report, entry, refusal = _editable_entry(request, pk, entry_pk)
    if refusal:
        return refusal
    indicators = selectors.programme_indicators(entry=entry)
    conflict = preview = None
    carried = request.session.get(CARRIED_POSTS, {}).get(str(entry.pk))
    if request.method == "POST":
        form = ProgressEntryForm(request.POST, entry=entry, indicators=indicators)
        if form.is_valid() and "preview" in request.POST:
            preview = form.cleaned_data
        elif form.is_valid():
            base = form.cleaned_data["version"]
            try:
                services.save_entry(
                    entry=entry,
                    user=request.user,
                    data=form.service_data(),
                    version=base,
                    ready=form.cleaned_data["ready"],
                    ip=audit.client_ip(request),
                )
            except services.EditConflict as exc:
                # Keep what this person typed; the hidden version moves to the saved one so
                # that saving again (after merging) is a deliberate overwrite.
                conflict = _conflict(entry, base, exc.current, indicators)
                data = request.POST.copy()
                data["version"] = exc.current.version
                form = ProgressEntryForm(data, entry=entry, indicators=indicators)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "%(who)s heeft deze tekst opgeslagen nadat u hem opende. Uw tekst is "
                        "niet opgeslagen maar staat hieronder nog. Vergelijk hem met wat er "
                        "veranderd is, neem over wat nodig is en sla opnieuw op."
                    )
                    % {"who": exc.current.updated_by or _("Iemand anders")},
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except PermissionDenied as exc:
                messages.error(request, str(exc))
                return redirect(report)
            else:
                if request.session.get(CARRIED_POSTS, {}).pop(str(entry.pk), None) is not None:
                    request.session.modified = True  # a carried text is stale once saved
                saved = ProgressEntry.objects.get(pk=entry.pk)
                messages.success(
                    request,
                    _("De tekst is opgeslagen (versie %(version)s).") % {"version": saved.version}
                    + (
                        " " + _("Hij is klaargemeld voor de coördinator.")
                        if form.cleaned_data["ready"]
                        else ""
                    ),
                    extra_tags=f"clear-draft entry-{entry.pk}",
                )
                if "close" in request.POST:
                    return redirect("my_work")
                return redirect(entry)
    elif carried is not None:
        request.session[CARRIED_POSTS].pop(str(entry.pk))
        request.session.modified = True
        form = ProgressEntryForm(carried, entry=entry, indicators=indicators)
        form.is_valid()
    else:
        form = ProgressEntryForm(entry=entry, indicators=indicators)
    return render(
        request,
        "writing/entry_form.html",
        {
            "report": report,
            "entry": entry,
            "form": form,
            "conflict": conflict,
            "preview": preview,
            "carried": carried is not None and request.method != "POST",
            "draft_key": f"entry-{entry.pk}",
        },
    )


@login_required
def entry_history(request, pk, entry_pk):
    """Every saved version of an entry, and a side-by-side comparison of any two."""
    report = visible_report(request, pk)
    if not policy.can_view_history(user=request.user, report=report):
        audit.refusal(AuditAction.ENTRY_HISTORY, request=request, obj=report)
        raise Http404
    entry = get_object_or_404(
        ProgressEntry.objects.select_related("programme"), pk=entry_pk, report=report
    )
    revisions = selectors.entry_revisions(entry=entry)
    versions = [r.version for r in revisions]
    # By default: the latest version against the one before it.
    new = versions[0] if versions else None
    old = versions[1] if len(versions) > 1 else None
    form = CompareForm(request.GET or None, versions=versions, initial={"van": old, "naar": new})
    if form.is_valid():
        old = form.cleaned_data["van"] if form.cleaned_data["van"] is not None else old
        new = form.cleaned_data["naar"] if form.cleaned_data["naar"] is not None else new
    by_version: dict[int | None, Any] = {r.version: r for r in revisions}
    indicators = selectors.programme_indicators(entry=entry)
    return render(
        request,
        "writing/entry_history.html",
        {
            "report": report,
            "entry": entry,
            "revisions": revisions,
            "form": form,
            "old": by_version.get(old),
            "new": by_version.get(new),
            "parts": diff.compare(by_version.get(old), by_version[new], indicators)
            if new is not None
            else [],
            "can_restore": policy.can_edit_entry(user=request.user, entry=entry),
        },
    )


@login_required
@require_POST
def entry_restore(request, pk, entry_pk, version):
    report, entry, refusal = _editable_entry(request, pk, entry_pk)
    if refusal:
        return refusal
    history = reverse("reports:entry_history", args=[report.pk, entry.pk])
    current = bounded_int(request.POST.get("version"))
    if current is None:
        messages.error(request, _("Het formulier was onvolledig. Probeer het opnieuw."))
        return redirect(history)
    if not confirm.confirmed(request):
        return confirm.ask(
            request,
            confirm.Question(
                heading=_("Versie %(version)s terugzetten?") % {"version": version},
                text=[
                    _(
                        "De tekst van %(programme)s wordt weer zoals in versie %(version)s. "
                        "De huidige tekst blijft bewaard als versie %(current)s; u kunt hem "
                        "later weer terugzetten."
                    )
                    % {
                        "programme": entry.programme.name,
                        "version": version,
                        "current": current,
                    }
                ],
                button=_("Ja, terugzetten"),
                cancel_url=history,
                carry={"version": str(current)},
            ),
        )
    try:
        saved = services.restore_revision(
            entry=entry,
            user=request.user,
            revision_version=version,
            version=current,
            ip=audit.client_ip(request),
        )
    except services.EditConflict:
        messages.error(
            request,
            _(
                "Iemand heeft de tekst opgeslagen terwijl u de versies bekeek. Bekijk de "
                "nieuwste versie en zet daarna zo nodig opnieuw terug."
            ),
        )
        return redirect(history)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(history)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect(report)
    messages.success(
        request,
        _("Versie %(old)s is teruggezet als nieuwe versie %(new)s.")
        % {"old": version, "new": saved.version},
        extra_tags=f"clear-draft entry-{entry.pk}",
    )
    return redirect(f"{history}?van={version}&naar={saved.version}")


@login_required
@require_POST
def remind(request, pk):
    report = visible_report(request, pk)
    target = reverse("my_work") + f"#rapportage-{report.pk}"
    form = ReminderForm(request.POST, report=report)
    if not form.is_valid():
        messages.error(request, _("Deze tekst hoort niet bij de rapportage."))
        return redirect(target)
    if (
        not form.cleaned_data["entry"]
        and policy.can_remind(user=request.user, report=report)
        and not confirm.confirmed(request)
    ):
        people = selectors.people_to_remind(report=report)
        return confirm.ask(
            request,
            confirm.Question(
                heading=_("Iedereen herinneren?"),
                text=[
                    ngettext(
                        "%(count)d persoon krijgt één e-mail met al zijn of haar teksten die "
                        "nog niet klaar zijn.",
                        "%(count)d personen krijgen elk één e-mail met al hun teksten die "
                        "nog niet klaar zijn.",
                        len(people),
                    )
                    % {"count": len(people)}
                ],
                button=_("Ja, herinneringen versturen"),
                cancel_url=target,
                items_heading=_("Wie een herinnering krijgt"),
                items=[f"{person}: {', '.join(names)}" for person, names in people],
            ),
        )
    try:
        sent, orphans = reminders.remind_entries(
            report=report,
            user=request.user,
            entries=form.cleaned_data["entry"] or None,
            ip=audit.client_ip(request),
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect(target)
    recipients = {r.recipient_id for r in sent}
    if recipients:
        messages.success(
            request,
            ngettext(
                "Er gaat een herinnering naar %(count)d persoon.",
                "Er gaan herinneringen naar %(count)d personen.",
                len(recipients),
            )
            % {"count": len(recipients)},
        )
    elif not orphans:
        messages.info(request, _("Er is niemand te herinneren: de teksten zijn klaar."))
    if orphans:
        messages.warning(
            request,
            _("Niemand is verantwoordelijk voor: %(names)s. Wijs in het beheer een medewerker aan.")
            % {"names": ", ".join(e.programme.name for e in orphans)},
        )
    return redirect(target)


@login_required
def letter_edit(request, pk):
    """The coordinator writes the covering letter to the councils while the report is concept."""
    report = visible_report(request, pk)
    if not policy.can_edit_letter(user=request.user, report=report):
        audit.refusal(AuditAction.REPORT_LETTER, request=request, obj=report)
        if not report.is_concept:
            messages.error(request, _("Deze rapportage is ingediend; de brief ligt vast."))
            return redirect(report)
        raise Http404
    if request.method == "POST":
        form = LetterForm(request.POST, report=report)
        if form.is_valid():
            try:
                services.save_letter(
                    report=report,
                    user=request.user,
                    data=form.cleaned_data,
                    ip=audit.client_ip(request),
                )
            except (PermissionDenied, ValidationError) as exc:
                form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(
                    request,
                    _("De brief aan de raden is opgeslagen."),
                    extra_tags=f"clear-draft letter-{report.pk}",
                )
                return redirect(f"{report.get_absolute_url()}#raadsinformatiebrief")
    else:
        initial = {name: getattr(report, name) for name in (*LETTER_FIELDS, *LETTER_LINES)}
        if not initial["letter_contact"]:
            user = request.user
            initial["letter_contact"] = ", ".join(
                part for part in (user.get_full_name(), user.email) if part
            )
        form = LetterForm(initial=initial, report=report)
    return render(request, "writing/letter_form.html", {"report": report, "form": form})
