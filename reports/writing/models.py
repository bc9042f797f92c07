"""Reports and what is written in them: progress entries, their indicator values, every
saved version, and reminders to the people who write them."""

import functools
import re

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from duoplus.core import roles
from duoplus.core.bounds import validate_single_line


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Voortgangsrapportage")
    ANNUAL = "annual", _("Jaarstukken")
    BUDGET = "budget", _("Begroting")
    BUDGET_CHANGE = "budget_change", _("Begrotingswijziging")
    FRAMEWORK = "framework", _("Kaderbrief")


class Purpose(models.TextChoices):
    INFORMATION = "information", _("ter kennisname")
    DECISION = "decision", _("ter besluitvorming")
    # The councils are asked for their view within the legal term (Wgr art. 35): only for
    # a begroting, a begrotingswijziging and a kaderbrief (reports.consultation).
    CONSULTATION = "consultation", _("ter zienswijze")


class ReportStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    SUBMITTED = "submitted", _("Ingediend")
    APPROVED = "approved", _("Goedgekeurd")
    PUBLISHED = "published", _("Gepubliceerd")


def internal_reports_condition(user) -> Q | None:
    """Reports of, or addressed to, an organisation in which ``user`` works (not as a council
    member); None when the user has no such role. The same rule for reports, their files
    and the calendar's rounds."""
    internal = roles.internal_organisation_ids(user)
    if not internal:
        return None
    return Q(organisation_id__in=internal) | Q(recipients__in=internal)


def council_reports_condition(user) -> Q | None:
    """Published reports addressed to a council ``user`` sits on; None when they sit on none."""
    council = roles.council_organisation_ids(user)
    if not council:
        return None
    return Q(status=ReportStatus.PUBLISHED, recipients__in=council)


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one rule for who may see a report (pages, downloads and exports use it).

        Staff (editors, coordinators, functional admins) and board members of the
        executing organisation or of a receiving municipality see every status; council
        members see only published reports addressed to their own council.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        condition = Q(pk__in=[])
        for part in (internal_reports_condition(user), council_reports_condition(user)):
            if part is not None:
                condition |= part
        return self.filter(pk__in=Report.objects.filter(condition).values("pk"))

    def with_replacement(self):
        """Each report with ``replaced_by_version``: the version of the published report
        that supersedes it, or None."""
        newer = Report.objects.filter(supersedes=OuterRef("pk"), status=ReportStatus.PUBLISHED)
        return self.annotate(replaced_by_version=Subquery(newer.values("version")[:1]))

    def public(self):
        """Published reports that anyone may read, without logging in."""
        return self.filter(status=ReportStatus.PUBLISHED, is_public=True)

    def published_for_council(self, user):
        """Published reports addressed to the council(s) ``user`` sits on, newest first."""
        condition = council_reports_condition(user)
        if condition is None:
            return self.none()
        ids = Report.objects.filter(condition)
        return self.filter(pk__in=ids.values("pk")).order_by("-published_at", "-id")


class Report(models.Model):
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("opgesteld door"),
    )
    title = models.CharField(_("titel"), max_length=250, validators=[validate_single_line])
    kind = models.CharField(_("soort"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("jaar"))
    period_start = models.DateField(_("periode van"))
    period_end = models.DateField(_("periode tot en met"))
    purpose = models.CharField(
        _("doel"), max_length=20, choices=Purpose.choices, default=Purpose.INFORMATION
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.CONCEPT
    )
    recipients = models.ManyToManyField(
        "core.Organisation",
        related_name="received_reports",
        verbose_name=_("voor de raden van"),
        limit_choices_to={"kind": "municipality"},
    )
    version = models.PositiveIntegerField(_("versie"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("vervangt"),
    )
    # How often the report has been submitted to the directieberaad: approvals and the
    # council PDFs belong to one submission; a send-back and a new submission start anew.
    submission = models.PositiveIntegerField(_("indiening"), default=0)
    deadline = models.DateField(_("inleverdatum teksten"), null=True, blank=True)
    # The covering letter to each council (raadsinformatiebrief); the financial paragraph
    # is made per municipality from the budget tables.
    letter_reason = models.TextField(
        _("aanleiding"),
        blank=True,
        help_text=_("Waarom de raad deze rapportage krijgt: periode, aanleiding, vervolg."),
    )
    letter_summary = models.TextField(
        _("kern van de rapportage"),
        blank=True,
        help_text=_("De belangrijkste ontwikkelingen in het kort."),
    )
    letter_risks = models.TextField(
        _("overige gevolgen en risico’s"),
        blank=True,
        help_text=_("Gevolgen en risico’s naast de financiële (die worden per gemeente berekend)."),
    )
    letter_decision = models.TextField(
        _("beslispunten"),
        blank=True,
        help_text=_("Wat de raad wordt gevraagd te besluiten (bij ‘ter besluitvorming’)."),
    )
    letter_reference = models.CharField(
        _("kenmerk"),
        max_length=60,
        blank=True,
        help_text=_("Het kenmerk van de brief. Leeg: het portaal maakt er een."),
    )
    letter_contact = models.CharField(
        _("contactpersoon"),
        max_length=200,
        blank=True,
        help_text=_("Naam en e-mailadres of telefoonnummer van wie vragen beantwoordt."),
    )
    correction_note = models.TextField(
        _("wat is gecorrigeerd"),
        blank=True,
        help_text=_("Bij een gecorrigeerde versie: wat er anders is dan in de vorige versie."),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    # Decided by the coordinator at publication (default: the organisation's setting):
    # readable by anyone at /openbaar/<id>/, with its PDFs and, once public, the answers to
    # the technische vragen and the zienswijzen (reports.portal.public).
    is_public = models.BooleanField(_("openbaar"), default=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-period_end", "-id"]
        verbose_name = _("rapportage")
        verbose_name_plural = _("rapportages")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="report_period_order"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_concept(self):
        return self.status == ReportStatus.CONCEPT

    @property
    def version_label(self):
        """ "versie 2" for a correction; empty for the first version."""
        return _("versie %(number)s") % {"number": self.version} if self.version > 1 else ""

    @property
    def display_title(self):
        """The title as lists and headings show it: ``… (versie 2)`` for a correction."""
        return f"{self.title} ({self.version_label})" if self.version > 1 else self.title

    @property
    def reference(self):
        """The letter's kenmerk: as the coordinator wrote it, or one made from the report."""
        return self.letter_reference or f"{self.organisation.name}/{self.year}/{self.pk}"

    def file_name(self, *prefix, council=None):
        """A file name without extension that tells reports, versions and councils apart:
        ``Eerste-voortgangsrapportage-2022-versie-2-Diemen``."""
        parts = [*prefix, self.title, self.version_label, council.name if council else ""]
        words = re.sub(r"[^\w]+", "-", " ".join(str(p) for p in parts if p))
        return words.strip("-")[:150]


# The covering letter's texts, as the coordinator writes them (Markdown subset) ...
LETTER_FIELDS = (
    "letter_reason",
    "letter_summary",
    "letter_risks",
    "letter_decision",
    "correction_note",
)
# ... and its single lines.
LETTER_LINES = ("letter_reference", "letter_contact")


class RealisationStatus(models.TextChoices):
    """The assessment used for both realisation and budget: always shown with a symbol and
    text, never colour alone."""

    ON_TRACK = "on_track", _("Op schema")
    ATTENTION = "attention", _("Aandacht nodig")
    OFF_TRACK = "off_track", _("Niet op schema")


STATUS_SYMBOLS = {"on_track": "✓", "attention": "!", "off_track": "✗"}


# What an editor writes in an entry, and the longest text a field takes.
TEXT_FIELDS = ("ambition", "progress", "costs")
STATUS_FIELDS = ("status", "budget_status")
ENTRY_FIELDS = (*TEXT_FIELDS, *STATUS_FIELDS)
MAX_TEXT_LENGTH = 100_000
MAX_INDICATOR_LENGTH = 200


class EntryState(models.TextChoices):
    NOT_STARTED = "not_started", _("Nog niet begonnen")
    DRAFT = "draft", _("In bewerking")
    READY = "ready", _("Klaar voor de coördinator")


# The parts an entry needs before its editor can hand it to the coordinator, in form order.
REQUIRED_PARTS = (
    ("progress", _("Wat hebben we gedaan?")),
    ("costs", _("Wat mag het kosten?")),
    ("status", _("Status realisatie")),
    ("budget_status", _("Status budget")),
)


@functools.lru_cache(maxsize=16)
def _required_labels(language):
    return tuple((name, str(label)) for name, label in REQUIRED_PARTS)


def missing_parts(values):
    """Labels of the required parts that are still empty in ``values`` (an entry or a dict)."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    return [
        label for name, label in _required_labels(get_language()) if not (get(name) or "").strip()
    ]


class ProgressEntry(models.Model):
    """One programme's text and status within one report."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="entries", verbose_name=_("rapportage")
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("programma"),
    )
    ambition = models.TextField(
        _("wat willen we bereiken (toelichting)"),
        blank=True,
        help_text=_("Optioneel: wat de doelen van het programma deze periode betekenen."),
    )
    progress = models.TextField(_("wat hebben we gedaan"), blank=True)
    costs = models.TextField(_("wat mag het kosten"), blank=True)
    status = models.CharField(
        _("status realisatie"),
        max_length=20,
        choices=RealisationStatus.choices,
        blank=True,
    )
    budget_status = models.CharField(
        _("status budget"), max_length=20, choices=RealisationStatus.choices, blank=True
    )
    state = models.CharField(
        _("voortgang"), max_length=20, choices=EntryState.choices, default=EntryState.NOT_STARTED
    )
    version = models.PositiveIntegerField(_("versie"), default=0)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )

    class Meta:
        ordering = ["report", "programme__order", "programme__name"]
        verbose_name = _("voortgangstekst")
        verbose_name_plural = _("voortgangsteksten")
        constraints = [
            models.UniqueConstraint(fields=["report", "programme"], name="one_entry_per_programme")
        ]

    def __str__(self):
        return f"{self.programme} – {self.report}"

    def get_absolute_url(self):
        return reverse("reports:entry_edit", args=[self.report_id, self.pk])

    @property
    def missing(self):
        return missing_parts(self)

    @property
    def todo(self):
        """What its editor still has to do, in words (empty once ready)."""
        if self.state == EntryState.READY:
            return []
        steps = []
        if self.state == EntryState.NOT_STARTED and any(
            getattr(self, name) for name in ("ambition", "progress", "costs")
        ):
            steps.append(str(_("Tekst uit de vorige rapportage bijwerken")))
        steps += self.missing
        return steps or [str(_("Klaarmelden voor de coördinator"))]

    @property
    def status_symbol(self):
        return STATUS_SYMBOLS.get(self.status, "")

    @property
    def budget_status_symbol(self):
        return STATUS_SYMBOLS.get(self.budget_status, "")


class IndicatorValue(models.Model):
    """The value of one of the programme's indicators in one entry."""

    entry = models.ForeignKey(
        ProgressEntry,
        on_delete=models.CASCADE,
        related_name="indicator_values",
        verbose_name=_("tekst"),
    )
    indicator = models.ForeignKey(
        "programmes.Indicator",
        on_delete=models.PROTECT,
        related_name="values",
        verbose_name=_("indicator"),
    )
    value = models.CharField(_("waarde"), max_length=200, blank=True)

    class Meta:
        ordering = ["entry", "indicator__order", "indicator__id"]
        verbose_name = _("indicatorwaarde")
        verbose_name_plural = _("indicatorwaarden")
        constraints = [
            models.UniqueConstraint(fields=["entry", "indicator"], name="one_value_per_indicator")
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value}"


class EntryRevision(models.Model):
    """Every saved version of an entry: who saved what, when."""

    entry = models.ForeignKey(
        ProgressEntry, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("tekst")
    )
    version = models.PositiveIntegerField(_("versie"))
    ambition = models.TextField(_("wat willen we bereiken (toelichting)"), blank=True)
    progress = models.TextField(_("wat hebben we gedaan"), blank=True)
    costs = models.TextField(_("wat mag het kosten"), blank=True)
    status = models.CharField(
        _("status realisatie"), max_length=20, choices=RealisationStatus.choices, blank=True
    )
    budget_status = models.CharField(
        _("status budget"), max_length=20, choices=RealisationStatus.choices, blank=True
    )
    state = models.CharField(
        _("voortgang"), max_length=20, choices=EntryState.choices, default=EntryState.DRAFT
    )
    indicators = models.JSONField(
        _("indicatoren"), default=dict, blank=True, help_text=_("Indicator-id → waarde.")
    )
    restored_from = models.PositiveIntegerField(_("teruggezet vanaf versie"), null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("opgeslagen door"),
    )
    saved_at = models.DateTimeField(_("opgeslagen op"), auto_now_add=True)

    class Meta:
        ordering = ["entry", "-version"]
        verbose_name = _("versie van een voortgangstekst")
        verbose_name_plural = _("versies van voortgangsteksten")
        constraints = [
            models.UniqueConstraint(fields=["entry", "version"], name="unique_entry_revision")
        ]

    def __str__(self):
        return f"{self.entry} v{self.version}"


class ReminderKind(models.TextChoices):
    MANUAL = "manual", _("door de coördinator")
    AUTOMATIC = "automatic", _("automatisch voor de inleverdatum")


class EntryReminder(models.Model):
    """One reminder to one person about one entry. The reminders made together for one
    person are one e-mail: ``message`` in the outbox (duoplus.core.outbox)."""

    entry = models.ForeignKey(
        ProgressEntry, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("tekst")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("aan"),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=ReminderKind.choices)
    deadline = models.DateField(_("inleverdatum"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verstuurd door"),
    )
    # Null only while it is being recorded, in the transaction that makes it.
    message = models.ForeignKey(
        "core.Message",
        on_delete=models.CASCADE,
        null=True,
        related_name="entry_reminders",
        verbose_name=_("bericht"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        constraints = [
            # The automatic reminder goes once per person, entry and deadline, however often
            # beat fires.
            models.UniqueConstraint(
                fields=["entry", "recipient", "deadline"],
                condition=Q(kind="automatic"),
                name="one_automatic_reminder_per_deadline",
            )
        ]

    def __str__(self):
        return f"{self.entry} → {self.recipient}"
