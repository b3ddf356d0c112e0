"""Records for the permission matrix: the provider register."""

import datetime as dt

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def records(ctx) -> dict:
    from qms.providers import services

    system = ctx["system"]
    services.install_default_criteria(actor=system)
    provider = services.register(actor=system, now=NOW, name="SIA Demo Aprūpe",
                                 kind="service_contractor")
    services.evaluate(provider, actor=system, now=NOW, year=2025,
                      scores={c.id: 4 for c in services.active_criteria()},
                      decision="continue")
    return {"provider_id": provider.id,
            "criterion_id": services.active_criteria()[0].id}
