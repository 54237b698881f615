from django import forms
from django.core.exceptions import ValidationError

from clinic.forms import add_service_errors


class NameForm(forms.Form):
    name = forms.CharField(required=False)


def test_a_field_error_goes_next_to_its_field_and_an_unknown_field_to_the_top():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"name": "Too short.", "elsewhere": "Not here."}))
    assert form.errors["name"] == ["Too short."]
    assert form.non_field_errors() == ["Not here."]


def test_an_error_for_no_field_goes_to_the_top():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    add_service_errors(form, ValidationError(["First.", "Second."]))
    assert form.non_field_errors() == ["First.", "Second."]
    assert "name" not in form.errors
