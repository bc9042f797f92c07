"""Review and publication: the board's approvals, the report's transitions, the content as
it was submitted and the council PDFs rendered from it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duoplus.core import roles
from duoplus.core.models import DocumentStatus, StoredDocument
from reports.core.models import Report, ReportStatus, internal_reports_condition


class Approval(models.Model):
    """One organisation's consent (through one of its board members) to one submission."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("rapportage")
    )
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("namens")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("goedgekeurd door"),
    )
    submission = models.PositiveIntegerField(_("indiening"))
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)
    # What was approved: the SHA-256 of every council's PDF of this submission, by council slug.
    pdf_checksums = models.JSONField(_("controlegetallen van de pdf’s"), default=dict, blank=True)

    class Meta:
        ordering = ["at"]
        verbose_name = _("goedkeuring")
        verbose_name_plural = _("goedkeuringen")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "organisation", "submission"],
                name="one_approval_per_org_per_submission",
            )
        ]

    def __str__(self):
        return f"{self.report} – {self.organisation}"


class ReportTransition(models.Model):
    """The history of a report: every change of status, by whom, when, from where, why."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("rapportage")
    )
    from_status = models.CharField(_("van"), max_length=20, choices=ReportStatus.choices)
    to_status = models.CharField(_("naar"), max_length=20, choices=ReportStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("door"),
    )
    reason = models.TextField(_("toelichting"), blank=True)
    ip = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")

    def __str__(self):
        return f"{self.report}: {self.from_status} → {self.to_status}"


# The states of a council PDF are those of every stored document.
PDFStatus = DocumentStatus


class ReportPDFQuerySet(models.QuerySet):
    def current(self):
        """Files (in any state) of the report's current version and submission: the
        renders made at submission, which the board approves and publishing releases."""
        return self.filter(report_version=F("report__version"), submission=F("report__submission"))

    def ready(self):
        """Complete files of the report's current version and submission."""
        return self.current().filter(status=PDFStatus.READY)

    def downloadable_by(self, user):
        """Ready files that ``user`` may download: council members only their own council's
        file of a published report; internal users every file of a report they can see."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        internal = internal_reports_condition(user)
        council = roles.council_organisation_ids(user)
        condition = Q(pk__in=[])
        if internal is not None:
            condition |= Q(report__in=Report.objects.filter(internal).values("pk"))
        if council:
            condition |= Q(council_id__in=council, report__status=ReportStatus.PUBLISHED)
        return self.ready().filter(condition)


class ReportPDF(StoredDocument):
    """One rendered PDF: one report version for one receiving council (a stored document:
    duoplus.core.documents)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="pdfs", verbose_name=_("rapportage")
    )
    report_version = models.PositiveIntegerField(_("versie van de rapportage"))
    submission = models.PositiveIntegerField(_("indiening"), default=0)
    council = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="report_pdfs",
        verbose_name=_("voor de raad van"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    objects = ReportPDFQuerySet.as_manager()

    class Meta:
        ordering = ["report", "council__order", "council__name"]
        verbose_name = _("pdf")
        verbose_name_plural = _("pdf's")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "report_version", "submission", "council"],
                name="one_pdf_per_submission_council",
            )
        ]

    def __str__(self):
        return f"{self.report} – {self.council} (v{self.report_version})"

    def get_absolute_url(self):
        return reverse("reports:pdf_download", args=[self.report_id, self.council.slug])

    @property
    def download_name(self):
        """A meaningful file name, e.g. ``Eerste-voortgangsrapportage-2022-Diemen.pdf``, or
        ``…-2022-versie-2-Diemen.pdf`` for a correction."""
        return f"{self.report.file_name(council=self.council)}.pdf"


class FrozenContent(models.Model):
    """The content of a report as it was submitted (chapters, goals, indicators and budget
    tables, rendered), so that what the board approves and the councils read never changes
    when programme data, keys or templates change later. One row per variant: the internal
    page ("page"), and per receiving council its page ("page:<slug>") and PDF ("pdf:<slug>");
    the spreadsheet export as data, internal ("export") and per council ("export:<slug>")."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="frozen", verbose_name=_("rapportage")
    )
    variant = models.CharField(_("variant"), max_length=120)
    html = models.TextField(_("inhoud (html)"), blank=True)
    # The data of a form that is not HTML (the spreadsheet export: "export", "export:<slug>").
    data = models.JSONField(_("inhoud (gegevens)"), null=True, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vastgelegde inhoud")
        verbose_name_plural = _("vastgelegde inhoud")
        constraints = [
            models.UniqueConstraint(fields=["report", "variant"], name="one_frozen_variant")
        ]

    def __str__(self):
        return f"{self.report} [{self.variant}]"

    @staticmethod
    def variant_for(council=None, in_pdf=False, form=None):
        form = form or ("pdf" if in_pdf else "page")
        return f"{form}{':' + council.slug if council else ''}"


class WorkflowMailKind(models.TextChoices):
    SUBMITTED = "submitted", _("ingediend")
    APPROVAL = "approval", _("goedgekeurd namens een organisatie")
    APPROVED = "approved", _("goedgekeurd door het directieberaad")
    SENT_BACK = "sent_back", _("teruggestuurd")
    PUBLISHED = "published", _("gepubliceerd")


class WorkflowMail(models.Model):
    """What one e-mail about a workflow event is about; the e-mail itself is a message of
    the outbox (``message``: recorded once, sent once, or dropped with its reason)."""

    message = models.OneToOneField(
        "core.Message",
        on_delete=models.CASCADE,
        related_name="workflow_mail",
        verbose_name=_("bericht"),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=WorkflowMailKind.choices)
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="mails", verbose_name=_("rapportage")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("aan")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    reason = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("e-mail over de rapportage")
        verbose_name_plural = _("e-mails over rapportages")

    def __str__(self):
        return f"{self.kind}: {self.report} → {self.recipient}"
