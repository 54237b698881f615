"""Every admin page of every registered model, for every role: no 500, and no other clinic's rows
offered in a form field (select, raw id, autocomplete, many-to-many, inline) or named in the page."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.forms import ModelChoiceField
from django.urls import NoReverseMatch, reverse

from clinic import access
from clinic.models import Clinic, Membership
from patients.models import Episode, Patient
from plans.models.scoping import LibraryQuerySet
from tests.access_matrix import ADMIN_PAGE, FORBIDDEN, cells, check, row
from tests.edit_forms import signed_version
from tests.factories import ClinicFactory, PatientFactory, UserFactory, make_staff
from tests.records import full_record

ROLES = ["therapist", "lead", "admin_staff", "manager", "library_editor", "superuser"]
# What another clinic's page must never show: its name, its patient, its staff.
OTHER_CLINIC_WORDS = [
    "Hillside",
    "Ivanova",
    "H-2001",
    "Hana Berg",
    "hana@example",
    "Blackwood",
    "olga@example",
]


@pytest.fixture
def world(db, clinic, therapist, lead, admin_staff, manager, patient):
    full_record(patient, therapist, marker="ours")
    other = ClinicFactory(name="Hillside")
    other_therapist = make_staff(other, username="hana", first_name="Hana", last_name="Berg")
    make_staff(
        other, Membership.Role.PRACTICE_MANAGER, username="bob", first_name="Bob", last_name="Blackwood"
    )
    other_patient = PatientFactory(
        clinic=other,
        given_name="Olga",
        family_name="Ivanova",
        record_number="H-2001",
        email="olga@example.com",
        primary_therapist=other_therapist,
    )
    other_patient.portal_user = UserFactory(username="olga-portal", first_name="Olga", last_name="Ivanova")
    other_patient.save()
    full_record(other_patient, other_therapist, marker="theirs")
    editor = UserFactory(username="libby", first_name="Libby", last_name="Stone", is_staff=True)
    editor.groups.add(Group.objects.get(name=access.LIBRARY_EDITORS_GROUP))
    return {
        "therapist": therapist,
        "lead": lead,
        "admin_staff": admin_staff,
        "manager": manager,
        "library_editor": editor,
        "superuser": UserFactory(
            username="root", first_name="Ro", last_name="Ot", is_superuser=True, is_staff=True
        ),
        "other_clinic": other,
    }


def _clinic_path(model) -> str | None:
    """How a clinic-owned model's rows reach their clinic, as its ``visible_to`` follows it."""
    return getattr(model._default_manager.all(), "clinic_path", None)


def _other_clinic_rows(model, other_clinic) -> set:
    label = model._meta.label_lower
    if model is Clinic:
        return {other_clinic.pk}
    if label == "auth.user":
        staff = Membership.objects.filter(clinic=other_clinic).values_list("user_id", flat=True)
        portal = Patient.objects.filter(clinic=other_clinic).values_list("portal_user_id", flat=True)
        return {*staff, *portal} - {None}
    path = _clinic_path(model)
    if path is None:  # shared rows (forms of clinic-owned models cannot offer others)
        return set()
    return set(model._default_manager.filter(**{path: other_clinic}).values_list("pk", flat=True))


def _a_row_of_our_clinic(model_admin, clinic):
    model = model_admin.model
    label = model._meta.label_lower
    rows = model._default_manager.all()
    if model is Clinic:
        return clinic
    if label == "auth.user":
        return rows.filter(memberships__clinic=clinic, memberships__role="admin_staff").first()
    path = _clinic_path(model)
    if path is None:  # the shared library, and superusers' own tables
        return rows.order_by("pk").first()
    return rows.filter(**{path: clinic}).order_by("pk").first()


def _admin_urls(model_admin, obj):
    info = (model_admin.model._meta.app_label, model_admin.model._meta.model_name)
    urls = [reverse("admin:{}_{}_changelist".format(*info)), reverse("admin:{}_{}_add".format(*info))]
    if obj is not None:
        urls += [
            reverse(f"admin:{info[0]}_{info[1]}_{view}", args=[obj.pk]) for view in ("change", "history")
        ]
        history = getattr(obj, "history", None)
        if history is not None and history.exists():
            try:
                urls.append(
                    reverse(
                        "admin:{}_{}_simple_history".format(*info), args=[obj.pk, history.first().history_id]
                    )
                )
            except NoReverseMatch:
                pass
    return urls


def _form_fields(context):
    forms = []
    if context.get("adminform") is not None:
        forms.append(context["adminform"].form)
    for inline in context.get("inline_admin_formsets") or []:
        # An inline row's hidden id is checked against the inline's own (scoped) rows on save.
        pk_name = inline.formset.model._meta.pk.name
        for form in [*inline.formset.forms, inline.formset.empty_form]:
            yield from ((name, field) for name, field in form.fields.items() if name != pk_name)
    for form in forms:
        yield from form.fields.items()


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_form_offers_only_rows_the_role_may_see(client, world, clinic, role):
    user = world[role]
    client.force_login(user)
    checked_fields = 0
    pages = 0
    for model_admin in admin.site._registry.values():
        obj = _a_row_of_our_clinic(model_admin, clinic)
        for url in _admin_urls(model_admin, obj):
            response = client.get(url)
            assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
            if response.status_code != 200:
                continue
            pages += 1
            words = OTHER_CLINIC_WORDS
            if role == "library_editor" and isinstance(model_admin.model.objects.all(), LibraryQuerySet):
                words = [word for word in words if word != "Hillside"]  # "this change reaches Hillside"
            if role != "superuser":
                for word in words:
                    assert word not in response.text, (role, url, word)
            for name, field in _form_fields(response.context):
                if not isinstance(field, ModelChoiceField):
                    continue
                checked_fields += 1
                offered = set(field.queryset.values_list("pk", flat=True))
                if role == "superuser":
                    continue
                leaked = offered & _other_clinic_rows(field.queryset.model, world["other_clinic"])
                assert not leaked, (role, url, name, leaked)
    assert pages > 0
    if role in ("therapist", "lead", "manager", "admin_staff", "superuser"):
        assert checked_fields > 0


def test_a_therapist_cannot_add_an_episode_for_another_clinics_patient(client, world, therapist):
    other_patient = Patient.objects.get(record_number="H-2001")
    before = Episode.objects.filter(patient=other_patient).count()
    client.force_login(therapist)
    response = client.post(
        reverse("admin:patients_episode_add"),
        {
            "patient": other_patient.pk,
            "region": "lumbar",
            "onset": "sudden",
            "mechanism": "lifting",
            "onset_date": "2026-11-01",
            "status": "open",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "patient" in response.context["adminform"].form.errors
    assert Episode.objects.filter(patient=other_patient).count() == before


def test_a_therapist_cannot_move_an_episode_to_another_clinics_patient(client, world, therapist, patient):
    episode = Episode.objects.get(patient=patient)
    other_patient = Patient.objects.get(record_number="H-2001")
    client.force_login(therapist)
    url = reverse("admin:patients_episode_change", args=[episode.pk])
    assert 'name="patient"' not in client.get(url).text
    response = client.post(
        url,
        {
            "patient": other_patient.pk,
            "region": episode.region,
            "onset": episode.onset,
            "mechanism": episode.mechanism,
            "onset_date": episode.onset_date.isoformat(),
            "status": episode.status,
            "is_active": "on",
            "version": signed_version(episode),
        },
    )
    assert response.status_code == 302  # saved, without the patient (not refused as a stale copy)
    episode.refresh_from_db()
    assert episode.patient == patient


def test_a_front_desk_member_of_two_clinics_cannot_cross_the_therapist_boundary(
    client, world, therapist, patient
):
    """A therapist of clinic A who is admin staff at clinic B sees B's patients' demographics, but an
    episode (clinical) can only be opened for a patient of a clinic where they treat."""
    other_patient = Patient.objects.get(record_number="H-2001")
    Membership.objects.create(user=therapist, clinic=world["other_clinic"], role=Membership.Role.ADMIN_STAFF)
    client.force_login(therapist)
    response = client.post(
        reverse("admin:patients_episode_add"),
        {"patient": other_patient.pk, "region": "lumbar", "onset": "sudden", "mechanism": "lifting"},
    )
    assert response.status_code == 200
    assert "patient" in response.context["adminform"].form.errors
    assert not Episode.objects.filter(patient=other_patient, created_at__gt=patient.created_at).exclude(
        pk__in=Episode.objects.filter(patient=other_patient).order_by("pk").values("pk")[:1]
    )


def test_the_admin_patient_filter_names_only_own_clinics(client, world, admin_staff):
    # One clinic needs no clinic filter or column; staff of two clinics get both (tests/patients/
    # test_patient_admin.py), never a third clinic's name.
    client.force_login(admin_staff)
    listing = client.get(reverse("admin:patients_patient_changelist"))
    assert listing.status_code == 200
    assert "Hillside" not in listing.text


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(
    row(
        "new episode",
        lambda get: reverse("admin:patients_episode_add"),
        ADMIN_PAGE,
        admin_staff=FORBIDDEN,
        manager=FORBIDDEN,
    ),
    row("new patient", lambda get: reverse("admin:patients_patient_add"), ADMIN_PAGE),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
