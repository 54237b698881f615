"""The plan editor's library search: by words of the name or the steps, kind, region and level, with
htmx (``plan_library``) or as plain form posts that save nothing; in a fixed number of queries."""

import pytest
from django.urls import reverse

from plans.clinical.vocabulary import ExerciseKind
from plans.models import Exercise, PlanDraft, PlanVersion
from tests.access_matrix import CLINICAL_PAGE, cells, check, row
from tests.factories import ExerciseFactory
from tests.plans.conftest import assessment_post_data, plan_post_data


def _library_url(episode, **query):
    params = "&".join(f"library-{key}={value}" for key, value in query.items())
    return reverse("plans:plan_library", args=[episode.code]) + (f"?{params}" if params else "")


def _edit_url(episode):
    return reverse("plans:plan_edit", args=[episode.code])


def _found(response) -> list[str]:
    return [exercise.slug for exercise in response.context["results"].exercises]


def test_a_word_of_the_name_finds_the_exercise_with_its_pictures_and_steps(therapist_client, episode):
    response = therapist_client.get(_library_url(episode, q="bird"), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert _found(response) == ["bird-dog"]
    assert "Add Bird-dog" in response.text
    assert 'data-testid="exercise-preview"' in response.text and "<ol" in response.text
    assert response.text.count('data-testid="exercise-pictures"') == 1
    assert "<html" not in response.text  # only the results, for htmx to swap in


def test_words_match_the_name_or_the_steps_and_names_come_first(therapist_client, episode):
    in_steps_only = ExerciseFactory(
        name="Zigzag drill", instructions="Walk a zigzag, then a bird-like glide."
    )
    response = therapist_client.get(_library_url(episode, q="bird"))
    assert _found(response) == ["bird-dog", in_steps_only.slug]
    # every word must match: "walking" and "water" only together
    assert _found(therapist_client.get(_library_url(episode, q="walking water"))) == ["water-walking"]


def test_filters_by_kind_region_and_level_list_only_approved_exercises(therapist_client, episode):
    aerobic = _found(therapist_client.get(_library_url(episode, kind="aerobic")))
    expected = Exercise.objects.filter(kind=ExerciseKind.AEROBIC, approved=True).order_by("name")
    assert aerobic == [e.slug for e in expected][:12] and "walking-program" in aerobic

    thoracic_level_2 = _found(therapist_client.get(_library_url(episode, region="thoracic", level=2)))
    assert thoracic_level_2 == list(
        Exercise.objects.filter(target_region="thoracic", level=2, approved=True)
        .order_by("name")
        .values_list("slug", flat=True)
    )
    assert thoracic_level_2  # the filter found some
    unapproved = Exercise.objects.filter(approved=False).first()
    assert _found(therapist_client.get(_library_url(episode, q=unapproved.name))) == []


def test_no_search_no_results_and_a_bad_filter_is_ignored(therapist_client, episode):
    response = therapist_client.get(_library_url(episode))
    assert response.context["results"] is None and "Type words of a name" in response.text
    assert therapist_client.get(_library_url(episode, level="9")).context["results"] is None
    nothing = therapist_client.get(_library_url(episode, q="xylophone"))
    assert "No approved exercise matches" in nothing.text


def test_a_long_list_is_cut_and_says_so(therapist_client, episode):
    response = therapist_client.get(_library_url(episode, region="lumbar"))
    assert len(_found(response)) == 12 and response.context["results"].more
    assert "add words to narrow the list" in response.text


def test_the_search_queries_stay_fixed_whatever_the_library_size(
    therapist_client, episode, django_assert_num_queries
):
    url = _library_url(episode, q="e")
    # session, user, the clinic access (memberships), the episode gate, the search
    with django_assert_num_queries(5):
        assert therapist_client.get(url).status_code == 200
    ExerciseFactory.create_batch(150, name="Gentle exercise")
    with django_assert_num_queries(5):
        assert len(_found(therapist_client.get(url))) == 12


def test_without_javascript_search_and_add_come_back_with_what_was_typed(therapist_client, episode):
    therapist_client.post(reverse("plans:assessment_create", args=[episode.code]), assessment_post_data())
    pelvic, walking = Exercise.objects.get(slug="pelvic-tilt"), Exercise.objects.get(slug="walking-program")
    data = plan_post_data(exercises=[{"exercise": pelvic.pk, "sets": 3, "reps": 12}], review_date=None)
    data["review_date"] = ""  # half done: no review date yet

    searched = therapist_client.post(_edit_url(episode), {**data, "action": "search", "library-q": "walking"})
    assert searched.status_code == 200
    assert "walking-program" in _found(searched)
    assert "Please correct the fields marked below" not in searched.text  # a search is not a save

    added = therapist_client.post(
        _edit_url(episode), {**data, "library-q": "walking", "add_exercise": walking.pk}
    )
    assert added.status_code == 200 and "Please correct" not in added.text
    rows = [form for form in added.context["exercise_formset"].forms if form["exercise"].value()]
    values = [
        (r["exercise"].value(), r["sets"].value(), r["hold"].value(), r["hold_unit"].value()) for r in rows
    ]
    assert values == [(str(pelvic.pk), "3", None, None), (str(walking.pk), "1", "10", "min")]
    assert PlanVersion.objects.count() == 0 and PlanDraft.objects.count() == 0


def test_the_editor_page_runs_the_same_queries_with_a_search(
    therapist_client, episode, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        plain = therapist_client.get(_edit_url(episode))
    with django_assert_max_num_queries(15):  # +1: the search
        searched = therapist_client.get(_edit_url(episode) + "?library-kind=aerobic")
    assert plain.status_code == searched.status_code == 200 and _found(searched)


ACCESS = cells(row("library search", lambda get: _library_url(get("episode"), q="bird"), CLINICAL_PAGE))


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
