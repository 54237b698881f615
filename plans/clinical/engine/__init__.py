from plans.clinical.engine.exclusions import forbidden_properties
from plans.clinical.engine.inputs import AssessmentInput, assessment_from_contract
from plans.clinical.engine.suggestion import suggest

__all__ = ["AssessmentInput", "assessment_from_contract", "forbidden_properties", "suggest"]
