import pytest
from django.template import Context, Template

from plans.clinical.vocabulary import MeasureStatus, PromptKind, TriageLevel
from plans.templatetags.status_badges import STATUS_TONES, status_tone


def test_every_prompt_kind_and_measure_status_has_its_colour():
    assert status_tone(PromptKind.RED_FLAG) == "danger"
    assert status_tone(PromptKind.REGRESSION) == status_tone(PromptKind.RELAPSE) == "orange"
    assert status_tone(MeasureStatus.WORSENED) == status_tone("flare") == "orange"
    assert status_tone(PromptKind.PLATEAU) == status_tone(MeasureStatus.UNCHANGED) == "secondary"
    assert status_tone(PromptKind.GOAL_MET) == status_tone(MeasureStatus.IMPROVED) == "success"
    assert status_tone(PromptKind.REEVALUATION_DUE) == "info"


def test_no_status_is_light_and_an_unknown_one_grey():
    assert status_tone("") == status_tone(None) == "light"
    assert status_tone("something_new") == "secondary"


def test_the_badge_says_the_status_in_words_next_to_its_colour():
    badge = Template(
        '{% include "_status_badge.html" with status="red_flag" label="Red flag" level="Emergency"'
        ' testid="x" %}'
    )
    html = badge.render(Context())
    assert html == '<span class="badge text-bg-danger" data-testid="x">Red flag (emergency)</span>'


@pytest.mark.parametrize("value", [*PromptKind.values, *TriageLevel.values])
def test_every_prompt_kind_and_triage_level_has_a_tone_of_its_own(value):
    """The prompt card, the caseload and the suggestion's triage banner all take their colour here."""
    assert value in STATUS_TONES
