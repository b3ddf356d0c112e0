"""Training records for the permission matrix: a record of another member of staff (so the
object rule refuses those who neither oversee nor manage training)."""

import datetime as dt
from decimal import Decimal

from qms.core.permissions import Permission


def records(ctx) -> dict:
    from qms.core import files
    from qms.training import services

    system, now = ctx["system"], dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    trainee = ctx["make_user"]("staff", full_name="Apmācāmā Darbiniece")
    requirement = services.save_requirement(None, actor=system, now=now, kind="training",
                                            category="social_work", position_id=None,
                                            name="Supervīzija", recurrence_months=12,
                                            min_hours=Decimal("18"))
    item = services.save_plan_item(None, actor=system, now=now, year=2026, quarter=1,
                                   topic="Supervīzija", training_type="supervision",
                                   planned_budget=Decimal("100"))
    record = services.add_record(actor=system, now=now, user_id=trainee.id,
                                 topic="Supervīzija", training_type="supervision",
                                 started_on=dt.date(2026, 2, 1), hours=Decimal("3"),
                                 requirement_id=requirement.id, plan_item_id=item.id)
    evidence = files.attach("training_record", record.id, filename="apliecība.pdf",
                            data=b"%PDF", content_type="application/pdf", uploaded_by_id=None,
                            now=now)
    from qms.extensions import db

    db.session.commit()
    return {"trainee_id": trainee.id, "training_record_id": record.id,
            "training_file_id": evidence.id, "training_requirement_id": requirement.id,
            "training_plan_id": item.id}


OBJECT_RULES = {
    "training.person": (Permission.TRAINING_OVERSEE, 403),
    "training.record": (Permission.TRAINING_OVERSEE, 403),
    "training.download": (Permission.TRAINING_OVERSEE, 403),
    # editing someone else's record: only with training.manage
    "training.edit_record": (Permission.TRAINING_MANAGE, 403),
}
