"""The ``qms`` command: administration from the shell.

    qms init                 apply database migrations
    qms demo                 load the demo organisation into an empty database
    qms create-user          add a person (prompts for the password)
    qms import-staff FILE    create or update people from a CSV file
    qms import-docs [DIR]    load documents from Markdown files (default: procedures/)
    qms export-docs DIR      write the effective documents as Markdown files
    qms import-checklists [DIR]  load audit checklist templates (default: audits/)
    qms backup FILE          write the database and the file store to one archive
    qms restore FILE         restore an archive (--force to overwrite data), then verify it
    qms bench-data --scale S benchmark data: small, large or national (bench/ checkout)
    qms serve                web application and scheduler in one process (one machine)
    qms scheduler [--list]   the scheduler alone (one or more, for several processes)
    qms db ...               Alembic migrations (Flask-Migrate)
    qms run                  Flask's development server
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import func, inspect, select


def _create_app():
    from qms import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, help=__doc__)
def main() -> None:
    pass


def register_commands(app: Flask) -> None:
    for command in (init, demo, create_user, import_staff, import_docs, export_docs,
                    import_checklists, backup, restore, serve, scheduler, bench_data):
        app.cli.add_command(command)


def _upgrade() -> None:
    from flask_migrate import upgrade

    upgrade(directory=current_app.extensions["migrate"].directory)


@click.command("init")
@with_appcontext
def init() -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    _upgrade()
    from qms.documents.defaults import install_default_types
    from qms.inspections.defaults import install_default_authorities

    types = install_default_types(actor=_system_actor())
    authorities = install_default_authorities(actor=_system_actor())
    click.echo("Database is up to date."
               + (f" {types} document types added." if types else "")
               + (f" {authorities} supervisory bodies added." if authorities else ""))


def _ensure_schema() -> None:
    """Migrate a database that has no tables yet (``qms demo`` on a fresh install)."""
    from qms.extensions import db

    if not inspect(db.engine).has_table("user"):
        _upgrade()


def _database_is_empty() -> bool:
    from qms.auth.models import User
    from qms.extensions import db

    if not inspect(db.engine).has_table("user"):
        return True
    return not db.session.scalar(select(func.count(User.id)))


@click.command("demo")
@click.option("--if-empty", is_flag=True,
              help="If the database already has data, load nothing and succeed.")
@with_appcontext
def demo(if_empty: bool) -> None:
    """Load the demo organisation (a city social service) into an empty database."""
    from qms.demo import DEMO_PASSWORD, demo_people, load_demo

    if not _database_is_empty():
        if not if_empty:
            raise click.ClickException("The database is not empty; the demo loads only into "
                                       "an empty database.")
        people = demo_people()
        if not people:
            click.echo("The database already has data; demo not loaded.")
            return
    else:
        _ensure_schema()
        people = load_demo()
        click.echo(f"Demo organisation loaded: {len(people)} people.")
    click.echo(f"Demo sign-ins (the password of each: {DEMO_PASSWORD}):")
    for person in people:
        click.echo(f"  {person.username:<12} {', '.join(person.role_labels)}")


@click.command("bench-data")
@click.option("--scale", type=click.Choice(["small", "large", "national"]), default="small",
              show_default=True, help="small: the demo; national: issue 8's sizes; large: a tenth.")
@click.option("--seed", type=int, default=2026, show_default=True,
              help="Random seed: the same seed on the same day gives the same data.")
@click.option("--force", is_flag=True,
              help="Add to a database that already has data (the demo is then not loaded again).")
@with_appcontext
def bench_data(scale: str, seed: int, force: bool) -> None:
    """Fill the configured database with benchmark data (bulk inserts that respect every
    constraint; progress and timing printed).

    The generator is bench/data.py in the source checkout, outside the qms package: it is
    imported from the checkout this qms runs from, and the command fails with a message
    where there is none (an installed package without bench/).
    """
    import importlib
    import time

    from qms.demo import demo_people

    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    try:
        data = importlib.import_module("bench.data")
    except ImportError as error:
        raise click.ClickException(f"bench/data.py not found next to qms ({error}); run "
                                   "from a source checkout.") from error
    empty = _database_is_empty()
    if not empty and not force:
        raise click.ClickException("The database is not empty; use --force to add to it.")
    _ensure_schema()
    began = time.perf_counter()
    click.echo(f"bench-data --scale {scale} --seed {seed}:")
    counts = data.generate(scale, seed, log=click.echo,
                           load_demo=empty or not demo_people())
    for name, count in counts.items():
        click.echo(f"  {name:<28} {count:>9}")
    click.echo(f"Done in {time.perf_counter() - began:.1f} s.")


@click.command("create-user")
@click.option("--username", prompt=True)
@click.option("--name", "full_name", prompt="Full name")
@click.option("--email", default="")
@click.option("--role", "roles", multiple=True, default=["admin"], show_default=True,
              type=click.Choice(["admin", "quality_manager", "auditor", "manager", "staff"]))
@click.password_option()
@with_appcontext
def create_user(username: str, full_name: str, email: str, roles: tuple[str, ...],
                password: str) -> None:
    """Add a person who can sign in (the first administrator of a new installation)."""
    from qms.core.errors import DomainError
    from qms.org.services import create_person

    try:
        person, _ = create_person(actor=_system_actor(), username=username,
                                  full_name=full_name, email=email, roles=list(roles),
                                  password=password,
                                  min_password_length=current_app.config["PASSWORD_MIN_LENGTH"])
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {person.username} ({', '.join(person.roles)}).")


@click.command("import-staff")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_staff(file: Path) -> None:
    """Create or update people from a CSV file (columns: see README). Nothing is written if
    any row is invalid; every problem is printed as FILE:ROW: column: message."""
    from qms.core.csv_import import ImportErrors, decode
    from qms.org.services import import_staff as run_import

    try:
        result = run_import(decode(file.read_bytes()), actor=_system_actor())
    except ImportErrors as failure:
        for error in failure.errors:
            click.echo(f"{file}:{error.row}: {error.column}: {error.message}", err=True)
        sys.exit(1)
    click.echo(f"{result.created} added, {result.updated} updated, "
               f"{result.unchanged} unchanged.")


@click.command("import-docs")
@click.argument("directory", required=False,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--as", "username", default=None,
              help="Record the drafts as written by this user (default: system).")
@with_appcontext
def import_docs(directory: Path | None, username: str | None) -> None:
    """Load documents from Markdown files with front matter (see procedures/README.md).
    New files become documents, changed files new drafts, unchanged files nothing. Every
    problem is printed as FILE:LINE: reason, and then nothing is written."""
    from qms.core.time import utcnow
    from qms.documents.importer import import_dir

    directory = directory or Path(current_app.config["PROCEDURES_DIR"])
    actor = _user_or_system(username)
    report = import_dir(directory, actor=actor, now=utcnow())
    if report.errors:
        for error in report.errors:
            click.echo(str(error), err=True)
        click.echo(f"{len(report.errors)} problem(s); nothing was imported.", err=True)
        sys.exit(1)
    click.echo(f"{len(report.created)} new, {len(report.changed)} changed (new drafts), "
               f"{len(report.unchanged)} unchanged.")


@click.command("export-docs")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def export_docs(directory: Path) -> None:
    """Write the effective version of every document to DIRECTORY as Markdown files."""
    from qms.documents.importer import export_dir

    written = export_dir(directory)
    click.echo(f"{len(written)} documents written to {directory}.")


@click.command("import-checklists")
@click.argument("directory", required=False,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--as", "username", default=None,
              help="Record the import as done by this user (default: system).")
@with_appcontext
def import_checklists(directory: Path | None, username: str | None) -> None:
    """Load audit checklist templates from Markdown files (see audits/README.md). New files
    become templates, changed files replace their questions, unchanged files nothing. Every
    problem is printed as FILE:LINE: reason, and then nothing is written."""
    from qms.audits.checklists import import_dir
    from qms.core.errors import PermissionDenied
    from qms.core.time import utcnow

    directory = directory or Path(current_app.root_path).parent / "audits"
    actor = _user_or_system(username)
    try:
        report = import_dir(directory, actor=actor, now=utcnow())
    except PermissionDenied as error:
        raise click.ClickException(str(error)) from None
    if report.errors:
        for error in report.errors:
            click.echo(str(error), err=True)
        click.echo(f"{len(report.errors)} problem(s); nothing was imported.", err=True)
        sys.exit(1)
    click.echo(f"{len(report.created)} new, {len(report.changed)} changed, "
               f"{len(report.unchanged)} unchanged.")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(file: Path) -> None:
    """Write the database (SQLite online backup, or pg_dump for PostgreSQL) and the file store
    to FILE, a .tar.gz archive with a manifest of record counts and SHA-256 hashes."""
    from qms.backups.services import BackupError
    from qms.backups.services import backup as run_backup
    from qms.core.time import utcnow

    try:
        manifest = run_backup(file, now=utcnow())
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {file}: {len(manifest.tables)} tables, "
               f"{manifest.total_rows} records, {len(manifest.files)} files.")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Overwrite a database that already holds records.")
@with_appcontext
def restore(file: Path, force: bool) -> None:
    """Restore a backup archive made by `qms backup` into the configured database and file
    store, then verify record counts and content hashes against its manifest. Exits non-zero
    when anything differs. Refuses a database that holds records unless --force."""
    from qms.backups.services import BackupError
    from qms.backups.services import restore as run_restore

    try:
        result = run_restore(file, force=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {file} (backup of {result.manifest.created_at}).")
    click.echo(result.summary(), err=not result.ok)
    if not result.ok:
        sys.exit(1)


def _user_or_system(username: str | None):
    if not username:
        return _system_actor()
    from qms.auth.models import User
    from qms.extensions import db

    user = db.session.scalar(select(User).where(User.username == username.lower()))
    if user is None:
        raise click.ClickException(f"No user {username!r}.")
    return user


def _system_actor():
    from qms.core.permissions import SystemActor

    return SystemActor("system (command line)")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int, threads: int) -> None:
    """Web application (waitress) and scheduler in one process, for a single machine."""
    from waitress import serve as waitress_serve

    from qms.scheduler import build_scheduler

    app = current_app._get_current_object()
    scheduler = build_scheduler(app, background=True, catch_up_on_start=True)
    scheduler.start()
    click.echo(f"qms is serving at http://{host}:{port}/ (Ctrl+C stops it)")
    try:
        waitress_serve(app, host=host, port=port, threads=threads, ident="qms")
    finally:
        scheduler.shutdown(wait=False)


@click.command("scheduler")
@click.option("--list", "list_only", is_flag=True, help="Print the jobs and exit.")
@click.option("--run", "run_now", metavar="JOB_ID", help="Run one job now and exit.")
@with_appcontext
def scheduler(list_only: bool, run_now: str | None) -> None:
    """Run the recurring jobs (or use `qms serve`). On start it first runs each job whose
    latest period nobody has run yet; several schedulers may run, each period runs once."""
    from qms.scheduler import build_scheduler, catch_up, job_specs, run_job

    app = current_app._get_current_object()
    if list_only:
        for spec in job_specs():
            fields = " ".join(f"{k}={v}" for k, v in spec.trigger.items())
            click.echo(f"{spec.id}\tcron {fields} ({app.config['TIMEZONE']})")
        return
    if run_now:
        specs = {spec.id: spec for spec in job_specs()}
        if run_now not in specs:
            raise click.ClickException(f"No job {run_now!r}; see `qms scheduler --list`.")
        result = run_job(app, specs[run_now])
        click.echo(result if result is not None else "Already ran in this period.")
        return
    for job_id, result in catch_up(app):
        click.echo(f"Caught up: {job_id}: {result}")
    click.echo("Scheduler started (Ctrl+C stops it).")
    sys.stdout.flush()
    build_scheduler(app, background=False).start()
