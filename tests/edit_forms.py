"""Posting an edit form as a browser would after loading it: the page's current values, including
the signed ``version`` of the record, with some fields changed."""

from concurrency.forms import VersionField
from django.forms import CheckboxInput


def signed_version(record) -> str:
    """The record's version as its edit form carries it."""
    return str(VersionField().prepare_value(record.version))


def form_values(form) -> dict:
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field.widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def loaded_form(response, name="form", **changes) -> dict:
    """What posting the form of a page ``response`` (a form page, or one refused as a conflict)
    sends, with ``changes`` typed in."""
    assert response.status_code in (200, 409), response.status_code
    return {**form_values(response.context[name]), **changes}


def loaded_admin_form(response, **changes) -> dict:
    """The same for an admin change page, inline formsets included."""
    assert response.status_code == 200, response.status_code
    data = form_values(response.context["adminform"].form)
    inlines = response.context["inline_admin_formsets"] if "inline_admin_formsets" in response.context else []
    for inline in inlines:
        formset = inline.formset
        data.update(form_values(formset.management_form))
        for form in formset.forms:
            data.update(form_values(form))
    return {**data, **changes}


def loaded_plan_editor(response, **changes) -> dict:
    """The same for the plan editor: its version form and its exercise and goal rows."""
    assert response.status_code in (200, 409), response.status_code
    data = form_values(response.context["version_form"])
    for name in ("exercise_formset", "goal_formset"):
        formset = response.context[name]
        data.update(form_values(formset.management_form))
        for form in formset.forms:
            data.update(form_values(form))
    return {**data, **changes}


def exercise_row(data: dict, exercise) -> str:
    """The prefix (``exercises-<n>``) of the editor row holding ``exercise``."""
    return next(
        key.removesuffix("-exercise")
        for key, value in data.items()
        if key.startswith("exercises-") and key.endswith("-exercise") and value == str(exercise.pk)
    )
