"""The search page in a real browser: Debian's Chromium, headless, through its chromedriver.

Where no browser is installed the tests skip, unless SPL_REQUIRE_BROWSER is set, as .ci/run sets
it: in CI a missing browser is a failure, never a skip. Each test also takes a screenshot of the
view it reached: into the folder SPL_SCREENSHOTS names (`SPL_SCREENSHOTS=examples/screenshots`
refreshes the README's), else into the test's temporary folder, so that a test run leaves the
repository's files as they were.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

from serve.conftest import RMS_SEARCH

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser():
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:
        message = f"no browser: {', '.join(missing)} missing (apt-get install chromium chromium-driver)"
        if os.environ.get("SPL_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, server):
    browser.get(server + "/")
    WebDriverWait(browser, 20).until(
        lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
    return browser


def wait(driver, condition, timeout: float = 30):
    """Until `condition` holds; an element replaced while it was being looked at (the page
    redraws its lists) means: look again."""
    return WebDriverWait(driver, timeout,
                         ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def type_search(driver, text: str) -> None:
    box = driver.find_element(By.ID, "search")
    driver.execute_script("arguments[0].value = ''", box)
    box.send_keys(text)
    driver.find_element(By.ID, "run").click()


def shown(driver, css: str) -> list:
    return [e for e in driver.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()]


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    folder = os.environ.get("SPL_SCREENSHOTS")
    return Path(folder) if folder else tmp_path_factory.mktemp("screenshots")


def keep(driver, folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(folder / f"{name}.png"))


def test_an_event_search_shows_events_the_sidebar_and_the_timeline(page, screenshots):
    type_search(page, "search EventCode=13")
    wait(page, lambda d: shown(d, ".event"))
    assert "13 events" in page.find_element(By.ID, "progress").text
    assert len(shown(page, ".event")) == 13
    assert shown(page, "#timeline .bars path")  # plotly drew the histogram's bars
    assert shown(page, '#sidebar .field[data-field="Computer"]')
    # the highlighter coloured the command
    assert page.find_element(By.CSS_SELECTOR, "#highlight .tok-command").text == "search"
    keep(page, screenshots, "search")


def test_clicking_a_field_value_adds_it_to_the_search_and_reruns(page):
    type_search(page, "search EventCode=13")
    wait(page, lambda d: len(shown(d, ".event")) == 13)
    value = page.find_element(By.CSS_SELECTOR, '#sidebar a.value[data-field="Computer"]')
    name = value.text
    others = [a.text for a in page.find_elements(By.CSS_SELECTOR,
                                                 '#sidebar a.value[data-field="Computer"]')][1:]
    value.click()
    wait(page, lambda d: f'Computer="{name}"' in d.find_element(By.ID, "search").get_attribute("value"))
    wait(page, lambda d: len(shown(d, ".event")) < 13)
    assert page.find_element(By.ID, "search").get_attribute("value") == \
        f'search EventCode=13 Computer="{name}"'
    assert others and all(o not in page.page_source.split('id="event-list"')[1] for o in others)


def test_a_value_with_backslashes_and_quotes_still_matches_when_clicked(page):
    type_search(page, "search EventCode=13")
    wait(page, lambda d: len(shown(d, ".event")) == 13)
    page.find_element(By.CSS_SELECTOR, '#sidebar .field[data-field="TargetObject"] .name').click()
    value = page.find_element(By.CSS_SELECTOR, '#sidebar a.value[data-field="TargetObject"]')
    count = int(value.find_element(By.XPATH, "..").find_element(By.TAG_NAME, "span")
                .text.split()[0])
    value.click()
    wait(page, lambda d: "TargetObject=" in d.find_element(By.ID, "search").get_attribute("value")
         and f"{count} event" in d.find_element(By.ID, "progress").text)
    assert len(shown(page, ".event")) == count


def test_a_chart_is_drawn_for_stats_by(page, screenshots):
    type_search(page, "search * | stats count by EventCode")
    wait(page, lambda d: shown(d, "#chart .main-svg"))
    assert len(shown(page, "#chart .bars .point")) == 4  # one column per EventCode
    page.find_element(By.CSS_SELECTOR, '.chart-types button[data-chart="pie"]').click()
    wait(page, lambda d: shown(d, "#chart .pielayer .slice"))
    page.find_element(By.CSS_SELECTOR, '.chart-types button[data-chart="column"]').click()
    wait(page, lambda d: shown(d, "#chart .bars .point"))
    keep(page, screenshots, "chart")


def test_a_mistake_shows_the_caret_and_did_you_mean_under_the_search(page):
    type_search(page, "search * | stats cont by EventCode")
    error = wait(page, seen.visibility_of_element_located((By.ID, "error")))
    assert "error[unknown-function]" in error.text
    assert "^^^^" in error.text and "did you mean `count`?" in error.text


def test_the_seed_detection_runs_and_explains_step_by_step(page, screenshots):
    type_search(page, RMS_SEARCH)
    wait(page, lambda d: shown(d, "#table td"))
    assert "7 results" in page.find_element(By.ID, "progress").text
    colours = {e.text: e.get_attribute("class")
               for e in page.find_elements(By.CSS_SELECTOR, "#highlight span")}
    assert colours["`drop_dm_object_name(Registry)`"] == "tok-macro"
    assert colours["tstats"] == "tok-command" and colours["by"] == "tok-keyword"
    assert colours["max"] == "tok-function" and colours["|"] == "tok-pipe"
    assert colours["```" + RMS_SEARCH.split("```")[1] + "```"] == "tok-comment"
    page.find_element(By.ID, "show-expanded").click()
    expanded = wait(page, seen.visibility_of_element_located((By.ID, "expanded-text")))
    assert "summariesonly=" in expanded.text and "`" not in expanded.text
    page.find_element(By.ID, "show-expanded").click()  # folded again
    assert not shown(page, "#expanded")
    page.find_element(By.CSS_SELECTOR, '#tabs button[data-tab="explain"]').click()
    wait(page, lambda d: len(shown(d, ".step-card")) >= 4)
    first = shown(page, ".step-card")[0].text
    assert first.startswith("1. tstats summariesonly=") and "rows:" in first
    keep(page, screenshots, "explain")


def test_detections_are_listed_run_and_tested(page, screenshots):
    page.find_element(By.CSS_SELECTOR, '#tabs button[data-tab="detections"]').click()
    page.find_element(By.ID, "open-detections").click()
    wait(page, lambda d: shown(d, "#detection-list .status-ok"))
    page.find_element(By.CSS_SELECTOR, "button.test-detection").click()
    outcome = wait(page, lambda d: shown(d, "#tests .test .outcome-pass"))
    assert outcome[0].text == "pass"
    assert "1 passed, 0 failed, 0 skipped" in page.find_element(By.ID, "tests").text
    keep(page, screenshots, "detections")
    page.find_element(By.CSS_SELECTOR, "button.run-detection").click()
    wait(page, lambda d: d.find_element(By.ID, "progress").text.startswith(
        "Windows Remote Access Software RMS Registry: 7 results"))
    assert page.find_element(By.ID, "search").get_attribute("value").startswith("| tstats")
    assert len(shown(page, "#table tbody tr")) == 7


def test_a_long_search_shows_its_progress_and_can_be_cancelled(page):
    # about five seconds per 300,000 rows here: long enough to be seen running and cancelled
    type_search(page, "| makeresults count=500000 | eval x=md5(tostring(random())) | stats dc(x)")
    wait(page, lambda d: "running:" in d.find_element(By.ID, "progress").text
         and not d.find_element(By.ID, "progress").text.startswith("running: 0 records"))
    page.find_element(By.ID, "cancel").click()
    wait(page, lambda d: d.find_element(By.ID, "progress").text.startswith("cancelled after"))
    assert not shown(page, "#cancel") and not shown(page, "#table td")
