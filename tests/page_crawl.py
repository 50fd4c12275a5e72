"""Helpers for the browser tests that visit every page of the built site.

The pages come from the built site's sitemap.xml. Its addresses use site_url from
mkdocs.yml; the tests map them by path onto the local server.

axe-core is slow on a big page, so `axe_everywhere` runs it on one page per
colour scheme and screen size at the same time: it starts axe in each of the
four open pages, then collects the four results.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser_helpers import AXE_OPTIONS

SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "mobile": {
        "viewport": {"width": 375, "height": 812},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}
SCHEMES = {"light": "default", "dark": "slate"}
COMBINATIONS = [(scheme, size) for scheme in SCHEMES for size in SIZES]

# Recorded from before any page script runs, so nothing a page does is missed.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline code"} at ${e.sourceFile}:${e.lineNumber}`
  );
});
"""

# axe leaves some colour-contrast results "needing review": text it cannot place over
# one background (navigation scrolled out of the sidebar, SVG chart labels, a title
# beside its icon). CONTRAST_BY_HAND works each of those out from the computed styles,
# so a page passes only if every such result is a false alarm. It returns a problem
# for any text below 4.5:1 (3:1 when large), and for any reason it does not know.
CONTRAST_BY_HAND = """(nodes) => {
  const rgba = (colour) => {
    const [r, g, b, a = 1] = colour.match(/[\\d.]+/g).map(Number);
    return [r, g, b, a];
  };
  const over = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a), 1];
  const luminance = (rgb) => {
    const [r, g, b] = rgb.slice(0, 3).map((c) => c / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (x, y) => {
    const [hi, lo] = [luminance(x), luminance(y)].sort((a, b) => b - a);
    return (hi + 0.05) / (lo + 0.05);
  };
  // The colour behind an element: the first opaque background among its ancestors,
  // with any translucent ones above it laid on top. A background image would make that
  // guess unsafe, so it is reported instead.
  const backdrop = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== "none" && !(node instanceof SVGElement)) return null;
      const colour = rgba(style.backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] === 1) break;
    }
    return layers.reduceRight((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const problems = [];
  for (const { target, reason } of nodes) {
    const el = document.querySelector(target);
    const style = getComputedStyle(el);
    if (el instanceof SVGElement) {
      // Chart labels sit beside their bars and swatches, never on them.
      const box = el.getBoundingClientRect();
      const shapes = [...el.ownerSVGElement.querySelectorAll("rect, path, circle")];
      if (shapes.some((shape) => overlaps(box, shape.getBoundingClientRect()))) {
        problems.push(`${target}: text drawn over a shape`);
        continue;
      }
    } else if (reason === "pseudoContent") {
      // Material's admonition icon is a ::before box inside the title's left padding.
      const title = el.closest(".admonition-title, summary");
      const icon = title && getComputedStyle(title, "::before");
      if (!icon || parseFloat(icon.left) + parseFloat(icon.width) > parseFloat(getComputedStyle(title).paddingLeft)) {
        problems.push(`${target}: text may overlap an icon`);
        continue;
      }
    } else if (!["bgOverlap", "elmPartiallyObscured", "outsideViewport", "shortTextContent"].includes(reason)) {
      problems.push(`${target}: axe could not decide (${reason}) and no check by hand knows why`);
      continue;
    }
    const behind = backdrop(el);
    if (!behind) {
      problems.push(`${target}: text over a background image`);
      continue;
    }
    const text = over(rgba(el instanceof SVGElement ? style.fill : style.color), behind);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && parseInt(style.fontWeight, 10) >= 700);
    const found = ratio(text, behind);
    if (found < (large ? 3 : 4.5)) problems.push(`${target}: contrast ${found.toFixed(2)}:1 (${reason})`);
  }
  return problems;
}"""

_AXE_START = (
    """(options) => {
  const byHand = """
    + CONTRAST_BY_HAND
    + """;
  // Two animation frames first: the page's own scripts finish laying it out.
  window.__axeResult = new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
    .then(() => axe.run(document, options))
    .then((result) => ({
      violations: result.violations.flatMap((rule) => rule.nodes.map((node) =>
        `${rule.id}: ${node.target.join(" ")} — ${rule.help}`)),
      contrast: byHand(result.incomplete.filter((rule) => rule.id === "color-contrast")
        .flatMap((rule) => rule.nodes.map((node) => ({
          target: node.target.join(" "),
          reason: ((node.any[0] || {}).data || {}).messageKey || "unknown",
        })))),
      undecided: result.incomplete.filter((rule) => rule.id !== "color-contrast").flatMap((rule) =>
        rule.nodes.map((node) => `${rule.id}: ${node.target.join(" ")} — ${rule.help}`)),
    }));
}"""
)

# Every element that can take focus, focused in turn: it must show an outline or a
# shadow, not be transparent or hidden, and be on screen and not covered. Transitions
# are stopped while it checks (through a constructed style sheet, which the page's
# Content Security Policy allows), so each style is judged at its end state. Given
# true, it judges only the element that has focus, and leaves focus where it is.
FOCUS_CHECK = """async (onlyActive = false) => {
  // Judge the end state of each focus style, not a moment in its transition.
  const still = new CSSStyleSheet();
  still.replaceSync("*, *::before, *::after { transition: none !important; animation: none !important; }");
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, still];
  const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const name = (el) => {
    const text = (el.getAttribute("aria-label") || el.textContent || el.getAttribute("href") || "")
      .replace(/\\s+/g, " ").trim().slice(0, 40);
    const classes = typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\\s+/).join(".") : "";
    return `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${classes}> "${text}"`;
  };
  const opaque = (el) => {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (parseFloat(getComputedStyle(node).opacity) === 0) return false;
    }
    return getComputedStyle(el).visibility === "visible";
  };
  // What is wrong with how `el` looks while it has focus ([] if nothing).
  const judge = (el) => {
    const problems = [];
    // Material's light/dark switch is a hidden radio button: its visible label shows the focus.
    const shown = el.classList.contains("md-option")
      ? el.parentElement.querySelector("label:not([hidden])") : el;
    const style = getComputedStyle(shown);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    if (!outline && style.boxShadow === "none") problems.push("shows no focus indicator");
    if (!opaque(shown)) problems.push("is invisible when focused");
    const box = shown.getBoundingClientRect();
    const inside = box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0 &&
      box.left < innerWidth && box.top < innerHeight;
    if (!inside) return [...problems, "is off screen when focused"];
    const hits = [[0.5, 0.5], [0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]].map(([x, y]) =>
      document.elementFromPoint(box.left + box.width * x, box.top + box.height * y));
    const seen = hits.some((hit) => hit && (shown.contains(hit) || hit.contains(shown) ||
      hit.control === el || (el.labels && [...el.labels].includes(hit))));
    return seen ? problems : [...problems, "is covered by another element when focused"];
  };
  const tabbable = onlyActive ? [document.activeElement] : [...document.querySelectorAll(
    "a[href], button, input, select, textarea, summary, [tabindex], [contenteditable]"
  )].filter((el) => {
    if (el.tabIndex < 0 || el.disabled) return false;
    if (el.type !== "radio") return true;
    // Tab reaches one radio button in a group: the checked one, or else the first.
    const group = [...document.querySelectorAll(`input[type="radio"][name="${el.name}"]`)];
    return el === (group.find((r) => r.checked) || group[0]);
  });
  const suspects = [];
  for (const el of tabbable) {
    el.focus();
    if (document.activeElement !== el) continue;  // cannot take focus now (hidden, closed)
    if (judge(el).length) suspects.push(el);
  }
  // Some controls appear through the page's scripts once focused (the search box on a
  // phone opens its panel), and smooth scrolling brings some into view only over several
  // frames, slower on a busy machine: look at those again for up to about two seconds.
  const problems = [];
  for (const el of suspects) {
    el.focus();
    let found = judge(el);
    for (let frame = 0; frame < 120 && found.length && document.activeElement === el; frame++) {
      await frames();
      found = judge(el);
    }
    if (document.activeElement !== el) continue;
    problems.push(...found.map((problem) => `${name(el)} ${problem}`));
    if (onlyActive) break;
    el.blur();
    await frames();
  }
  if (!onlyActive) document.activeElement.blur();
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== still);
  return problems;
}"""


def sitemap_paths(site: Path) -> list[str]:
    """Each page in sitemap.xml as a path below the site's root, such as "plan/objectives/"."""
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text or "" for loc in ET.parse(site / "sitemap.xml").findall(".//s:loc", namespace)]
    paths = [urlsplit(loc).path for loc in locs]
    root = min(paths, key=len)  # the home page
    return [path[len(root) :] for path in paths]


def built_pages(site: Path) -> list[str]:
    """Every page in the built site, found from its files, as a path like sitemap_paths."""
    pages = []
    for index in site.rglob("index.html"):
        relative = index.parent.relative_to(site).as_posix()
        if relative.split("/")[0] == "assets":
            continue
        pages.append("" if relative == "." else relative + "/")
    return sorted(pages)


def context_options(scheme: str, size: str) -> dict:
    return {"color_scheme": scheme, **SIZES[size]}


def axe_script() -> str:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


@contextmanager
def four_pages(browser, setup: Callable[[object], None]) -> Iterator[dict[tuple[str, str], object]]:
    """One open page per (scheme, size), each in its own browser context."""
    with ExitStack() as stack:
        pages = {}
        for scheme, size in COMBINATIONS:
            context = browser.new_context(**context_options(scheme, size))
            stack.callback(context.close)
            setup(context)
            pages[(scheme, size)] = context.new_page()
        yield pages


def start_axe(page) -> None:
    # The crawl also asks for results axe could not decide on, to judge them above.
    page.evaluate(_AXE_START, {**AXE_OPTIONS, "resultTypes": ["violations", "incomplete"]})


def axe_result(page) -> dict[str, list[str]]:
    """Violations, contrast problems found by hand, and other results axe left undecided."""
    return page.evaluate("window.__axeResult")


# The element that has focus: its tag, its name, and whether it is in the mobile drawer.
ACTIVE = """() => {
  const el = document.activeElement;
  return { tag: el.tagName.toLowerCase(), text: (el.getAttribute("aria-label") || el.textContent).trim(),
           inDrawer: !!el.closest(".md-sidebar--primary") };
}"""


def tab_to(page, selector: str, limit: int = 200, key: str = "Tab") -> int:
    """Press Tab until the focused element matches `selector`; how many presses it took."""
    visited = []
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return presses
        visited.append(page.evaluate(ACTIVE)["text"][:30])
    pytest.fail(
        f"{selector} was not reached with {limit} presses of {key}; focus went to: {visited}",
        pytrace=False,
    )
