import csv
import io

from qms.core.audit_log import AuditEvent


def test_trail_page_filters_by_action_and_record(client, make_user, login, make_unit):
    login(make_user("quality_manager"))
    make_unit(name="Atbalsta nodaļa")
    make_unit(name="Sociālās palīdzības nodaļa")
    page = client.get("/history/?action=unit.create&q=atbalsta").get_data(as_text=True)
    assert "Atbalsta nodaļa" in page and "Sociālās palīdzības" not in page
    assert "No entries match" in client.get("/history/?action=nothing").get_data(as_text=True)


def test_trail_date_filter_reports_bad_dates_instead_of_failing(client, make_user, login):
    login(make_user("quality_manager"))
    response = client.get("/history/?date_from=31.02.2026&date_to=01.01.2030")
    assert response.status_code == 200
    assert "dd.mm.yyyy" in response.get_data(as_text=True)


def test_csv_export_is_excel_friendly_and_is_itself_recorded(client, make_user, login,
                                                             make_unit, db):
    login(make_user("quality_manager"))
    make_unit(name="Ģimeņu atbalsta nodaļa")
    response = client.get("/history/export.csv?type=unit")
    body = response.get_data()
    assert response.mimetype == "text/csv"
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["time", "actor", "action"]
    assert any("Ģimeņu atbalsta nodaļa" in row for row in rows[1:])
    assert db.session.query(AuditEvent).filter_by(action="audit_trail.export").count() == 1


def test_staff_cannot_see_the_trail(client, make_user, login):
    login(make_user("staff"))
    assert client.get("/history/").status_code == 403
    assert client.get("/history/export.csv").status_code == 403
