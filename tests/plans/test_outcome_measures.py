"""PSFS, RMDQ and FABQ scored exactly at assessments, visits and portal questionnaires, through real
posts to the pages; expected values come from the published scoring rules (clinical-reference
§1.4-1.6, api-contract suggest and progress) and the v2 test vectors V2-CH-05/06/07."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse

from plans.models import Assessment, QuestionnaireRequest, Visit
from plans.services.assessments import AssessmentEntry, assessment_record
from plans.services.questionnaires import questionnaire_send
from tests.factories import EpisodeFactory
from tests.plans.conftest import assessment_post_data

TODAY = date.today()
# api-contract's suggest example: PA = items 2-5 = 3+4+2+5 = 14, W = items 6,7,9,10,11,12,15 =
# 6+4+3+5+2+6+4 = 30; neither above its cut-off (14, 34).
FABQ_CONTRACT = [1, 3, 4, 2, 5, 6, 4, 0, 3, 5, 2, 6, 1, 0, 4, 2]
# Just above both cut-offs: PA = 4+4+2+5 = 15 (> 14), W = 6+6+3+6+5+6+3 = 35 (> 34).
FABQ_HIGH = [1, 4, 4, 2, 5, 6, 6, 0, 3, 6, 5, 6, 1, 0, 3, 2]


def _new_assessment(episode):
    return reverse("plans:assessment_create", args=[episode.code])


def _psfs(activities, ratings) -> dict:
    data = {}
    for number, (activity, rating) in enumerate(zip(activities, ratings, strict=True), start=1):
        data[f"psfs_activity_{number}"] = activity
        data[f"psfs_rating_{number}"] = str(rating)
    return data


def _rmdq(ticked: int) -> dict:
    return {"rmdq_taken": "on", **{f"rmdq_{n}": "on" for n in range(1, ticked + 1)}}


def _fabq(items) -> dict:
    return {f"fabq_{n}": "" if v is None else str(v) for n, v in enumerate(items, start=1)}


def _record(client, episode, **fields) -> Assessment:
    response = client.post(_new_assessment(episode), assessment_post_data(**fields))
    assert response.status_code == 302, response.context["form"].errors
    return Assessment.objects.latest("id")


@pytest.fixture
def episode(patient):
    return EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))


# Assessments -------------------------------------------------------------------------------------------


def test_psfs_mean_is_stored_shown_and_sent_to_the_engine(
    therapist_client, episode, django_assert_max_num_queries
):
    activities = ["Lifting my child", "Gardening", "Sitting through a film"]
    assessment = _record(therapist_client, episode, **_psfs(activities, [4, 5, 4]))
    assert assessment.psfs_activities == activities
    assert assessment.psfs_ratings == [4, 5, 4]
    assert assessment.psfs_mean == Decimal("4.33")
    assert assessment.psfs_exact == Fraction(13, 3)
    assert assessment.suggestion["scores"]["psfs"] == {"mean": 4.33, "items": 3}
    with django_assert_max_num_queries(30):
        page = therapist_client.get(reverse("plans:assessment_detail", args=[assessment.code]))
    html = page.content.decode()
    assert '<dd class="col-5" data-testid="psfs-mean">4.33</dd>' in html
    assert "Lifting my child: 4" in html


def test_rmdq_counts_the_statements_ticked(therapist_client, episode):
    assessment = _record(therapist_client, episode, **_rmdq(9))
    assert assessment.rmdq_total == 9
    assert assessment.rmdq_items == "1" * 9 + "0" * 15
    assert assessment.suggestion["scores"]["rmdq"] == {"total": 9}
    html = therapist_client.get(reverse("plans:assessment_detail", args=[assessment.code])).content.decode()
    assert 'data-testid="rmdq-total">9/24</dd>' in html


def test_rmdq_taken_with_nothing_ticked_scores_zero(therapist_client, episode):
    assessment = _record(therapist_client, episode, rmdq_taken="on")
    assert (assessment.rmdq_total, assessment.rmdq_items) == (0, "0" * 24)


def test_untouched_sections_stay_not_taken(therapist_client, episode):
    assessment = _record(therapist_client, episode)
    assert assessment.psfs_ratings == [] and assessment.psfs_mean is None
    assert assessment.rmdq_items == "" and assessment.rmdq_total is None
    assert assessment.fabq_items == [] and assessment.fabq_pa is None and assessment.fabq_w is None
    assert not {"psfs", "rmdq", "fabq"} & set(assessment.suggestion["scores"])
    html = therapist_client.get(reverse("plans:assessment_detail", args=[assessment.code])).content.decode()
    assert 'data-testid="rmdq-total"' not in html and 'data-testid="fabq-pa"' not in html


def test_fabq_contract_example(therapist_client, episode):
    assessment = _record(therapist_client, episode, **_fabq(FABQ_CONTRACT))
    assert (assessment.fabq_pa, assessment.fabq_w) == (14, 30)
    assert assessment.fabq_items == FABQ_CONTRACT
    assert assessment.suggestion["scores"]["fabq"] == {"pa": 14, "w": 30, "pa_high": False, "w_high": False}
    html = therapist_client.get(reverse("plans:assessment_detail", args=[assessment.code])).content.decode()
    assert 'data-testid="fabq-pa">14/24</dd>' in html
    assert 'data-testid="fabq-w">30/42</dd>' in html
    assert "above 14, work above 34 (Fritz &amp; George 2002)" in html


def test_fabq_above_the_cut_offs_is_high(therapist_client, episode):
    assessment = _record(therapist_client, episode, **_fabq(FABQ_HIGH))
    assert (assessment.fabq_pa, assessment.fabq_w) == (15, 35)
    assert assessment.suggestion["scores"]["fabq"] == {"pa": 15, "w": 35, "pa_high": True, "w_high": True}
    html = therapist_client.get(reverse("plans:assessment_detail", args=[assessment.code])).content.decode()
    assert 'data-testid="fabq-pa">15/24 <span class="badge text-bg-warning">high</span>' in html
    assert 'data-testid="fabq-w">35/42 <span class="badge text-bg-warning">high</span>' in html


def test_fabq_with_an_unanswered_scored_item_is_not_scored(therapist_client, episode):
    items = list(FABQ_CONTRACT)
    items[2] = None  # item 3 belongs to physical activity
    items[7] = None  # item 8 is not scored: work is still computed
    assessment = _record(therapist_client, episode, **_fabq(items))
    assert (assessment.fabq_pa, assessment.fabq_w) == (None, 30)
    assert assessment.suggestion["scores"]["fabq"]["pa"] is None
    html = therapist_client.get(reverse("plans:assessment_detail", args=[assessment.code])).content.decode()
    assert 'data-testid="fabq-pa">not scored</dd>' in html
    assert 'data-testid="fabq-w">30/42</dd>' in html


def test_pregnancy_weeks_need_the_finding_pregnant(therapist_client, episode):
    response = therapist_client.post(_new_assessment(episode), assessment_post_data(pregnancy_weeks="20"))
    assert response.status_code == 200
    assert (
        "Weeks pregnant are recorded only with the finding"
        in response.context["form"].errors["pregnancy_weeks"][0]
    )
    assert not Assessment.objects.exists()
    assessment = _record(
        therapist_client,
        episode,
        pregnancy_weeks="20",
        walking_tolerance_minutes="15",
        findings_systemic=["pregnant"],
    )
    assert (assessment.pregnancy_weeks, assessment.walking_tolerance_minutes) == (20, 15)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"pregnancy_weeks": "43", "findings_systemic": ["pregnant"]},
            "pregnancy_weeks",
            "less than or equal to 42",
        ),
        ({"walking_tolerance_minutes": "0"}, "walking_tolerance_minutes", "greater than or equal to 1"),
        ({"walking_tolerance_minutes": "241"}, "walking_tolerance_minutes", "less than or equal to 240"),
        ({"psfs_activity_1": "Gardening", "psfs_rating_1": "5"}, "psfs_activity_2", "at least 3 activities"),
        ({"psfs_activity_1": "Gardening"}, "psfs_rating_1", "Rate this activity"),
        ({"psfs_rating_1": "5"}, "psfs_activity_1", "Name the activity"),
        ({"psfs_activity_1": "x" * 101, "psfs_rating_1": "5"}, "psfs_activity_1", "100 characters"),
        ({"psfs_activity_1": "Gardening", "psfs_rating_1": "11"}, "psfs_rating_1", "0 (unable) to 10"),
        ({"rmdq_3": "on"}, "rmdq_taken", "Tick “RMDQ taken”"),
        ({"fabq_2": "7"}, "fabq_2", "Choose 0 (completely disagree) to 6"),
    ],
)
def test_malformed_measures_are_refused_field_by_field(therapist_client, episode, fields, field, message):
    response = therapist_client.post(_new_assessment(episode), assessment_post_data(**fields))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field]), errors
    assert not Assessment.objects.exists()


# Visits --------------------------------------------------------------------------------------------------

ACTIVITIES = ("Lifting my child", "Gardening", "Sitting through a film")


def _baseline(episode, user, *, psfs=(4, 4, 4), rmdq=None, days_ago=30):
    entry = AssessmentEntry(
        kind="initial",
        assessed_on=TODAY - timedelta(days=days_ago),
        region="lumbar",
        onset="sudden",
        mechanism="lifting",
        recurrent=False,
        pain_distribution="back_only",
        nprs_current=6,
        findings=frozenset({"muscle_spasm"}),
        psfs_activities=ACTIVITIES if psfs else None,
        psfs_ratings=psfs,
        rmdq_items=None if rmdq is None else tuple([1] * rmdq + [0] * (24 - rmdq)),
    )
    return assessment_record(episode=episode, entry=entry, user=user)


def _visit(client, episode, days_ago=20, **fields):
    data = {
        "visit_date": (TODAY - timedelta(days=days_ago)).isoformat(),
        "done-TOTAL_FORMS": "0",
        "done-INITIAL_FORMS": "0",
        "treatment-TOTAL_FORMS": "0",
        "treatment-INITIAL_FORMS": "0",
        **fields,
    }
    return client.post(reverse("plans:visit_create", args=[episode.code]), data)


def test_the_visit_form_re_rates_the_baseline_activities(therapist_client, therapist, episode):
    _baseline(episode, therapist)
    page = therapist_client.get(reverse("plans:visit_create", args=[episode.code])).content.decode()
    for number, activity in enumerate(ACTIVITIES, start=1):
        assert f"{number}. {activity}" in page
    assert 'name="psfs_rating_3"' in page and 'name="psfs_rating_4"' not in page
    assert 'name="psfs_activity_1"' not in page  # the activities are the baseline's, not retyped


def test_psfs_re_rated_from_4_to_6_33_is_improved(
    therapist_client, therapist, episode, django_assert_max_num_queries
):
    """V2-CH-07: PSFS 4.0 -> 6.33, a rise of at least 2 on the mean."""
    _baseline(episode, therapist, psfs=(4, 4, 4))
    response = _visit(therapist_client, episode, psfs_rating_1="6", psfs_rating_2="6", psfs_rating_3="7")
    assert response.status_code == 302, response.context["form"].errors
    visit = Visit.objects.get()
    assert visit.psfs_ratings == [6, 6, 7] and visit.psfs_mean == Decimal("6.33")
    assert visit.psfs_exact == Fraction(19, 3)
    assert visit.judgement["psfs"]["status"] == "improved"
    assert visit.status == "improved"
    with django_assert_max_num_queries(30):
        html = therapist_client.get(response["Location"]).content.decode()
    assert 'data-testid="judgement-psfs"' in html
    assert "<td>4.00</td><td>6.33</td><td>2.33</td><td>Improved</td>" in html
    assert "Gardening 6" in html


def test_psfs_ratings_must_match_the_baseline_activities(therapist_client, therapist, episode):
    _baseline(episode, therapist)
    response = _visit(therapist_client, episode, psfs_rating_1="6", psfs_rating_2="6")
    assert response.status_code == 200
    assert "Re-rate every activity" in response.context["form"].errors["psfs_rating_3"][0]
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("baseline", "today", "status"),
    [(10, 6, "improved"), (14, 10, "unchanged")],  # V2-CH-05 (40% and 4 points), V2-CH-06 (28.6%, under 5)
)
def test_rmdq_change_at_visits(therapist_client, therapist, episode, baseline, today, status):
    _baseline(episode, therapist, psfs=None, rmdq=baseline)
    response = _visit(therapist_client, episode, rmdq_total=str(today))
    assert response.status_code == 302, response.context["form"].errors
    visit = Visit.objects.get()
    assert visit.rmdq_total == today and visit.rmdq_items == ""
    assert visit.judgement["rmdq"]["status"] == status
    assert visit.judgement["rmdq"]["change"] == today - baseline
    html = therapist_client.get(response["Location"]).content.decode()
    assert 'data-testid="judgement-rmdq"' in html


def test_rmdq_ticked_at_a_visit_is_counted(therapist_client, therapist, episode):
    _baseline(episode, therapist, psfs=None, rmdq=10)
    response = _visit(therapist_client, episode, **_rmdq(6))
    assert response.status_code == 302, response.context["form"].errors
    visit = Visit.objects.get()
    assert (visit.rmdq_total, visit.rmdq_items) == (6, "1" * 6 + "0" * 18)
    assert visit.judgement["rmdq"]["status"] == "improved"


def test_rmdq_total_and_ticks_must_agree(therapist_client, therapist, episode):
    _baseline(episode, therapist, psfs=None, rmdq=10)
    response = _visit(therapist_client, episode, rmdq_total="5", **_rmdq(6))
    assert "differs from the 6 statements ticked" in response.context["form"].errors["rmdq_total"][0]
    assert not Visit.objects.exists()


def test_fabq_subscales_at_a_visit_are_reported_not_judged(therapist_client, therapist, episode):
    _baseline(episode, therapist, psfs=None)
    response = _visit(therapist_client, episode, nprs="6", fabq_pa="15", fabq_w="20")
    assert response.status_code == 302, response.context["form"].errors
    visit = Visit.objects.get()
    assert (visit.fabq_pa, visit.fabq_w) == (15, 20)
    assert "fabq" not in visit.judgement and visit.status == "unchanged"
    html = therapist_client.get(response["Location"]).content.decode()
    assert "physical activity 15/24 (high) · work 20/42;" in html
    response = _visit(therapist_client, episode, days_ago=10, fabq_w="43")
    assert "less than or equal to 42" in response.context["form"].errors["fabq_w"][0]


# Portal questionnaires ------------------------------------------------------------------------------------


def _fill_url(questionnaire):
    return reverse("portal:questionnaire", args=[questionnaire.code])


def _portal_answers(*, psfs=None, rmdq_ticked=(), fabq=FABQ_CONTRACT) -> dict:
    data: dict = {"nprs": "5", "rmdq": [str(n) for n in rmdq_ticked]}
    data.update({f"psfs_{n}": str(r) for n, r in enumerate(psfs or (), start=1)})
    data.update({f"fabq_{n}": "" if v is None else str(v) for n, v in enumerate(fabq or (), start=1)})
    return data


@pytest.fixture
def sent_measures(episode, therapist):
    _baseline(episode, therapist, psfs=(4, 4, 4))
    questionnaire, _ = questionnaire_send(
        episode=episode,
        user=therapist,
        include_odi=False,
        include_startback=False,
        include_psfs=True,
        include_rmdq=True,
        include_fabq=True,
    )
    return questionnaire


def test_staff_send_psfs_rmdq_and_fabq(therapist_client, therapist, patient, episode):
    url = reverse("portal_access:questionnaires_send", args=[patient.code])
    response = therapist_client.post(url, {"include_psfs": "on", "include_rmdq": "on"}, follow=True)
    assert "record one with PSFS first" in response.content.decode()
    assert not QuestionnaireRequest.objects.exists()
    _baseline(episode, therapist)
    therapist_client.post(url, {"include_psfs": "on", "include_rmdq": "on", "include_fabq": "on"})
    questionnaire = QuestionnaireRequest.objects.get()
    assert (questionnaire.include_psfs, questionnaire.include_rmdq, questionnaire.include_fabq) == (True,) * 3
    assert questionnaire.psfs_activities == list(ACTIVITIES)


def test_the_patient_answers_in_plain_words_and_scores_are_exact(
    client, patient_account, sent_measures, django_assert_max_num_queries
):
    client.force_login(patient_account)
    with django_assert_max_num_queries(20):
        page = client.get(_fill_url(sent_measures)).content.decode()
    assert "Lifting my child" in page and "0 - I cannot do it at all" in page
    assert "I stay in bed most of the time because of my back." in page
    assert "I do not think that I will ever be able to go back to that work." in page
    for jargon in ("PSFS", "RMDQ", "FABQ", "Roland", "Fear-Avoidance"):
        assert jargon not in page
    response = client.post(
        _fill_url(sent_measures), _portal_answers(psfs=(6, 6, 7), rmdq_ticked=range(1, 10))
    )
    assert response.status_code == 302, response.context["form"].errors
    done = QuestionnaireRequest.objects.get()
    assert done.status == "completed"
    assert (done.psfs_ratings, done.psfs_mean, done.psfs_exact) == (
        [6, 6, 7],
        Decimal("6.33"),
        Fraction(19, 3),
    )
    assert (done.rmdq_total, done.rmdq_items) == (9, "1" * 9 + "0" * 15)
    assert (done.fabq_items, done.fabq_pa, done.fabq_w) == (FABQ_CONTRACT, 14, 30)


def test_nothing_ticked_is_an_rmdq_of_zero(client, patient_account, sent_measures):
    client.force_login(patient_account)
    client.post(_fill_url(sent_measures), _portal_answers(psfs=(4, 4, 4)))
    assert QuestionnaireRequest.objects.get().rmdq_total == 0


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"psfs_2": ""}, "psfs_2", "Choose a number from 0 to 10 for “Gardening”."),
        ({"psfs_1": "11"}, "psfs_1", "Choose a number from 0 to 10"),
        ({"rmdq": ["25"]}, "rmdq", "Tick only the sentences on this page."),
        ({"fabq_4": "7"}, "fabq_4", "Choose a number from 0 (completely disagree) to 6"),
        ({"fabq_16": ""}, "fabq_16", "Choose a number from 0 (completely disagree) to 6"),
    ],
)
def test_malformed_answers_are_refused_field_by_field(
    client, patient_account, sent_measures, change, field, message
):
    client.force_login(patient_account)
    response = client.post(_fill_url(sent_measures), {**_portal_answers(psfs=(4, 4, 4)), **change})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert QuestionnaireRequest.objects.get().status == "pending"


def test_answers_prefill_the_visit_and_the_review_shows_the_scores(
    client, therapist, patient_account, patient, sent_measures, episode
):
    client.force_login(patient_account)
    client.post(_fill_url(sent_measures), _portal_answers(psfs=(6, 6, 7), rmdq_ticked=range(1, 7)))
    therapist_client = client
    therapist_client.force_login(therapist)
    form = therapist_client.get(reverse("plans:visit_create", args=[episode.code])).context["form"]
    assert [form.initial[f"psfs_rating_{n}"] for n in (1, 2, 3)] == [6, 6, 7]
    assert (
        form.initial["rmdq_taken"] is True and form.initial["rmdq_6"] is True and "rmdq_7" not in form.initial
    )
    assert (form.initial["fabq_pa"], form.initial["fabq_w"]) == (14, 30)
    staff = therapist_client.get(reverse("portal_access:detail", args=[patient.code])).content.decode()
    assert "PSFS mean 6.33 · RMDQ 6/24 · FABQ physical activity 14/24, work 30/42" in staff


# The episode page ------------------------------------------------------------------------------------------


def test_the_episode_page_charts_rmdq_and_psfs(
    therapist_client, therapist, episode, django_assert_max_num_queries
):
    _baseline(episode, therapist, psfs=(4, 4, 4), rmdq=10)
    _visit(therapist_client, episode, psfs_rating_1="6", psfs_rating_2="6", psfs_rating_3="7", rmdq_total="6")
    with django_assert_max_num_queries(40):
        response = therapist_client.get(reverse("patients:episode_detail", args=[episode.code]))
    titles = [title for title, _ in response.context["charts"]]
    assert "Disability (RMDQ 0-24)" in titles and "Function (PSFS mean 0-10, higher is better)" in titles
    html = response.content.decode()
    assert '<th scope="col">RMDQ</th>' in html
    assert "<td>6</td><td>6.33</td>" in html
