"""Cross-cutting pieces with no business rules. Never imports a feature package."""
