"""The browser form in Debian's Chromium (headless, driven by Selenium with Debian's chromedriver),
against a real `policykb serve` this test starts on a free loopback port.

Load the shipped Tongzhou AI SME, change one field (the GPU computing contract), submit, and
read the total and the computing-voucher award from the page; then the same in Chinese.
By hand (kb/documents/tongzhou_digital_economy/rules.lp: the computing voucher pays 30%):
the voucher on 1,200,000 is 360,000 and the total 3,510,000 (README); on 1,000,000 it is
30% x 1,000,000 = 300,000, and the total 3,510,000 - 360,000 + 300,000 = 3,450,000.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from service_server import server

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.select import Select  # noqa: E402
from selenium.webdriver.support.wait import WebDriverWait  # noqa: E402

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1400,1000"]

pytestmark = pytest.mark.skipif(not (CHROMIUM.exists() and DRIVER.exists()),
                                reason="Debian's chromium and chromium-driver are not installed")


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with server() as base:
        yield base


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    profile = tempfile.mkdtemp(prefix="policykb-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _solve_changed_example(driver: webdriver.Chrome, url: str, lang: str) -> tuple[str, str, str]:
    """Load the example, change the GPU contract, submit; (total, voucher row, page heading)."""
    wait = WebDriverWait(driver, 90)
    driver.get(f"{url}/?lang={lang}")
    wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "body[data-ready=yes]")))
    Select(driver.find_element(By.ID, "example")).select_by_value("tongzhou-ai-sme")
    driver.find_element(By.ID, "load-example").click()
    field = wait.until(expected_conditions.presence_of_element_located(
        (By.CSS_SELECTOR, '[data-path="service_contracts[1].contract_amount"]')))
    assert field.get_attribute("value") == "1200000"
    field.clear()
    field.send_keys("1000000")
    driver.find_element(By.ID, "submit").click()
    wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "#result[data-state=done]")))
    assert not driver.find_element(By.ID, "error").is_displayed()
    heading = driver.find_element(By.ID, "submit").text
    driver.switch_to.frame(driver.find_element(By.ID, "result"))
    try:
        total = wait.until(expected_conditions.presence_of_element_located((By.ID, "total"))).text
        rows = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#awards tr")]
    finally:
        driver.switch_to.default_content()
    voucher = next(row for row in rows if row.startswith("tongzhou_de.a6.computing_voucher"))
    return total, voucher, heading


def test_form_in_english(browser: webdriver.Chrome, url: str) -> None:
    total, voucher, button = _solve_changed_example(browser, url, "en")
    assert total == "3,450,000"
    assert voucher.split()[1] == "gpu-cluster-2026" and voucher.split()[-1] == "300,000"
    assert button == "Find the optimum"


def test_form_in_chinese(browser: webdriver.Chrome, url: str) -> None:
    total, voucher, button = _solve_changed_example(browser, url, "zh")
    assert total == "345 万元（3,450,000 元）" and voucher.split()[-1].startswith("300,000")
    assert button == "计算最优组合"
    browser.switch_to.frame(browser.find_element(By.ID, "result"))
    try:
        assert browser.find_element(By.TAG_NAME, "h1").text.startswith("policykb 解释")
    finally:
        browser.switch_to.default_content()


def test_whatif_controls_show_the_difference(browser: webdriver.Chrome, url: str) -> None:
    _solve_changed_example(browser, url, "en")
    Select(browser.find_element(By.ID, "wi-path")).select_by_value("district")
    browser.find_element(By.ID, "wi-value").send_keys("xicheng")
    Select(browser.find_element(By.ID, "wi-reform")).select_by_value("double-t7-cap")
    browser.find_element(By.ID, "wi-run").click()
    shown = WebDriverWait(browser, 90).until(lambda d: d.find_element(By.ID, "wi-result").text)
    assert "Changes: district=xicheng, reform Double the Tongzhou standards cap" in shown
    # The variant leaves Tongzhou, so the voucher of the changed contract (300,000) is lost.
    voucher = next(line for line in shown.splitlines() if line.startswith("tongzhou_de.a6.computing_voucher"))
    assert voucher.split()[1:] == ["300,000", "0", "-300,000"]


def test_bad_field_shows_the_command_lines_message(browser: webdriver.Chrome, url: str) -> None:
    wait = WebDriverWait(browser, 90)
    browser.get(f"{url}/")
    wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "body[data-ready=yes]")))
    Select(browser.find_element(By.ID, "example")).select_by_value("tongzhou-ai-sme")
    browser.find_element(By.ID, "load-example").click()
    field = wait.until(expected_conditions.presence_of_element_located(
        (By.CSS_SELECTOR, '[data-path="service_contracts[1].contract_amount"]')))
    field.clear()
    field.send_keys("<b>12a</b>")
    browser.find_element(By.ID, "submit").click()
    error = wait.until(expected_conditions.visibility_of_element_located((By.ID, "error")))
    assert error.text == ("policykb: tongzhou-ai-sme.yaml: service_contracts[1].contract_amount: "
                          "expected whole yuan >= 0 and <= 10^15, got '<b>12a</b>'")
