"""Programmes (programma's, speerpunten) and their goals (doelstellingen)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duoplus.core.bounds import validate_single_line


class ProgrammeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Programme(models.Model):
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("korte naam"), max_length=80)
    description = models.TextField(_("omschrijving"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("actief"), default=True)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="edited_programmes",
        verbose_name=_("verantwoordelijke medewerkers"),
        help_text=_("Zij schrijven de voortgangstekst van dit programma."),
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "order", "name"]
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_programme_slug")
        ]

    def __str__(self):
        return self.name


class Goal(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="goals", verbose_name=_("programma")
    )
    text = models.TextField(_("doelstelling"))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["programme", "order", "id"]
        verbose_name = _("doelstelling")
        verbose_name_plural = _("doelstellingen")

    def __str__(self):
        return self.text[:80]


class Indicator(models.Model):
    """A measurable indicator of a programme; each entry can give its value."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("programma")
    )
    name = models.CharField(_("indicator"), max_length=200, validators=[validate_single_line])
    unit = models.CharField(_("eenheid"), max_length=40, blank=True, help_text=_("Bijv. %, aantal"))
    target = models.CharField(_("streefwaarde"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["programme", "order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")

    def __str__(self):
        return self.name
