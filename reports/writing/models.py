"""What is written in a report: progress entries, their indicator values, every saved
version, and reminders to the people who write them. The report itself is the report
core's (reports.core)."""

import functools

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reports.core.models import Report


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
