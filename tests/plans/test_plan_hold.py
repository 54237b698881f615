"""Urgent and emergency red flags hold the plan (contract "Plan hold (v2)", clinical reference §8.2):
no plan version is approved until a referral is recorded for the flag or, for an urgent flag only, a
therapist records an override with a reason of at least 20 characters. Through real HTTP and the
real database."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plans.clinical.vocabulary import PromptKind, TriageLevel
from plans.models import Assessment, Exercise, HoldOverride, PlanVersion, Prompt, Referral
from plans.selectors.holds import plan_holds
from plans.services import plan_versions as services
from plans.services.assessments import AssessmentEntry, assessment_record
from plans.services.referrals import hold_override_record
from tests.access_matrix import CLINICAL_PAGE, cells, check, row
from tests.factories import AssessmentFactory, EpisodeFactory, PromptFactory
from tests.plans.conftest import assessment_post_data, plan_post_data
from tests.plans.test_visits import _baseline, _plan, _visit

TODAY = date.today()
EMERGENCY = {"findings_neurological": ["saddle_anesthesia"]}
URGENT = {"findings_neurological": ["progressive_weakness"]}
PROMPT_LEVEL = {"findings_systemic": ["night_pain"]}
CLEARED = "Seen by Dr Shah today: MRI booked, cleared for gentle exercise."  # 62 characters


def _now_field() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def _assess(client, episode, findings) -> Assessment:
    response = client.post(
        reverse("plans:assessment_create", args=[episode.code]), assessment_post_data(**findings)
    )
    assert response.status_code == 302
    return Assessment.objects.filter(episode=episode).latest("id")


def _plan_data(based_on=0):
    pelvic = Exercise.objects.get(slug="pelvic-tilt")
    return plan_post_data(
        exercises=[{"exercise": pelvic.pk, "sets": 1, "reps": 10}],
        based_on=based_on,
        reason="Changed after the red flag" if based_on else "",
    )


def _approve(client, episode, based_on=0):
    return client.post(reverse("plans:plan_edit", args=[episode.code]), _plan_data(based_on))


def _versions(episode) -> int:
    return PlanVersion.objects.filter(plan__episode=episode).count()


def _referral(client, url, **fields):
    data = {"referred_to": "GP Dr Shah", "referred_at": _now_field(), "urgency": "same_day", **fields}
    return client.post(url, data)


def _assessment_referral_url(assessment):
    return reverse("plans:referral_record", args=[assessment.code])


def _assessment_override_url(assessment):
    return reverse("plans:assessment_override", args=[assessment.code])


@pytest.fixture
def treated_episode(patient, therapist):
    """A baseline without red flags 40 days ago and plan version 1."""
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    _baseline(episode, therapist)
    _plan(episode, therapist)
    return episode


# --- Emergency ---------------------------------------------------------------------------------------


def test_emergency_refuses_approval_until_the_referral_and_never_offers_an_override(
    therapist_client, episode
):
    assessment = _assess(therapist_client, episode, EMERGENCY)
    editor = therapist_client.get(reverse("plans:plan_edit", args=[episode.code])).content.decode()
    assert 'data-testid="plan-hold"' in editor and 'data-testid="hold-referral-form"' in editor
    assert 'data-testid="hold-override"' not in editor  # no override offered
    assert "An emergency cannot be overridden" in editor
    assert 'disabled aria-describedby="approve-held"' in editor
    suggestion = therapist_client.get(
        reverse("plans:assessment_detail", args=[assessment.code])
    ).content.decode()
    assert 'data-testid="plan-hold"' in suggestion and 'data-testid="hold-override"' not in suggestion
    assert '<option value="emergency" selected>' in suggestion  # the urgency the level calls for

    assert _approve(therapist_client, episode).status_code == 200
    assert _versions(episode) == 0

    response = therapist_client.post(_assessment_override_url(assessment), {"reason": CLEARED})
    assert response.status_code == 400 and "An emergency cannot be overridden" in response.content.decode()
    assert not HoldOverride.objects.exists()

    response = _referral(
        therapist_client,
        _assessment_referral_url(assessment),
        referred_to="Emergency department, St Mary's",
        urgency="emergency",
        next=reverse("plans:plan_edit", args=[episode.code]),
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "plans:plan_edit", args=[episode.code]
    )
    referral = Referral.objects.get()
    assert (referral.assessment, referral.episode, referral.urgency) == (assessment, episode, "emergency")
    assert referral.history.get().history_user == referral.recorded_by
    assert _approve(therapist_client, episode).status_code == 302
    assert _versions(episode) == 1


def test_the_service_refuses_an_emergency_approval_and_an_emergency_override(episode, therapist):
    assessment = _assess_by_service(episode, therapist, {"saddle_anesthesia"})
    content = services.PlanContent(
        review_date=TODAY + timedelta(days=14), exercises=[], education=[], goals=[]
    )
    with pytest.raises(services.PlanBlocked) as blocked:
        services.plan_version_approve(episode=episode, content=content, user=therapist)
    message = str(blocked.value)
    assert (
        "emergency red flag" in message
        and "referral is recorded" in message
        and "cannot be overridden" in message
    )
    with pytest.raises(Exception, match="emergency cannot be overridden"):
        hold_override_record(flag=assessment, reason=CLEARED, user=therapist)
    with pytest.raises(IntegrityError), transaction.atomic():  # and the database refuses it too
        HoldOverride.objects.create(
            episode=episode, assessment=assessment, level="emergency", reason=CLEARED, overridden_by=therapist
        )


def _assess_by_service(episode, user, findings) -> Assessment:
    entry = AssessmentEntry(
        kind="initial",
        assessed_on=TODAY,
        region="lumbar",
        onset="sudden",
        mechanism="lifting",
        recurrent=False,
        pain_distribution="back_only",
        nprs_current=6,
        findings=frozenset(findings),
    )
    return assessment_record(episode=episode, entry=entry, user=user)


# --- Urgent ------------------------------------------------------------------------------------------


def test_urgent_refuses_approval_until_a_referral_is_recorded(therapist_client, episode):
    assessment = _assess(therapist_client, episode, URGENT)
    assert assessment.triage_level == "urgent"
    editor = therapist_client.get(reverse("plans:plan_edit", args=[episode.code])).content.decode()
    assert 'data-testid="plan-hold"' in editor and 'data-testid="hold-override"' in editor
    assert '<option value="same_day" selected>' in editor
    assert _approve(therapist_client, episode).status_code == 200
    assert _versions(episode) == 0

    assert _referral(therapist_client, _assessment_referral_url(assessment)).status_code == 302
    assert _approve(therapist_client, episode).status_code == 302
    assert _versions(episode) == 1


def test_urgent_is_released_by_an_override_of_20_characters_and_19_are_refused(therapist_client, episode):
    assessment = _assess(therapist_client, episode, URGENT)
    response = therapist_client.post(_assessment_override_url(assessment), {"reason": "x" * 19})
    assert response.status_code == 400
    assert "at least 20 characters" in response.context["override_form"].errors["reason"][0]
    response = therapist_client.post(_assessment_override_url(assessment), {"reason": "  " + "x" * 18 + "  "})
    assert "reason" in response.context["override_form"].errors  # spaces do not count
    assert not HoldOverride.objects.exists()
    assert _approve(therapist_client, episode).status_code == 200 and _versions(episode) == 0

    response = therapist_client.post(
        _assessment_override_url(assessment), {"reason": "Cleared by Dr Shah 1/12"}
    )
    assert response.status_code == 302
    override = HoldOverride.objects.get()
    assert (override.assessment, override.level, override.reason) == (
        assessment,
        "urgent",
        "Cleared by Dr Shah 1/12",
    )
    assert override.history.get().history_user == override.overridden_by
    assert _approve(therapist_client, episode).status_code == 302
    assert _versions(episode) == 1
    page = therapist_client.get(reverse("patients:episode_detail", args=[episode.code])).content.decode()
    assert 'data-testid="override-row"' in page and "Cleared by Dr Shah 1/12" in page


def test_the_database_refuses_a_short_override_reason(episode, therapist):
    assessment = _assess_by_service(episode, therapist, {"progressive_weakness"})
    with pytest.raises(IntegrityError), transaction.atomic():
        HoldOverride.objects.create(
            episode=episode, assessment=assessment, level="urgent", reason="x" * 19, overridden_by=therapist
        )


# --- A visit's red-flag prompt -----------------------------------------------------------------------


@pytest.fixture
def urgent_episode(patient, therapist):
    """An episode whose baseline is urgent and overridden, with an approved plan."""
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    assessment = _baseline(episode, therapist)
    Assessment.objects.filter(pk=assessment.pk).update(triage_level="urgent")
    hold_override_record(flag=Assessment.objects.get(pk=assessment.pk), reason=CLEARED, user=therapist)
    _plan(episode, therapist)
    return episode


def test_a_visits_urgent_red_flag_holds_until_its_own_release(therapist_client, urgent_episode):
    _visit(therapist_client, urgent_episode, 3, nprs="7", **URGENT)
    prompt = Prompt.objects.get(kind="red_flag")
    assert prompt.level == "urgent" and prompt.status == "open"
    # The override of the assessment does not release the prompt.
    assert HoldOverride.objects.filter(assessment__episode=urgent_episode).exists()
    assert _approve(therapist_client, urgent_episode, based_on=1).status_code == 200
    assert _versions(urgent_episode) == 1
    with pytest.raises(services.PlanBlocked, match="visit"):
        services.plan_version_approve(
            episode=urgent_episode,
            content=services.PlanContent(
                review_date=TODAY + timedelta(days=14), exercises=[], education=[], goals=[], reason="x"
            ),
            user=prompt.visit.recorded_by,
        )

    response = therapist_client.post(reverse("plans:prompt_override", args=[prompt.pk]), {"reason": CLEARED})
    assert response.status_code == 302
    assert _approve(therapist_client, urgent_episode, based_on=1).status_code == 302
    assert _versions(urgent_episode) == 2
    prompt.refresh_from_db()
    assert prompt.status == "open"  # an override lets care go on; only the referral closes the flag


def test_a_referral_for_a_visits_red_flag_resolves_it_and_dismissing_it_is_refused(
    therapist_client, treated_episode, therapist
):
    _visit(therapist_client, treated_episode, 3, nprs="7", **URGENT)
    prompt = Prompt.objects.get(kind="red_flag")
    assert _approve(therapist_client, treated_episode, based_on=1).status_code == 200

    therapist_client.post(reverse("plans:prompt_dismiss", args=[prompt.pk]), {"reason": "Not worried."})
    prompt.refresh_from_db()
    assert prompt.status == "open"  # an urgent red flag is not dismissed

    response = _referral(
        therapist_client, reverse("plans:prompt_referral", args=[prompt.pk]), referred_to="Spinal team"
    )
    assert response.status_code == 302
    prompt.refresh_from_db()
    assert prompt.status == "acted" and prompt.resolved_by == therapist and prompt.resolved_at is not None
    assert Referral.objects.get().prompt == prompt
    assert _approve(therapist_client, treated_episode, based_on=1).status_code == 302


def test_a_later_visit_does_not_supersede_an_unreferred_urgent_red_flag(therapist_client, treated_episode):
    _visit(therapist_client, treated_episode, 4, nprs="7", **URGENT)
    _visit(therapist_client, treated_episode, 3, nprs="7", **PROMPT_LEVEL)
    urgent = Prompt.objects.get(kind="red_flag", level="urgent")
    assert urgent.status == "open"
    assert _approve(therapist_client, treated_episode, based_on=1).status_code == 200
    assert _versions(treated_episode) == 1


# --- Prompt level ------------------------------------------------------------------------------------


def test_a_prompt_level_red_flag_does_not_hold(therapist_client, episode):
    assessment = _assess(therapist_client, episode, PROMPT_LEVEL)
    assert assessment.triage_level == "prompt"
    editor = therapist_client.get(reverse("plans:plan_edit", args=[episode.code])).content.decode()
    assert 'data-testid="plan-hold"' not in editor
    assert _approve(therapist_client, episode).status_code == 302
    page = therapist_client.get(reverse("plans:dashboard")).content.decode()
    assert 'data-testid="badge-held"' not in page


# --- The referral form -------------------------------------------------------------------------------


def test_a_bad_referral_is_refused_field_by_field(therapist_client, episode):
    assessment = _assess(therapist_client, episode, URGENT)
    future = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = therapist_client.post(
        _assessment_referral_url(assessment),
        {"referred_to": " ", "referred_at": future, "urgency": "whenever"},
    )
    assert response.status_code == 400
    errors = response.context["referral_form"].errors
    assert set(errors) == {"referred_to", "referred_at", "urgency"}
    assert "future" in errors["referred_at"][0]
    response = therapist_client.post(_assessment_referral_url(assessment), {"referred_at": "yesterday-ish"})
    assert "referred_at" in response.context["referral_form"].errors
    earlier = (timezone.localtime() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = _referral(therapist_client, _assessment_referral_url(assessment), referred_at=earlier)
    assert "before the red flag" in response.context["referral_form"].errors["referred_at"][0]
    assert not Referral.objects.exists()


def test_no_referral_for_an_assessment_without_red_flags(therapist_client, episode):
    assessment = _assess(therapist_client, episode, {})
    assert assessment.triage_level == "none"
    assert _referral(therapist_client, _assessment_referral_url(assessment)).status_code == 400
    assert not Referral.objects.exists()


def test_a_double_submitted_referral_makes_one_row(therapist_client, episode, therapist):
    assessment = _assess(therapist_client, episode, URGENT)
    fields = {"referred_to": "GP Dr Shah", "referred_at": _now_field(), "urgency": "same_day"}
    assert therapist_client.post(_assessment_referral_url(assessment), fields).status_code == 302
    assert therapist_client.post(_assessment_referral_url(assessment), fields).status_code == 302
    assert Referral.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(
            episode=episode,
            assessment=assessment,
            referred_to="Again",
            referred_at=timezone.now(),
            urgency="routine",
            recorded_by=therapist,
        )


def test_a_referral_names_exactly_one_red_flag(treated_episode, therapist, therapist_client):
    _visit(therapist_client, treated_episode, 3, nprs="7", **URGENT)
    prompt = Prompt.objects.get(kind="red_flag")
    assessment = treated_episode.assessments.get()
    for source in ({}, {"assessment": assessment, "prompt": prompt}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Referral.objects.create(
                episode=treated_episode,
                referred_to="GP",
                referred_at=timezone.now(),
                urgency="routine",
                recorded_by=therapist,
                **source,
            )


def test_another_clinic_cannot_record_a_referral_or_override(client, therapist_client, episode, outsider):
    assessment = _assess(therapist_client, episode, URGENT)
    client.force_login(outsider)
    assert _referral(client, _assessment_referral_url(assessment)).status_code == 404
    assert client.post(_assessment_override_url(assessment), {"reason": CLEARED}).status_code == 404
    assert not Referral.objects.exists() and not HoldOverride.objects.exists()


# --- Where it shows ----------------------------------------------------------------------------------


def test_the_caseload_shows_held_then_referral_recorded(therapist_client, episode):
    assessment = _assess(therapist_client, episode, URGENT)
    page = therapist_client.get(reverse("plans:dashboard")).content.decode()
    assert 'data-testid="badge-held"' in page and "HELD: referral needed" in page
    therapist_client.post(_assessment_override_url(assessment), {"reason": CLEARED})
    page = therapist_client.get(reverse("plans:dashboard")).content.decode()
    assert 'data-testid="badge-held"' not in page and 'data-testid="badge-override"' in page
    other = EpisodeFactory(patient=episode.patient, onset_date=TODAY - timedelta(days=10))
    _referral(
        therapist_client,
        _assessment_referral_url(_assess(therapist_client, other, EMERGENCY)),
        urgency="emergency",
    )
    page = therapist_client.get(reverse("plans:dashboard")).content.decode()
    assert 'data-testid="badge-referred"' in page and "Referral recorded" in page


@pytest.mark.parametrize("flags", [1, 6])
def test_the_episode_page_and_caseload_show_referrals_in_bounded_queries(
    therapist_client, treated_episode, flags, django_assert_num_queries
):
    for days_ago in range(flags, 0, -1):
        _visit(therapist_client, treated_episode, days_ago, nprs="7", **URGENT)
    for prompt in Prompt.objects.filter(kind="red_flag"):
        _referral(
            therapist_client,
            reverse("plans:prompt_referral", args=[prompt.pk]),
            referred_to=f"Spine clinic {prompt.pk}",
        )
    assert Referral.objects.count() == flags
    with django_assert_num_queries(
        15
    ):  # +1: the nav's inbox count; +1: the notes; +1: the latest plan's goals
        page = therapist_client.get(reverse("patients:episode_detail", args=[treated_episode.code]))
    html = page.content.decode()
    assert html.count('data-testid="referral-row"') == flags and "Spine clinic" in html and "same day" in html
    # The caseload with its inbox, as with no referral: the badge is one annotation.
    with django_assert_num_queries(15):  # the unsigned notes: visits, assessments, discharges
        caseload = therapist_client.get(reverse("plans:dashboard")).content.decode()
    assert 'data-testid="badge-referred"' in caseload


def test_the_printed_plan_has_a_line_with_the_referral(therapist_client, treated_episode):
    _visit(therapist_client, treated_episode, 3, nprs="7", **URGENT)
    prompt = Prompt.objects.get(kind="red_flag")
    _referral(therapist_client, reverse("plans:prompt_referral", args=[prompt.pk]), referred_to="GP Dr Shah")
    from plans.render.pdf import render_plan_html

    version = PlanVersion.objects.with_items().get(plan__episode=treated_episode)
    html = render_plan_html(version=version, patient=treated_episode.patient)
    assert 'data-testid="print-referral"' in html and "Referred to GP Dr Shah" in html
    response = therapist_client.get(reverse("plans:plan_pdf", args=[treated_episode.code, 1]))
    assert response.status_code == 200


def test_the_portal_shows_the_plan_paused_while_held(therapist_client, treated_episode, patient_account):
    portal = Client()
    portal.force_login(patient_account)
    home = portal.get(reverse("portal:home")).content.decode()
    assert 'data-testid="plan-paused"' not in home
    _visit(therapist_client, treated_episode, 3, nprs="7", **URGENT)
    home = portal.get(reverse("portal:home")).content.decode()
    assert 'data-testid="plan-paused"' in home
    assert "Your therapist has paused this plan while you see a doctor." in home
    assert "Do not start new exercises until they tell you; keep moving gently as you can." in home
    from plans.render.pdf import render_plan_html

    version = PlanVersion.objects.with_items().get(plan__episode=treated_episode)
    assert 'data-testid="print-paused"' in render_plan_html(version=version, patient=treated_episode.patient)

    prompt = Prompt.objects.get(kind="red_flag")
    _referral(therapist_client, reverse("plans:prompt_referral", args=[prompt.pk]))
    home = portal.get(reverse("portal:home")).content.decode()
    assert 'data-testid="plan-paused"' not in home


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_plan_editor_and_the_referral_page_queries_do_not_grow_with_the_holds(
    therapist_client, treated_episode
):
    editor = reverse("plans:plan_edit", args=[treated_episode.code])
    _visit(therapist_client, treated_episode, 8, nprs="7", **URGENT)
    one = _queries(therapist_client, editor)
    for days_ago in range(7, 2, -1):
        _visit(therapist_client, treated_episode, days_ago, nprs="7", **URGENT)
    assert Prompt.objects.holding_plan().count() == 6
    page = therapist_client.get(editor).content.decode()
    assert page.count('data-testid="plan-hold"') == 6
    assert _queries(therapist_client, editor) == one
    prompt = Prompt.objects.filter(kind="red_flag").first()
    referral_page = reverse("plans:prompt_referral", args=[prompt.pk])
    assert _queries(therapist_client, referral_page) <= 12


def test_an_override_of_a_visits_red_flag_does_not_release_the_assessment(
    therapist_client, patient, therapist
):
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    assessment = _baseline(episode, therapist, days_ago=10)
    Assessment.objects.filter(pk=assessment.pk).update(triage_level="urgent")
    _visit(therapist_client, episode, 3, nprs="7", **URGENT)
    prompt = Prompt.objects.get(kind="red_flag", level="urgent")
    assert (
        therapist_client.post(
            reverse("plans:prompt_override", args=[prompt.pk]), {"reason": CLEARED}
        ).status_code
        == 302
    )
    holds = plan_holds(episode)
    assert [hold.flag for hold in holds] == [Assessment.objects.get(pk=assessment.pk)]
    assert _approve(therapist_client, episode).status_code == 200 and _versions(episode) == 0


# --- Review findings: nothing but a referral (or, urgent, an override) releases a red flag ----------


@pytest.mark.parametrize("later", [{}, URGENT], ids=["no-red-flag", "urgent"])
def test_a_later_assessment_does_not_release_an_unreferred_emergency(therapist_client, episode, later):
    emergency = _assess(therapist_client, episode, EMERGENCY)
    reevaluation = therapist_client.post(
        reverse("plans:assessment_create", args=[episode.code]),
        assessment_post_data(kind="reevaluation", **later),
    )
    assert reevaluation.status_code == 302
    if later:  # an override of the later, urgent one releases only that one
        newest = Assessment.objects.filter(episode=episode).latest("id")
        therapist_client.post(_assessment_override_url(newest), {"reason": CLEARED})
    assert _approve(therapist_client, episode).status_code == 200
    assert _versions(episode) == 0
    assert any(hold.flag == emergency for hold in plan_holds(episode))
    _referral(therapist_client, _assessment_referral_url(emergency), urgency="emergency")
    assert _approve(therapist_client, episode).status_code == 302


def test_an_emergency_is_not_released_by_a_less_urgent_referral(therapist_client, episode):
    emergency = _assess(therapist_client, episode, EMERGENCY)
    response = _referral(therapist_client, _assessment_referral_url(emergency), urgency="routine")
    assert response.status_code == 400
    assert "urgency" in response.context["referral_form"].errors
    assert not Referral.objects.exists()
    assert _approve(therapist_client, episode).status_code == 200 and _versions(episode) == 0


# --- Who may open it ------------------------------------------------------------------------------


def _urgent_assessment_url(name):
    def url(get):
        assessment = AssessmentFactory(
            episode=get("episode"), assessed_by=get("therapist"), triage_level=TriageLevel.URGENT
        )
        return reverse(f"plans:{name}", args=[assessment.code])

    return url


def _red_flag_url(name):
    def url(get):
        prompt = PromptFactory(
            episode=get("episode"),
            visit__recorded_by=get("therapist"),
            kind=PromptKind.RED_FLAG,
            level=TriageLevel.URGENT,
        )
        return reverse(f"plans:{name}", args=[prompt.pk])

    return url


ACCESS = cells(
    row("assessment referral", _urgent_assessment_url("referral_record"), CLINICAL_PAGE),
    row("assessment override", _urgent_assessment_url("assessment_override"), CLINICAL_PAGE),
    row("red flag referral", _red_flag_url("prompt_referral"), CLINICAL_PAGE),
    row("red flag override", _red_flag_url("prompt_override"), CLINICAL_PAGE),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
