from plans.clinical.engine.plan import AssessmentInput, assessment_from_contract, forbidden_properties, suggest

__all__ = ["AssessmentInput", "assessment_from_contract", "forbidden_properties", "suggest"]
