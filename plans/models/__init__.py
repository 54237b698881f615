from plans.models.plans import *  # noqa: F403
