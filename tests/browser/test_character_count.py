"""A text box with a limit counts down the characters left as the resident types; text over the limit is kept
and refused next to the box, never cut short by the browser."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_count_of_characters_left_follows_the_typing(page, live_server, sign_in, check_page, resident):
    sign_in(page, resident)
    page.get_by_role("link", name="Tell us something").click()
    box = page.get_by_label("What do you want to tell us?")
    count = page.locator(".character-count-message")
    expect(count).to_have_text("You have 5,000 characters remaining")
    # The limit stays in the box's description for screen readers.
    assert box.get_attribute("aria-describedby").split()[0] == "id_text_limit"
    expect(page.locator("#id_text_limit")).to_have_text("You can enter up to 5,000 characters")
    check_page(page, "feedback-new-count", phone=True)

    box.fill("The lift has been broken since Monday.")
    expect(count).to_have_text("You have 4,962 characters remaining")
    # Screen readers hear the count once the typing pauses.
    expect(page.locator("[aria-live=polite]").filter(has_text="remaining")).to_have_text(
        "You have 4,962 characters remaining"
    )

    typed = "x" * 5010
    box.fill(typed)
    expect(count).to_have_text("You have 10 characters too many")
    assert box.input_value() == typed  # the browser cut nothing
    check_page(page, "feedback-new-over", shot=True)

    page.get_by_role("button", name="Send").click()
    expect(page.locator("#id_text_error")).to_contain_text("5000 characters or fewer")
    assert box.input_value() == typed
    expect(count).to_have_text("You have 10 characters too many")
    check_page(page, "feedback-new-too-long", phone=True)
