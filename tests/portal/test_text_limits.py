"""The portal's free text shows its limit and refuses longer input field by field."""

import pytest

from plans.models import HomeLog
from tests.access_matrix import DONE, PORTAL_PAGE, cells, check, row
from tests.portal.test_home_log import LOG, _data


def test_portal_home_log_shows_the_limit_and_refuses_a_longer_comment(portal_client, plan_version):
    page = portal_client.get(LOG).content.decode()
    assert 'maxlength="1000"' in page and "Up to 1,000 characters." in page
    response = portal_client.post(LOG, _data(plan_version, comment="x" * 1001))
    assert response.status_code == 200
    assert response.context["form"].errors["comment"] == ["Keep your note under 1,000 characters."]
    assert not HomeLog.objects.exists()


# --- Who may open it ------------------------------------------------------------------------------


def _log_url(get):
    get("plan_version")
    return LOG


ACCESS = cells(
    row(
        "log a session",
        _log_url,
        {**PORTAL_PAGE, "patient_account": DONE},
        method="post",
        data=lambda get: _data(get("plan_version"), comment="Fine today."),
    ),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
