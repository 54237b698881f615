"""Every model of clinic, patients and plans has a factory whose rows are valid and stay in one clinic."""

from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from clinic.models import Clinic
from tests import factories

PROJECT_APPS = ("clinic", "patients", "plans")


def _project_models() -> list[type[models.Model]]:
    return [
        model
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    ]


# Typed Any: factory_boy's stubs say calling a factory returns the factory, not the row it makes.
FACTORY_OF: dict[type[models.Model], Any] = {
    factory._meta.model: factory
    for factory in vars(factories).values()
    if isinstance(factory, type)
    and issubclass(factory, factories.factory.django.DjangoModelFactory)
    and factory._meta.model is not None
}


def _clinics_of(row: models.Model, seen: set | None = None) -> set[int]:
    """The clinics a row reaches along its foreign keys (a staff user: their memberships' clinics)."""
    seen = set() if seen is None else seen
    key = (type(row), row.pk)
    if key in seen:
        return set()
    seen.add(key)
    if isinstance(row, Clinic):
        return {row.pk}
    if isinstance(row, get_user_model()):
        return set(row.memberships.values_list("clinic_id", flat=True))
    found: set[int] = set()
    for field in row._meta.concrete_fields:
        if field.is_relation and field.many_to_one or field.one_to_one:
            related = getattr(row, field.name)
            if related is not None:
                found |= _clinics_of(related, seen)
    return found


def test_every_model_has_a_factory():
    missing = [model.__name__ for model in _project_models() if model not in FACTORY_OF]
    assert not missing


@pytest.mark.parametrize("model", _project_models(), ids=lambda model: model.__name__)
def test_factory_row_is_valid_and_in_one_clinic(db, model):
    row = FACTORY_OF[model]()
    row.full_clean()
    assert len(_clinics_of(row)) <= 1, _clinics_of(row)


@pytest.mark.parametrize(
    "factory",
    [factories.PlanVersionFactory, factories.VisitFactory, factories.PromptFactory, factories.HomeLogFactory],
    ids=lambda factory: factory.__name__,
)
def test_a_second_row_of_an_episode_is_valid_too(db, factory: Any):
    first = factory()
    episode = first.plan.episode if hasattr(first, "plan") else first.episode
    second = factory(**({"plan": first.plan} if hasattr(first, "plan") else {"episode": episode}))
    second.full_clean()


def test_clinical_rows_reach_exactly_their_patients_clinic(db):
    of_an_episode = [factory for factory in FACTORY_OF.values() if "episode" in factory._meta.declarations]
    made: list[Any] = [factory() for factory in of_an_episode]
    assert len(made) >= 8
    for row in made:
        assert _clinics_of(row) == {row.episode.patient.clinic_id}


def test_staff_and_portal_accounts(db):
    clinic: Any = factories.ClinicFactory()
    lead: Any = factories.StaffFactory(clinic=clinic, role=factories.Membership.Role.CLINICAL_LEAD)
    assert lead.is_staff and list(lead.memberships.values_list("clinic", "role")) == [
        (clinic.pk, "clinical_lead")
    ]
    patient: Any = factories.PatientFactory(clinic=clinic, with_portal_account=True)
    assert patient.portal_user is not None and not patient.portal_user.memberships.exists()
