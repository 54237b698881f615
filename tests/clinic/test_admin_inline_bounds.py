"""Every admin inline is bounded: a forged TOTAL_FORMS of 10^20 builds at most max_num forms and
is refused with Django's "at most" error."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

FORGED = "100000000000000000000"
INLINES = [
    (model_admin, inline_class)
    for model_admin in admin.site._registry.values()
    for inline_class in model_admin.inlines
]


@pytest.mark.parametrize(
    ("model_admin", "inline_class"), INLINES, ids=[inline.__name__ for _, inline in INLINES]
)
def test_every_inline_refuses_a_forged_row_count(db, model_admin, inline_class):
    from tests.factories import UserFactory

    request = RequestFactory().post("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    inline = inline_class(model_admin.model, admin.site)
    formset_class = inline.get_formset(request)
    assert formset_class.absolute_max <= 100
    prefix = formset_class.get_default_prefix()
    formset = formset_class(
        {f"{prefix}-TOTAL_FORMS": FORGED, f"{prefix}-INITIAL_FORMS": "0"},
        instance=model_admin.model(),
        prefix=prefix,
    )
    assert len(formset.forms) <= 100
    assert not formset.is_valid()
    assert any("at most" in error for error in formset.non_form_errors())


def test_a_read_only_inline_keeps_its_rows_on_save(client, lead, clinic):
    """Django gives an inline the user may only read ``max_num = 0``; its existing rows, posted back
    as the page carries them, must not count as too many (a lead saving the clinic's thresholds)."""
    from django.urls import reverse

    from tests.edit_forms import loaded_admin_form

    client.force_login(lead)
    url = reverse("admin:clinic_clinic_change", args=[clinic.pk])
    response = client.post(url, loaded_admin_form(client.get(url), plateau_days="21"))
    assert response.status_code == 302
    clinic.refresh_from_db()
    assert clinic.plateau_days == 21
