"""The annual management review (ISO 9001:2015 9.3): the frozen input pack, the narratives,
the conclusions, the outputs (tracked as actions) and the approval by the head."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from qms.core.time import UTCDateTime
from qms.extensions import db


class ReviewStatus(StrEnum):
    DRAFT = "draft"
    IN_PROGRESS = "in_progress"
    APPROVED = "approved"


REVIEW_STATUS_LABELS = {
    ReviewStatus.DRAFT: _l("Draft (live figures)"),
    ReviewStatus.IN_PROGRESS: _l("In progress (figures frozen)"),
    ReviewStatus.APPROVED: _l("Approved"),
}


class OutputClass(StrEnum):
    """9.3.3: decisions and actions on improvement, changes to the QMS, resource needs."""

    IMPROVEMENT = "improvement"
    QMS_CHANGE = "qms_change"
    RESOURCE_NEED = "resource_need"
    OTHER = "other"


OUTPUT_CLASS_LABELS = {
    OutputClass.IMPROVEMENT: _l("Opportunity for improvement"),
    OutputClass.QMS_CHANGE: _l("Change to the QMS"),
    OutputClass.RESOURCE_NEED: _l("Resource need"),
    OutputClass.OTHER: _l("Other decision"),
}


class ChangeArea(StrEnum):
    """What a change to the QMS (9.3.3 b) touches."""

    POLICY = "policy"
    OBJECTIVES = "objectives"
    PROCESSES = "processes"
    DOCUMENTS = "documents"
    OTHER = "other"


CHANGE_AREA_LABELS = {
    ChangeArea.POLICY: _l("Quality policy"),
    ChangeArea.OBJECTIVES: _l("Quality objectives"),
    ChangeArea.PROCESSES: _l("Processes"),
    ChangeArea.DOCUMENTS: _l("Documents"),
    ChangeArea.OTHER: _l("Other part of the QMS"),
}

CONCLUSION_FIELDS = ("suitability", "adequacy", "effectiveness", "strategic_alignment")

CONCLUSION_LABELS = {
    "suitability": _l("Suitability of the QMS"),
    "adequacy": _l("Adequacy of the QMS"),
    "effectiveness": _l("Effectiveness of the QMS"),
    "strategic_alignment": _l("Alignment with the strategic direction"),
}


class ManagementReview(db.Model):
    __tablename__ = "management_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    status: Mapped[str] = mapped_column(String(20), default=ReviewStatus.DRAFT)
    planned_meeting_on: Mapped[dt.date | None] = mapped_column(Date)
    # Names of the participants, and {name: true/false} for who attended.
    participants: Mapped[list] = mapped_column(JSON, default=list)
    attendance: Mapped[dict] = mapped_column(JSON, default=dict)
    # The input pack frozen when the review started, and its SHA-256.
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    snapshot_sha256: Mapped[str] = mapped_column(String(64), default="")
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # {section key: text}.
    narratives: Mapped[dict] = mapped_column(JSON, default=dict)
    no_data_reasons: Mapped[dict] = mapped_column(JSON, default=dict)
    suitability: Mapped[str] = mapped_column(Text, default="")
    adequacy: Mapped[str] = mapped_column(Text, default="")
    effectiveness: Mapped[str] = mapped_column(Text, default="")
    strategic_alignment: Mapped[str] = mapped_column(Text, default="")
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    approval_sha256: Mapped[str] = mapped_column(String(64), default="")
    distribution: Mapped[list] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(default=1)

    approved_by = relationship("User", foreign_keys=[approved_by_id])
    outputs: Mapped[list[ReviewOutput]] = relationship(back_populates="review",
                                                       order_by="ReviewOutput.id")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{_l('Management review')} {self.year}"

    @property
    def status_label(self):
        return REVIEW_STATUS_LABELS.get(self.status, self.status)

    @property
    def is_approved(self) -> bool:
        return self.status == ReviewStatus.APPROVED

    def conclusions(self) -> dict[str, str]:
        return {name: getattr(self, name) or "" for name in CONCLUSION_FIELDS}


class ReviewOutput(db.Model):
    """One output of a review, tracked as an action of the improvement register."""

    __tablename__ = "review_output"
    __table_args__ = (UniqueConstraint("action_id", name="uq_review_output_action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("management_review.id"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"))
    output_class: Mapped[str] = mapped_column(String(20), default=OutputClass.IMPROVEMENT)
    # For a change to the QMS: policy, objectives, processes, documents or other.
    change_area: Mapped[str] = mapped_column(String(20), default="")

    review: Mapped[ManagementReview] = relationship(back_populates="outputs")
    action = relationship("Action")

    @property
    def class_label(self):
        label = str(OUTPUT_CLASS_LABELS.get(self.output_class, self.output_class))
        if self.change_area:
            label += f": {CHANGE_AREA_LABELS.get(self.change_area, self.change_area)}"
        return label


class ReviewIsImmutable(RuntimeError):
    pass


# What may still change once a review is approved: the log of its distribution.
_CHANGEABLE_AFTER_APPROVAL = {"distribution", "row_version"}


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_approved_reviews(session, flush_context, instances):
    """An approved review never changes (only its distribution log grows), and gets no new
    outputs."""
    for obj in session.dirty:
        if isinstance(obj, ManagementReview) and session.is_modified(obj):
            history = inspect(obj).attrs.status.history
            old = history.deleted[0] if history.deleted else obj.status
            changed = {attr.key for attr in inspect(obj).attrs if attr.history.has_changes()}
            if old == ReviewStatus.APPROVED and changed - _CHANGEABLE_AFTER_APPROVAL:
                raise ReviewIsImmutable(f"{obj} is approved and cannot change")
        if isinstance(obj, ReviewOutput) and session.is_modified(obj):
            raise ReviewIsImmutable("review outputs cannot be changed")
    for obj in session.new:
        if isinstance(obj, ReviewOutput):
            review = obj.review
            if review is not None and review.status == ReviewStatus.APPROVED:
                raise ReviewIsImmutable(f"{review} is approved: no new outputs")
    for obj in session.deleted:
        if isinstance(obj, ManagementReview | ReviewOutput):
            raise ReviewIsImmutable("management reviews are not deleted")
