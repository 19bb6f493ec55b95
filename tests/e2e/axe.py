"""Accessibility checks with axe-core (the npm package in node_modules, see package.json).

axe is evaluated through Playwright's ``page.evaluate``, which goes through the DevTools
protocol and is not subject to the page's Content-Security-Policy: the site's strict policy
(no inline or injected scripts) stays in force while axe runs, so the page is tested as
visitors get it. No ``bypass_csp`` is needed.
"""

from functools import lru_cache
from pathlib import Path

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Only what a report needs travels back from the page.
RUN_AXE = """
async (tags) => {
    const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return results.violations.map(v => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
    }));
}
"""


@lru_cache(maxsize=1)
def axe_source():
    if not AXE_PATH.exists():
        raise AssertionError(f"{AXE_PATH} is missing: run `make browser-deps` (npm ci).")
    return AXE_PATH.read_text(encoding="utf-8")


def axe_violations(page, tags=WCAG_21_AA):
    """Run axe on the page as it is now and return its violations (a list of dicts)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(RUN_AXE, list(tags))


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation['impact']}]: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            if node.get("summary"):
                lines.extend(f"      {line}" for line in node["summary"].splitlines())
    return "\n".join(lines)


def assert_accessible(page, where=None, tags=WCAG_21_AA):
    """Fail with every WCAG 2.1 A/AA violation axe finds: rule id, impact, help and the
    failing elements, so the message says what to fix."""
    violations = axe_violations(page, tags)
    assert not violations, (
        f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on {where or page.url}:\n"
        + format_violations(violations)
    )
