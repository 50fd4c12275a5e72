"""A toolkit page's download links deliver its documents, with the right content type."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser_helpers import recorded_page

pytestmark = pytest.mark.browser

TYPES = {
    "odt": ("OpenDocument file", "application/vnd.oasis.opendocument.text"),
    "docx": (
        "Word file",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}


@pytest.mark.parametrize("ext", list(TYPES))
def test_following_a_download_link_gets_the_file(
    browser, site_url: str, built_site: Path, ext: str
) -> None:
    kind, content_type = TYPES[ext]
    with recorded_page(browser) as (page, record):
        page.goto(site_url + "toolkit/risk-log/")
        with page.expect_download() as info:
            page.get_by_role("link", name=re.compile(f"as an? {kind} ")).click()
        download = info.value
        assert download.suggested_filename == f"risk-log.{ext}"
        built = built_site / "toolkit" / "risk-log" / f"risk-log.{ext}"
        assert Path(download.path()).read_bytes() == built.read_bytes()
        response = page.request.get(site_url + f"toolkit/risk-log/risk-log.{ext}")
        assert response.headers["content-type"] == content_type
        assert record.console_errors == [] and record.page_errors == []
