"""On a phone-sized screen (360 x 740) a patient with an approved plan sees each exercise's picture
(with alt text), its numbered steps in plain words, and no jargon anywhere; the page fits the screen."""

from datetime import date, timedelta

import pytest
from django.apps import apps as django_apps

from plans.clinical.instructions import steps
from plans.clinical.patient_words import jargon_in
from plans.models import EducationItem, Exercise
from plans.services.library_import import library_import
from plans.services.plan_versions import PlanContent, plan_version_approve
from tests.factories import PASSWORD, EpisodeFactory

PHONE = {"width": 360, "height": 740}
# A walk (a bout in minutes), a held position, a breathing bout and a repeated movement, from the
# migrated library (serialized_rollback restores it for a transactional test).
SLUGS = ("brisk-walking", "prone-lying", "diaphragmatic-breathing", "pelvic-tilt")
# As the first engine stored reasons on plan items: the portal must not show them as written.
V1_REASON = "Builds strength so everyday tasks get easier. Suits likely foraminal stenosis."


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True}


@pytest.fixture
def library_plan(patient, therapist):
    episode = EpisodeFactory(patient=patient, onset_date=date.today() - timedelta(days=30))
    if not Exercise.objects.exists():
        # An earlier transactional test's flush can leave nothing to restore (with --reuse-db):
        # load the seed library again, as its data migration does.
        library_import(apps=django_apps)
    exercises = {e.slug: e for e in Exercise.objects.filter(slug__in=SLUGS)}
    assert set(exercises) == set(SLUGS)
    rows = [
        {
            "exercise": exercises[slug],
            "sets": exercises[slug].sets,
            "reps": exercises[slug].reps,
            "hold_seconds": exercises[slug].hold_seconds,
            "times_per_day": exercises[slug].times_per_day,
            "days_per_week": exercises[slug].days_per_week,
            "reason": V1_REASON,
        }
        for slug in SLUGS
    ]
    return plan_version_approve(
        episode=episode,
        content=PlanContent(
            review_date=date.today() + timedelta(days=14),
            exercises=rows,
            education=list(EducationItem.objects.filter(slug="stay-active")),
            goals=[
                {"measure": "nprs", "target": 3, "due_date": date.today() + timedelta(days=28)},
                {"measure": "odi", "target": 20, "due_date": date.today() + timedelta(days=28)},
            ],
            activity_advice="Walk every day, a little further each week.",
        ),
        user=therapist,
    )


# The picture's width once it has loaded (0 if it fails to load).
LOADED_WIDTH = """img => img.complete ? img.naturalWidth : new Promise(done => {
    img.addEventListener("load", () => done(img.naturalWidth), {once: true});
    img.addEventListener("error", () => done(0), {once: true});
})"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_phone_shows_each_exercises_picture_and_plain_steps(
    live_server, page, patient_account, library_plan
):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/portal/")

    items = list(library_plan.exercises.select_related("exercise"))
    cards = page.locator("[data-testid=exercise-card]")
    assert cards.count() == len(SLUGS)
    for index, item in enumerate(items):
        card = cards.nth(index)
        assert item.exercise.name in card.inner_text()
        pictures = card.locator("[data-testid=exercise-pictures] img")
        assert pictures.count() >= 1, f"no picture for {item.exercise.slug}"
        for n in range(pictures.count()):
            picture = pictures.nth(n)
            assert (picture.get_attribute("alt") or "").strip(), (
                f"a picture of {item.exercise.slug} has no alt"
            )
            picture.scroll_into_view_if_needed()  # pictures load lazily, as the patient scrolls to them
            assert picture.evaluate(LOADED_WIDTH) > 0, f"a picture of {item.exercise.slug} did not load"
            assert picture.bounding_box()["width"] <= PHONE["width"]
        shown = [li.strip() for li in card.locator("[data-testid=steps] > li").all_inner_texts()]
        assert shown and shown == steps(item.exercise.instructions)
        assert "Why it is in your plan" in card.inner_text() and "Suits" not in card.inner_text()

    page.locator("[data-testid=plan-more] > summary").click()  # goals, advice and leaflets fold below
    text = page.locator("body").inner_text()
    alts = " ".join(page.locator("img").evaluate_all("images => images.map(i => i.alt)"))
    assert jargon_in(text) == [] and jargon_in(alts) == []
    assert text.count("Pain no higher than 3 out of 10") == 1  # the goals once, not on every card
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
