"""Correcting the objective measures of a visit or an assessment as part of its amendment.

The measures are saved again with the amendment's reason (the old ones stay in their history), and
the findings they stand for are derived again: one the old measures showed and the corrected ones do
not is taken off the record (its history row, with the reason, keeps it), one the corrected measures
show is added. A finding ticked by hand that the old measures did not show is left as it is.
Measures cleared entirely are kept as a row of "not tested", never deleted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Field
from simple_history.utils import bulk_create_with_history

from plans.clinical.objective import derive_findings
from plans.models import Assessment, AssessmentFinding, ObjectiveMeasures, Visit, VisitFinding
from plans.models.objective import MEASURE_FIELDS
from plans.services.history import audited_save, history_user_set


def _not_tested() -> dict[str, Any]:
    defaults = {}
    for name in MEASURE_FIELDS:
        field = ObjectiveMeasures._meta.get_field(name)
        assert isinstance(field, Field)  # the measures are the model's own columns
        defaults[name] = field.get_default()
    return defaults


def objective_amend(
    *, record: Visit | Assessment, values: Mapping[str, Any] | None, reason: str, user: User
) -> bool:
    """Save ``values`` (``MEASURE_FIELDS``; None: nothing tested) as ``record``'s measures and derive
    its findings again; the caller holds the record's lock. Returns whether the findings changed."""
    owner = {"visit": record} if isinstance(record, Visit) else {"assessment": record}
    saved = ObjectiveMeasures.objects.select_for_update().filter(**owner).first()
    wanted = {**_not_tested(), **(values or {})}
    old_derived = derive_findings(saved.values()) if saved is not None else frozenset()
    if saved is None and values is None:
        return False
    if saved is None or saved.values() != wanted:
        measures = saved or ObjectiveMeasures(episode_id=record.episode_id, **owner)
        for name, value in wanted.items():
            setattr(measures, name, value)
        measures._change_reason = reason  # type: ignore[attr-defined]  # simple-history's change reason
        audited_save(measures, user)
    return _findings_derive_again(record, old_derived, derive_findings(wanted), reason, user)


def _findings_derive_again(
    record: Visit | Assessment, old: frozenset[str], new: frozenset[str], reason: str, user: User
) -> bool:
    model: type[VisitFinding] | type[AssessmentFinding]
    model, owner = (
        (VisitFinding, {"visit": record})
        if isinstance(record, Visit)
        else (AssessmentFinding, {"assessment": record})
    )
    rows = {row.code: row for row in model.objects.filter(**owner)}
    gone = [rows[code] for code in sorted(old - new) if code in rows]
    for row in gone:
        history_user_set(row, user)
        row._change_reason = reason  # type: ignore[union-attr]  # simple-history's change reason
        row.delete()  # the finding's history keeps it, with the reason
    added = [model(**owner, code=code) for code in sorted(new - set(rows))]
    bulk_create_with_history(added, model, default_user=user, default_change_reason=reason)
    return bool(gone or added)
