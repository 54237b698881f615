"""Demo data at scale for ``seed_demo --patients N``: deterministic per seed, written in bulk, judged by
the same pure rules (``plans.clinical``) that the services use."""
