"""Thin view tests: pages render, buttons call the services, errors are shown."""

import datetime as dt
import io
import shutil
import subprocess

import pytest

from qms.documents import services
from qms.documents.models import VersionStatus
from qms.documents.queries import document_by_code

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_library_search_shows_highlighted_snippets(client, login, make_user, make_document):
    make_document(title="Aprūpe mājās", body="Aprūpētājs apmeklē klientu mājās.\n")
    login(make_user("staff"))
    page = client.get("/documents/?q=aprupetajs").get_data(as_text=True)
    assert "Aprūpe mājās" in page and "<mark>Aprūpētājs</mark>" in page
    assert "No documents match" in client.get("/documents/?q=zzzz").get_data(as_text=True)


def test_the_full_journey_over_http(client, login, make_user, editors, document_types, db):
    reader = make_user("staff")
    login(editors["author"])
    response = client.post("/documents/new", data={
        "title": "Sūdzību izskatīšanas kārtība", "type_id": document_types["procedure"].id,
        "confidentiality": "internal", "distribute_to_everyone": "y",
        "body_md": "# Kārtība\n\nSūdzības izskata 10 darba dienās.\n"})
    assert response.status_code == 302
    code = "KT-01"
    document = document_by_code(code)
    version = document.latest_version
    response = client.post(f"/documents/{code}/v/{version.id}/submit", data={
        "reviewer_ids": [editors["reviewer"].id], "approver_id": editors["approver"].id})
    assert response.status_code == 302 and version.status == VersionStatus.IN_REVIEW
    client.post("/logout")
    login(editors["reviewer"])
    page = client.get(f"/documents/{code}/v/{version.id}").get_data(as_text=True)
    assert "Your review" in page
    client.post(f"/documents/{code}/v/{version.id}/review", data={"decision": "approve"})
    client.post("/logout")
    login(editors["approver"])
    client.post(f"/documents/{code}/v/{version.id}/approve", data={"note": ""})
    assert version.status == VersionStatus.EFFECTIVE
    client.post("/logout")
    login(reader)
    page = client.get(f"/documents/{code}").get_data(as_text=True)
    assert "I have read and understood it" in page
    client.post(f"/documents/{code}/v/{version.id}/acknowledge")
    assert services.pending_acknowledgement(version, reader) is None
    assert "I have read and understood it" not in client.get(
        f"/documents/{code}").get_data(as_text=True)


def test_submit_errors_are_shown_not_raised(client, login, editors, make_document):
    document = make_document(effective=False)
    version = document.latest_version
    login(editors["author"])
    response = client.post(f"/documents/{document.code}/v/{version.id}/submit",
                           data={"reviewer_ids": [editors["author"].id],
                                 "approver_id": editors["approver"].id},
                           follow_redirects=True)
    assert response.status_code == 200
    assert "is not a valid choice" in response.get_data(as_text=True)
    assert version.status == VersionStatus.DRAFT


def test_drafts_are_hidden_from_staff(client, login, make_user, make_document):
    document = make_document(effective=False)
    login(make_user("staff"))
    assert client.get(f"/documents/{document.code}").status_code == 404
    assert client.get(f"/documents/{document.code}/v/{document.latest_version.id}"
                      ).status_code == 403


def test_superseded_versions_carry_a_banner(client, login, make_user, make_document, editors):
    document = make_document()
    first = document.effective_version
    draft = services.start_new_version(document, actor=editors["author"], now=NOW)
    make_document.approve(draft, now=NOW)
    login(make_user("staff"))
    page = client.get(f"/documents/{document.code}/v/{first.id}").get_data(as_text=True)
    assert "superseded by version 2.0" in page


def test_diff_page(client, login, make_user, make_document, editors):
    document = make_document(body="Klientu apkalpo 10 dienās.\n")
    draft = services.start_new_version(document, actor=editors["author"], now=NOW)
    services.update_draft(draft, actor=editors["author"], now=NOW,
                          body_md="Klientu apkalpo 5 dienās.\n", change_reason="", summary="")
    make_document.approve(draft, now=NOW)
    login(make_user("staff"))
    page = client.get(f"/documents/{document.code}/diff").get_data(as_text=True)
    assert "<del>10</del>" in page and "<ins>5</ins>" in page


def test_attachments_download_as_files(client, login, make_user, make_document, editors):
    document = make_document(effective=False)
    draft = document.latest_version
    login(editors["author"])
    client.post(f"/documents/{document.code}/v/{draft.id}/attachments",
                data={"file": (io.BytesIO(b"<script>alert(1)</script>"), "akts.html")},
                content_type="multipart/form-data")
    make_document.approve(draft, now=NOW)
    attachment = draft.attachments[0]
    response = client.get(f"/documents/files/{attachment.id}")
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.data == b"<script>alert(1)</script>"
    response.close()


def test_acknowledgement_matrix_and_csv(client, login, make_user, make_document):
    document = make_document()
    version = document.effective_version
    login(make_user("quality_manager", full_name="Ilze Bērziņa"))
    page = client.get(f"/documents/{document.code}/v/{version.id}/acknowledgements")
    assert page.status_code == 200 and "people have confirmed" in page.get_data(as_text=True)
    csv = client.get(f"/documents/{document.code}/v/{version.id}/acknowledgements?format=csv")
    assert csv.mimetype == "text/csv" and "Māris Reviewer" in csv.data.decode("utf-8-sig")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_has_header_footer_and_latvian_text(client, login, make_user, make_document):
    document = make_document(title="Ģimeņu atbalsts", body="ĀāČčĒēĢģĪīĶķĻļŅņŠšŪūŽž\n")
    login(make_user("staff"))
    response = client.get(f"/documents/{document.code}/v/{document.effective_version.id}.pdf")
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=response.data, capture_output=True,
                          check=True).stdout.decode("utf-8")
    assert "ĀāČčĒēĢģĪīĶķĻļŅņŠšŪūŽž" in text
    assert "Uncontrolled copy, printed" in text and "Page 1 / 1" in text
    assert document.code in text and "v1.0" in text
