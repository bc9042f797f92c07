"""Report pages: thin views that parse input, call one service and pick the response."""

import logging
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from budget import policy as budget_policy
from duoplus import audit, two_factor
from duoplus import roles as role_helpers
from duoplus.models import Role

from . import caching, diff, policy, selectors, services, workflow
from .forms import CompareForm, LetterForm, ProgressEntryForm, ReminderForm, SendBackForm
from .models import EntryRevision, ProgressEntry, Report, ReportPDF, ReportStatus

logger = logging.getLogger(__name__)


def visible_report(request, pk):
    try:
        return Report.objects.visible_to(request.user).select_related("organisation").get(pk=pk)
    except Report.DoesNotExist:
        audit.record(
            "report.view",
            actor=request.user,
            result="not_found",
            ip=audit.client_ip(request),
            report_id=str(pk),
        )
        raise Http404(_("Deze rapportage bestaat niet of u heeft er geen toegang toe.")) from None


@login_required
def home(request):
    """The start page: one section per role the user holds."""
    user = request.user
    names = role_helpers.role_names(user)
    context = {"sections": names, "today": timezone.localdate()}
    if names & {Role.EDITOR, Role.COORDINATOR, Role.ADMIN, Role.BOARD}:
        context["reports"] = (
            Report.objects.visible_to(user)
            .exclude(status=ReportStatus.PUBLISHED)
            .select_related("organisation")
            .order_by("-year", "-period_end")
        )
    if Role.EDITOR in names or Role.COORDINATOR in names:
        context["my_entries"] = selectors.my_entries(user)
        context["rounds"] = selectors.coordination_summary(user)
    if Role.BOARD in names:
        context["to_review"] = selectors.awaiting_review(user)
    if Role.COUNCIL in names:
        context.update(_council_context(user))
    context["published"] = (
        Report.objects.visible_to(user)
        .filter(status=ReportStatus.PUBLISHED)
        .order_by("-published_at")[:10]
        if names - {Role.COUNCIL}
        else []
    )
    context["offer_second_step"] = not two_factor.has_device(user)
    return render(request, "home.html", context)


def _council_context(user):
    newer = Report.objects.filter(supersedes=OuterRef("pk"), status=ReportStatus.PUBLISHED)
    reports = list(
        Report.objects.published_for_council(user)
        .select_related("organisation")
        .annotate(replaced_by_version=Subquery(newer.values("version")[:1]))
    )
    pdfs = {}
    for pdf in (
        ReportPDF.objects.downloadable_by(user)
        .filter(report__in=[r.pk for r in reports])
        .select_related("council")
    ):
        pdfs.setdefault(pdf.report_id, []).append(pdf)
    council_ids = role_helpers.organisation_ids(user, Role.COUNCIL)
    for report in reports:
        report.council_pdfs = [p for p in pdfs.get(report.pk, []) if p.council_id in council_ids]
    return {"council_reports": reports}


@login_required
def council_list(request):
    if not role_helpers.has_role(request.user, Role.COUNCIL):
        raise Http404
    return render(request, "reports/council_list.html", _council_context(request.user))


_UNSET = object()


def _detail_context(user, report, send_back_form=None, council=_UNSET):
    """Everything the report page shows; also used when a form on it has errors."""
    if council is _UNSET:
        council = policy.reading_council(user, report)
    context = selectors.report_document(report, council=council)
    internal = council is None and policy.sees_internals(user)
    can_review = policy.can_review(user, report)
    context.update(
        {
            "approvals": selectors.approval_state(report)
            if internal and report.review_round
            else [],
            "transitions": report.transitions.select_related("actor") if internal else [],
            "pdf_states": selectors.pdf_states(report) if internal else [],
            "council_pdfs": ReportPDF.objects.downloadable_by(user)
            .filter(report=report, council=council)
            .select_related("council")
            if council is not None
            else [],
            "can_rerender": policy.can_rerender(user, report),
            "can_submit": policy.can_submit(user, report),
            "can_review": can_review,
            "can_publish": policy.can_publish(user, report),
            "can_edit_any": policy.can_edit_entries(user, report),
            "can_view_history": policy.can_view_history(user, report),
            "can_import_budget": budget_policy.can_import(user, report),
            "can_correct": policy.can_correct(user, report)
            and not Report.objects.filter(supersedes=report).exists(),
            "newer": Report.objects.visible_to(user).filter(supersedes=report).first(),
            # Computed only when the page's cached fragment is missing: a submitted
            # report's entries are frozen, and so is a published previous one; a new
            # publication (the generation) may change which report is "previous".
            "changes": SimpleLazyObject(lambda: selectors.changes_since_previous(report))
            if internal and report.status == ReportStatus.SUBMITTED
            else None,
            "changes_key": f"{report.pk}-{report.version}-{report.review_round}-"
            f"{caching.publication_generation()}",
            "send_back_form": send_back_form or SendBackForm(),
            "can_edit_letter": policy.can_edit_letter(user, report),
            "already_approved": can_review
            and report.approvals.filter(review_round=report.review_round, user=user).exists(),
        }
    )
    return context


@login_required
def report_detail(request, pk):
    """The report page. A published report never changes: a browser that has the page gets
    304 (ETag), otherwise it comes from the cache; both only after this person's access
    check has passed (now, or earlier with the same memberships: reports.caching)."""
    report = council = None
    identity = None if caching.pending_messages(request) else caching.known_page(request, pk)
    if identity is None:
        report = visible_report(request, pk)
        council = policy.reading_council(request.user, report)
        if not caching.pending_messages(request):
            identity = caching.page_identity(request, report, council)
        if identity is None:
            context = _detail_context(request.user, report, council=council)
            return render(request, "reports/detail.html", context)
    etag = caching.page_etag(request, identity)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        content = caching.cached_page(etag)
        if content is None:
            if report is None:
                report = visible_report(request, pk)
                council = policy.reading_council(request.user, report)
            context = _detail_context(request.user, report, council=council)
            response = render(request, "reports/detail.html", context)
            caching.keep_page(etag, response.content)
        else:
            response = HttpResponse(content)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


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
            key: request.POST.get(key, "")[: services.MAX_TEXT_LENGTH]
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
    if policy.can_edit_entry(request.user, entry):
        return report, entry, None
    audit.denied(request, "entry.edit", entry)
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
    indicators = selectors.programme_indicators(entry)
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
        "reports/entry_form.html",
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
    if not policy.can_view_history(request.user, report):
        audit.denied(request, "entry.history", report)
        raise Http404
    entry = get_object_or_404(
        ProgressEntry.objects.select_related("programme"), pk=entry_pk, report=report
    )
    revisions = selectors.entry_revisions(entry)
    versions = [r.version for r in revisions]
    # By default: the latest version against the one before it.
    new = versions[0] if versions else None
    old = versions[1] if len(versions) > 1 else None
    form = CompareForm(request.GET or None, versions=versions, initial={"van": old, "naar": new})
    if form.is_valid():
        old = form.cleaned_data["van"] if form.cleaned_data["van"] is not None else old
        new = form.cleaned_data["naar"] if form.cleaned_data["naar"] is not None else new
    by_version = {r.version: r for r in revisions}
    indicators = selectors.programme_indicators(entry)
    return render(
        request,
        "reports/entry_history.html",
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
            "can_restore": policy.can_edit_entry(request.user, entry),
        },
    )


@login_required
@require_POST
def entry_restore(request, pk, entry_pk, version):
    report, entry, refusal = _editable_entry(request, pk, entry_pk)
    if refusal:
        return refusal
    history = reverse("reports:entry_history", args=[report.pk, entry.pk])
    try:
        current = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(request, _("Het formulier was onvolledig. Probeer het opnieuw."))
        return redirect(history)
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
def my_work(request):
    """Mijn werk: the entries I am responsible for and, for a coordinator, every entry of
    the open reports with its state, what is missing, and reminders."""
    return render(
        request,
        "reports/my_work.html",
        {
            "mine": selectors.my_entries(request.user),
            "rounds": selectors.coordination(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def remind(request, pk):
    report = visible_report(request, pk)
    target = reverse("my_work") + f"#rapportage-{report.pk}"
    form = ReminderForm(request.POST, report=report)
    if not form.is_valid():
        messages.error(request, _("Deze tekst hoort niet bij de rapportage."))
        return redirect(target)
    try:
        reminders, orphans = services.remind_entries(
            report=report,
            user=request.user,
            entries=form.cleaned_data["entry"] or None,
            ip=audit.client_ip(request),
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect(target)
    people = {r.recipient_id for r in reminders}
    if people:
        messages.success(
            request,
            ngettext(
                "Er gaat een herinnering naar %(count)d persoon.",
                "Er gaan herinneringen naar %(count)d personen.",
                len(people),
            )
            % {"count": len(people)},
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


def _run(request, action, report, success, *, then=None, **kwargs):
    """Call one workflow action; refusals become messages. ``success`` is the message (or
    a function of the result giving it), ``then`` where to go with the result (default:
    the report)."""
    try:
        result = action(report=report, user=request.user, ip=audit.client_ip(request), **kwargs)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success(result) if callable(success) else success)
        if then is not None:
            return redirect(then(result))
    return redirect(report)


@login_required
@require_POST
def submit(request, pk):
    report = visible_report(request, pk)
    return _run(
        request,
        workflow.submit_report,
        report,
        _("De rapportage is ingediend bij het directieberaad."),
    )


@login_required
@require_POST
def approve(request, pk):
    report = visible_report(request, pk)
    return _run(request, workflow.approve_report, report, _("Uw goedkeuring is vastgelegd."))


@login_required
@require_POST
def send_back(request, pk):
    report = visible_report(request, pk)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request.user, report, send_back_form=form)
        return render(request, "reports/detail.html", context, status=400)
    return _run(
        request,
        workflow.send_back_report,
        report,
        _("De rapportage is teruggestuurd naar de coördinator."),
        reason=form.cleaned_data["reason"],
    )


@login_required
@require_POST
def correct(request, pk):
    report = visible_report(request, pk)
    return _run(
        request,
        workflow.start_correction,
        report,
        lambda correction: (
            _(
                "Versie %(version)s is gemaakt als concept. Pas aan wat gecorrigeerd moet "
                "worden en dien hem opnieuw in; na publicatie vervangt hij versie %(old)s."
            )
            % {"version": correction.version, "old": report.version}
        ),
        then=lambda correction: correction,
    )


@login_required
@require_POST
def publish(request, pk):
    report = visible_report(request, pk)
    return _run(
        request,
        workflow.publish_report,
        report,
        _("De rapportage is gepubliceerd. De raden kunnen de goedgekeurde pdf’s nu downloaden."),
    )


@login_required
def letter_edit(request, pk):
    """The coordinator writes the covering letter to the councils while the report is concept."""
    report = visible_report(request, pk)
    if not policy.can_edit_letter(request.user, report):
        audit.denied(request, "report.letter", report)
        if not report.is_concept:
            messages.error(request, _("Deze rapportage is ingediend; de brief ligt vast."))
            return redirect(report)
        raise Http404
    if request.method == "POST":
        form = LetterForm(request.POST)
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
        form = LetterForm(initial={name: getattr(report, name) for name in services.LETTER_FIELDS})
    return render(request, "reports/letter_form.html", {"report": report, "form": form})


@login_required
@require_POST
def rerender_pdf(request, pk, council):
    """The coordinator has a failed (or stuck) council PDF made again."""
    report = visible_report(request, pk)
    pdf = get_object_or_404(
        ReportPDF.objects.current().select_related("council"), report=report, council__slug=council
    )
    try:
        services.rerender_pdf(
            report=report, council=pdf.council, user=request.user, ip=audit.client_ip(request)
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("De pdf voor %(council)s wordt opnieuw gemaakt.") % {"council": pdf.council.name},
        )
    return redirect(f"{report.get_absolute_url()}#kop-pdf")


@login_required
def pdf_download(request, pk, council):
    """Serve one rendered PDF; the right is checked on every request (for a published report
    possibly from the cache, keyed on the person's current memberships: reports.caching)."""
    ip = audit.client_ip(request)
    known = caching.known_pdf(request.user, pk, council)
    if known is None:
        pdf = (
            ReportPDF.objects.downloadable_by(request.user)
            .select_related("report", "council")
            .filter(report_id=pk, council__slug=council)
            .order_by("pk")  # not the model's ordering across three tables
            .first()
        )
        if pdf is None:
            audit.record(
                "pdf.download",
                actor=request.user,
                result="not_found",
                ip=ip,
                report_id=str(pk),
                council=council[:60],
            )
            raise Http404(_("Dit bestand bestaat niet of u heeft er geen toegang toe."))
        known = caching.pdf_identity(request.user, pdf)
    # The file never changes (its checksum is its name): a browser that has it gets 304.
    etag = f'"{known["sha256"]}"'
    response = get_conditional_response(request, etag=etag, last_modified=known["rendered_at"])
    if response is not None:
        response["ETag"] = etag
        response["Cache-Control"] = "private, no-cache"
        return response
    audit.record(
        "pdf.download",
        actor=request.user,
        ip=ip,
        object_type="reports.reportpdf",
        object_id=known["pk"],
        sha256=known["sha256"],
    )
    # Streamed: gunicorn hands the open file to the kernel (sendfile), not through Python.
    storage = ReportPDF._meta.get_field("file").storage
    response = FileResponse(
        storage.open(known["name"], "rb"),
        as_attachment=True,
        filename=known["download_name"],
        content_type="application/pdf",
    )
    response["X-Content-SHA256"] = known["sha256"]
    response["ETag"] = etag
    if known["rendered_at"]:
        response["Last-Modified"] = http_date(known["rendered_at"])
    response["Cache-Control"] = "private, no-cache"
    return response
