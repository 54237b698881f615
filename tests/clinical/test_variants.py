"""The variant-safety rule: which easier or harder variant the portal may offer a patient."""

import pytest

from plans.clinical.variants import may_switch_to

BRIDGE = frozenset({"spinal_extension"})


@pytest.mark.parametrize(
    ("offered", "approved", "variant", "allowed"),
    [
        (True, True, frozenset(), True),  # loads the spine in no way at all
        (True, True, BRIDGE, True),  # the same loads as the prescribed exercise
        (True, True, frozenset({"spinal_extension", "rotation"}), False),  # adds rotation
        (True, True, frozenset({"high_impact"}), False),  # a different load
        (True, False, frozenset(), False),  # not approved for the library
        (False, True, frozenset(), False),  # the therapist offers no variants for this exercise
    ],
)
def test_may_switch_to(offered: bool, approved: bool, variant: frozenset[str], allowed: bool) -> None:
    assert (
        may_switch_to(
            offered=offered, approved=approved, variant_properties=variant, prescribed_properties=BRIDGE
        )
        is allowed
    )


def test_no_added_load_is_allowed_for_an_exercise_that_loads_nothing() -> None:
    assert may_switch_to(
        offered=True, approved=True, variant_properties=frozenset(), prescribed_properties=set()
    )
    assert not may_switch_to(
        offered=True, approved=True, variant_properties={"spinal_flexion"}, prescribed_properties=set()
    )
