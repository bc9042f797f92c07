"""Shared form pieces: the login form (length limits enforced before anything is checked),
model choices whose posted ids are bounded before they are looked up, a plain crispy form,
a date field, and a service's refusal shown as the form's error."""

from typing import Any, cast

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from .bounds import bounded_int

# Longer than any password manager makes; a longer one is refused before it is hashed.
MAX_PASSWORD_LENGTH = 4096


class LoginForm(AuthenticationForm):
    """Django's form sets the username's max_length only as an HTML attribute; a longer
    value would still reach authentication (and the lockout records). Refuse it here."""

    def clean(self):
        username = self.data.get("username") or ""
        password = self.data.get("password") or ""
        longest = self.username_field.max_length or 150
        if len(username) > longest or len(password) > MAX_PASSWORD_LENGTH:
            raise forms.ValidationError(
                _("Deze gebruikersnaam of dit wachtwoord is te lang."), code="too_long"
            )
        return super().clean()


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A model choice whose posted id is a number a key column can hold, before it is looked
    up (a 25-digit id made SQLite raise OverflowError: a 500 instead of a form error)."""

    def to_python(self, value):
        if value not in self.empty_values and bounded_int(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if bounded_int(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:20]},
                )
        return super()._check_values(value)  # type: ignore[misc]  # Django's own hook


class PlainForm(forms.Form):
    """A form whose template writes the <form> tag and the CSRF field itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


def date_field(label, *, required=True, help_text=""):
    """A date as the browser's date picker posts it, with Dutch messages."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul de datum in."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 15-04-2027."),
        },
    )


def refusals_as_errors(form: forms.Form, action: Any, **kwargs: Any) -> Any:
    """Call a service; its refusal becomes an error of ``form`` (shown with what was typed)
    and None is returned."""
    try:
        return action(**kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    return None


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """``form.fields[name]`` as the choice field it is, to set its choices."""
    return cast(forms.ChoiceField, form.fields[name])


def model_choice_field(form: forms.BaseForm, name: str) -> "forms.ModelChoiceField[Any]":
    """``form.fields[name]`` as the model choice field it is, to set its queryset."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])
