"""Use cases of internal auditing: the programme and its coverage, audits with an impartial
team, checklists, findings that raise nonconformities or improvement actions, the report."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from qms.auth.models import User
from qms.core import audit_log, transaction
from qms.core.errors import DomainError, InvalidTransition, PermissionDenied
from qms.core.permissions import Permission
from qms.core.privacy import refuse_personal_codes
from qms.core.time import local_date
from qms.extensions import db
from qms.org.models import Unit
from qms.processes.models import Process

from qms.audits.models import (  # isort: skip
    AUDIT_STATUS_LABELS, AUDIT_TRANSITIONS, FINDING_RESULTS, Audit, AuditItem, AuditMember,
    AuditorProfile, AuditProgramme, AuditStatus, AuditType, ChecklistTemplate, ItemResult,
    ProcessRisk,
)

MEMBER_ROLES = ("lead", "auditor", "auditee")


def can_plan(user) -> bool:
    return user.can(Permission.AUDIT_PLAN)


def is_auditor_of(user, audit: Audit) -> bool:
    uid = getattr(user, "id", None)
    return any(m.user_id == uid and m.role in ("lead", "auditor") for m in audit.members)


def can_conduct(user, audit: Audit) -> bool:
    return can_plan(user) or (user.can(Permission.AUDIT_CONDUCT) and is_auditor_of(user, audit))


def can_see(user, audit: Audit) -> bool:
    uid = getattr(user, "id", None)
    return user.can(Permission.AUDIT_VIEW) or any(m.user_id == uid for m in audit.members)


def _require(allowed: bool, message=None) -> None:
    if not allowed:
        raise PermissionDenied(message or _l("You may not do this with this audit."))


def _move(audit: Audit, target: AuditStatus, *, actor, now, note: str = "") -> None:
    current = AuditStatus(audit.status)
    if target not in AUDIT_TRANSITIONS[current]:
        raise InvalidTransition(_l("An audit that is “%(status)s” cannot become “%(target)s”.",
                                   status=AUDIT_STATUS_LABELS[current],
                                   target=AUDIT_STATUS_LABELS[target]))
    audit.status = target
    audit_log.record(actor=actor, action=f"audit.{target.value}", entity=audit,
                     changes={"status": [current.value, target.value]}, note=note, now=now)


# --- programme --------------------------------------------------------------------------------

def create_programme(*, actor, now: dt.datetime, year: int, objectives: str = "",
                     methods: str = "", resources: str = "",
                     copy_from: AuditProgramme | None = None) -> AuditProgramme:
    """A programme for ``year``; started from an earlier one, it takes over its objectives,
    risk ratings and planned audits (moved by the year difference, not yet confirmed)."""
    _require(can_plan(actor), _l("Only the quality manager plans audits."))
    if db.session.scalar(select(AuditProgramme).where(AuditProgramme.year == year)):
        raise DomainError(_l("There is already a programme for %(year)s.", year=year),
                          field="year")
    programme = AuditProgramme(year=year, created_at=now,
                               objectives=objectives or (copy_from.objectives if copy_from
                                                         else ""),
                               methods=methods or (copy_from.methods if copy_from else ""),
                               resources=resources or (copy_from.resources if copy_from
                                                       else ""))
    db.session.add(programme)
    db.session.flush()
    if copy_from is not None:
        shift = year - copy_from.year
        for risk in copy_from.process_risks:
            programme.process_risks.append(ProcessRisk(
                process_id=risk.process_id, importance=risk.importance, changes=risk.changes,
                earlier_results=risk.earlier_results, rationale=risk.rationale))
        for old in copy_from.audits:
            if old.status == AuditStatus.CANCELLED or old.type != AuditType.INTERNAL:
                continue
            _new_audit(actor=actor, now=now, programme=programme, title=old.title,
                       objectives=old.objectives, criteria=old.criteria,
                       iso_clauses=list(old.iso_clauses or []), planned_month=old.planned_month,
                       planned_start=_shift(old.planned_start, shift),
                       planned_end=_shift(old.planned_end, shift),
                       process_ids=[p.id for p in old.processes],
                       unit_ids=[u.id for u in old.units])
    audit_log.record_creation(programme, ["year"], actor=actor, action="audit_programme.create",
                              now=now)
    transaction.commit()
    return programme


def _shift(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def rate_process(programme: AuditProgramme, *, actor, now, process_id: int, importance: int,
                 changes: int, earlier_results: int, rationale: str = "") -> ProcessRisk:
    _require(can_plan(actor))
    for value in (importance, changes, earlier_results):
        if value not in (1, 2, 3):
            raise DomainError(_l("Rate from 1 (low) to 3 (high)."))
    risk = next((r for r in programme.process_risks if r.process_id == process_id), None)
    if risk is None:
        risk = ProcessRisk(process_id=process_id)
        programme.process_risks.append(risk)
    audit_log.apply_changes(risk, {"importance": importance, "changes": changes,
                                   "earlier_results": earlier_results,
                                   "rationale": rationale.strip()[:1000]},
                            actor=actor, action="audit_programme.rate", now=now)
    transaction.commit()
    return risk


def update_programme(programme: AuditProgramme, *, actor, now, objectives: str, methods: str,
                     resources: str, plan_notice_days: int, report_due_days: int,
                     expected_version: int | None = None) -> AuditProgramme:
    """The programme's objectives, methods and resources, and its notice and report periods."""
    from qms.core.concurrency import check_version

    _require(can_plan(actor), _l("Only the quality manager plans audits."))
    check_version(programme, expected_version)
    for value, field in ((plan_notice_days, "plan_notice_days"),
                         (report_due_days, "report_due_days")):
        if value is None or not 0 <= value <= 365:
            raise DomainError(_l("Give a number of days from 0 to 365."), field=field)
    audit_log.apply_changes(programme, {"objectives": objectives.strip(),
                                        "methods": methods.strip(),
                                        "resources": resources.strip(),
                                        "plan_notice_days": plan_notice_days,
                                        "report_due_days": report_due_days},
                            actor=actor, action="audit_programme.update", now=now)
    transaction.commit()
    return programme


def coverage(until_year: int, *, years: int = 3) -> dict:
    """Processes x units over the certification cycle: the last year each pair was audited
    (an audit counts for every process and unit in its scope), or None."""
    first = until_year - years + 1
    rows = db.session.execute(
        select(Process.id, Unit.id, func.max(Audit.planned_start))
        .select_from(Audit)
        .join(Audit.processes).join(Audit.units)
        .where(Audit.status.not_in([AuditStatus.CANCELLED]),
               func.coalesce(Audit.actual_start, Audit.planned_start) >= dt.date(first, 1, 1),
               func.coalesce(Audit.actual_start, Audit.planned_start)
               <= dt.date(until_year, 12, 31))
        .group_by(Process.id, Unit.id)).all()
    last = {(process_id, unit_id): day for process_id, unit_id, day in rows}
    processes = list(db.session.scalars(select(Process).where(Process.is_active.is_(True))
                                        .order_by(Process.code)))
    units = list(db.session.scalars(select(Unit).where(Unit.is_active.is_(True))
                                    .order_by(Unit.code)))
    never = [p for p in processes if not any((p.id, u.id) in last for u in units)]
    return {"processes": processes, "units": units, "last": last, "first_year": first,
            "until_year": until_year, "never_audited": never}


# --- audits -------------------------------------------------------------------------------

AUDIT_FIELDS = ["type", "title", "objectives", "criteria", "iso_clauses", "planned_month",
                "planned_start", "planned_end"]


def _next_number(year: int) -> str:
    count = db.session.scalar(select(func.count(Audit.id)).where(
        Audit.number.like(f"IA-{year}-%"))) or 0
    return f"IA-{year}-{count + 1:02d}"


def _new_audit(*, actor, now, programme, title, objectives, criteria, iso_clauses,
               planned_month, planned_start, planned_end, process_ids, unit_ids,
               audit_type=AuditType.INTERNAL, document_ids=()) -> Audit:
    year = (planned_start.year if planned_start else programme.year if programme
            else local_date(now).year)
    audit = Audit(number=_next_number(year), programme=programme, type=audit_type,
                  title=title.strip()[:300], objectives=objectives, criteria=criteria,
                  iso_clauses=iso_clauses, planned_month=planned_month or (
                      planned_start.month if planned_start else None),
                  planned_start=planned_start, planned_end=planned_end or planned_start,
                  status=AuditStatus.PLANNED, created_at=now)
    with db.session.no_autoflush:
        audit.processes = list(db.session.scalars(select(Process).where(
            Process.id.in_(process_ids or []))))
        audit.units = list(db.session.scalars(select(Unit).where(
            Unit.id.in_(unit_ids or []))))
        if document_ids:
            from qms.documents.models import Document

            audit.documents = list(db.session.scalars(select(Document).where(
                Document.id.in_(document_ids))))
    db.session.add(audit)
    db.session.flush()
    audit_log.record_creation(audit, AUDIT_FIELDS, actor=actor, action="audit.create", now=now)
    return audit


def plan_audit(*, actor, now: dt.datetime, programme: AuditProgramme | None, title: str,
               objectives: str = "", criteria: str = "", iso_clauses=(), planned_start=None,
               planned_end=None, planned_month: int | None = None, process_ids=(),
               unit_ids=(), document_ids=(), audit_type: str = AuditType.INTERNAL) -> Audit:
    """An audit needs a scope (processes, units or clauses) and criteria."""
    _require(can_plan(actor), _l("Only the quality manager plans audits."))
    if not title.strip():
        raise DomainError(_l("Give the audit a title."), field="title")
    if not (process_ids or unit_ids or iso_clauses):
        raise DomainError(_l("Give the scope: processes, units or ISO clauses."),
                          field="process_ids")
    if not criteria.strip():
        raise DomainError(_l("Give the audit criteria (e.g. ISO 9001, the process "
                             "description, MK 338)."), field="criteria")
    if planned_start and planned_end and planned_end < planned_start:
        raise DomainError(_l("The audit cannot end before it starts."), field="planned_end")
    if planned_month is not None and not 1 <= planned_month <= 12:
        raise DomainError(_l("Choose a month."), field="planned_month")
    if audit_type not in AuditType.__members__.values():
        raise DomainError(_l("Choose the type."), field="type")
    audit = _new_audit(actor=actor, now=now, programme=programme, title=title,
                       objectives=objectives.strip(), criteria=criteria.strip(),
                       iso_clauses=[c.strip() for c in iso_clauses if c.strip()],
                       planned_month=planned_month, planned_start=planned_start,
                       planned_end=planned_end, process_ids=process_ids, unit_ids=unit_ids,
                       audit_type=audit_type, document_ids=document_ids)
    transaction.commit()
    return audit


def impartiality_problems(user: User, audit: Audit) -> list[str]:
    """Why ``user`` is not impartial for the audit's scope (empty when they are)."""
    from qms.documents.models import DocumentVersion

    problems = []
    units = {u.id for u in audit.units}
    unit_ids = _with_ancestors(user.unit_id)
    if units & unit_ids:
        problems.append(str(_l("works in an audited unit")))
    if user.position_id and any(p.owner_position_id == user.position_id
                                for p in audit.processes):
        problems.append(str(_l("owns an audited process")))
    document_ids = [d.id for d in audit.documents]
    if document_ids and db.session.scalar(select(func.count(DocumentVersion.id)).where(
            DocumentVersion.document_id.in_(document_ids),
            DocumentVersion.author_id == user.id)):
        problems.append(str(_l("wrote an audited document")))
    return problems


def _with_ancestors(unit_id: int | None) -> set[int]:
    from qms.documents.services import unit_with_ancestors

    return unit_with_ancestors(unit_id)


def set_team(audit: Audit, *, actor, now: dt.datetime, lead_id: int, auditor_ids=(),
             auditee_ids=(), overrides: dict[int, str] | None = None) -> Audit:
    """The lead auditor, auditors and auditees. A non-impartial auditor is refused unless
    the quality manager gives a written reason, which lands in the audit trail."""
    _require(can_plan(actor), _l("Only the quality manager assigns audit teams."))
    if audit.status not in (AuditStatus.PLANNED, AuditStatus.CONFIRMED):
        raise InvalidTransition(_l("The team is set before the audit starts."))
    overrides = {int(k): v.strip() for k, v in (overrides or {}).items() if v and v.strip()}
    wanted: list[tuple[int, str]] = [(lead_id, "lead")] + [
        (i, "auditor") for i in auditor_ids if i != lead_id] + [
        (i, "auditee") for i in auditee_ids]
    members = []
    for user_id, role in wanted:
        user = db.session.get(User, user_id or 0)
        if user is None or not user.is_active_account:
            raise DomainError(_l("Choose active people."), field="lead_id")
        if role in ("lead", "auditor"):
            problems = impartiality_problems(user, audit)
            if problems and user_id not in overrides:
                raise DomainError(_l("%(name)s is not impartial for this audit (%(why)s). "
                                     "Choose someone else, or give a written reason to "
                                     "override.", name=user.full_name,
                                     why=", ".join(problems)), field="lead_id")
            if problems:
                audit_log.record(actor=actor, action="audit.impartiality_override",
                                 entity=audit, note=f"{user.full_name}: {overrides[user_id]}",
                                 changes={"problems": [None, problems]}, now=now)
        members.append(AuditMember(user_id=user.id, role=role,
                                   override_reason=overrides.get(user.id, "")
                                   if role != "auditee" else ""))
    before = sorted(f"{m.role}:{m.user_id}" for m in audit.members)
    audit.members = members
    audit_log.record(actor=actor, action="audit.team", entity=audit, now=now, changes={
        "team": [before, sorted(f"{m.role}:{m.user_id}" for m in members)]})
    transaction.commit()
    return audit


def impartial_auditors(audit: Audit) -> list[tuple[User, list[str]]]:
    """Everyone in the auditors' register (or with the auditor role), with the reasons they
    are not impartial for this audit (an empty list when they are)."""
    from qms.auth.models import UserRole

    profiles = select(AuditorProfile.user_id).where(AuditorProfile.is_active.is_(True))
    role = select(UserRole.user_id).where(UserRole.role == "auditor")
    people = db.session.scalars(select(User).where(
        User.is_active_account.is_(True), User.id.in_(profiles) | User.id.in_(role))
        .order_by(User.full_name)).all()
    return [(person, impartiality_problems(person, audit)) for person in people]


def confirm(audit: Audit, *, actor, now, agenda: str = "", send: bool = True) -> Audit:
    """Confirm the dates and send the plan (agenda) to the team and the auditees."""
    _require(can_plan(actor))
    if audit.lead is None:
        raise InvalidTransition(_l("Assign the lead auditor first."))
    if audit.planned_start is None:
        raise DomainError(_l("Give the start date."), field="planned_start")
    if agenda.strip():
        audit.agenda = agenda.strip()
    _move(audit, AuditStatus.CONFIRMED, actor=actor, now=now)
    if send:
        _send_plan(audit, actor=actor, now=now)
    transaction.commit()
    return audit


def _send_plan(audit: Audit, *, actor, now) -> None:
    from qms.notifications.services import N_, notify

    for member in audit.members:
        notify(member.user, kind="audit.plan", now=now, link=f"/audits/{audit.id}",
               message=N_("Audit plan %(number)s: %(title)s on %(date)s"),
               params={"number": audit.number, "title": audit.title,
                       "date": audit.planned_start.strftime("%d.%m.%Y")},
               dedup_key=f"audit.plan:{audit.id}:{audit.planned_start}:{member.user_id}")
    audit.plan_sent_at = now
    audit_log.record(actor=actor, action="audit.plan_sent", entity=audit, now=now, changes={
        "recipients": [None, sorted(m.user.full_name for m in audit.members)]})


def start(audit: Audit, *, actor, now, template_ids=(), copy_previous: bool = False) -> Audit:
    """Begin: the checklist comes from templates, or from the previous audit of the same
    scope with its results reset."""
    _require(can_conduct(actor, audit), _l("Only the audit team may start the audit."))
    _move(audit, AuditStatus.IN_PROGRESS, actor=actor, now=now)
    audit.actual_start = local_date(now)
    if not audit.items:
        add_checklist(audit, template_ids=template_ids, copy_previous=copy_previous)
    transaction.commit()
    return audit


def previous_of_same_scope(audit: Audit) -> Audit | None:
    process_ids = sorted(p.id for p in audit.processes)
    unit_ids = sorted(u.id for u in audit.units)
    candidates = db.session.scalars(
        select(Audit).where(Audit.id != audit.id, Audit.items.any(),
                            Audit.status.not_in([AuditStatus.CANCELLED]))
        .order_by(Audit.planned_start.desc())).all()
    for other in candidates:
        if sorted(p.id for p in other.processes) == process_ids and \
                sorted(u.id for u in other.units) == unit_ids:
            return other
    return None


def add_checklist(audit: Audit, *, template_ids=(), copy_previous: bool = False) -> int:
    position = len(audit.items)
    questions: list[tuple[str, str, str]] = []
    if copy_previous:
        previous = previous_of_same_scope(audit)
        if previous is None:
            raise DomainError(_l("There is no earlier audit of the same scope to copy."),
                              field="copy_previous")
        audit.copied_from_id = previous.id
        questions += [(i.section, i.clause, i.question) for i in previous.items]
    for template_id in template_ids:
        template = db.session.get(ChecklistTemplate, template_id)
        if template is None:
            raise DomainError(_l("Unknown checklist."), field="template_ids")
        questions += [(q.section, q.clause, q.question) for q in template.questions]
    for section, clause, question in questions:
        position += 1
        audit.items.append(AuditItem(position=position, section=section, clause=clause,
                                     question=question))
    return len(questions)


def extend_checklist(audit: Audit, *, actor, now, template_ids=()) -> int:
    """Add the questions of checklist templates to an audit in progress."""
    _require(can_conduct(actor, audit), _l("Only the audit team changes the checklist."))
    if audit.status != AuditStatus.IN_PROGRESS:
        raise InvalidTransition(_l("Questions are added while the audit is in progress."))
    if not template_ids:
        raise DomainError(_l("Choose a checklist."), field="template_ids")
    before = len(audit.items)
    added = add_checklist(audit, template_ids=template_ids)
    audit_log.record(actor=actor, action="audit.checklist_extended", entity=audit, now=now,
                     changes={"items": [before, before + added]})
    transaction.commit()
    return added


def answer_item(item: AuditItem, *, actor, now, result: str, evidence: str,
                expected_version: int | None = None) -> AuditItem:
    """Record a checklist result with its objective evidence (required for findings)."""
    from qms.core.concurrency import check_version

    audit = item.audit
    _require(can_conduct(actor, audit), _l("Only the audit team records results."))
    if audit.status != AuditStatus.IN_PROGRESS:
        raise InvalidTransition(_l("Results are recorded while the audit is in progress."))
    check_version(item, expected_version)
    if result and result not in ItemResult.__members__.values():
        raise DomainError(_l("Choose a result."), field="result")
    if result in FINDING_RESULTS and not evidence.strip():
        raise DomainError(_l("A finding needs its evidence: what was seen, which record, "
                             "which document."), field="evidence")
    refuse_personal_codes(evidence=evidence)
    audit_log.apply_changes(item, {"result": result, "evidence": evidence.strip(),
                                   "answered_by_id": actor.id, "answered_at": now},
                            actor=actor, action="audit.answer", now=now)
    transaction.commit()
    return item


def issue_report(audit: Audit, *, actor, now, summary: str, strengths: str, conclusion: str,
                 distribution_ids=()) -> Audit:
    """Issue the report (then immutable): every nonconformity finding raises a linked
    nonconformity, observations and opportunities become improvement actions."""
    _require(audit.lead is not None and (getattr(actor, "id", None) == audit.lead.id
                                         or can_plan(actor)),
             _l("The lead auditor issues the report."))
    if audit.status != AuditStatus.IN_PROGRESS:
        raise InvalidTransition(_l("The report is issued at the end of the audit."))
    unanswered = [i for i in audit.items if not i.result]
    if unanswered:
        raise InvalidTransition(_l("%(count)s checklist items have no result yet "
                                   "(use “Not audited” where needed).", count=len(unanswered)))
    if not conclusion.strip():
        raise DomainError(_l("Write the conclusion."), field="conclusion")
    refuse_personal_codes(summary=summary, strengths=strengths, conclusion=conclusion)
    with transaction.atomic():
        _raise_findings(audit, actor=actor, now=now)
        recipients = list(db.session.scalars(select(User).where(
            User.id.in_(list(distribution_ids) or [0]))))
        audit.summary, audit.strengths = summary.strip(), strengths.strip()
        audit.conclusion = conclusion.strip()
        audit.actual_end = audit.actual_end or local_date(now)
        audit.distribution = sorted(u.full_name for u in recipients)
        audit.report_issued_at = now
        audit.report_sha256 = report_hash(audit)
        _move(audit, AuditStatus.REPORTED, actor=actor, now=now)
        audit_log.record(actor=actor, action="audit.report_distributed", entity=audit,
                         now=now, changes={"distribution": [None, audit.distribution]})
        from qms.notifications.services import N_, notify

        for user in recipients:
            notify(user, kind="audit.report", now=now, link=f"/audits/{audit.id}/report",
                   message=N_("Audit report %(number)s is issued: %(title)s"),
                   params={"number": audit.number, "title": audit.title},
                   dedup_key=f"audit.report:{audit.id}:{user.id}")
        if any(i.nonconformity_id for i in audit.items):
            _move(audit, AuditStatus.FOLLOW_UP, actor=actor, now=now)
    return audit


def report_hash(audit: Audit) -> str:
    content = {"summary": audit.summary, "strengths": audit.strengths,
               "conclusion": audit.conclusion,
               "items": [[i.clause, i.question, i.result, i.evidence] for i in audit.items]}
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True)
                          .encode("utf-8")).hexdigest()


def _raise_findings(audit: Audit, *, actor, now) -> None:
    from qms.nonconformities import services as nc
    from qms.nonconformities.models import ActionKind, Severity, Source

    owner = audit.people("auditee")[0] if audit.people("auditee") else audit.lead
    for item in audit.items:
        if item.result in (ItemResult.MAJOR, ItemResult.MINOR) and not item.nonconformity_id:
            record = nc.report(
                actor=actor, now=now, title=f"{audit.number}: {item.question}"[:300],
                description=item.evidence, source=Source.AUDIT_FINDING,
                unit_id=audit.units[0].id if audit.units else None,
                process_id=audit.processes[0].id if audit.processes else None,
                requirement_clause=item.clause, source_type="audit_item", source_id=item.id,
                source_reference=audit.number,
                severity=Severity.MAJOR if item.result == ItemResult.MAJOR else Severity.MINOR)
            item.nonconformity_id = record.id
        elif item.result in (ItemResult.OBSERVATION, ItemResult.IMPROVEMENT) \
                and not item.action_id and owner is not None:
            action = nc.add_action(
                actor=actor, now=now, kind=ActionKind.IMPROVEMENT,
                title=f"{audit.number}: {item.question}"[:300], description=item.evidence,
                owner_id=owner.id, due_on=local_date(now) + dt.timedelta(days=90),
                unit_id=audit.units[0].id if audit.units else None,
                process_id=audit.processes[0].id if audit.processes else None,
                source_type="audit_item", source_id=item.id)
            item.action_id = action.id


def close(audit: Audit, *, actor, now) -> Audit:
    """Follow-up ends when every nonconformity raised by the audit is closed."""
    _require(can_plan(actor) or (audit.lead is not None and audit.lead.id == actor.id))
    from qms.nonconformities.models import NcStatus

    open_findings = [i for i in audit.items if i.nonconformity is not None
                     and i.nonconformity.status not in (NcStatus.CLOSED, NcStatus.REJECTED,
                                                        NcStatus.CANCELLED)]
    if open_findings:
        raise InvalidTransition(_l("%(count)s nonconformities of this audit are still open.",
                                   count=len(open_findings)))
    _move(audit, AuditStatus.CLOSED, actor=actor, now=now)
    transaction.commit()
    return audit


def cancel(audit: Audit, *, actor, now, reason: str) -> None:
    _require(can_plan(actor))
    if not reason.strip():
        raise DomainError(_l("Give the reason."), field="reason")
    _move(audit, AuditStatus.CANCELLED, actor=actor, now=now, note=reason.strip())
    audit.cancel_reason = reason.strip()[:1000]
    transaction.commit()


def save_auditor(*, actor, user_id: int, qualification: str, training: str,
                 qualified_on: dt.date | None, is_active: bool = True) -> AuditorProfile:
    _require(can_plan(actor), _l("Only the quality manager keeps the auditors' register."))
    profile = db.session.scalar(select(AuditorProfile).where(AuditorProfile.user_id == user_id))
    if profile is None:
        if db.session.get(User, user_id or 0) is None:
            raise DomainError(_l("Choose a person."), field="user_id")
        profile = AuditorProfile(user_id=user_id)
        db.session.add(profile)
        db.session.flush()
    audit_log.apply_changes(profile, {"qualification": qualification.strip()[:500],
                                      "training": training.strip(),
                                      "qualified_on": qualified_on, "is_active": is_active},
                            actor=actor, action="auditor.save")
    transaction.commit()
    return profile


def audits_done(user_id: int) -> int:
    return db.session.scalar(select(func.count(AuditMember.id)).join(Audit).where(
        AuditMember.user_id == user_id, AuditMember.role.in_(["lead", "auditor"]),
        Audit.status.in_([AuditStatus.REPORTED, AuditStatus.FOLLOW_UP, AuditStatus.CLOSED])))


def attach_item_evidence(item: AuditItem, *, actor, now, filename: str, data: bytes,
                         content_type: str):
    """A photo or file as evidence for a checklist item, while the audit is in progress."""
    from qms.core import files

    _require(can_conduct(actor, item.audit), _l("Only the audit team adds evidence."))
    if item.audit.status != AuditStatus.IN_PROGRESS:
        raise InvalidTransition(_l("Evidence is added while the audit is in progress."))
    evidence = files.attach("audit_item", item.id, filename=filename, data=data,
                            content_type=content_type, uploaded_by_id=actor.id, now=now)
    audit_log.record(actor=actor, action="audit.evidence", entity=item.audit, now=now,
                     changes={"file": [None, evidence.filename]}, label=str(item.audit))
    transaction.commit()
    return evidence


def evidence_by_item(audit: Audit) -> dict[int, list]:
    from qms.core.files import EvidenceFile

    found: dict[int, list] = {}
    item_ids = [i.id for i in audit.items]
    if item_ids:
        for evidence in db.session.scalars(select(EvidenceFile).where(
                EvidenceFile.entity_type == "audit_item",
                EvidenceFile.entity_id.in_(item_ids)).order_by(EvidenceFile.id)):
            found.setdefault(evidence.entity_id, []).append(evidence)
    return found
