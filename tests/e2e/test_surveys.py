"""Browser journey through satisfaction surveys: on a phone (360 x 740) someone opens the
demo's open client survey through its public link without signing in, answers it and sees
the thank-you page; the quality manager then finds the answer counted on the results page.

Things are found by URL, form field name and CSS class, not by (translated) text."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}


def _open_client_survey(live_server) -> dict:
    from sqlalchemy import select

    from qms.extensions import db
    from qms.surveys import queries
    from qms.surveys.models import Survey

    with live_server.app.app_context():
        survey = db.session.scalar(select(Survey).where(Survey.kind == "client",
                                                        Survey.status == "open"))
        assert survey is not None, "the demo has an open client survey"
        info = {"id": survey.id, "token": survey.token,
                "questions": [(q.id, q.kind) for q in survey.questions],
                "total": queries.results(survey).total}
        db.session.remove()
    return info


def test_answer_on_a_phone_and_see_it_counted(live_server, new_page, sign_in, watch):
    survey = _open_client_survey(live_server)
    phone = new_page(**PHONE)
    phone.goto(f"/surveys/answer/{survey['token']}")
    assert urlsplit(phone.url).path == f"/surveys/answer/{survey['token']}"  # no sign-in
    form = phone.locator("form.survey-form")
    expect(form).to_be_visible()
    assert phone.evaluate(NO_HORIZONTAL_SCROLL)

    unit = phone.locator("select[name=unit_id]")
    unit.select_option(index=1)
    for question_id, kind in survey["questions"]:
        if kind == "likert":
            option = phone.locator(f"input[name=q{question_id}][value='5']")
            label = phone.locator(f"label.answer-option:has(input[name=q{question_id}]"
                                  f"[value='5'])")
            box = label.bounding_box()
            assert box is not None and box["height"] >= 44  # a touch target
            label.click()
            expect(option).to_be_checked()
        elif kind == "yes_no":
            phone.locator(f"label.answer-option:has(input[name=q{question_id}][value='1'])"
                          ).click()
        elif kind == "text":
            phone.fill(f"textarea[name=q{question_id}]", "Paldies par laipnību!")
    assert phone.evaluate(NO_HORIZONTAL_SCROLL)
    with phone.expect_navigation():
        phone.locator("button.survey-submit").click()
    assert urlsplit(phone.url).path == f"/surveys/answer/{survey['token']}/thanks"
    expect(phone.locator("section.survey-done h1")).to_be_visible()
    assert phone.evaluate(NO_HORIZONTAL_SCROLL)

    # the same browser cannot send the questionnaire a second time
    phone.goto(f"/surveys/answer/{survey['token']}")
    expect(phone.locator("form.survey-form")).to_have_count(0)

    manager = new_page()
    sign_in(manager, "kvalitate")
    manager.goto(f"/surveys/{survey['id']}/results")
    expect(manager.locator(".survey-total")).to_have_text(str(survey["total"] + 1))
    expect(manager.locator("figure.chart svg").first).to_be_visible()
    watch.assert_clean()
