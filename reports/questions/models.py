"""Technische vragen: council members and griffies ask on a passage of a report published
to their council; Duo+ answers once, for every council the report went to. Private notes
beside a passage, for the council member alone."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duoplus.core.models import StoredDocument
from reports.core.models import Report


class QuestionRound(models.Model):
    """Until when questions can be asked on one report (set by the coordinator)."""

    report = models.OneToOneField(
        Report,
        on_delete=models.PROTECT,
        related_name="question_round",
        verbose_name=_("rapportage"),
    )
    closes_on = models.DateField(_("vragen stellen kan tot en met"))
    first_council_meeting = models.DateField(
        _("eerste raadsvergadering over deze rapportage"), null=True, blank=True
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingesteld door"),
    )
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    class Meta:
        verbose_name = _("vragenronde")
        verbose_name_plural = _("vragenrondes")

    def __str__(self):
        return f"{self.report} – vragen tot {self.closes_on:%d-%m-%Y}"


class QuestionState(models.TextChoices):
    ASKED = "asked", _("Gesteld")
    ASSIGNED = "assigned", _("In behandeling")
    RELEASED = "released", _("Beantwoord")
    MERGED = "merged", _("Samengevoegd")


class Question(models.Model):
    """One technische vraag on one passage. The text never changes after it is asked."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="questions", verbose_name=_("rapportage")
    )
    # The passage by its key ("letter", "chapter:1.3", "budget:<code>") and its name as the
    # asker read it (from the frozen content).
    passage = models.CharField(_("passage"), max_length=80)
    passage_label = models.CharField(_("over"), max_length=250)
    council = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("raad van")
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="technical_questions",
        verbose_name=_("gesteld door"),
    )
    text = models.TextField(_("vraag"))
    asked_at = models.DateTimeField(_("gesteld op"), auto_now_add=True)
    state = models.CharField(
        _("status"), max_length=20, choices=QuestionState.choices, default=QuestionState.ASKED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beantwoord door"),
    )
    due_on = models.DateField(_("antwoord uiterlijk"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("samengevoegd met"),
    )
    # The answer being written (not yet released): shared by whoever may answer.
    draft = models.TextField(_("concept-antwoord"), blank=True)
    draft_version = models.PositiveIntegerField(_("versie van het concept"), default=0)
    draft_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concept door"),
    )

    # Set on the instances a page or document shows (not stored): the released answer and
    # the passage's id in the reading view.
    current_answer: "Answer | None"
    anchor: str

    class Meta:
        ordering = ["report", "asked_at", "id"]
        verbose_name = _("technische vraag")
        verbose_name_plural = _("technische vragen")
        indexes = [models.Index(fields=["report", "state"])]

    def __str__(self):
        return f"{self.passage_label}: {self.text[:60]}"

    @property
    def number(self) -> int:
        return self.pk


class Answer(models.Model):
    """A released answer: a row never changes; a change is released as a new version."""

    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("vraag")
    )
    version = models.PositiveSmallIntegerField(_("versie"))
    text = models.TextField(_("antwoord"))
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vrijgegeven door"),
    )
    released_at = models.DateTimeField(_("vrijgegeven op"), auto_now_add=True)

    class Meta:
        ordering = ["question", "version"]
        verbose_name = _("antwoord op een technische vraag")
        verbose_name_plural = _("antwoorden op technische vragen")
        constraints = [
            models.UniqueConstraint(fields=["question", "version"], name="one_answer_version")
        ]

    def __str__(self):
        return f"{self.question_id} v{self.version}"


class Note(models.Model):
    """A council member's private note beside a passage: shown to nobody else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("van")
    )
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="+", verbose_name=_("rapportage")
    )
    passage = models.CharField(_("passage"), max_length=80)
    passage_label = models.CharField(_("bij"), max_length=250, blank=True)
    text = models.TextField(_("notitie"))
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    class Meta:
        ordering = ["report", "passage"]
        verbose_name = _("eigen notitie")
        verbose_name_plural = _("eigen notities")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "report", "passage"], name="one_note_per_passage"
            )
        ]

    def __str__(self):
        return f"notitie {self.pk}"


class QuestionNoticeKind(models.TextChoices):
    ASKED = "asked", _("vraag gesteld")
    ASSIGNED = "assigned", _("vraag toegewezen")
    RELEASED = "released", _("antwoord vrijgegeven")
    DUE = "due", _("antwoord vandaag verwacht")
    LATE = "late", _("antwoorden te laat")


class QuestionNotice(models.Model):
    """One e-mail about a question to one person, once per kind and key."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="notices", verbose_name=_("vraag")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=QuestionNoticeKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("aan")
    )
    key = models.CharField(_("kenmerk"), max_length=60, blank=True, default="")
    # The e-mail itself, in the outbox (duoplus.core.outbox): sent once, or dropped.
    message = models.OneToOneField(
        "core.Message",
        on_delete=models.CASCADE,
        related_name="question_notice",
        verbose_name=_("bericht"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bericht over een technische vraag")
        verbose_name_plural = _("berichten over technische vragen")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "kind", "recipient", "key"], name="one_question_notice"
            )
        ]

    def __str__(self):
        return f"{self.kind}: {self.question_id} → {self.recipient_id}"


class QuestionDocument(StoredDocument):
    """ "Beantwoording technische vragen" of one report: rendered by a worker once the
    question round has closed, then frozen (a stored document: duoplus.core.documents)."""

    report = models.OneToOneField(
        Report,
        on_delete=models.PROTECT,
        related_name="question_document",
        verbose_name=_("rapportage"),
    )
    closed_on = models.DateField(_("vragen gesloten op"))

    class Meta:
        verbose_name = _("beantwoording technische vragen")
        verbose_name_plural = _("beantwoordingen technische vragen")

    def __str__(self):
        return f"{self.report} – beantwoording technische vragen"
