"""A therapist builds a two-exercise plan from an assessment's suggestion with the keyboard alone:
searches the library by name, adds two exercises, drops the suggested ones, saves a draft, comes back
to it and approves it. axe-core checks the editor page on the way."""

import re
from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse

from plans.models import Assessment, Exercise, PlanDraft, PlanVersion
from tests.factories import EpisodeFactory
from tests.plans.conftest import assessment_post_data

# Exercises to add, with the words a therapist would type to find each.
CANDIDATES = {
    "bird-dog": "bird",
    "walking-program": "walking program",
    "box-breathing": "box breathing",
    "chin-tuck": "chin tuck",
    "wall-sit": "wall sit",
}
SERIOUS = {"serious", "critical"}


def _focused(page, predicate: str) -> bool:
    return page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate}); }}")


def _press_until(page, predicate: str, *, key: str = "Tab", limit: int = 300) -> int:
    """Press ``key`` until the focused element satisfies ``predicate`` (JavaScript on ``el``); the
    number of presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        if _focused(page, predicate):
            return presses
    raise AssertionError(f"{predicate} was not reached in {limit} presses of {key}")


def _log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _serious_violations(page) -> list[str]:
    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']}: {v['help']} at {', '.join(str(node['target']) for node in v['nodes'])}"
        for v in violations
        if v["impact"] in SERIOUS
    ]


def _jump(page, link_text: str, *, key: str = "Tab") -> int:
    """Reach an in-page link of the editor and follow it; the presses it took."""
    presses = _press_until(page, f"el.tagName === 'A' && el.textContent.trim() === '{link_text}'", key=key)
    page.keyboard.press("Enter")
    return presses


def _search_and_add(page, exercise: Exercise, words: str, *, key: str) -> int:
    presses = _press_until(page, "el.name === 'library-q'", key=key)
    page.keyboard.press("Control+a")
    page.keyboard.type(words)
    page.locator("[data-testid=library-result]", has_text=exercise.name).wait_for()
    presses += _press_until(page, f"el.dataset.addExercise !== undefined && el.value === '{exercise.pk}'")
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text=f"{exercise.name} added").wait_for()
    return presses


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_two_exercise_plan_is_built_and_approved_with_the_keyboard_alone(
    live_server, page, therapist, patient
):
    episode = EpisodeFactory(patient=patient, onset_date=date.today() - timedelta(days=9))
    staff = Client()
    staff.force_login(therapist)
    staff.post(reverse("plans:assessment_create", args=[episode.code]), assessment_post_data())
    assessment = Assessment.objects.get(episode=episode)
    suggested = [row["slug"] for row in assessment.suggestion["plan"]["exercises"]]
    assert len(suggested) >= 2
    first, second = [Exercise.objects.get(slug=slug) for slug in CANDIDATES if slug not in suggested][:2]
    _log_in(page, live_server, therapist)

    page.goto(live_server.url + reverse("plans:assessment_detail", args=[assessment.code]))
    presses = _press_until(page, "el.dataset.testid === 'edit-plan'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/plan/edit/**")
    assert page.locator("#exercise-rows .exercise-row").count() == len(suggested) + 1

    # Jump to the library search, find and add one exercise, back to the search box for another.
    presses += _jump(page, "Find exercises in the library")
    presses += _search_and_add(page, first, CANDIDATES[first.slug], key="Tab")
    presses += _search_and_add(page, second, CANDIDATES[second.slug], key="Shift+Tab")
    # Drop every suggested exercise: Space ticks each row's "Remove".
    for index in range(len(suggested)):
        presses += _press_until(page, f"el.name === 'exercises-{index}-DELETE'")
        page.keyboard.press("Space")
        assert page.locator(f"[name='exercises-{index}-DELETE']").is_checked()
    presses += _jump(page, "Skip to save or approve")
    presses += _press_until(page, "el.dataset.testid === 'save-draft'")
    page.keyboard.press("Enter")
    page.get_by_text("Draft saved.").wait_for()

    draft = PlanDraft.objects.get(episode=episode)
    assert [row["exercise"] for row in draft.content["exercises"]] == [first.pk, second.pk]
    assert PlanVersion.objects.filter(plan__episode=episode).count() == 0

    # Come back later, from the assessment's link: the draft is what the editor holds.
    page.goto(live_server.url + reverse("patients:episode_detail", args=[episode.code]))
    page.goto(live_server.url + reverse("plans:assessment_detail", args=[assessment.code]))
    presses += _press_until(page, "el.dataset.testid === 'edit-plan'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/plan/edit/**")
    page.locator("[data-testid=draft-notice]").wait_for()
    chosen = page.locator("#exercise-rows select[name$='-exercise']")
    assert [chosen.nth(i).input_value() for i in range(chosen.count())] == [str(first.pk), str(second.pk), ""]

    presses += _jump(page, "Find exercises in the library")
    presses += _press_until(page, "el.name === 'library-q'")
    page.keyboard.type(CANDIDATES[first.slug])
    page.locator("[data-testid=library-result]", has_text=first.name).wait_for()
    assert _serious_violations(page) == []

    presses += _jump(page, "Save or approve", key="Shift+Tab")
    presses += _press_until(page, "el.dataset.testid === 'approve'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/plan/v1/(#.*)?$"))  # the jump's #plan-actions may stay on

    version = PlanVersion.objects.get(plan__episode=episode)
    assert [item.exercise_id for item in version.exercises.all()] == [first.pk, second.pk]
    assert not PlanDraft.objects.filter(episode=episode).exists()
    # 155 presses of Tab or Shift+Tab when measured, most of them across the four suggested rows
    # being removed (498 before the editor's jump links).
    assert presses <= 170, presses
