"""The portal home and the printed plan in plain words: no jargon anywhere a patient reads, doses in
natural units, the plain "why" in place of a stored engine phrase, goals once, the clinic's phone."""

from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from plans.clinical.patient_words import KIND_WHY, jargon_in
from plans.clinical.vocabulary import ExerciseKind
from plans.models import PlanVersion
from plans.render.pdf import render_plan_html
from tests.portal.conftest import approve, exercise_row

# As the first engine stored it on plan items.
V1_REASON = (
    "Whole-body activity that eases pain and builds stamina. Suits likely foraminal stenosis and "
    "age-related degeneration."
)
PHONE = "01632 960123"


class _Text(HTMLParser):
    """The text a reader sees: everything but scripts and styles, with images' alt text."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "img":
            self.parts.append(dict(attrs).get("alt") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture
def plain_plan(episode, therapist, clinic) -> PlanVersion:
    clinic.phone = PHONE
    clinic.save(update_fields=["phone"])
    return approve(
        episode,
        therapist,
        exercises=[
            exercise_row("brisk-walking", sets=1, reps=None, hold_seconds=900, reason=V1_REASON),
            exercise_row(
                "prone-lying", sets=1, reps=1, hold_seconds=120, reason="Suits likely herniated disc."
            ),
            exercise_row("diaphragmatic-breathing", sets=1, reps=None, hold_seconds=300),
            exercise_row("pelvic-tilt", sets=2, reps=10),
        ],
        goals=[
            {"measure": "nprs", "target": 3, "due_date": date.today() + timedelta(days=28)},
            {"measure": "odi", "target": 20, "due_date": date.today() + timedelta(days=28)},
            {
                "measure": "function",
                "description": "Walk to the shops and back without stopping",
                "due_date": date.today() + timedelta(days=42),
            },
        ],
        advice="Walk every day, a little further each week.",
    )


def test_the_portal_home_is_in_plain_words(portal_client, plain_plan):
    html = portal_client.get(reverse("portal:home")).text
    text = visible_text(html)
    assert jargon_in(text) == []
    assert "For 15 minutes" in text and "Stay in the position for 2 minutes" in text
    assert "For 5 minutes" in text and "2 sets of 10" in text
    assert "hold" not in text.lower().split("for 15 minutes")[0][-200:]
    # The stored engine phrase is gone; its plain sentence stays, or the kind's plain sentence.
    assert "Suits" not in text and "Whole-body activity that eases pain and builds stamina." in text
    assert KIND_WHY[ExerciseKind.DIRECTIONAL_PREFERENCE] in text
    # "Take care" only when it says something ("None usual" says nothing).
    assert "None usual" not in text and "Keep the range small while pain is high." in text
    assert text.count("Take care:") == 3  # walking, lying face down, pelvic tilt; not breathing
    # The goals once for the plan.
    assert text.count("Walk to the shops and back without stopping") == 1
    assert text.count("Pain no higher than 3 out of 10") == 1
    assert html.count('data-testid="exercise-pictures"') == 4


def test_the_printed_plan_is_in_plain_words_with_the_clinics_phone(plain_plan, patient):
    version = PlanVersion.objects.with_items().with_hold().get(pk=plain_plan.pk)
    html = render_plan_html(version=version, patient=patient)
    text = visible_text(html)
    assert jargon_in(text) == []
    assert PHONE in text and f"Call {patient.clinic.name} on {PHONE}" in text
    assert "How much: For 15 minutes." in text
    assert "Suits" not in text and "Whole-body activity that eases pain and builds stamina." in text
    assert "None usual" not in text
    assert html.count("exercise-pictures-print") >= 4
    assert "Team only" not in text


def test_the_patients_pdf_is_served(portal_client, plain_plan):
    response = portal_client.get(reverse("portal:plan_pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_without_a_phone_the_print_names_the_clinic(plan_version, patient):
    version = PlanVersion.objects.with_items().with_hold().get(pk=plan_version.pk)
    text = visible_text(render_plan_html(version=version, patient=patient))
    assert f"Questions about your plan? Call {patient.clinic.name}." in text
