from django import forms
from django.template.loader import render_to_string

from plans.templatetags.plans_tags import fields_named


class _Form(forms.Form):
    first = forms.CharField()
    second = forms.CharField()
    note = forms.CharField()


def test_fields_named_keeps_the_order_asked_for():
    form = _Form()
    assert [field.name for field in fields_named(form, "second first")] == ["second", "first"]


def test_the_grid_puts_each_field_in_its_column_and_the_rest_across_the_row():
    form = _Form()
    html = render_to_string(
        "plans/_field_grid.html",
        {"title": "Section", "fields": fields_named(form, "first second"), "col": "col-sm-4",
         "more": fields_named(form, "note")},
    )  # fmt: skip
    assert '<h2 class="h5">Section</h2>' in html
    assert html.count('<div class="col-sm-4">') == 2
    assert html.count('<div class="col-12">') == 1
    assert html.index('id="id_first"') < html.index('id="id_second"') < html.index('id="id_note"')
