"""Client and staff satisfaction surveys, answered anonymously.

Anonymity is a property of the tables: a response holds its survey, the unit it concerns (if
any), the channel and the date it was answered - nothing about who answered, from where or
at what time of day. Paper questionnaires are entered in bulk as one response with a count of
``questionnaires`` and answers with a ``count``, so totals combine with online answers.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qms.core.time import UTCDateTime
from qms.extensions import db


class SurveyKind(StrEnum):
    CLIENT = "client"
    STAFF = "staff"


SURVEY_KIND_LABELS = {
    SurveyKind.CLIENT: _l("Client satisfaction"),
    SurveyKind.STAFF: _l("Staff satisfaction"),
}


class SurveyStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


SURVEY_STATUS_LABELS = {
    SurveyStatus.DRAFT: _l("Draft"),
    SurveyStatus.OPEN: _l("Open"),
    SurveyStatus.CLOSED: _l("Closed"),
}

# The state machine: status -> the statuses it may move to.
TRANSITIONS = {
    SurveyStatus.DRAFT: {SurveyStatus.OPEN},
    SurveyStatus.OPEN: {SurveyStatus.CLOSED},
    SurveyStatus.CLOSED: {SurveyStatus.OPEN},
}


class QuestionKind(StrEnum):
    LIKERT = "likert"
    YES_NO = "yes_no"
    CHOICE = "choice"
    TEXT = "text"


QUESTION_KIND_LABELS = {
    QuestionKind.LIKERT: _l("Scale 1–5"),
    QuestionKind.YES_NO: _l("Yes / no"),
    QuestionKind.CHOICE: _l("One of several options"),
    QuestionKind.TEXT: _l("Free text"),
}

LIKERT_VALUES = (1, 2, 3, 4, 5)
LIKERT_LABELS = {
    1: _l("Very dissatisfied"),
    2: _l("Dissatisfied"),
    3: _l("Neither satisfied nor dissatisfied"),
    4: _l("Satisfied"),
    5: _l("Very satisfied"),
}
YES, NO = 1, 0
YES_NO_LABELS = {YES: _l("Yes"), NO: _l("No")}


class Channel(StrEnum):
    ONLINE = "online"
    PAPER = "paper"


CHANNEL_LABELS = {Channel.ONLINE: _l("Online"), Channel.PAPER: _l("Paper")}


class Survey(db.Model):
    __tablename__ = "survey"
    __table_args__ = (Index("ix_survey_kind_year", "kind", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    year: Mapped[int]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    intro: Mapped[str] = mapped_column(Text, default="")
    # Ask respondents which unit's services they used (when the survey has no unit).
    ask_unit: Mapped[bool] = mapped_column(default=False)
    # Paper questionnaires handed out, for the response rate (optional).
    distributed: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(20), default=SurveyStatus.DRAFT)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    opened_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(default=1)

    unit = relationship("Unit")
    questions: Mapped[list[SurveyQuestion]] = relationship(
        back_populates="survey", order_by="SurveyQuestion.position",
        cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    @property
    def kind_label(self):
        return SURVEY_KIND_LABELS.get(self.kind, self.kind)

    @property
    def status_label(self):
        return SURVEY_STATUS_LABELS.get(self.status, self.status)

    @property
    def is_draft(self) -> bool:
        return self.status == SurveyStatus.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN


class SurveyQuestion(db.Model):
    __tablename__ = "survey_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"),
                                           index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(500))
    # Single-choice options in order; answers store the option's index.
    options: Mapped[list] = mapped_column(JSON, default=list)
    required: Mapped[bool] = mapped_column(default=False)
    # The question of an earlier survey it was copied from (for the year-to-year comparison).
    source_question_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_question.id", ondelete="SET NULL"))
    row_version: Mapped[int] = mapped_column(default=1)

    survey: Mapped[Survey] = relationship(back_populates="questions")

    __mapper_args__ = {"version_id_col": row_version}

    def __str__(self) -> str:
        return self.text

    @property
    def kind_label(self):
        return QUESTION_KIND_LABELS.get(self.kind, self.kind)

    def value_labels(self) -> dict[int, object]:
        """The answer values of a closed question and their labels, in order."""
        if self.kind == QuestionKind.LIKERT:
            return dict(LIKERT_LABELS)
        if self.kind == QuestionKind.YES_NO:
            return dict(YES_NO_LABELS)
        if self.kind == QuestionKind.CHOICE:
            return dict(enumerate(self.options or []))
        return {}


class SurveyResponse(db.Model):
    """One online questionnaire, or one batch of paper questionnaires. Deliberately without
    any column that could identify the respondent (no user, address, browser or time)."""

    __tablename__ = "survey_response"
    __table_args__ = (Index("ix_survey_response_survey_unit", "survey_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    channel: Mapped[str] = mapped_column(String(10), default=Channel.ONLINE)
    answered_on: Mapped[dt.date] = mapped_column(Date)
    questionnaires: Mapped[int] = mapped_column(default=1)

    answers: Mapped[list[SurveyAnswer]] = relationship(back_populates="response",
                                                       cascade="all, delete-orphan")


class SurveyAnswer(db.Model):
    """The answer to one question: ``value`` (1-5, yes 1 / no 0, option index) or ``text``;
    ``count`` > 1 only for paper counts entered in bulk."""

    __tablename__ = "survey_answer"
    __table_args__ = (Index("ix_survey_answer_question", "question_id", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_response.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_question.id", ondelete="CASCADE"))
    value: Mapped[int | None]
    text: Mapped[str] = mapped_column(Text, default="")
    count: Mapped[int] = mapped_column(default=1)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")
