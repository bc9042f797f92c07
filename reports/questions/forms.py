"""The forms of the technische vragen: field checks only; the services decide the rest."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duoplus.core.forms import PlainForm, choice_field, date_field, model_choice_field

from .services import MAX_ANSWER, MAX_NOTE, MAX_QUESTION


class AskForm(PlainForm):
    passage = forms.ChoiceField(
        label=_("Over welk deel gaat uw vraag?"),
        error_messages={"required": _("Kies het deel van de rapportage waarover de vraag gaat.")},
    )
    text = forms.CharField(
        label=_("Uw vraag"),
        max_length=MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Een technische vraag: over feiten, cijfers of de uitvoering. Het antwoord is "
            "zichtbaar voor de raadsleden en griffies van alle gemeenten die de rapportage kregen."
        ),
        error_messages={"required": _("Schrijf uw vraag.")},
    )

    def __init__(self, *args, passages=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "passage").choices = [
            ("", _("– kies –")),
            *((p.key, p.label) for p in passages),
        ]


class ClosingForm(PlainForm):
    closes_on = date_field(_("Vragen stellen kan tot en met"), required=False)
    first_council_meeting = date_field(
        _("Eerste raadsvergadering over deze rapportage"),
        required=False,
        help_text=_("Zonder sluitingsdatum stelt het portaal er een voor, een week ervoor."),
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class AssignForm(PlainForm):
    assignee = PersonChoiceField(
        label=_("Wie beantwoordt de vraag?"),
        queryset=None,
        empty_label=_("Kies een medewerker"),
        error_messages={"required": _("Kies wie de vraag beantwoordt.")},
    )
    due_on = date_field(_("Antwoord uiterlijk"), required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "assignee").queryset = people


class AnswerForm(PlainForm):
    text = forms.CharField(
        label=_("Antwoord"),
        required=False,
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 10, "data-richtext": ""}),
        help_text=_("Alinea’s, opsommingen, **vet**, *cursief* en [links](https://…)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class MergeForm(PlainForm):
    into = forms.ChoiceField(
        label=_("Beantwoorden met de vraag"),
        error_messages={"required": _("Kies de vraag waarmee u deze samenvoegt.")},
    )

    def __init__(self, *args, others=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "into").choices = [
            ("", _("– kies –")),
            *((str(q.pk), f"#{q.pk} {q.passage_label}: {q.text[:60]}") for q in others),
        ]


class NoteForm(PlainForm):
    text = forms.CharField(
        label=_("Eigen notitie"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen u ziet deze notitie. Leeg opslaan verwijdert hem."),
    )
