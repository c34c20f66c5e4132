from engagement.devservers import run_settings


def test_make_run_links_emails_to_the_port_it_serves():
    assert run_settings({}, "8123")["SITE_URL"] == "http://127.0.0.1:8123"


def test_make_run_keeps_a_site_url_that_is_set():
    assert run_settings({"SITE_URL": "https://portal.example.org"}, "8123")["SITE_URL"] == "https://portal.example.org"


def test_make_run_turns_debug_on_unless_told_otherwise():
    assert run_settings({}, "8000")["DEBUG"] == "true"
    assert run_settings({"DEBUG": "false"}, "8000")["DEBUG"] == "false"
