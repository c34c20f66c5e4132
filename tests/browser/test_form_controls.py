"""Form controls show where they are: the edge of every text box, list and radio button stands out from the page
(WCAG 1.4.11 non-text contrast, 3:1), on a phone, a tablet and a laptop, for residents and staff alike."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def faint_edges(page: Page) -> list[str]:
    """The controls whose border has less than 3:1 contrast with the page behind them."""
    return page.evaluate(
        """() => {
          const luminance = colour => {
            const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map(Number).map(c => {
              c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
                                       return (x + 0.05) / (y + 0.05); };
          return [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]
            .filter(el => contrast(getComputedStyle(el).borderTopColor, 'rgb(255, 255, 255)') < 3)
            .map(el => `${el.name}: ${getComputedStyle(el).borderTopColor}`);
        }"""
    )


def test_the_feedback_forms_controls_stand_out_at_every_width(page, live_server, sign_in, check_page, resident, staff):
    sign_in(page, resident)
    page.goto(live_server.url + reverse("residents:feedback_new"))
    for width in (320, 768, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert faint_edges(page) == [], width
    check_page(page, "feedback-form-controls", phone=True)

    page.get_by_role("button", name="Send").click()  # nothing chosen: the problems are shown in red
    assert faint_edges(page) == []


def test_the_staff_log_feedback_form_controls_stand_out(page, live_server, sign_in, check_page, staff, resident):
    sign_in(page, staff, mfa=True)
    page.goto(live_server.url + reverse("residents:staff_log_feedback", args=[resident.resident.pk]))

    assert faint_edges(page) == []
    check_page(page, "staff-log-feedback", phone=True)
