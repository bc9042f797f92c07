"""Budget changes (begrotingswijzigingen) with per-year amounts, and allocation keys."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duoplus.core.bounds import validate_single_line


class BudgetCategory(models.Model):
    """A configurable kind of budget change, e.g. 7.1.3 "Beleidskeuze"."""

    code = models.CharField(_("code"), max_length=20, blank=True, validators=[validate_single_line])
    name = models.CharField(
        _("naam"), max_length=120, unique=True, validators=[validate_single_line]
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["order", "code", "name"]
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")

    def __str__(self):
        return f"{self.code} {self.name}".strip()


class AllocationKey(models.Model):
    """A verdeelsleutel: how a cost of the executing organisation is passed on."""

    name = models.CharField(_("naam"), max_length=120, validators=[validate_single_line])
    valid_from_year = models.PositiveSmallIntegerField(_("geldig vanaf (jaar)"))
    is_default = models.BooleanField(
        _("standaardsleutel"),
        default=False,
        help_text=_("Gebruikt voor nieuwe begrotingswijzigingen zonder opgegeven sleutel."),
    )

    class Meta:
        ordering = ["name", "-valid_from_year"]
        verbose_name = _("verdeelsleutel")
        verbose_name_plural = _("verdeelsleutels")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "valid_from_year"], name="unique_allocation_key_year"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.valid_from_year})"


class AllocationShare(models.Model):
    key = models.ForeignKey(
        AllocationKey, on_delete=models.CASCADE, related_name="shares", verbose_name=_("sleutel")
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="allocation_shares",
        verbose_name=_("organisatie"),
    )
    percentage = models.DecimalField(_("aandeel (%)"), max_digits=7, decimal_places=4)

    class Meta:
        ordering = ["key", "organisation__order", "organisation__name"]
        verbose_name = _("aandeel")
        verbose_name_plural = _("aandelen")
        constraints = [
            models.UniqueConstraint(fields=["key", "organisation"], name="unique_share_per_org"),
            models.CheckConstraint(
                condition=models.Q(percentage__gte=0) & models.Q(percentage__lte=100),
                name="share_percentage_range",
            ),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.percentage} %"


class BudgetChange(models.Model):
    code = models.CharField(_("code"), max_length=30, validators=[validate_single_line])
    title = models.CharField(_("titel"), max_length=250, validators=[validate_single_line])
    category = models.ForeignKey(
        BudgetCategory,
        on_delete=models.PROTECT,
        related_name="changes",
        verbose_name=_("categorie"),
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_changes",
        verbose_name=_("programma"),
    )
    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="budget_changes",
        verbose_name=_("rapportage"),
    )
    allocation_key = models.ForeignKey(
        AllocationKey,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_changes",
        verbose_name=_("verdeelsleutel"),
    )
    explanation = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("begrotingswijziging")
        verbose_name_plural = _("begrotingswijzigingen")
        constraints = [
            models.UniqueConstraint(fields=["report", "code"], name="unique_change_code_per_report")
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class Effect(models.TextChoices):
    COST = "nadeel", _("nadeel")
    SAVING = "voordeel", _("voordeel")


class BudgetChangeAmount(models.Model):
    """The amount of one budget change in one year. ``amount`` empty means "pm"."""

    change = models.ForeignKey(
        BudgetChange, on_delete=models.CASCADE, related_name="amounts", verbose_name=_("wijziging")
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    amount = models.DecimalField(
        _("bedrag"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leeg laten voor pm (pro memorie: bedrag nog onbekend)."),
    )
    effect = models.CharField(_("soort"), max_length=10, choices=Effect.choices)
    recurring = models.BooleanField(
        _("meerjarig"), default=False, help_text=_("Geldt ook voor alle volgende jaren.")
    )

    class Meta:
        ordering = ["change", "year"]
        verbose_name = _("bedrag per jaar")
        verbose_name_plural = _("bedragen per jaar")
        constraints = [
            models.UniqueConstraint(fields=["change", "year"], name="unique_amount_per_year"),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="amount_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.change.code} {self.year}"

    @property
    def is_pm(self):
        return self.amount is None

    @property
    def signed_amount(self):
        """Burden on the participants: a cost is positive, a saving negative; pm is None."""
        if self.amount is None:
            return None
        return self.amount if self.effect == Effect.COST else -self.amount


class BudgetImport(models.Model):
    """One uploaded spreadsheet: kept from the preview to the confirmation, and afterwards
    as the record of what was imported by whom."""

    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.CASCADE,
        related_name="budget_imports",
        verbose_name=_("rapportage"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("geüpload door"),
    )
    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    content = models.BinaryField(_("inhoud"))
    sha256 = models.CharField(_("sha256"), max_length=64)
    remove_missing = models.BooleanField(_("ontbrekende wijzigingen verwijderen"), default=False)
    created_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)
    applied_at = models.DateTimeField(_("ingelezen op"), null=True, blank=True)
    summary = models.JSONField(_("samenvatting"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import van begrotingswijzigingen")
        verbose_name_plural = _("imports van begrotingswijzigingen")

    def __str__(self):
        return f"{self.file_name} ({self.report})"
