"""End to end: axe-core (ui/node_modules/axe-core, a dev dependency) finds no violation on any
screen of the real window: every navigation screen, every settings tab, an order, the print
preview and the sign-in screen (issue 13, item 13). Each violation is printed with its rule,
impact and the elements it found, so a failure says what to fix."""

from conftest import ROOT
from screens import every_screen, set_language

AXE = ROOT / "ui" / "node_modules" / "axe-core" / "axe.min.js"

RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(
  (r) => done(r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' ')),
  }))),
  (e) => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]),
);
"""


def readable(screen: str, violations: list) -> list[str]:
    lines = []
    for v in violations:
        lines.append(f"{screen}: {v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {node}" for node in v["nodes"]]
    return lines


def test_axe_finds_no_violation_on_any_screen(driver):
    assert AXE.exists(), f"{AXE} is missing: run npm ci in ui/"
    source = AXE.read_text()
    driver.set_script_timeout(60)
    found = []
    for lang in ("en", "nl"):
        set_language(driver, lang)
        for screen in every_screen(driver):
            if not driver.execute_script("return typeof window.axe !== 'undefined'"):
                driver.execute_script(source)
            found += readable(f"{screen} ({lang})", driver.execute_async_script(RUN))
    assert not found, "axe-core violations:\n" + "\n".join(found)
