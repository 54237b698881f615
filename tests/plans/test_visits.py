import re
import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Exercise, PlanVersion, Prompt, Visit
from plans.services import plan_versions as services
from plans.services.assessments import AssessmentEntry, assessment_record
from tests.access_matrix import CLINICAL_LIST, CLINICAL_PAGE, NOT_FOUND, cells, check, done, row
from tests.factories import EpisodeFactory, PatientFactory, PromptFactory, VisitFactory

TODAY = date.today()


def _baseline(
    episode,
    user,
    *,
    days_ago=40,
    nprs=7,
    odi=(3, 2, 2, 2, 2, 2, 2, 2, 2, 3),
    kind="initial",
    findings=("muscle_spasm", "pain_with_movement"),
):
    entry = AssessmentEntry(
        kind=kind,
        assessed_on=TODAY - timedelta(days=days_ago),
        region="lumbar",
        onset="sudden",
        mechanism="lifting",
        recurrent=False,
        pain_distribution="back_only",
        nprs_current=nprs,
        odi_sections=odi,
        findings=frozenset(findings),
    )
    return assessment_record(episode=episode, entry=entry, user=user)


def _plan(episode, user, goals=()):
    """A plan of pelvic tilts, with ``goals`` as (measure, target) pairs due in 28 days."""
    content = services.PlanContent(
        review_date=TODAY + timedelta(days=14),
        exercises=[
            {
                "exercise": Exercise.objects.get(slug="pelvic-tilt"),
                "sets": 2,
                "reps": 10,
                "times_per_day": 2,
                "days_per_week": 7,
            },
        ],
        education=[],
        goals=[
            {"measure": m, "target": t, "due_date": TODAY + timedelta(days=28), "description": ""}
            for m, t in goals
        ],
    )
    return services.plan_version_approve(episode=episode, content=content, user=user)


@pytest.fixture
def treated_episode(patient, therapist):
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    _baseline(episode, therapist)  # NPRS 7, ODI 44%
    _plan(episode, therapist)
    return episode


def _visit(client, episode, days_ago, **fields):
    data = {
        "visit_date": (TODAY - timedelta(days=days_ago)).isoformat(),
        "done-TOTAL_FORMS": "0",
        "done-INITIAL_FORMS": "0",
        "treatment-TOTAL_FORMS": "0",
        "treatment-INITIAL_FORMS": "0",
        **{k: v for k, v in fields.items() if v is not None},
    }
    return client.post(reverse("plans:visit_create", args=[episode.code]), data)


def test_worsening_visit_raises_regression_and_red_flag_prompts(therapist_client, treated_episode):
    response = _visit(
        therapist_client, treated_episode, 33, nprs="9", findings_neurological=["progressive_weakness"]
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "plans:visit_detail", args=[visit.code]
    )
    assert visit.status == "worsened"
    assert visit.judgement == {
        "nprs": {
            "change": 2,
            "status": "worsened",
            "best": 7,
            "change_from_best": 2,
            "change_from_previous": 2,
        }
    }
    prompts = {p.kind: p for p in visit.prompts.all()}
    assert set(prompts) == {"regression", "red_flag"}
    assert prompts["red_flag"].level == "urgent" and prompts["red_flag"].reasons == ["progressive_weakness"]
    assert prompts["regression"].reasons == ["nprs"]

    page = therapist_client.get(response["Location"]).content.decode()
    assert 'data-testid="visit-status"' in page and "Worsened" in page
    assert page.index("prompt-red_flag") < page.index("prompt-regression")  # red flags first
    assert "Same-day physician or spinal team review" in page


def test_improvement_by_thirty_percent_and_goal_met(therapist_client, treated_episode):
    # ODI 44 -> 30: 14 points; NPRS 7 -> 1: improved and at the recovery level.
    odi = dict(zip([f"odi_{n}" for n in range(1, 11)], "2222211111", strict=True))  # 15/50 = 30%
    _visit(therapist_client, treated_episode, 30, nprs="1", **odi)
    visit = Visit.objects.get()
    assert visit.odi_percent == 30
    assert visit.status == "improved"
    assert visit.judgement["odi"]["change"] == -14 and visit.judgement["odi"]["status"] == "improved"
    # (v2) Goal met needs every goal: ODI 30% is above its recovery level of 10.
    assert not visit.prompts.exists()
    odi = dict(zip([f"odi_{n}" for n in range(1, 11)], "1111100000", strict=True))  # 5/50 = 10%
    _visit(therapist_client, treated_episode, 29, nprs="1", **odi)
    assert sorted(p.kind for p in Visit.objects.latest("visit_date").prompts.all()) == ["goal_met"]


def test_plateau_with_low_adherence_says_so(therapist_client, treated_episode):
    _visit(therapist_client, treated_episode, 35, nprs="6", adherence_percent="80")
    _visit(therapist_client, treated_episode, 19, nprs="6", adherence_percent="30")  # (v2) 21 days
    second = Visit.objects.order_by("visit_date").last()
    plateau = second.prompts.get(kind="plateau")
    assert plateau.reasons == ["no_change_21_days", "unchanged_twice"]
    assert "adherence is only 30%" in plateau.message
    first = Visit.objects.order_by("visit_date").first()
    assert not first.prompts.exists()


def test_reevaluation_due_after_thirty_days_and_reset_by_a_reevaluation(
    therapist_client, therapist, treated_episode
):
    _visit(therapist_client, treated_episode, 9, nprs="6")  # 31 days after the baseline
    prompt = Prompt.objects.get(kind="reevaluation_due")
    assert prompt.status == "open"
    # day-28 plateau: first visit 28+ days after the baseline and nothing improved yet
    assert Prompt.objects.filter(kind="plateau").exists()

    reevaluation = _baseline(treated_episode, therapist, days_ago=5, nprs=6, kind="reevaluation")
    prompt.refresh_from_db()
    assert prompt.status == "acted"
    _visit(therapist_client, treated_episode, 2, nprs="4")
    visit = Visit.objects.latest("visit_date")
    assert visit.baseline == reevaluation
    assert visit.judgement["nprs"] == {
        "change": -2,
        "status": "improved",
        "best": 6,
        "change_from_best": -2,
        "change_from_previous": -2,
    }


def test_acting_on_a_prompt_makes_a_plan_version_with_its_reason(
    therapist_client, therapist, treated_episode
):
    _visit(therapist_client, treated_episode, 33, nprs="9")
    prompt = Prompt.objects.get(kind="regression")
    url = reverse("plans:plan_edit", args=[treated_episode.code]) + f"?prompt={prompt.pk}"
    editor = therapist_client.get(url)
    assert editor.context["version_form"].initial["reason"] == prompt.message
    from tests.plans.conftest import plan_post_data

    data = plan_post_data(
        exercises=[{"exercise": Exercise.objects.get(slug="cat-camel").pk, "sets": 1, "reps": 8}],
        reason=prompt.message,
        based_on=1,
    )
    response = therapist_client.post(url, data)
    assert response.status_code == 302
    version = PlanVersion.objects.get(number=2)
    prompt.refresh_from_db()
    assert prompt.status == "acted" and prompt.plan_version == version and prompt.resolved_by == therapist
    assert version.reason == prompt.message


def test_dismissing_needs_a_reason(therapist_client, treated_episode):
    _visit(therapist_client, treated_episode, 33, nprs="9")
    prompt = Prompt.objects.get(kind="regression")
    url = reverse("plans:prompt_dismiss", args=[prompt.pk])
    therapist_client.post(url, {"reason": ""})
    prompt.refresh_from_db()
    assert prompt.status == "open"
    therapist_client.post(url, {"reason": "Flare after moving house; reviewed, plan stays."})
    prompt.refresh_from_db()
    assert prompt.status == "dismissed" and prompt.dismissal_reason.startswith("Flare")
    page = therapist_client.get(reverse("plans:dashboard")).content.decode()
    assert "dashboard-prompt-regression" not in page


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"nprs": "11"}, "nprs"),
        ({"visit_date": (TODAY + timedelta(days=1)).isoformat()}, "visit_date"),
        ({"visit_date": "2026-02-30"}, "visit_date"),
        ({"adherence_percent": "120"}, "adherence_percent"),
        ({"findings_neurological": ["made_up"]}, "findings_neurological"),
    ],
)
def test_bad_visit_input_is_refused(therapist_client, treated_episode, fields, field):
    response = _visit(therapist_client, treated_episode, 3, **{"nprs": "5", **fields})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Visit.objects.exists()


def test_visits_are_recorded_in_date_order(therapist_client, treated_episode):
    _visit(therapist_client, treated_episode, 3, nprs="5")
    response = _visit(therapist_client, treated_episode, 5, nprs="5")
    assert response.status_code == 200
    assert "recorded in order" in str(response.context["form"].errors["visit_date"])
    assert Visit.objects.count() == 1


def test_visit_pages_refuse_others(
    client, therapist_client, treated_episode, outsider, admin_staff, patient_account
):
    _visit(therapist_client, treated_episode, 3, nprs="5")
    visit = Visit.objects.get()
    urls = [
        reverse("plans:visit_create", args=[treated_episode.code]),
        reverse("plans:visit_detail", args=[visit.code]),
    ]
    client.force_login(outsider)
    assert [client.get(u).status_code for u in urls] == [404, 404]
    client.force_login(admin_staff)
    assert [client.get(u).status_code for u in urls] == [403, 403]
    client.force_login(patient_account)
    assert [client.get(u).status_code for u in urls] == [403, 403]


def test_episode_page_charts_measures_over_time(therapist_client, treated_episode):
    _visit(therapist_client, treated_episode, 33, nprs="6")
    _visit(therapist_client, treated_episode, 20, nprs="4", **{f"odi_{n}": "2" for n in range(1, 11)})
    page = therapist_client.get(
        reverse("patients:episode_detail", args=[treated_episode.code])
    ).content.decode()
    assert page.count('data-testid="chart"') == 2
    assert "<svg" in page and "<polyline" in page and "baseline 7" in page and "v1" in page
    assert "The numbers as a table" in page


def _caseload(clinic, therapist, n):
    patients = PatientFactory.create_batch(n, clinic=clinic, primary_therapist=therapist)
    episodes = [EpisodeFactory(patient=p, onset_date=TODAY - timedelta(days=60)) for p in patients]
    for episode in episodes[:3]:
        _baseline(episode, therapist)
    return episodes


@pytest.mark.parametrize("n", [5, 500])
def test_dashboard_queries_do_not_grow_with_caseload(
    therapist_client, clinic, therapist, n, django_assert_num_queries
):
    episodes = _caseload(clinic, therapist, n)
    _visit(therapist_client, episodes[0], 10, nprs="9", findings_neurological=["progressive_weakness"])
    # 6 for the caseload, 1 for the inbox counts (shared with the nav), 8 for the inbox's items
    with django_assert_num_queries(15):
        response = therapist_client.get(reverse("plans:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<tr>") == min(n, 25) + 1
    kinds = re.findall(r'data-testid="attention-item" data-kind="(\w+)"', page)
    # the visit's own re-evaluation prompt, and the other two baselines' day rule (40 days, no visit);
    # then the notes not signed: the visit's and the three baselines'
    assert kinds == ["red_flag", "regression", *["reevaluation_due"] * 3, *["unsigned_note"] * 4]
    # the episode's row shows its most severe item and how many more; the inbox lists them all
    assert 'dashboard-prompt-red_flag">Red flag (' in page and "+2 more" in page
    assert page.index('data-kind="red_flag"') < page.index('data-kind="regression"')


def test_dashboard_filters_and_refusals(
    client, therapist_client, clinic, therapist, colleague, outsider, admin_staff
):
    mine = _caseload(clinic, therapist, 3)
    PatientFactory(clinic=clinic, primary_therapist=colleague, family_name="Colleaguepatient")
    EpisodeFactory(patient__clinic=clinic, patient__primary_therapist=colleague, patient__family_name="Zed")
    _visit(therapist_client, mine[0], 10, nprs="9")
    url = reverse("plans:dashboard")
    assert "Zed" not in therapist_client.get(url).content.decode()
    assert "Zed" in therapist_client.get(url + "?scope=clinic").content.decode()
    filtered = therapist_client.get(url + "?prompt=regression")
    assert filtered.context["page"].paginator.count == 1
    assert therapist_client.get(url + "?status=worsened").context["page"].paginator.count == 1
    assert therapist_client.get(url + "?status=none").context["page"].paginator.count == 2
    client.force_login(outsider)
    assert client.get(url + "?scope=clinic").context["page"].paginator.count == 0
    client.force_login(admin_staff)
    assert client.get(url).status_code == 403


def test_home_log_feeds_the_visit_form_and_page(therapist_client, treated_episode, patient_account):
    from plans.services.home_logs import home_log_record

    version = PlanVersion.objects.get(plan__episode=treated_episode)
    item = version.exercises.get()  # pelvic tilt, twice a day
    for pain_after, comment in ((3, ""), (7, "Sharp after the tilts")):
        home_log_record(
            episode=treated_episode,
            plan_version=version,
            done_on=TODAY,
            exercises=[item],
            pain_before=3,
            pain_after=pain_after,
            comment=comment,
            user=patient_account,
        )
    response = therapist_client.get(reverse("plans:visit_create", args=[treated_episode.code]))
    html = response.content.decode()
    assert 'data-testid="home-summary"' in html
    assert "pain 3 → 7" in html and "Sharp after the tilts" in html
    assert "pain 3 → 3" not in html  # not a flare
    # Two sessions logged of the two prescribed today: adherence is pre-filled at 100%.
    assert response.context["form"].initial["adherence_percent"] == 100


def test_emergency_red_flag_at_a_visit_blocks_the_plan_until_the_referral_is_recorded(
    therapist_client, treated_episode
):
    from tests.plans.conftest import plan_post_data

    _visit(therapist_client, treated_episode, 3, nprs="7", findings_neurological=["saddle_anesthesia"])
    prompt = Prompt.objects.get(kind="red_flag")
    assert prompt.level == "emergency"
    url = reverse("plans:plan_edit", args=[treated_episode.code]) + f"?prompt={prompt.pk}"
    data = plan_post_data(
        exercises=[{"exercise": Exercise.objects.get(slug="cat-camel").pk, "sets": 1, "reps": 8}],
        reason="Changing anyway",
        based_on=1,
    )
    response = therapist_client.post(url, data)
    assert response.status_code == 200 and 'data-testid="plan-blocked"' in response.content.decode()
    assert PlanVersion.objects.filter(plan__episode=treated_episode).count() == 1

    therapist_client.post(
        reverse("plans:prompt_dismiss", args=[prompt.pk]),
        {"reason": "Sent to the emergency department by ambulance."},
    )
    prompt.refresh_from_db()
    assert prompt.status == "open"  # a red flag cannot be dismissed: only its referral closes it
    assert therapist_client.post(url, data).status_code == 200
    therapist_client.post(
        reverse("plans:prompt_referral", args=[prompt.pk]),
        {
            "referred_to": "Emergency department",
            "referred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "urgency": "emergency",
            "note": "Sent to the emergency department by ambulance.",
        },
    )
    prompt.refresh_from_db()
    assert prompt.status == "acted"
    assert therapist_client.post(url, data).status_code == 302
    assert PlanVersion.objects.filter(plan__episode=treated_episode).count() == 2


def test_an_incomplete_odi_is_recorded_but_not_compared(therapist_client, treated_episode):
    skipped = {f"odi_{n}": "skip" for n in range(2, 11)}
    _visit(therapist_client, treated_episode, 3, odi_1="0", **skipped)  # nine sections skipped
    visit = Visit.objects.get()
    assert visit.odi_percent == 0 and visit.odi_valid is False
    assert visit.status == "" and visit.judgement == {}
    assert not visit.prompts.filter(kind__in=["goal_met", "regression"]).exists()  # nothing spurious
    page = therapist_client.get(reverse("plans:visit_detail", args=[visit.code])).content.decode()
    assert 'data-testid="odi-incomplete"' in page


def test_a_new_prompt_supersedes_the_open_one_of_its_kind(therapist_client, treated_episode):
    _visit(therapist_client, treated_episode, 33, nprs="9")
    _visit(therapist_client, treated_episode, 32, nprs="9")
    first, second = Prompt.objects.filter(kind="regression").order_by("visit__visit_date")
    assert first.status == "dismissed" and first.dismissal_reason.startswith("Superseded")
    assert second.status == "open"


def test_dismissing_never_redirects_off_site(therapist_client, treated_episode):
    _visit(therapist_client, treated_episode, 33, nprs="9")
    prompt = Prompt.objects.get(kind="regression")
    response = therapist_client.post(
        reverse("plans:prompt_dismiss", args=[prompt.pk]),
        {"reason": "Reviewed.", "next": "https://evil.example.com/phish"},
    )
    assert response["Location"] == reverse("patients:episode_detail", args=[treated_episode.code])


@pytest.mark.parametrize("visits", [1, 25])
def test_episode_page_queries_do_not_grow_with_visits_and_prompts(
    therapist_client, treated_episode, visits, django_assert_num_queries
):
    for days_ago in range(visits, 0, -1):
        # alternate so every visit raises a prompt (regression, red flag)
        _visit(
            therapist_client,
            treated_episode,
            days_ago,
            nprs="9",
            findings_systemic=["night_pain"] if days_ago % 2 else [],
        )
    # 10, the episode's referrals and overrides, the notes, the nav's inbox count, the latest plan's goals
    with django_assert_num_queries(15):
        response = therapist_client.get(reverse("patients:episode_detail", args=[treated_episode.code]))
    assert response.status_code == 200


# --- Who may open it ------------------------------------------------------------------------------


def _visit_url(get):
    visit = VisitFactory(episode=get("episode"), recorded_by=get("therapist"))
    return reverse("plans:visit_detail", args=[visit.code])


def _dismiss_url(get):
    prompt = PromptFactory(episode=get("episode"), visit__recorded_by=get("therapist"))
    return reverse("plans:prompt_dismiss", args=[prompt.pk])


ACCESS = cells(
    row("caseload", lambda get: reverse("plans:dashboard"), CLINICAL_LIST),
    row("new visit", lambda get: reverse("plans:visit_create", args=[get("episode").code]), CLINICAL_PAGE),
    row("visit", _visit_url, CLINICAL_PAGE, contains=("Maria Lopez",)),
    row("unknown visit", lambda get: reverse("plans:visit_detail", args=[uuid.uuid4()]), therapist=NOT_FOUND),
    row(
        "dismiss",
        _dismiss_url,
        done(CLINICAL_PAGE),
        method="post",
        data=lambda get: {"reason": "Seen today."},
    ),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
