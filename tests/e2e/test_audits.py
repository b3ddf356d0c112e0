"""Browser journeys through internal audits and external inspections, with the demo people:
the quality manager plans an audit, sets the team and sends the plan; the lead auditor starts
it and answers the checklist on a phone, then issues the report, whose minor finding raised a
nonconformity. The quality manager registers an inspection with two prescriptions; the head of
PSAC answers one of them.

The Latvian texts are still being translated, so things are found by URL, form action, field
name and CSS class; people, units and processes by their ids in the demo database. Every
person works in a browser context of their own; every test creates its own records."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
         "is_mobile": True, "has_touch": True}
STAGES = ["planned", "confirmed", "in_progress", "reported", "follow_up", "closed"]
AUDIT_PATH = re.compile(r"^/audits/(\d+)$")
INSPECTION_PATH = re.compile(r"^/inspections/(\d+)$")
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def path_of(page) -> str:
    return urlsplit(page.url).path


def ids(live_server) -> dict:
    """Ids of the demo records the journeys use."""
    from sqlalchemy import select

    from qms.audits.models import ChecklistTemplate
    from qms.auth.models import User
    from qms.extensions import db
    from qms.inspections.models import Authority
    from qms.org.models import Unit
    from qms.processes.models import Process

    with live_server.app.app_context():
        users = {u.username: u.id for u in db.session.scalars(select(User).where(
            User.username.in_(["kvalitate", "auditore", "aab", "psac"])))}
        found = {
            "users": users,
            "pp04": db.session.scalar(select(Process.id).where(Process.code == "PP-04")),
            "units": dict(db.session.execute(select(Unit.code, Unit.id).where(
                Unit.code.in_(["AAB", "PSAC"]))).all()),
            "template": db.session.scalar(select(ChecklistTemplate.id).where(
                ChecklistTemplate.key.like("pp-04%")).order_by(ChecklistTemplate.key)),
            "vi": db.session.scalar(select(Authority.id).where(
                Authority.name == "Veselības inspekcija")),
        }
        db.session.remove()
    assert None not in (found["pp04"], found["template"], found["vi"]), found
    assert len(users) == 4 and len(found["units"]) == 2, found
    return found


def next_month(day: int = 15) -> dt.date:
    today = dt.date.today()
    return dt.date(today.year + today.month // 12, today.month % 12 + 1, day)


def submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def expect_flash_success(page) -> None:
    expect(page.locator(".flash-success")).to_have_count(1)
    expect(page.locator(".flash-error")).to_have_count(0)


def post_form(page, action: str):
    form = page.locator(f'main form[method=post][action="{action}"]')
    expect(form).to_have_count(1)
    return form


def expect_stage(page, stage: str) -> None:
    expect(page.locator("ol.stages > li")).to_have_count(len(STAGES))
    expect(page.locator("ol.stages > li").nth(STAGES.index(stage))).to_have_attribute(
        "aria-current", "step")


def test_audit_planned_conducted_on_a_phone_and_reported(page, new_page, live_server, watch,
                                                         sign_in):
    demo = ids(live_server)
    token = uuid.uuid4().hex[:8]
    title = f"E2E audits {token}: aprūpe mājās"
    start = next_month()

    # --- kvalitate plans the audit.
    qm = page
    sign_in(qm, "kvalitate")
    qm.goto("/audits/new")
    form = qm.locator("main form[method=post]")
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=criteria]").fill("ISO 9001:2015; PA-04 Aprūpe mājās")
    form.locator("select[name=process_ids]").select_option(str(demo["pp04"]))
    form.locator("select[name=unit_ids]").select_option(str(demo["units"]["AAB"]))
    form.locator("input[name=planned_start]").fill(start.strftime("%d.%m.%Y"))
    submit(qm, form)
    expect_flash_success(qm)
    match = AUDIT_PATH.match(path_of(qm))
    assert match, qm.url
    audit_id = int(match.group(1))
    expect_stage(qm, "planned")

    # The team: Līga Zariņa leads (impartial: she works in SPN), Rudīte Eglīte is audited.
    form = post_form(qm, f"/audits/{audit_id}/team")
    form.locator(f'input[name=lead_id][value="{demo["users"]["auditore"]}"]').check()
    form.locator("select[name=auditee_ids]").select_option(str(demo["users"]["aab"]))
    submit(qm, form)
    expect_flash_success(qm)

    # Confirmed, and the plan is sent.
    form = post_form(qm, f"/audits/{audit_id}/confirm")
    form.locator("textarea[name=agenda]").fill("09:00 atklāšanas sanāksme\n\n"
                                               "10:00 klientu lietu pārbaude")
    expect(form.locator("input[name=send]")).to_be_checked()
    submit(qm, form)
    expect_flash_success(qm)
    expect_stage(qm, "confirmed")

    # --- auditore, on her phone, starts it with the PP-04 checklist.
    auditor = new_page(**PHONE)
    sign_in(auditor, "auditore")
    auditor.goto(f"/audits/{audit_id}")
    form = post_form(auditor, f"/audits/{audit_id}/start")
    form.locator(f'input[name=template_ids][value="{demo["template"]}"]').check()
    submit(auditor, form)
    expect_flash_success(auditor)
    assert path_of(auditor) == f"/audits/{audit_id}/checklist", auditor.url
    assert auditor.evaluate(NO_HORIZONTAL_SCROLL)
    total = auditor.locator("article.checklist-item").count()
    assert total >= 5

    # One minor finding with its evidence; the rest conform or were not audited.
    for n in range(total):
        item = auditor.locator("article.checklist-item.unanswered").first
        form = item.locator("form[method=post]:not(.evidence-upload)")
        if n == 0:
            form.locator('input[type=radio][value="minor"]').check()
            form.locator("textarea").fill("2 no 10 klientu lietām aprūpes plāns nav "
                                          "pārskatīts pēc vajadzību izmaiņām.")
        else:
            result = "not_audited" if n % 4 == 0 else "conforms"
            form.locator(f'input[type=radio][value="{result}"]').check()
        submit(auditor, form)
        expect(auditor.locator(".field-error")).to_have_count(0)
    expect(auditor.locator("article.checklist-item.unanswered")).to_have_count(0)
    expect(auditor.locator("article.checklist-item.item-minor")).to_have_count(1)
    expect(auditor.locator("article.checklist-item.item-conforms")).not_to_have_count(0)
    expect(auditor.locator("article.checklist-item.item-not_audited")).not_to_have_count(0)
    assert auditor.evaluate(NO_HORIZONTAL_SCROLL)

    # The report: summary, strengths, conclusion, distribution to Ilze Bērziņa.
    report_link = auditor.locator(f'main a[href="/audits/{audit_id}/report"]').last
    with auditor.expect_navigation():
        report_link.click()
    form = post_form(auditor, f"/audits/{audit_id}/report")
    form.locator("textarea[name=summary]").fill("Process kopumā darbojas atbilstoši.")
    form.locator("textarea[name=strengths]").fill("Zinoši un atsaucīgi aprūpētāji.")
    form.locator("textarea[name=conclusion]").fill("Process ir efektīvs; viena neliela "
                                                   "neatbilstība.")
    form.locator("select[name=distribution_ids]").select_option(
        str(demo["users"]["kvalitate"]))
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    auditor.on("dialog", accept)
    submit(auditor, form)
    assert dialogs == ["confirm"]
    expect_flash_success(auditor)
    assert path_of(auditor) == f"/audits/{audit_id}/report", auditor.url
    expect(auditor.locator("ul.distribution li")).to_have_count(1)
    finding = auditor.locator("h3.finding-minor + ol.findings > li")
    expect(finding).to_have_count(1)
    nc_link = finding.locator('a[href^="/nonconformities/"]')
    expect(nc_link).to_have_count(1)
    assert re.fullmatch(r"/nonconformities/\d+", nc_link.get_attribute("href"))
    expect(auditor.locator(".hash-ok")).to_have_count(1)
    assert auditor.evaluate(NO_HORIZONTAL_SCROLL)

    # --- the audit page: follow-up of the raised nonconformity (reported before that).
    qm.goto(f"/audits/{audit_id}")
    expect_stage(qm, "follow_up")
    with qm.expect_navigation():
        qm.locator(f'main a[href="/audits/{audit_id}/report"]').first.click()
    href = qm.locator("h3.finding-minor + ol.findings a").first.get_attribute("href")
    with qm.expect_navigation():
        qm.locator(f'main ol.findings a[href="{href}"]').click()
    assert path_of(qm) == href
    watch.assert_clean()


def test_inspection_registered_and_a_prescription_answered(page, new_page, live_server, watch,
                                                          sign_in):
    demo = ids(live_server)
    subject = f"E2E pārbaude {uuid.uuid4().hex[:8]}: higiēnas prasības"
    today = dt.date.today()

    # --- kvalitate registers the inspection with two prescriptions for Vija Grīnberga.
    qm = page
    sign_in(qm, "kvalitate")
    qm.goto("/inspections/new")
    form = qm.locator("main form[method=post]")
    form.locator("select[name=authority_id]").select_option(str(demo["vi"]))
    form.locator("input[name=subject]").fill(subject)
    form.locator("input[name=started_on]").fill(today.strftime("%d.%m.%Y"))
    form.locator("select[name=unit_id]").select_option(str(demo["units"]["PSAC"]))
    submit(qm, form)
    expect_flash_success(qm)
    match = INSPECTION_PATH.match(path_of(qm))
    assert match, qm.url
    inspection_id = int(match.group(1))

    for days, text in ((30, "Nodrošināt dezinfekcijas līdzekļu uzskaiti."),
                       (60, "Aktualizēt telpu uzkopšanas grafiku.")):
        form = post_form(qm, f"/inspections/{inspection_id}/prescriptions")
        form.locator("select[name=new-kind]").select_option("prescription")
        form.locator("input[name=new-deadline_on]").fill(
            (today + dt.timedelta(days=days)).strftime("%d.%m.%Y"))
        form.locator("select[name=new-responsible_id]").select_option(
            str(demo["users"]["psac"]))
        form.locator("textarea[name=new-text]").fill(text)
        submit(qm, form)
        expect_flash_success(qm)
    prescriptions = qm.locator("ol.prescription-list > li.prescription")
    expect(prescriptions).to_have_count(2)
    expect(qm.locator(".badge-prescription-open")).to_have_count(2)
    first_id = prescriptions.first.get_attribute("id").removeprefix("p")

    # --- psac answers the first one in her own browser.
    head = new_page()
    sign_in(head, "psac")
    head.goto(f"/inspections/{inspection_id}")
    form = post_form(head, f"/inspections/prescriptions/{first_id}/respond")
    if not form.is_visible():
        head.locator(f"#p{first_id} details > summary").click()
    form.locator(f"textarea[name=r{first_id}-response]").fill(
        "Ieviests dezinfekcijas līdzekļu uzskaites žurnāls.")
    submit(head, form)
    expect_flash_success(head)
    expect(head.locator(f"#p{first_id} .badge-prescription-answered")).to_have_count(1)
    expect(head.locator(".badge-prescription-answered")).to_have_count(1)
    expect(head.locator(".badge-prescription-open")).to_have_count(1)

    qm.reload()
    expect(qm.locator(".badge-prescription-answered")).to_have_count(1)
    expect(qm.locator(".badge-prescription-open")).to_have_count(1)
    expect(qm.locator(f"#p{first_id} .response")).to_have_count(1)
    watch.assert_clean()
