"""Shared form pieces: the login form (length limits enforced before anything is checked) and
model choices whose posted ids are bounded before they are looked up."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
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
        if len(username) > self.username_field.max_length or len(password) > (MAX_PASSWORD_LENGTH):
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
        return super()._check_values(value)
