"""Every model of the plans app, one module per aggregate; import them from here."""

from plans.models.assessments import *  # noqa: F403
from plans.models.days import *  # noqa: F403
from plans.models.drafts import *  # noqa: F403
from plans.models.library import *  # noqa: F403
from plans.models.notes import *  # noqa: F403
from plans.models.objective import *  # noqa: F403
from plans.models.plans import *  # noqa: F403
from plans.models.portal import *  # noqa: F403
from plans.models.referrals import *  # noqa: F403
from plans.models.treatment import *  # noqa: F403
from plans.models.visits import *  # noqa: F403
