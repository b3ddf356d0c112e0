"""Every model, imported so that the metadata Alembic and the tests see is complete."""

from qms.auth.models import LoginAttempt, User, UserRole  # noqa: F401
from qms.core.audit_log import AuditEvent  # noqa: F401
from qms.core.job_runs import JobRun  # noqa: F401
from qms.core.search import SearchEntry  # noqa: F401
from qms.documents.models import (  # noqa: F401
    Acknowledgement,
    Approval,
    Attachment,
    Document,
    DocumentDistribution,
    DocumentLink,
    DocumentType,
    DocumentVersion,
    PeriodicReview,
    VersionComment,
    VersionReviewer,
)
from qms.org.models import Position, Unit  # noqa: F401
from qms.processes.models import Process  # noqa: F401
