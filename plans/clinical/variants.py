"""Which easier or harder library variant of a prescribed exercise the patient may be shown, and so
may switch to on their own: only when the therapist offers variants for that exercise, the variant
is approved, and it loads the spine in no way the prescribed exercise does not (no added flexion,
extension, rotation or impact; the movement properties are ``vocabulary.ExerciseProperty`` values).
That keeps every switch within what the therapist prescribed."""

from __future__ import annotations

from collections.abc import Set


def may_switch_to(
    *, offered: bool, approved: bool, variant_properties: Set[str], prescribed_properties: Set[str]
) -> bool:
    return offered and approved and variant_properties <= prescribed_properties
