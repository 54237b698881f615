import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test.html import parse_html

from clinic.forms import SharedOptionsSelect, add_service_errors


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


SHARED_CHOICES = [
    ("", "Choose an exercise"),
    ("Mobility", [(1, "Cat & camel"), (2, 'Knee "hugs"')]),
    ("Strength <core>", [(3, "Bridge"), (4, "Bird dog")]),
    (5, "Walking"),
    (None, "None of these"),
    ("", [(6, "Ungrouped")]),
]


@pytest.mark.parametrize("value", [None, "", 3, "3", 5, 6, 99, [2], "None"])
def test_a_shared_options_select_renders_what_a_select_renders(value):
    attrs = {"class": "form-select form-select-sm"}
    row_attrs = {"id": "id_exercises-0-exercise", "required": True, "aria-invalid": "true"}
    django_select = forms.Select(attrs=attrs, choices=SHARED_CHOICES)
    shared = SharedOptionsSelect(attrs=attrs, choices=SHARED_CHOICES)
    expected = django_select.render("exercises-0-exercise", value, row_attrs)
    html = shared.render("exercises-0-exercise", value, row_attrs)
    assert parse_html(html) == parse_html(expected)
    assert html.count(" selected") == expected.count(" selected")


def test_rows_sharing_options_each_mark_their_own_value():
    shared = SharedOptionsSelect(choices=SHARED_CHOICES)
    first, second = shared.render("a", 1, {}), shared.render("b", 4, {})
    assert '<option value="1" selected>Cat &amp; camel</option>' in first
    assert '<option value="4">Bird dog</option>' in first
    assert '<option value="4" selected>Bird dog</option>' in second
    assert '<option value="1">Cat &amp; camel</option>' in second
    assert '<optgroup label="Strength &lt;core&gt;">' in second
