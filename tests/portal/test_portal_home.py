"""The portal home page through real HTTP: my current plan, and nobody else's."""

import pytest
from django.urls import reverse

from patients.models import Episode
from plans.models import Exercise, PlanVersion
from tests.access_matrix import PORTAL_PAGE, cells, check, row
from tests.factories import ExerciseFactory
from tests.portal.conftest import approve, exercise_row

HOME = "/portal/"


def test_home_shows_my_plan_as_exercise_cards(portal_client, plan_version):
    response = portal_client.get(HOME)
    assert response.status_code == 200
    html = response.text
    assert "Hello, Maria" in html
    assert html.count('data-testid="exercise-card"') == 2
    bridge, bird_dog = Exercise.objects.get(slug="glute-bridge"), Exercise.objects.get(slug="bird-dog")
    for exercise in (bridge, bird_dog):
        assert exercise.name in html
        assert exercise.if_it_hurts in html
    # Plain-language steps, without the library's own numbering (the list numbers them).
    assert (
        "<li>Squeeze your bottom and lift your hips until your body is straight from knees to shoulders.</li>"
        in html
    )
    # Dose and how often, in words.
    assert "2 sets of 10" in html and "Once a day, every day" in html
    assert "2 sets of 8, holding each one for 5 seconds" in html and "Twice a day, on 5 days a week" in html
    # Why it is in the plan: the therapist's plain reason, or a plain sentence for the kind.
    assert "Strengthens the muscles that support your lower back." in html
    assert "Trains the deep tummy and back muscles that support your spine." in html
    # My goals, once for the plan rather than on every card.
    goals = html.split('data-testid="plan-goals"')[1].split("</section>")[0]
    assert "Pain no higher than 3 out of 10 by" in goals
    assert "Walk to the shops and back without stopping" in goals
    assert html.count("Walk to the shops and back without stopping") == 1
    # Easier and harder variants from the library, offered only when they add no movement or position
    # the prescribed exercise lacks: bird-dog's easier variant is done lying on the back.
    easier, harder = Exercise.objects.get(slug="supine-march"), Exercise.objects.get(slug="bridge-march")
    assert bird_dog.easier == easier and harder.easier == bridge
    assert "supine" in easier.properties and "supine" not in bird_dog.properties
    assert f"Try the easier version: {easier.name}" not in html
    assert f"The harder version: {harder.name}" in html
    # Education: title, summary and the body behind "Read more".
    stay_active = plan_version.education.get().item
    assert stay_active.title in html and stay_active.summary in html and stay_active.body[:60] in html
    assert "<details>" in html and "Read more" in html
    assert plan_version.review_date.strftime("%-d %B %Y") in html
    assert "Walk every day, a little further each week." in html
    # Notes for the team are not for the patient.
    assert "Team only" not in html


def test_only_the_current_version_is_shown_with_what_changed(portal_client, episode, therapist, plan_version):
    approve(
        episode,
        therapist,
        exercises=[
            exercise_row("glute-bridge", sets=3, reps=12),
            exercise_row("brisk-walking", sets=1, reps=None, hold_seconds=1200),
        ],
        reason="Regression at the visit of 2 Dec: pain worsened by 3 points (team note).",
        patient_note="Pain is easing, so more bridges and a daily brisk walk.",
    )
    html = portal_client.get(HOME).text
    cards = " ".join(html.split('data-testid="exercise-card"')[1:])
    assert Exercise.objects.get(slug="brisk-walking").name in cards
    assert Exercise.objects.get(slug="bird-dog").name not in cards
    assert "3 sets of 12" in html and "For 20 minutes" in html  # a walk in minutes, never a "hold"
    assert 'data-testid="what-changed"' in html
    assert "Pain is easing, so more bridges and a daily brisk walk." in html
    assert "team note" not in html  # the reason for the change stays with the team
    v2 = PlanVersion.objects.get(plan__episode=episode, number=2)
    assert f"Updated on {v2.approved_at:%-d %B %Y}" in html


def test_without_a_note_the_patient_sees_the_changes_in_words(
    portal_client, episode, therapist, plan_version
):
    approve(
        episode,
        therapist,
        exercises=[exercise_row("glute-bridge", sets=3, reps=12), exercise_row("cat-camel")],
        reason="Plateau: unchanged twice (team note).",
    )
    html = portal_client.get(HOME).text
    note = html.split('data-testid="what-changed"')[1].split("</p>")[0]
    assert f"New exercise: {Exercise.objects.get(slug='cat-camel').name}" in note
    assert f"New dose: {Exercise.objects.get(slug='glute-bridge').name}" in note
    assert f"No longer in the plan: {Exercise.objects.get(slug='bird-dog').name}" in note
    assert "team note" not in html


def test_first_version_has_no_what_changed_note(portal_client, plan_version):
    assert 'data-testid="what-changed"' not in portal_client.get(HOME).text


def test_never_shows_another_patients_plan(portal_client, plan_version, other_plan):
    html = portal_client.get(HOME).text
    assert Exercise.objects.get(slug="cat-camel").name not in html
    assert "Olga" not in html and "Olga's private reason" not in html


def test_patient_without_a_plan_gets_a_friendly_message(portal_client, episode, other_plan):
    response = portal_client.get(HOME)
    assert response.status_code == 200
    assert 'data-testid="no-plan"' in response.text
    assert "Your plan is on its way" in response.text
    assert 'data-testid="exercise-card"' not in response.text


def test_plan_of_a_discharged_episode_is_not_shown(portal_client, episode, plan_version):
    Episode.objects.filter(pk=episode.pk).update(
        status=Episode.Status.DISCHARGED, discharge_date=episode.onset_date, discharge_reason="goals_met"
    )
    assert 'data-testid="no-plan"' in portal_client.get(HOME).text


def test_home_is_phone_ready_and_links_the_portal_pages(portal_client, plan_version):
    html = portal_client.get(HOME).text
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert "css/portal.css" in html
    for name in ("portal:log", "portal:history", "portal:plan_pdf"):
        assert f'href="{reverse(name)}"' in html


def test_home_queries_do_not_grow_with_the_plan(
    portal_client, episode, therapist, plan_version, django_assert_max_num_queries
):
    # Each bound includes two queries for the goals' status: the episode's assessments and visits.
    with django_assert_max_num_queries(13):
        small = portal_client.get(HOME)
    assert small.text.count('data-testid="exercise-card"') == 2
    slugs = ["glute-bridge", "bird-dog", "cat-camel", "pelvic-tilt", "dead-bug", "clamshell", "heel-raise"]
    approve(episode, therapist, exercises=[exercise_row(s) for s in slugs], reason="More exercises.")
    # A second version also reads the one before it, once, to say what changed.
    with django_assert_max_num_queries(17):
        large = portal_client.get(HOME)
    assert large.text.count('data-testid="exercise-card"') == len(slugs)


def test_variants_that_load_the_spine_more_or_are_unapproved_are_not_offered(
    portal_client, episode, therapist
):
    def make(slug, **fields):
        return ExerciseFactory(
            slug=slug, name=slug.title(), kind="strengthening", instructions="1. Go.", **fields
        )

    base = make("base-curl")
    make("loaded-curl", easier=base, loaded_spinal_flexion=True)  # harder, but adds loaded flexion
    rotating = make("rotating-curl", rotation=True)
    make("twist-curl", rotation=True, easier=rotating)  # its easier variant rotates as it does
    other = make("side-curl")
    make("draft-curl", easier=other, approved=False)
    approve(
        episode,
        therapist,
        exercises=[exercise_row("base-curl"), exercise_row("twist-curl"), exercise_row("side-curl")],
    )
    html = portal_client.get(HOME).text
    assert html.count('data-testid="exercise-card"') == 3
    assert "Loaded-Curl" not in html
    assert "Try the easier version: Rotating-Curl" in html
    assert "Draft-Curl" not in html


def test_therapist_can_withhold_variants(portal_client, episode, therapist, plan_version):
    row = exercise_row("glute-bridge")
    approve(episode, therapist, exercises=[{**row, "offer_variants": False}], reason="No variants yet.")
    bridge = Exercise.objects.get(slug="glute-bridge")
    assert bridge.harder is not None  # the library has variants to withhold
    html = portal_client.get(HOME).text
    assert "Try the easier version:" not in html and "The harder version:" not in html
    offered = approve(episode, therapist, exercises=[row], reason="Variants now.")
    assert offered.exercises.get().offer_variants is True
    html = portal_client.get(HOME).text
    assert "Try the easier version:" in html or "The harder version:" in html


# --- Who may open it ------------------------------------------------------------------------------


def _portal(name):
    def url(get):
        get("plan_version")
        return reverse(f"portal:{name}")

    return url


ACCESS = cells(row("home", _portal("home"), PORTAL_PAGE, contains=("Bottom lift (bridge)",)))


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
