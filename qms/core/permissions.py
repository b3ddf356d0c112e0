"""Who may do what: roles, permissions and the route guard.

Permissions are named ``"<noun>.<verb>"``. Roles map to sets of permissions here and only
here; views use ``@require(Permission.X)``; object rules are ``can_*`` functions in the
feature's services. Nothing else compares role names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import wraps

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from qms.extensions import login_manager


class Role(StrEnum):
    ADMIN = "admin"
    QUALITY_MANAGER = "quality_manager"
    AUDITOR = "auditor"
    MANAGER = "manager"
    STAFF = "staff"


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.QUALITY_MANAGER: _l("Quality manager"),
    Role.AUDITOR: _l("Internal auditor"),
    Role.MANAGER: _l("Manager"),
    Role.STAFF: _l("Staff member"),
}


class Permission(StrEnum):
    DASHBOARD_VIEW = "dashboard.view"
    ACCOUNT_EDIT = "account.edit"
    ORG_VIEW = "org.view"
    ORG_MANAGE = "org.manage"
    USER_MANAGE = "user.manage"
    USER_IMPORT = "user.import"
    AUDIT_TRAIL_VIEW = "audit_trail.view"
    AUDIT_TRAIL_EXPORT = "audit_trail.export"
    DOCUMENT_READ = "document.read"
    DOCUMENT_ACKNOWLEDGE = "document.acknowledge"
    DOCUMENT_EDIT = "document.edit"
    DOCUMENT_REVIEW = "document.review"
    DOCUMENT_APPROVE = "document.approve"
    DOCUMENT_MANAGE = "document.manage"
    NC_REPORT = "nonconformity.report"
    NC_VIEW_ALL = "nonconformity.view_all"
    NC_MANAGE = "nonconformity.manage"
    ACTION_MANAGE = "action.manage"
    FEEDBACK_MANAGE = "feedback.manage"
    AUDIT_VIEW = "audit.view"
    AUDIT_CONDUCT = "audit.conduct"
    AUDIT_PLAN = "audit.plan"
    INSPECTION_VIEW = "inspection.view"
    INSPECTION_MANAGE = "inspection.manage"
    CALENDAR_VIEW = "calendar.view"
    REVIEW_VIEW = "review.view"
    REVIEW_MANAGE = "review.manage"
    REVIEW_APPROVE = "review.approve"
    PROCESS_VIEW = "process.view"
    PROCESS_MANAGE = "process.manage"
    INDICATOR_RECORD = "indicator.record"
    OBJECTIVE_VIEW = "objective.view"
    OBJECTIVE_UPDATE = "objective.update"
    OBJECTIVE_MANAGE = "objective.manage"
    RISK_VIEW = "risk.view"
    RISK_MANAGE = "risk.manage"
    SURVEY_VIEW = "survey.view"
    SURVEY_MANAGE = "survey.manage"
    TRAINING_VIEW = "training.view"
    TRAINING_OVERSEE = "training.oversee"
    TRAINING_MANAGE = "training.manage"
    PROVIDER_VIEW = "provider.view"
    PROVIDER_MANAGE = "provider.manage"


_EVERYONE = frozenset({Permission.DASHBOARD_VIEW, Permission.ACCOUNT_EDIT, Permission.ORG_VIEW,
                       Permission.DOCUMENT_READ, Permission.DOCUMENT_ACKNOWLEDGE,
                       Permission.NC_REPORT, Permission.CALENDAR_VIEW,
                       Permission.PROCESS_VIEW, Permission.OBJECTIVE_VIEW,
                       Permission.TRAINING_VIEW})
_OVERSIGHT = frozenset({Permission.NC_VIEW_ALL, Permission.ACTION_MANAGE,
                        Permission.FEEDBACK_MANAGE, Permission.AUDIT_VIEW,
                        Permission.INSPECTION_VIEW, Permission.REVIEW_VIEW,
                        Permission.INDICATOR_RECORD, Permission.OBJECTIVE_UPDATE,
                        Permission.RISK_VIEW, Permission.SURVEY_VIEW,
                        Permission.TRAINING_OVERSEE, Permission.PROVIDER_VIEW})
_DOCUMENT_WORK = frozenset({Permission.DOCUMENT_EDIT, Permission.DOCUMENT_REVIEW,
                            Permission.DOCUMENT_APPROVE})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.STAFF: _EVERYONE,
    Role.MANAGER: _EVERYONE | _DOCUMENT_WORK | _OVERSIGHT | {Permission.REVIEW_APPROVE},
    Role.AUDITOR: _EVERYONE | {Permission.DOCUMENT_REVIEW, Permission.NC_VIEW_ALL,
                               Permission.AUDIT_VIEW, Permission.AUDIT_CONDUCT,
                               Permission.INSPECTION_VIEW, Permission.RISK_VIEW,
                               Permission.TRAINING_OVERSEE, Permission.PROVIDER_VIEW},
    Role.QUALITY_MANAGER: _EVERYONE | _DOCUMENT_WORK | _OVERSIGHT
    | {Permission.AUDIT_TRAIL_VIEW, Permission.AUDIT_TRAIL_EXPORT, Permission.ORG_MANAGE,
       Permission.DOCUMENT_MANAGE, Permission.NC_MANAGE, Permission.AUDIT_PLAN,
       Permission.AUDIT_CONDUCT, Permission.INSPECTION_MANAGE, Permission.REVIEW_MANAGE,
       Permission.PROCESS_MANAGE, Permission.OBJECTIVE_MANAGE, Permission.RISK_MANAGE,
       Permission.SURVEY_MANAGE, Permission.TRAINING_MANAGE, Permission.PROVIDER_MANAGE},
    Role.ADMIN: frozenset(Permission),
}


def permissions_for(roles: Iterable[str]) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(Role(role), frozenset())
    return frozenset(granted)


def has_permission(user, permission: Permission) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return permission in user.permissions


def require(permission: Permission) -> Callable:
    """Route guard: anonymous users go to the login page, others without the permission get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not has_permission(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_permission = permission
        return wrapped

    return decorator


def public(view: Callable) -> Callable:
    """Marks a route that needs no login (login page, health check, language switch)."""
    view.is_public = True
    return view


class SystemActor:
    """The command line, the scheduler and the demo loader acting with every permission.
    The audit trail records them under ``display_name``."""

    id = None
    is_authenticated = True

    def __init__(self, display_name: str = "system"):
        self.display_name = display_name

    @property
    def permissions(self) -> frozenset[Permission]:
        return frozenset(Permission)

    def can(self, permission: Permission) -> bool:
        return True
