"""Management review pages, steps through the forms, and the PDF and Markdown exports."""

from __future__ import annotations

import shutil
import subprocess

from qms.reviews import assemble, services, views
from qms.reviews.models import ReviewStatus


def test_pages_render_for_the_quality_manager(client, login, dataset, people):
    login(people.qm)
    assert client.get("/reviews/").status_code == 200
    page = client.get("/reviews/2026")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "9.3.2 c) 4)" in html and "<svg" in html
    assert "Open the draft for 2026" in html


def test_the_review_through_the_forms(client, login, dataset, people, head):
    login(people.qm)
    response = client.post("/reviews/open", data={"year": "2026"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/reviews/2026")
    assert client.post("/reviews/2026/start").status_code == 302
    review = services.get(2026)
    assert review.status == ReviewStatus.IN_PROGRESS
    page = client.get("/reviews/2026").get_data(as_text=True)
    assert "reasons are missing for" in page and "9.3.2 c) 7)" in page
    for section in review.snapshot["sections"]:
        if assemble.needs_reason(section):
            client.post("/reviews/2026/no-data", data={"section": section["key"],
                                                        "reason": "Nav moduļa."})
    client.post("/reviews/2026/narrative", data={"section": "c4_nonconformities",
                                                  "text": "Neatbilstību skaits pieaug."})
    client.post("/reviews/2026/conclusions", data={
        "suitability": "Piemērota.", "adequacy": "Atbilstoša.", "effectiveness": "Efektīva.",
        "strategic_alignment": "Saskaņota."})
    client.post("/reviews/2026/meeting", data={"planned_meeting_on": "15.12.2026",
                                               "participants": "Direktore Galvenā\nIlze",
                                               "attended": ["Direktore Galvenā"]})
    client.post("/reviews/2026/outputs", data={
        "output_class": "qms_change", "change_area": "documents",
        "title": "Pārskatīt sūdzību kārtību", "owner_id": str(people.doer.id),
        "due_on": "01.03.2027", "budget_planned": "1 200,00"})
    assert review.narratives["c4_nonconformities"] == "Neatbilstību skaits pieaug."
    assert len(review.outputs) == 1
    assert review.participants == ["Direktore Galvenā", "Ilze"]
    assert review.attendance == {"Direktore Galvenā": True, "Ilze": False}
    assert review.outputs[0].change_area == "documents"
    page = client.get("/reviews/2026").get_data(as_text=True)
    assert "Pārskatīt sūdzību kārtību" in page and "/reviews/2026/approve" not in page

    assert client.get("/reviews/2026.md").status_code == 200
    client.post("/logout")
    login(head)
    page = client.get("/reviews/2026").get_data(as_text=True)
    assert "/reviews/2026/approve" in page and "data-confirm" in page
    assert client.post("/reviews/2026/approve").status_code == 302
    assert services.get(2026).status == ReviewStatus.APPROVED
    text = client.get("/reviews/2026.md").get_data(as_text=True)
    assert "# Management review 2026" in text and "Pārskatīt sūdzību kārtību" in text
    assert "Approved by Direktore Galvenā" in text
    views._APPROVED_PDFS.clear()
    first = client.get("/reviews/2026.pdf").data
    assert len(views._APPROVED_PDFS) == 1
    assert client.get("/reviews/2026.pdf").data == first and len(views._APPROVED_PDFS) == 1
    client.post("/logout")
    login(people.qm)
    assert client.post("/reviews/2026/distribute", data={
        "recipients": "Domes sociālā komiteja", "channel": "e-pasts"}).status_code == 302
    assert services.get(2026).distribution[0]["to"] == "Domes sociālā komiteja"
    assert "Domes sociālā komiteja" in client.get("/reviews/2026").get_data(as_text=True)
    # The distribution log is part of the report: the PDF is made again.
    assert client.get("/reviews/2026.pdf").data != first and len(views._APPROVED_PDFS) == 2


def test_pdf_and_markdown(client, login, dataset, people, tmp_path):
    login(people.qm)
    response = client.get("/reviews/2026.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        path = tmp_path / "review.pdf"
        path.write_bytes(response.data)
        text = subprocess.run(["pdftotext", str(path), "-"], check=True,
                              capture_output=True, text=True).stdout
        text = " ".join(text.split())
        for key, title in views.SECTION_TITLES.items():
            assert f"{assemble.CLAUSES[key]} {title}" in text, key
        for heading in ("Contents", "Conclusions", "Outputs", "Participants", "Approval"):
            assert heading in text
    latvian = client.get("/reviews/2026.md?lang=lv").get_data(as_text=True)
    assert "# Management review 2026" not in latvian and "9.3.2 f)" in latvian
    assert client.get("/reviews/2026.pdf?lang=en").status_code == 200
    md = client.get("/reviews/2026.md")
    assert md.status_code == 200 and md.mimetype == "text/markdown"
    assert "9.3.2 f)" in md.get_data(as_text=True)


def test_staff_may_not_see_the_review(client, login, make_user):
    login(make_user("staff"))
    assert client.get("/reviews/").status_code == 403
    assert client.post("/reviews/open", data={"year": "2026"}).status_code == 403
