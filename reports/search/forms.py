from django import forms
from django.utils.translation import gettext_lazy as _

from duoplus.core.forms import choice_field

from . import selectors
from .models import Kind


class SearchForm(forms.Form):
    """The search box and, on the results page, its filters (choices from what the reader
    can find, so a filter never offers what would show nothing)."""

    q = forms.CharField(
        label=_("Zoeken"), max_length=selectors.MAX_QUERY, required=False, strip=True
    )
    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int, required=False, empty_value=None)
    soort = forms.ChoiceField(
        label=_("Soort"), choices=[("", _("Alles")), *Kind.choices], required=False
    )
    programma = forms.TypedChoiceField(
        label=_("Programma"), coerce=int, required=False, empty_value=None
    )
    organisatie = forms.TypedChoiceField(
        label=_("Organisatie"), coerce=int, required=False, empty_value=None
    )
    sortering = forms.ChoiceField(
        label=_("Sorteren op"),
        choices=[(selectors.RELEVANCE, _("Relevantie")), (selectors.NEWEST, _("Datum"))],
        required=False,
    )
    pagina = forms.IntegerField(min_value=1, max_value=1000, required=False)

    def __init__(self, *args, years=(), programmes=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "jaar").choices = [("", _("Alle jaren"))] + [(y, str(y)) for y in years]
        choice_field(self, "programma").choices = [("", _("Alle programma’s"))] + list(programmes)
        choice_field(self, "organisatie").choices = [("", _("Alle organisaties"))] + list(
            organisations
        )

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "year": data.get("jaar"),
            "kind": data.get("soort") or "",
            "programme": data.get("programma"),
            "organisation": data.get("organisatie"),
        }
