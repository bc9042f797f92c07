"""The forms of the zienswijze procedure: they only check what a field can check; the
services decide everything else (and their refusals come back as the form's errors)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from duoplus.core.forms import PlainForm, date_field

from .models import Decision, Outcome, ResponseKind


def _text(label, *, required=True, rows=5, max_length=5000, help_text="", message=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message or _("Vul dit veld in.")},
    )


class SendForm(PlainForm):
    term_end = date_field(
        _("Zienswijze uiterlijk op"),
        help_text=_(
            "Berekend uit de wettelijke termijn; u kunt hem alleen verlengen, met een reden."
        ),
    )
    reason = _text(_("Waarom later dan berekend?"), required=False, rows=3)
    governing_board_meeting = date_field(
        _("Behandeling in het algemeen bestuur (gepland)"),
        required=False,
        help_text=_("Dan ziet u of de termijn vóór die vergadering eindigt."),
    )


class TermForm(PlainForm):
    term_end = date_field(_("Nieuwe einddatum van de termijn"))
    reason = _text(
        _("Waarom verandert de termijn?"),
        rows=3,
        message=_("Geef aan waarom de termijn verandert."),
    )


class ResponseForm(PlainForm):
    kind = forms.ChoiceField(
        label=_("Het antwoord van de raad"),
        choices=ResponseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies ‘zienswijze’ of ‘geen zienswijze’.")},
    )
    text = _text(
        _("Tekst van de zienswijze"),
        required=False,
        rows=12,
        max_length=50000,
        help_text=_("Zoals de raad hem heeft vastgesteld. Niet nodig bij ‘geen zienswijze’."),
    )
    council_decision_date = date_field(_("Datum van het raadsbesluit"), required=False)
    decision_file = forms.FileField(
        label=_("Raadsbesluit (pdf)"),
        required=False,
        help_text=_("Een pdf van hoogstens 10 MB. Bij een correctie blijft het vorige staan."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class ConsentForm(PlainForm):
    reason = _text(
        _("Waarom mag de griffie het antwoord corrigeren?"),
        rows=3,
        message=_("Geef aan waarom de griffie het antwoord mag corrigeren."),
    )


class ReactionForm(PlainForm):
    outcome = forms.ChoiceField(
        label=_("Wat gebeurt er met de zienswijze?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wat er met de zienswijze gebeurt.")},
    )
    explanation = _text(
        _("Toelichting voor de raad"),
        rows=8,
        max_length=20000,
        message=_("Licht de reactie toe: de raad leest waarom."),
    )


class SendBackReactionsForm(PlainForm):
    reason = _text(
        _("Wat moet er aan de reacties veranderen?"),
        message=_("Geef aan wat er aan de reacties moet veranderen."),
    )


class DecisionForm(PlainForm):
    decision = forms.ChoiceField(
        label=_("Besluit van het algemeen bestuur"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies het besluit van het bestuur.")},
    )
    decision_date = date_field(_("Datum van de vergadering"))
    note = _text(
        _("Toelichting (bij ‘gewijzigd vastgesteld’: wat is gewijzigd)"),
        required=False,
        rows=4,
    )


class DispatchForm(PlainForm):
    sent_on = date_field(_("Verzonden aan Gedeputeerde Staten op"))
