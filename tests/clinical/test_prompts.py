"""Prompt order and the actions a prompt card offers (plans.clinical.prompts)."""

from dataclasses import dataclass

import pytest

from plans.clinical.prompts import (
    PromptActions,
    can_dismiss,
    closed_by_plan_change,
    prompt_actions,
    sort_prompts,
)


@dataclass
class P:
    kind: str
    level: str = ""
    visit_id: int = 1


def test_red_flags_first_most_severe_first_then_the_fixed_order_newest_visit_first():
    prompts = [
        P("goal_met"),
        P("plateau", visit_id=1),
        P("plateau", visit_id=2),
        P("red_flag", "prompt"),
        P("reevaluation_due"),
        P("red_flag", "emergency"),
        P("relapse"),
        P("regression"),
        P("red_flag", "urgent"),
    ]
    order = [(p.kind, p.level or p.visit_id) for p in sort_prompts(prompts)]
    assert order == [
        ("red_flag", "emergency"),
        ("red_flag", "urgent"),
        ("red_flag", "prompt"),
        ("regression", 1),
        ("relapse", 1),
        ("plateau", 2),
        ("plateau", 1),
        ("reevaluation_due", 1),
        ("goal_met", 1),
    ]


def test_only_a_referral_closes_a_red_flag():
    assert not can_dismiss("red_flag") and not closed_by_plan_change("red_flag")
    assert can_dismiss("plateau") and closed_by_plan_change("regression")


@pytest.mark.parametrize(
    ("kind", "status", "level", "actions"),
    [
        ("red_flag", "open", "urgent", PromptActions(record_referral=True, override=True)),
        ("red_flag", "open", "emergency", PromptActions(record_referral=True)),
        ("red_flag", "open", "prompt", PromptActions(record_referral=True)),
        ("red_flag", "acted", "urgent", PromptActions()),
        ("regression", "open", "", PromptActions(change_plan=True, dismiss=True)),
        ("reevaluation_due", "open", "", PromptActions(reevaluate=True, change_plan=True, dismiss=True)),
        ("plateau", "dismissed", "", PromptActions()),
        ("goal_met", "acted", "", PromptActions()),
    ],
)
def test_what_a_prompt_offers(kind, status, level, actions):
    assert prompt_actions(kind=kind, status=status, level=level) == actions


def test_a_re_evaluation_comes_before_changing_the_plan():
    assert not prompt_actions(kind="reevaluation_due", status="open", level="").change_plan_first
    assert prompt_actions(kind="plateau", status="open", level="").change_plan_first
