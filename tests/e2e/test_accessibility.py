"""axe-core over every page each role uses (tests/e2e/pages.py): no serious or critical violation
(WCAG 2.1 AA rules and best practices), on a desktop screen. One browser, one logged-in context per role."""

import pytest

from tests.e2e.pages import PAGES_BY_ROLE, build_world, log_in, serious_violations
from tests.factories import PASSWORD


@pytest.mark.parametrize("role", list(PAGES_BY_ROLE))
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_page_of_the_role_has_no_serious_accessibility_violation(live_server, browser, role):
    world = build_world()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server.url, world.usernames[role], PASSWORD)
    failures = {}
    for name, path_of in PAGES_BY_ROLE[role]:
        response = page.goto(live_server.url + path_of(world))
        assert response.status == 200, f"{role}: {name} answered {response.status}"
        if problems := serious_violations(page):
            failures[name] = problems
    context.close()
    assert not failures, f"{role}:\n" + "\n".join(
        f"  {name}:\n" + "\n".join(f"    {p}" for p in problems) for name, problems in failures.items()
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_long_forms_save_is_two_tabs_away(live_server, browser):
    world = build_world()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server.url, "tessa", PASSWORD)
    episode = world.record.episode.code
    for path, save in (
        (f"/episodes/{episode}/assessments/new/", "Save and see the suggestion"),
        (f"/episodes/{episode}/visits/new/", "Save visit"),
    ):
        page.goto(live_server.url + path)
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent").startswith("Skip to the Save button")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.textContent") == save
        button = page.get_by_role("button", name=save)
        assert button.get_attribute("aria-keyshortcuts") == "Alt+Shift+S" and button.is_visible()
    context.close()
