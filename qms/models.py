"""Every model, imported so that the metadata Alembic and the tests see is complete."""

from qms.audits.models import (  # noqa: F401
    Audit,
    AuditItem,
    AuditMember,
    AuditorProfile,
    AuditProgramme,
    ChecklistTemplate,
    ProcessRisk,
    TemplateQuestion,
)
from qms.auth.models import LoginAttempt, User, UserRole  # noqa: F401
from qms.core.audit_log import AuditEvent  # noqa: F401
from qms.core.files import EvidenceFile  # noqa: F401
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
from qms.inspections.models import (  # noqa: F401
    Authority,
    CalendarToken,
    Inspection,
    Prescription,
)
from qms.nonconformities.models import (  # noqa: F401
    Action,
    ActionNote,
    Feedback,
    IshikawaCause,
    Nonconformity,
    WhyStep,
)
from qms.notifications.models import Notification, OutboxMail  # noqa: F401
from qms.objectives import models as _objectives  # noqa: F401
from qms.org.models import Position, Unit  # noqa: F401
from qms.processes.models import Indicator, IndicatorValue, Process  # noqa: F401
from qms.providers import models as _providers  # noqa: F401
from qms.reviews.models import ManagementReview, ReviewOutput  # noqa: F401
from qms.risks import models as _risks  # noqa: F401
from qms.surveys import models as _surveys  # noqa: F401
from qms.training import models as _training  # noqa: F401
