"""Forms of the portal's pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from duoplus.core.forms import choice_field
from reports.writing.models import EntryState


class CoordinationFilterForm(forms.Form):
    """Mijn werk for a coordinator: which report's entries, in which state, whose."""

    STATES = [
        ("", _("Alle teksten")),
        ("open", _("Nog niet klaar")),
        (EntryState.NOT_STARTED, EntryState.NOT_STARTED.label),
        (EntryState.DRAFT, EntryState.DRAFT.label),
        (EntryState.READY, EntryState.READY.label),
    ]

    rapportage = forms.TypedChoiceField(label=_("Rapportage"), coerce=int, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATES, required=False)
    persoon = forms.TypedChoiceField(
        label=_("Verantwoordelijk"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, reports=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "rapportage").choices = [(r.pk, r.display_title) for r in reports]
        choice_field(self, "persoon").choices = [("", _("Iedereen"))] + [
            (p.pk, str(p)) for p in people
        ]
