"""qms: the documented side of an ISO 9001 quality management system."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Wiring only: config -> extensions -> blueprints -> filters -> CLI."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=os.environ.get("QMS_INSTANCE_PATH") or str(PROJECT_ROOT / "instance"),
    )
    _configure(app, config or {})

    from qms import web
    from qms.extensions import babel, csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"),
                     render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=web.select_locale,
                   timezone_selector=lambda: app.config["TIMEZONE"])
    import qms.models  # noqa: F401  (complete metadata)

    web.register(app)
    proxies = int(app.config.get("PROXY_FIX") or 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    from qms.cli import register_commands

    register_commands(app)
    return app


def _configure(app: Flask, overrides: dict) -> None:
    from qms.config import Config

    app.config.from_object(Config)
    app.config.from_prefixed_env("QMS")
    app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))
    url = app.config.get("SQLALCHEMY_DATABASE_URI") or app.config.get("DATABASE_URL")
    if not url:
        url = f"sqlite:///{Path(app.instance_path) / 'qms.db'}"
    if url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if url.startswith("postgresql"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True,
                                                   **app.config["SQLALCHEMY_ENGINE_OPTIONS"]}


def _instance_secret_key(instance: Path) -> str:
    """A random key made on first run and kept in the instance folder (never in the repo)."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
