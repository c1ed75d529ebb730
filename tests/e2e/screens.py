"""Walks every screen of the window for the checks that hold on all of them (Dutch complete,
fits from 960x600, axe-core clean): each navigation button, every settings tab, an order with
its header and line editors, the print preview dialog, the customer and bike pages, the bench
view and the sign-in screen. Each step waits for the screen's own content, so
the checks never look at a half-drawn screen."""

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
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
    """Waits up to `timeout` seconds. An element found in one poll can be redrawn before it is
    read (a search's answer, a live reload): that poll counts as "not yet", never as a failure."""
    return WebDriverWait(driver, timeout, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def settle(driver) -> None:
    """Waits until nothing on the screen says it is still loading and two frames have drawn."""
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, '[aria-busy="true"]'))
    # Each screen is checked as it opens, from its top (a click may have scrolled the last one).
    driver.execute_script("window.scrollTo(0, 0)")
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


def open_order(driver) -> None:
    """Opens the first order in the list that is still open (its header and work can change)."""
    click(driver, "nav-orders")
    show(driver, tid("order-row"))
    row = driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=\"order-row\"]')].find(r =>"
        " ['intake', 'scheduled', 'in_progress'].includes(r.querySelector('.badge')?.dataset.status));"
    )
    driver.execute_script("arguments[0].querySelector('td').click();", row)
    show(driver, tid("order-number"))


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
    # An open order with a history, lines and the plan panel.
    open_order(driver)
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
    # The order's own editors: its header and its lines.
    click(driver, "edit-header")
    show(driver, tid("header-form"))
    yield "order-header-edit"
    click(driver, "header-cancel")
    click(driver, "edit-lines")
    show(driver, tid("edit-line-code"))
    yield "order-line-editor"
    click(driver, "edit-lines-cancel")
    # The customer's page (and its edit form) and their bike's page, from the order.
    click(driver, "open-customer")
    show(driver, tid("customer-name"))
    yield "customer"
    click(driver, "edit-customer")
    show(driver, tid("customer-form"))
    yield "customer-edit"
    click(driver, "customer-object")
    show(driver, tid("bike-title"))
    yield "bike"
    # The bench view of an order, as a mechanic gets it.
    open_order(driver)
    click(driver, "bench-view")
    show(driver, tid("bench-job"))
    yield "bench"
    click(driver, "bench-counter-view")
    show(driver, tid("order-number"))
    # Last, the sign-in screen (this signs the manager out; sign back in for what follows).
    click(driver, "switch-user")
    show(driver, tid("sign-in-name"))
    yield "sign-in"
    sign_in(driver, "Marco Jansen", "5555")
