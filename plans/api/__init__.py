"""The decision-support JSON API (shared/api-contract.md): thin views over the clinical engine."""
