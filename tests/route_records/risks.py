"""Records for the routes of the risk register (context, parties, risks)."""

import datetime as dt


def records(ctx):
    from qms.risks import services

    system = ctx["system"]
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    owner = ctx["make_user"]("manager", full_name="Riska Īpašniece")
    issue = services.save_issue(None, actor=system, now=now, kind="external",
                                category="economic", title="Budžeta samazinājums")
    party = services.save_party(None, actor=system, now=now, name="Dome", kind="council",
                                needs="Budžeta disciplīna")
    risk = services.create_risk(actor=system, now=now, kind="risk", title="Mainība",
                                owner_id=owner.id, likelihood=3, impact=4,
                                source_issue_id=issue.id, source_party_id=party.id)
    return {"risk_id": risk.id, "issue_id": issue.id, "party_id": party.id}
