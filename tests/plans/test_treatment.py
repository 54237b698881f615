"""The treatment given at a visit: intervention types (shared, and each clinic's own, kept by its
clinical lead in the admin), the visit form's (intervention, minutes) rows with their errors field by
field, what the visit, episode and note pages show, and their query counts as interventions grow."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.clinical.notes import VisitFacts, draft_daily_note
from plans.models import InterventionType, Visit, VisitIntervention
from plans.services.visits import VisitEntry, visit_record
from tests.access_matrix import ADMIN_PAGE, FORBIDDEN, NOT_FOUND, cells, check, row
from tests.factories import InterventionTypeFactory, VisitInterventionFactory
from tests.plans.test_visits import TODAY, _visit, treated_episode  # noqa: F401 (a fixture)

SHARED = [
    "Supervised exercise",
    "Manual therapy",
    "Education and advice",
    "Dry needling",
    "Taping",
    "Heat or cold",
]


def shared(name: str) -> InterventionType:
    return InterventionType.objects.get(name=name, clinic=None)


def rows(*pairs) -> dict:
    """The treatment rows of a visit form: (intervention type or pk or "", minutes) pairs."""
    data = {"treatment-TOTAL_FORMS": str(len(pairs)), "treatment-INITIAL_FORMS": "0"}
    for i, (kind, minutes) in enumerate(pairs):
        data[f"treatment-{i}-intervention_type"] = str(getattr(kind, "pk", kind))
        data[f"treatment-{i}-minutes"] = str(minutes)
    return data


def _raises_constraint(name: str, make) -> None:
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        make()
    assert name in str(error.value)


# --- The models and their constraints ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_migration_seeds_the_shared_types():
    assert sorted(InterventionType.objects.filter(clinic=None).values_list("name", flat=True)) == sorted(
        SHARED
    )
    assert all(t.active for t in InterventionType.objects.filter(clinic=None))


def test_names_are_unique_per_clinic_whatever_the_case(clinic, other_clinic):
    InterventionTypeFactory(clinic=clinic, name="Pilates")
    InterventionTypeFactory(clinic=other_clinic, name="Pilates")  # another clinic may use the name
    _raises_constraint(
        "plans_interventiontype_unique_name", lambda: InterventionTypeFactory(clinic=clinic, name="PILATES")
    )
    _raises_constraint(
        "plans_interventiontype_unique_shared_name",
        lambda: InterventionTypeFactory(clinic=None, name="manual THERAPY"),
    )
    _raises_constraint("plans_interventiontype_name_given", lambda: InterventionTypeFactory(name=""))
    with pytest.raises(ValidationError) as error:
        InterventionType(clinic=clinic, name="pilates").full_clean()
    assert "The clinic has an intervention of that name already." in str(error.value)


def test_minutes_are_1_to_240_and_a_type_once_per_visit(therapist):
    row = VisitInterventionFactory(minutes=240)
    assert row.history.get().history_type == "+"
    for minutes in (0, 241):
        _raises_constraint(
            "plans_visitintervention_minutes_range",
            lambda m=minutes: VisitInterventionFactory(visit=row.visit, minutes=m),
        )
    _raises_constraint(
        "plans_visitintervention_once_per_visit",
        lambda: VisitInterventionFactory(visit=row.visit, intervention_type=row.intervention_type),
    )
    with pytest.raises(ValidationError) as error:
        VisitIntervention(visit=row.visit, intervention_type=shared("Taping"), minutes=0).full_clean()
    assert error.value.message_dict["__all__"] == ["Enter 1 to 240 minutes."]


def test_who_sees_which_types(clinic, other_clinic, therapist, lead, admin_staff, outsider, superuser):
    ours = InterventionTypeFactory(clinic=clinic, name="Pilates")
    theirs = InterventionTypeFactory(clinic=other_clinic, name="Hydrotherapy")
    for user in (therapist, lead):
        seen = set(InterventionType.objects.visible_to(user))
        assert ours in seen and theirs not in seen and shared("Taping") in seen
    assert not InterventionType.objects.visible_to(admin_staff).exists()
    assert set(InterventionType.objects.visible_to(outsider)) == {
        theirs,
        *InterventionType.objects.filter(clinic=None),
    }
    assert InterventionType.objects.visible_to(superuser).count() == len(SHARED) + 2
    row = VisitInterventionFactory(intervention_type=ours, visit__episode__patient__clinic=clinic)
    assert list(VisitIntervention.objects.visible_to(therapist)) == [row]
    assert not VisitIntervention.objects.visible_to(outsider).exists()


# --- The visit form ---------------------------------------------------------------------------------


def test_a_visit_records_its_treatment_with_history(therapist_client, therapist, treated_episode):  # noqa: F811
    response = _visit(
        therapist_client,
        treated_episode,
        5,
        nprs="4",
        **rows((shared("Manual therapy"), 15), ("", ""), (shared("Supervised exercise"), 20)),
    )
    assert response.status_code == 302, response.context["treatment"].errors
    visit = Visit.objects.get()
    recorded = [(r.intervention_type.name, r.minutes) for r in visit.interventions.all()]
    assert recorded == [("Manual therapy", 15), ("Supervised exercise", 20)]  # the blank row is skipped
    assert {r.history.get().history_user for r in visit.interventions.all()} == {therapist}

    page = therapist_client.get(response["Location"]).content.decode()
    assert "Treatment given (35 min in all)" in page
    assert "<li>Manual therapy: 15 min</li>" in page
    episode_page = therapist_client.get(reverse("patients:episode_detail", args=[treated_episode.code]))
    assert "treatment 35 min" in episode_page.content.decode()
    note = therapist_client.get(reverse("plans:visit_note", args=[visit.code])).content.decode()
    assert "Treatment given: Manual therapy 15 min, Supervised exercise 20 min (35 min in all)." in note


def test_a_visit_without_treatment_records_none(therapist_client, treated_episode):  # noqa: F811
    assert _visit(therapist_client, treated_episode, 5, nprs="4").status_code == 302
    visit = Visit.objects.get()
    assert not visit.interventions.exists()
    page = therapist_client.get(reverse("plans:visit_detail", args=[visit.code])).content.decode()
    assert 'data-testid="visit-treatment"' in page and "None recorded." in page
    note = therapist_client.get(reverse("plans:visit_note", args=[visit.code])).content.decode()
    assert "Treatment given:" not in note


def test_errors_come_field_by_field_and_nothing_is_saved(therapist_client, treated_episode):  # noqa: F811
    manual, taping = shared("Manual therapy"), shared("Taping")
    response = _visit(
        therapist_client,
        treated_episode,
        5,
        nprs="4",
        **rows((manual, 0), (taping, 241), (manual, 10), ("", 5), (shared("Heat or cold"), "")),
    )
    assert response.status_code == 200
    errors = response.context["treatment"].errors
    assert errors[0] == {"minutes": ["Enter 1 to 240 minutes."]}
    assert errors[1] == {"minutes": ["Enter 1 to 240 minutes."]}
    assert errors[2] == {
        "intervention_type": ["Manual therapy is listed above already: give its minutes once."]
    }
    assert errors[3] == {"intervention_type": ["Choose the intervention these minutes were spent on."]}
    assert errors[4] == {"minutes": ["Give the minutes spent on it."]}
    page = response.content.decode()
    assert "Please correct the fields marked below. Nothing was saved." in page
    assert "Manual therapy is listed above already" in page
    assert not Visit.objects.exists() and not VisitIntervention.objects.exists()


def test_an_error_elsewhere_keeps_the_rows_and_saves_nothing(therapist_client, treated_episode):  # noqa: F811
    response = _visit(therapist_client, treated_episode, 5, nprs="11", **rows((shared("Taping"), 10)))
    assert response.status_code == 200 and "nprs" in response.context["form"].errors
    assert response.context["treatment"].is_valid()
    assert 'name="treatment-0-minutes" value="10"' in response.content.decode()
    assert not Visit.objects.exists() and not VisitIntervention.objects.exists()


def test_only_the_clinics_active_types_are_offered(therapist_client, treated_episode, other_clinic):  # noqa: F811
    clinic = treated_episode.patient.clinic
    ours = InterventionTypeFactory(clinic=clinic, name="Pilates")
    InterventionTypeFactory(clinic=clinic, name="Traction", active=False)
    theirs = InterventionTypeFactory(clinic=other_clinic, name="Hydrotherapy")
    page = therapist_client.get(reverse("plans:visit_create", args=[treated_episode.code])).content.decode()
    assert 'data-testid="treatment-fields"' in page
    assert f'<option value="{ours.pk}">Pilates</option>' in page
    assert "Traction" not in page and "Hydrotherapy" not in page
    assert all(name in page for name in SHARED)

    response = _visit(therapist_client, treated_episode, 5, nprs="4", **rows((theirs, 10), (ours, 10)))
    assert response.status_code == 200
    errors = response.context["treatment"].errors
    assert errors[0] == {"intervention_type": ["Choose one of this clinic's interventions."]}
    assert not Visit.objects.exists()


def test_the_service_refuses_another_clinics_type_and_saves_nothing(treated_episode, therapist, other_clinic):  # noqa: F811
    theirs = InterventionTypeFactory(clinic=other_clinic, name="Hydrotherapy")
    retired = InterventionTypeFactory(clinic=treated_episode.patient.clinic, active=False)
    for kinds in ([(theirs, 10)], [(retired, 10)], [(shared("Taping"), 5), (shared("Taping"), 5)]):
        entry = VisitEntry(visit_date=TODAY, nprs=4, interventions=tuple(kinds))
        with pytest.raises(ValidationError) as error:
            visit_record(episode=treated_episode, entry=entry, user=therapist)
        assert "treatment" in error.value.message_dict
    assert not Visit.objects.exists() and not VisitIntervention.objects.exists()


# --- The note --------------------------------------------------------------------------------------


def _facts(**more) -> VisitFacts:
    return VisitFacts(
        visit_date=date(2026, 3, 2), nprs=4, patient_rating="", adherence_percent=None, home_sessions="",
        findings=(), exercises=(), measures=(), status="", prompts=(), plan=None, **more,
    )  # fmt: skip


def test_the_daily_note_says_the_treatment_in_its_objective_section():
    soap = draft_daily_note(
        _facts(treatment=("Manual therapy 15 min", "Supervised exercise 20 min"), treatment_minutes=35)
    )
    assert soap.objective.splitlines()[0] == (
        "Treatment given: Manual therapy 15 min, Supervised exercise 20 min (35 min in all)."
    )
    assert "Treatment" not in draft_daily_note(_facts()).objective


# --- The admin: the clinical lead keeps the clinic's own types ---------------------------------------


def _add_url() -> str:
    return reverse("admin:plans_interventiontype_add")


def _change_url(kind) -> str:
    return reverse("admin:plans_interventiontype_change", args=[kind.pk])


def test_the_clinical_lead_adds_a_type_for_the_clinic(client, lead, clinic, other_clinic):
    client.force_login(lead)
    form = client.get(_add_url())
    assert form.status_code == 200
    offered = list(form.context["adminform"].form.fields["clinic"].queryset)
    assert offered == [clinic]
    response = client.post(_add_url(), {"name": "Pilates", "clinic": clinic.pk, "active": "on"})
    assert response.status_code == 302
    kind = InterventionType.objects.get(name="Pilates")
    assert kind.clinic == clinic and kind.history.get().history_user == lead
    # No shared row from a clinic, no other clinic's row, no copy of a shared name.
    for data, field in (
        ({"name": "Yoga", "clinic": "", "active": "on"}, "clinic"),
        ({"name": "Yoga", "clinic": other_clinic.pk, "active": "on"}, "clinic"),
        ({"name": "TAPING", "clinic": clinic.pk, "active": "on"}, "name"),
        ({"name": "pilates", "clinic": clinic.pk, "active": "on"}, None),
    ):
        refused = client.post(_add_url(), data)
        assert refused.status_code == 200
        errors = refused.context["adminform"].form.errors
        assert field in errors if field else errors, data
    assert InterventionType.objects.exclude(clinic=None).count() == 1


def test_the_lead_retires_own_types_but_only_reads_the_shared_ones(client, lead, clinic):
    ours = InterventionTypeFactory(clinic=clinic, name="Pilates")
    client.force_login(lead)
    assert client.post(_change_url(ours), {"name": "Pilates", "clinic": clinic.pk}).status_code == 302
    ours.refresh_from_db()
    assert not ours.active
    taping = shared("Taping")
    page = client.get(_change_url(taping))
    assert page.status_code == 200 and 'name="name"' not in page.content.decode()  # read-only
    assert client.post(_change_url(taping), {"name": "Tape", "active": "on"}).status_code == 403
    assert shared("Taping").name == "Taping"


def test_a_superuser_keeps_the_shared_types(client, superuser):
    client.force_login(superuser)
    assert client.post(_add_url(), {"name": "Acupuncture", "clinic": "", "active": "on"}).status_code == 302
    assert InterventionType.objects.get(name="Acupuncture").clinic is None


def test_a_therapist_reads_the_list_but_cannot_add(client, therapist, clinic, other_clinic):
    ours = InterventionTypeFactory(clinic=clinic, name="Pilates")
    InterventionTypeFactory(clinic=other_clinic, name="Hydrotherapy")
    client.force_login(therapist)
    listing = client.get(reverse("admin:plans_interventiontype_changelist"))
    body = listing.content.decode()
    assert listing.status_code == 200
    assert "Pilates" in body and "Manual therapy" in body and "Shared by every clinic" in body
    assert "Hydrotherapy" not in body and "Hillside" not in body
    assert client.get(_add_url()).status_code == 403
    assert client.post(_add_url(), {"name": "Yoga", "clinic": clinic.pk, "active": "on"}).status_code == 403
    assert client.post(_change_url(ours), {"name": "Renamed", "clinic": clinic.pk}).status_code == 403
    assert not InterventionType.objects.filter(name__in=["Yoga", "Renamed"]).exists()


def test_the_lead_does_not_see_another_clinics_types(client, lead, other_clinic):
    theirs = InterventionTypeFactory(clinic=other_clinic, name="Hydrotherapy")
    client.force_login(lead)
    body = client.get(reverse("admin:plans_interventiontype_changelist")).content.decode()
    assert "Hydrotherapy" not in body and "Hillside" not in body
    assert client.get(_change_url(theirs)).status_code == 404


@pytest.mark.django_db
def test_the_migration_grants_the_roles_permissions():
    from django.contrib.auth.models import Group

    from clinic.roles import PERMISSIONS_FOR_GROUP

    def held(group):
        permissions = Group.objects.get(name=group).permissions
        return set(
            permissions.filter(content_type__model="interventiontype").values_list("codename", flat=True)
        )

    def listed(group):
        entries = PERMISSIONS_FOR_GROUP[group]
        return {f"{a}_{m}" for _, m, actions in entries if m == "interventiontype" for a in actions}

    assert held("Therapists") == listed("Therapists") == {"view_interventiontype"}
    assert (
        held("Clinical leads")
        == listed("Clinical leads")
        == {
            "view_interventiontype",
            "add_interventiontype",
            "change_interventiontype",
        }
    )
    assert held("Admin staff") == held("Practice managers") == set()


def _our_type_url(view):
    return lambda get: reverse(
        f"admin:plans_interventiontype_{view}",
        args=[InterventionTypeFactory(clinic=get("clinic"), name="Pilates").pk],
    )


ACCESS = cells(
    row(
        "intervention types",
        lambda get: reverse("admin:plans_interventiontype_changelist"),
        ADMIN_PAGE,
        admin_staff=FORBIDDEN,
        manager=FORBIDDEN,
    ),
    row(
        "add an intervention type",
        lambda get: _add_url(),
        ADMIN_PAGE,
        therapist=FORBIDDEN,
        colleague=FORBIDDEN,
        outsider=FORBIDDEN,
        admin_staff=FORBIDDEN,
        manager=FORBIDDEN,
    ),
    row(
        "intervention type",
        _our_type_url("change"),
        ADMIN_PAGE,
        admin_staff=NOT_FOUND,  # the gate shows them no clinical list: the row is not theirs to see
        manager=NOT_FOUND,
        outsider=NOT_FOUND,
    ),
    row(
        "unknown intervention type",
        lambda get: reverse("admin:plans_interventiontype_change", args=[999_999]),
        lead=NOT_FOUND,
        superuser=NOT_FOUND,
    ),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)


# --- Query counts -----------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_page_queries_stay_fixed_as_interventions_grow(therapist_client, treated_episode):  # noqa: F811
    _visit(therapist_client, treated_episode, 9, nprs="5", **rows((shared("Taping"), 10)))
    visit = Visit.objects.get()
    urls = [
        reverse("plans:visit_detail", args=[visit.code]),
        reverse("plans:visit_note", args=[visit.code]),
        reverse("patients:episode_detail", args=[treated_episode.code]),
        reverse("plans:visit_create", args=[treated_episode.code]),
    ]
    with_one = [_queries(therapist_client, url) for url in urls]
    for i, name in enumerate(n for n in SHARED if n != "Taping"):
        VisitInterventionFactory(visit=visit, intervention_type=shared(name), minutes=10 + i)
    for i in range(5):  # and more types offered on the visit form
        InterventionTypeFactory(clinic=treated_episode.patient.clinic, name=f"Own {i}")
    page = therapist_client.get(urls[0]).content.decode()
    assert f"Treatment given ({10 + 10 + 11 + 12 + 13 + 14} min in all)" in page
    assert [_queries(therapist_client, url) for url in urls] == with_one
    # The interventions are one query on the visit and note pages, none on the episode page (a
    # subquery of its visits) and the types offered one on the visit form.
    assert with_one == [13, 15, 15, 18], with_one
