"""End to end in Debian's chromium (Playwright, headless) against a real `amends serve`.

A person's first evening: the coach on a begging draft, starting the plan, an urge, a journal
entry, the same draft again once no contact runs, a chat export and its chart. Every page is
saved as a screenshot at a phone size and a desktop size under artifacts/web/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "web"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
BEGGING = "please please come back to me, I'm begging you"
CHAT = Path(__file__).resolve().parents[1] / "data" / "web" / "chat_whatsapp.txt"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Browser tests skipped: no /usr/bin/chromium (apt-get install chromium).",
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    from playwright.sync_api import expect

    context = browser.new_context(viewport=SIZES["phone"])
    context.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)  # the first review loads the sentence model
    yield context.new_page()
    context.close()


def nav(page: Any, name: str) -> Any:
    return page.get_by_role("navigation").get_by_role("link", name=name, exact=True)


def shoot(page: Any, name: str) -> None:
    """Screenshots of the page as it is, at the phone size and the desktop size."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size(SIZES["phone"])


def answer_hark_no(page: Any) -> None:
    """The four HARK questions Start and Decide ask first: "No" to each, from the keyboard."""
    from playwright.sync_api import expect

    questions = page.locator("#assess-form fieldset")
    expect(questions).to_have_count(4)
    for n in range(4):
        no = questions.nth(n).get_by_label("No", exact=True)
        no.focus()
        page.keyboard.press("Space")
        expect(no).to_be_checked()
    page.locator("#assess-submit").press("Enter")


def test_a_first_evening_from_the_coach_to_the_journal(page: Any, live_server: str) -> None:
    from playwright.sync_api import expect

    page.goto(live_server + "/")
    shoot(page, "01-welcome")

    nav(page, "Coach").click()
    page.get_by_label("Your message").press_sequentially(BEGGING, delay=5)
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "rewrite")
    expect(page.locator("#draft-shown mark").first).to_have_text("please please come back")
    expect(page.locator("#rewrite")).to_be_visible()
    shoot(page, "02-coach-rewrite")

    page.goto(live_server + "/start")
    answer_hark_no(page)
    page.get_by_label("This person, as they are").check()
    page.get_by_label("When did it end?").fill("2026-02-20")
    page.get_by_label("Who ended it?").select_option("them")
    page.get_by_label("No contact starts (or started) on").fill("2026-02-22")
    page.get_by_label("Days of no contact (21-45)").fill("60")
    page.locator("#start-submit").click()
    expect(page.locator("#no_contact_days-error")).to_contain_text("21-45")
    expect(page.get_by_label("When did it end?")).to_have_value("2026-02-20")
    shoot(page, "03-start-rejected")
    page.get_by_label("Days of no contact (21-45)").fill("30")
    page.locator("#start-submit").click()
    expect(page.locator("#stage-title")).to_have_attribute("data-stage", "no_contact")
    expect(page.locator("#no-contact-counter .num")).to_have_text("7")
    shoot(page, "04-today")

    page.get_by_label("Wanted to reach out and didn't?", exact=False).fill("saw our song")
    page.locator("#log-urge").click()
    expect(page.get_by_role("status").filter(has_text="Urge logged")).to_be_visible()
    expect(page.locator("#no-contact-counter")).to_contain_text("Urges this week: 1.")

    nav(page, "Journal").click()
    page.get_by_label("What's on your mind").fill("A long walk. Lighter than yesterday.")
    page.get_by_label("Mood, 1 (worst) to 10 (best), optional").fill("6")
    page.locator("#journal-save").click()
    expect(page.locator("#mood-chart")).to_be_visible()
    expect(page.locator(".entries")).to_contain_text("A long walk.")
    shoot(page, "05-journal")

    nav(page, "Today").click()
    page.locator("#text-them").click()
    page.get_by_label("Your message").press_sequentially(BEGGING, delay=5)
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "wait")
    shoot(page, "06-coach-during-no-contact")

    nav(page, "Insights").click()
    page.get_by_label("Exported chat", exact=False).set_input_files(str(CHAT))
    page.get_by_label("Your name, exactly as the chat writes it").fill("Alex")
    page.locator("#import-submit").click()
    expect(page.locator("#chat-chart svg")).to_be_visible()
    expect(page.locator("#report")).to_contain_text("Alex and Sam")
    shoot(page, "07-insights")

    for name in (
        "habits",
        "plan",
        "reflect",
        "decide",
        "assess",
        "settings",
        "help",
        "guide/no_contact",
    ):
        page.goto(f"{live_server}/{name}")
        expect(page.locator("h1")).to_be_visible()
        shoot(page, f"08-{name.replace('/', '-')}")


def test_the_coach_works_from_the_keyboard_alone(page: Any, launch: Any) -> None:
    from playwright.sync_api import expect

    page.goto(launch() + "/coach")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(10):  # from the top of <main>, a few Tabs reach the message box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "draft":
            break
    expect(page.locator("#draft")).to_be_focused()
    page.keyboard.type("hey, hope your week is going well")
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "send")


def test_decide_asks_hark_first_then_screens_chart_well_being(
    page: Any, launch: Any, run_cli: Any
) -> None:
    from playwright.sync_api import expect

    for day, answers in (("2026-02-15", "1,1,1,1,1"), ("2026-02-22", "2,2,2,1,2")):
        run_cli("assess", "take", "who5", "--answers", answers, now=f"{day}T20:00:00+00:00")
    url = launch()
    page.goto(url + "/decide")
    expect(page.locator("h1")).to_contain_text("four questions about your safety")
    shoot(page, "09-decide-hark-first")
    answer_hark_no(page)
    expect(page.locator("#decide-form")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Thank you for answering")).to_be_visible()

    nav(page, "Screens").click()
    page.get_by_role("link", name="WHO-5 Well-Being Index").click()
    for n, label in enumerate(
        ("More than half of the time", "Less than half of the time") * 2 + ("Some of the time",)
    ):
        page.locator("#assess-form fieldset").nth(n).get_by_label(label, exact=True).check()
    page.locator("#assess-submit").click()
    expect(page.locator("#result")).to_have_attribute("data-band", "poor_wellbeing")
    expect(page.locator("#citation")).to_contain_text("Topp CW")
    shoot(page, "10-who5-result")
    page.get_by_role("link", name="All screens").click()
    chart = page.locator("#who5-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("circle")).to_have_count(3)
    shoot(page, "11-assess")
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        chart.screenshot(path=str(ARTIFACTS / f"12-who5-chart-{size}.png"))
