"""The Chinese pages in a real browser: the zh HTML explanation and the zh batch report,
rendered by headless Chromium, lay every Chinese character out with a CJK font (no
missing-glyph boxes), as Chromium's DevTools protocol reports the fonts it used."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from cdp import Browser, chromium
from conftest import ROOT
from inprocess import run

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")

#: Open every <details> and wait two frames, so that what they hold is laid out.
OPEN_ALL = ("document.querySelectorAll('details').forEach(d => d.open = true),"
            " new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))")

pytestmark = pytest.mark.skipif(chromium() is None and not os.environ.get("CI"), reason="chromium not installed")


def _check_cjk(browser: Browser, session: str, selector: str) -> None:
    """Every Chinese character of the node's text is drawn with a CJK font."""
    text = browser.evaluate(session, f"document.querySelector({selector!r}).textContent")
    wanted = len(CJK.findall(text or ""))
    assert wanted > 0, f"{selector} holds no Chinese: {text!r}"
    fonts = browser.fonts_of(session, selector)
    for _ in range(20):  # a node just shown (an opened <details>) is laid out on the next frame
        if fonts:
            break
        time.sleep(0.25)
        fonts = browser.fonts_of(session, selector)
    cjk = sum(f["glyphCount"] for f in fonts if "CJK" in f["familyName"] or "SC" in f["familyName"].split())
    assert cjk >= wanted, (selector, fonts, wanted)


def _width_against_fallback(browser: Browser, session: str, selector: str) -> tuple[float, float]:
    """The rendered width of the node's Chinese text in the page's font, and of the same
    text in a font that has no Chinese glyphs and no fallback (a box per character)."""
    script = f"""(() => {{
        const node = document.querySelector({selector!r});
        const text = node.textContent.replace(/[^\\u4e00-\\u9fff]/g, '');
        const canvas = document.createElement('canvas').getContext('2d');
        const style = getComputedStyle(node);
        canvas.font = style.fontSize + ' ' + style.fontFamily;
        const page = canvas.measureText(text).width;
        canvas.font = style.fontSize + ' monospace';
        const mono = canvas.measureText('x'.repeat(text.length)).width;
        return [page, mono, text.length, parseFloat(style.fontSize)];
    }})()"""
    page, mono, count, size = browser.evaluate(session, script)
    # A CJK font draws each character a full em wide; a box or a Latin fallback glyph is
    # about half an em (monospace x); so the page's width is near count x font size.
    assert abs(page - count * size) <= count * size * 0.05, (selector, page, count, size)
    assert page > mono * 1.5, (selector, page, mono)
    return page, mono


def _keep(shot: Path) -> None:
    """Keep a screenshot where the person running the tests asked (POLICYKB_SCREENSHOTS)."""
    folder = os.environ.get("POLICYKB_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(folder) / shot.name)


@pytest.fixture
def browser(tmp_path: Path):  # type: ignore[no-untyped-def]
    b = Browser(tmp_path / "profile", width=1000, height=1200)
    yield b
    b.close()


def test_the_chinese_explanation_is_laid_out_in_a_cjk_font(tmp_path: Path, browser: Browser) -> None:
    page = tmp_path / "explain-zh.html"
    proc = run("explain", "examples/xicheng-data-street.yaml", "--lang", "zh", "--format", "html", "--out", str(page))
    assert proc.returncode == 0, proc.stderr
    session = browser.open(page.as_uri())
    browser.evaluate(session, OPEN_ALL, promise=True)
    assert browser.evaluate(session, "document.documentElement.lang") == "zh-CN"
    for selector in ("h1", "#summary th", "#awards th", "details.award summary", "blockquote.law",
                     "details.award li", "details.why-not summary"):
        _check_cjk(browser, session, selector)
    _width_against_fallback(browser, session, "blockquote.law")
    # The law is the Chinese original; the English is labelled a translation.
    labels = browser.evaluate(session, "[...document.querySelectorAll('p.law-label')].map(p => p.textContent)")
    assert labels[:2] == ["条文（中文原文）", "英文译文（仅供参考，以上中文原文为准）"]
    _keep(browser.screenshot(session, tmp_path / "explain-zh.png", height=1300))


def test_a_chinese_explanation_without_a_chinese_original_says_so(tmp_path: Path, browser: Browser) -> None:
    page = tmp_path / "explain-zh-chaoyang.html"
    assert run("explain", "examples/chaoyang-exchange-member.yaml", "--lang", "zh", "--format", "html",
               "--out", str(page)).returncode == 0
    session = browser.open(page.as_uri())
    browser.evaluate(session, OPEN_ALL, promise=True)
    notice = browser.evaluate(session, "document.querySelector('p.no-original').textContent")
    assert notice == "知识库未收录该文件的中文原文，此处引用的是英文文本，不是中文法律原文。"
    assert browser.evaluate(session, "document.querySelector('blockquote.law').lang") == "en"
    _check_cjk(browser, session, "p.no-original")
    _keep(browser.screenshot(session, tmp_path / "explain-zh-chaoyang.png", height=1100))


def test_the_chinese_batch_report_is_laid_out_in_a_cjk_font(tmp_path: Path, browser: Browser) -> None:
    folder = tmp_path / "population"
    folder.mkdir()
    for name in ("V01", "V03", "V08", "E01"):
        shutil.copy(ROOT / "tests" / "cases" / f"{name}.yaml", folder)
    report = tmp_path / "report-zh.html"
    proc = run("batch", str(folder), "--out", str(tmp_path / "records.jsonl"), "--report", str(report),
               "--reform", "queries/reforms/double-t7-cap.yaml", "--lang", "zh")
    assert proc.returncode == 0, proc.stderr
    assert "批量评估" in proc.stdout
    session = browser.open(report.as_uri())
    for selector in ("h1", "table th", "h2", "figure svg text[text-anchor='middle']:last-of-type"):
        _check_cjk(browser, session, selector)
    _width_against_fallback(browser, session, "h1")
    _keep(browser.screenshot(session, tmp_path / "report-zh.png", height=1200))
