"""Free text has a limit that every layer agrees on: the form shows it (maxlength and "Up to N
characters."), the server refuses longer input field by field (never a 500, nothing saved), the
database refuses it too, and the API refuses over-long strings without echoing them back."""

import copy

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Length
from django.urls import reverse

from plans.api.serializers.fields import CODE_MAX_LENGTH
from plans.models import PlanVersion, Prompt, Visit
from tests.api import SUGGEST_URL, token_client
from tests.clinical.vignettes import CONTRACT_EXAMPLE_REQUEST
from tests.plans.conftest import plan_post_data
from tests.plans.test_visits import _visit, treated_episode  # noqa: F401

# Written by the application, never typed by a person.
SYSTEM_TEXT = {("plans", "Prompt", "message")}


def _typed_text_fields():
    for label in ("clinic", "patients", "plans"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.concrete_fields:
                if (
                    isinstance(field, models.TextField)
                    and (label, model.__name__, field.name) not in SYSTEM_TEXT
                ):
                    yield model, field


@pytest.mark.parametrize(
    ("model", "field"),
    list(_typed_text_fields()),
    ids=lambda x: getattr(x, "name", getattr(x, "__name__", x)),
)
def test_every_typed_text_field_has_a_limit_in_the_model_and_the_database(model, field):
    assert field.max_length, f"{model.__name__}.{field.name} has no max_length"
    assert any(getattr(v, "limit_value", None) == field.max_length for v in field.validators)
    assert f"Up to {field.max_length:,} characters." in str(field.help_text)
    limits = [
        c
        for c in model._meta.constraints
        if isinstance(c, models.CheckConstraint) and f"{field.name}_length" in c.name
    ]
    assert limits, f"{model.__name__}.{field.name} has no length CheckConstraint"


def test_the_database_refuses_an_over_long_visit_note(therapist_client, treated_episode):  # noqa: F811
    _visit(therapist_client, treated_episode, 3, nprs="5")
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.update(note="x" * 2001)
    assert Visit.objects.annotate(n=Length("note")).get().n == 0


def test_visit_form_shows_the_limit_and_refuses_a_longer_note(therapist_client, treated_episode):  # noqa: F811
    page = therapist_client.get(reverse("plans:visit_create", args=[treated_episode.code])).content.decode()
    assert 'maxlength="2000"' in page and "Up to 2,000 characters." in page
    response = _visit(therapist_client, treated_episode, 3, nprs="5", note="x" * 2001)
    assert response.status_code == 200
    assert response.context["form"].errors["note"] == [
        "Ensure this value has at most 2000 characters (it has 2001)."
    ]
    assert not Visit.objects.exists()


@pytest.mark.parametrize(("field", "limit"), [("notes", 2000), ("activity_advice", 2000), ("reason", 1000)])
def test_plan_editor_refuses_over_long_text(therapist_client, treated_episode, field, limit):  # noqa: F811
    from plans.models import Exercise

    data = plan_post_data(
        exercises=[{"exercise": Exercise.objects.get(slug="cat-camel").pk, "sets": 1, "reps": 8}],
        reason="Progressing",
    )
    data[field] = "x" * (limit + 1)
    response = therapist_client.post(reverse("plans:plan_edit", args=[treated_episode.code]), data)
    assert response.status_code == 200
    assert response.context["version_form"].errors[field] == [
        f"Ensure this value has at most {limit} characters (it has {limit + 1})."
    ]
    assert PlanVersion.objects.filter(plan__episode=treated_episode).count() == 1


def test_prompt_dismissal_refuses_an_over_long_reason(therapist_client, treated_episode):  # noqa: F811
    _visit(therapist_client, treated_episode, 33, nprs="9")
    prompt = Prompt.objects.get(kind="regression")
    response = therapist_client.post(
        reverse("plans:prompt_dismiss", args=[prompt.pk]), {"reason": "x" * 1001}, follow=True
    )
    assert response.status_code == 200
    assert "at most 1000 characters" in response.content.decode()
    prompt.refresh_from_db()
    assert prompt.status == "open"


@pytest.mark.parametrize("path", [("region",), ("sex",), ("findings", 0)])
def test_api_refuses_an_over_long_string_without_echoing_it(therapist, path):
    body = copy.deepcopy(CONTRACT_EXAMPLE_REQUEST)
    huge = "x" * 100_000
    if path == ("findings", 0):
        body["findings"] = [huge]
        key = "findings.0"
    else:
        body[path[0]] = huge
        key = path[0]
    response = token_client(therapist).post(SUGGEST_URL, body, format="json")
    assert response.status_code == 400
    assert response.json()[key] == [f"Ensure this field has no more than {CODE_MAX_LENGTH} characters."]
    assert len(response.content) < 2_000


def test_api_refuses_an_over_long_findings_list(therapist):
    body = copy.deepcopy(CONTRACT_EXAMPLE_REQUEST)
    body["findings"] = ["muscle_spasm"] * 10_000
    response = token_client(therapist).post(SUGGEST_URL, body, format="json")
    assert response.status_code == 400 and "findings" in response.json()
    assert len(response.content) < 2_000
