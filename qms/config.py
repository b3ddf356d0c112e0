"""Configuration defaults. Every key can be overridden by a ``QMS_<KEY>`` environment variable
(``QMS_DATABASE_URL``, ``QMS_SECRET_KEY``, ``QMS_DEFAULT_LANGUAGE`` ...) or, in tests, by the
mapping passed to ``create_app``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path


class Config:
    # Empty means: generate one on first run and keep it in instance/secret_key.
    SECRET_KEY = ""
    # Empty means: SQLite file in the instance folder.
    DATABASE_URL = ""
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLITE_BUSY_TIMEOUT_MS = 5000

    DEFAULT_LANGUAGE = "lv"
    LANGUAGES = ("lv", "en")
    TIMEZONE = "Europe/Riga"

    # Mail: leave MAIL_SERVER empty to write e-mails to the log instead of sending them.
    MAIL_SERVER = ""
    MAIL_PORT = 587
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_USE_TLS = True
    MAIL_SENDER = "qms@localhost"
    # The address people use to open qms, for links in e-mails (e.g. https://qms.example.lv).
    BASE_URL = "http://127.0.0.1:5000"

    # Login throttling: failures allowed per account and per address inside the window.
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    LOGIN_THROTTLE_WINDOW = timedelta(minutes=15)
    PASSWORD_MIN_LENGTH = 12

    # The organisation's documents as Markdown files (qms import-docs / export-docs).
    PROCEDURES_DIR = str(Path(__file__).resolve().parent.parent / "procedures")

    # Alert the quality manager when a process has this many open nonconformities.
    NC_PROCESS_ALERT_THRESHOLD = 5

    # Survey results of any group with fewer answers than this stay hidden (anonymity).
    SURVEY_MIN_ANSWERS = 5
    # Trainings costing at least this much (euro) need an effectiveness evaluation.
    TRAINING_EVALUATION_COST = 300

    # Nightly backups (qms backup): the folder (empty: instance/backups) and how many to keep.
    BACKUP_DIR = ""
    BACKUP_KEEP = 14

    PAGE_SIZE = 25
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024

    # Behind a reverse proxy: how many proxies set X-Forwarded-For/-Proto/-Host (usually 1).
    # 0 trusts no such header. Needed for the client's address (login throttling) and https links.
    PROXY_FIX = 0

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Set QMS_SESSION_COOKIE_SECURE=true behind HTTPS.
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    WTF_CSRF_TIME_LIMIT = None

    SQLALCHEMY_TRACK_MODIFICATIONS = False
