"""On a 360 x 740 phone screen: no staff or portal page scrolls sideways or has a serious axe-core
violation, chart axis text is at least 12 px tall as drawn, the caseload and the patient list are
cards, and the long portal pages fold."""

import pytest

from tests.e2e.pages import PAGES_BY_ROLE, build_world, log_in, serious_violations
from tests.factories import PASSWORD

PHONE = {"width": 360, "height": 740}

# The drawn size of each chart text: its font size times the scale the SVG's viewBox is drawn at.
CHART_TEXT_SIZES = """() => [...document.querySelectorAll("svg.measure-chart")].flatMap(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll("text")].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
})"""
# A phone browser widens its layout viewport (window.innerWidth) to fit a page that is too wide, so
# the page is measured against the screen itself.
WIDTH = "[document.documentElement.scrollWidth, screen.width]"


def _phone(browser, live_server, username):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    log_in(page, live_server.url, username, PASSWORD)
    return context, page


@pytest.mark.parametrize("role", ["therapist", "admin_staff", "patient"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_page_scrolls_sideways_on_a_phone(live_server, browser, role):
    world = build_world()
    context, page = _phone(browser, live_server, world.usernames[role])
    too_wide, inaccessible = {}, {}
    for name, path_of in PAGES_BY_ROLE[role]:
        if name.startswith("admin"):
            continue  # Django's own admin pages are outside this check
        assert page.goto(live_server.url + path_of(world)).status == 200
        document_width, screen_width = page.evaluate(WIDTH)
        if document_width > screen_width:
            too_wide[name] = document_width
        if problems := serious_violations(page):
            inaccessible[name] = problems
    context.close()
    assert not too_wide, f"wider than the {PHONE['width']} px screen: {too_wide}"
    assert not inaccessible, f"on a phone: {inaccessible}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_charts_caseload_and_patient_list_on_a_phone(live_server, browser):
    world = build_world()
    context, page = _phone(browser, live_server, "tessa")
    page.goto(f"{live_server.url}/episodes/{world.record.episode.code}/")
    sizes = page.evaluate(CHART_TEXT_SIZES)
    assert sizes and min(sizes) >= 12, f"chart text drawn at {sorted(sizes)[:3]} px"

    for path, testid in (("/caseload/", "caseload"), ("/patients/", "patient-list")):
        page.goto(live_server.url + path)
        table = page.locator(f"[data-testid={testid}]")
        assert table.locator("thead").is_hidden()
        card = table.locator("tbody tr").first
        assert "Lopez, Maria" in card.inner_text()
        assert card.evaluate("row => getComputedStyle(row).display") == "block"
        assert card.evaluate("row => getComputedStyle(row).borderTopStyle") == "solid"
        assert card.get_by_role("link", name="Lopez, Maria").is_visible()

    page.set_viewport_size({"width": 1024, "height": 740})
    page.goto(live_server.url + "/caseload/")
    assert page.locator("[data-testid=caseload] thead").is_visible()
    row = page.locator("[data-testid=caseload] tbody tr").first
    assert row.evaluate("row => getComputedStyle(row).display") == "table-row"
    context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_portal_pages_put_today_first_and_fold_the_rest(live_server, browser):
    world = build_world()
    context, page = _phone(browser, live_server, "maria")
    page.goto(live_server.url + "/portal/history/")
    sizes = page.evaluate(CHART_TEXT_SIZES)
    assert sizes and min(sizes) >= 12, f"chart text drawn at {sorted(sizes)[:3]} px"

    page.goto(live_server.url + "/portal/")
    exercises, more = page.locator("[data-testid=exercise-cards]"), page.locator("[data-testid=plan-more]")
    assert exercises.is_visible() and exercises.bounding_box()["y"] < more.bounding_box()["y"]
    goals = page.locator("[data-testid=plan-goals]")
    assert not goals.is_visible()
    more.locator("summary").focus()
    page.keyboard.press("Enter")
    assert goals.is_visible()

    page.goto(f"{live_server.url}/portal/questionnaires/{world.record.pending_questionnaire.code}/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 3 * PHONE["height"], f"the questionnaire is {height} px long"
    odi = page.locator("details.questionnaire-part").first
    assert page.get_by_role("heading", name="Your pain").is_visible()
    assert not odi.locator("fieldset").first.is_visible()
    odi.locator("summary").focus()
    page.keyboard.press("Enter")
    assert odi.locator("fieldset").first.is_visible()
    context.close()
