"""Domain errors raised by services and turned into form errors or flash messages by views.

Messages are lazy strings so that they are rendered in the reader's language.
"""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the request. ``field`` names the form field it concerns."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class PermissionDenied(DomainError):
    """The actor may not do this to this object."""


class InvalidTransition(DomainError):
    """The state machine does not allow this step from the current status."""


class NotFound(DomainError):
    """The record asked for does not exist."""
