"""Walks every screen of the window for the checks that hold on all of them (Dutch complete,
fits from 960x600, axe-core clean): each navigation button, every settings tab, an order, the
print preview dialog and the sign-in screen. Each step waits for the screen's own content, so
the checks never look at a half-drawn screen."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import sign_in

SETTINGS_TABS = ["shop", "vat", "codes", "articles", "staff", "hours", "labels", "backups", "sync"]

# Screen name, the navigation button, and what shows when the screen has its data.
NAV_SCREENS = [
    ("board", "nav-board", "main h1, main h2"),
    ("orders", "nav-orders", '[data-testid="order-row"]'),
    ("new-order", "nav-new-order", '[data-testid="save-order"]'),
    ("calendar", "nav-calendar", '[data-testid="calendar-day"], [data-testid="calendar-mode-week"]'),
    ("report", "nav-report", '[data-testid="report-show"]'),
    ("sync", "nav-sync", '[data-testid="sync-now"], [data-testid="sync-empty"]'),
]


def tid(name: str) -> str:
    return f'[data-testid="{name}"]'


def wait(driver, timeout=20):
    return WebDriverWait(driver, timeout)


def settle(driver) -> None:
    """Waits until nothing on the screen says it is still loading and two frames have drawn."""
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, '[aria-busy="true"]'))
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "requestAnimationFrame(() => requestAnimationFrame(() => done(true)));"
    )


def click(driver, name: str) -> None:
    element = wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, tid(name)))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element)


def show(driver, css: str) -> None:
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, css))
    settle(driver)


def set_language(driver, lang: str) -> None:
    """Switches the window to `lang` ('nl' or 'en') with the header's language button."""
    if driver.execute_script("return document.documentElement.lang") != lang:
        click(driver, "lang-toggle")
    wait(driver).until(lambda d: d.execute_script("return document.documentElement.lang") == lang)


def every_screen(driver):
    """Visits every screen of the manager's window and yields its name once it is drawn."""
    for name, button, ready in NAV_SCREENS:
        click(driver, button)
        show(driver, ready)
        yield name
    click(driver, "nav-settings")
    for tab in SETTINGS_TABS:
        click(driver, f"settings-tab-{tab}")
        wait(driver).until(
            lambda d: d.find_element(By.CSS_SELECTOR, tid(f"settings-tab-{tab}")).get_attribute("aria-selected") == "true"
        )
        show(driver, "main .card, main table, main form")
        yield f"settings-{tab}"
    # An order with a history, lines and the plan panel.
    click(driver, "nav-orders")
    show(driver, tid("order-row"))
    row = driver.find_elements(By.CSS_SELECTOR, tid("order-row"))[0]
    driver.execute_script("arguments[0].querySelector('td').click();", row)
    show(driver, tid("order-number"))
    yield "order"
    # The print preview dialog, drawn by pdf.js inside the window.
    preview = driver.find_elements(By.CSS_SELECTOR, tid("preview-job-card"))
    if preview:
        driver.execute_script("arguments[0].click();", preview[0])
        wait(driver, 40).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="print-preview"][data-rendered="true"]')
        )
        settle(driver)
        yield "print-preview"
        click(driver, "preview-close")
    # Last, the sign-in screen (this signs the manager out; sign back in for what follows).
    click(driver, "switch-user")
    show(driver, tid("sign-in-name"))
    yield "sign-in"
    sign_in(driver, "Marco Jansen", "5555")
