"""`make backup` / `make restore`: a round trip of scripts/backup.sh and scripts/restore.sh
against a scratch PostgreSQL database (reform_backup_test, created and dropped here) and a
scratch media folder. Runs on PostgreSQL test runs only; the SQLite variant runs everywhere.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent
SCRATCH_DB = "reform_backup_test"


def run_script(name, env, **kwargs):
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MEDIA_ROOT", "BACKUP", "YES")}
    return subprocess.run(
        [str(ROOT / "scripts" / name)],
        cwd=ROOT,
        env={**clean, "PYTHON": str(ROOT / ".venv/bin/python"), **env},
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def make_media(media: Path):
    (media / "evidence/2026").mkdir(parents=True)
    (media / "evidence/2026/a1b2.pdf").write_bytes(b"%PDF-1.4 evidence")
    (media / "circulars").mkdir()
    (media / "circulars/بخشنامه.pdf").write_bytes(b"%PDF-1.4 circular")


def the_only_backup(root: Path) -> Path:
    backups = list(root.iterdir())
    assert len(backups) == 1
    return backups[0]


def assert_backup_folder(backup: Path, database_file: str):
    assert {p.name for p in backup.iterdir()} == {database_file, "media.tar.gz", "MANIFEST", "SHA256SUMS"}
    assert oct(backup.stat().st_mode & 0o777) == "0o700"


def assert_media_restored(media: Path, stamp_root: Path):
    assert (media / "evidence/2026/a1b2.pdf").read_bytes() == b"%PDF-1.4 evidence"
    assert (media / "circulars/بخشنامه.pdf").read_bytes() == b"%PDF-1.4 circular"
    assert not (media / "evidence/2026/intruder.pdf").exists()
    kept = list(stamp_root.glob("media.before-restore-*"))
    assert len(kept) == 1 and (kept[0] / "evidence/2026/intruder.pdf").exists()


# --- PostgreSQL ----------------------------------------------------------------------------


def _server():
    params = connection.settings_dict
    return {
        "host": params["HOST"] or "127.0.0.1",
        "port": int(params["PORT"] or 5432),
        "user": params["USER"] or "postgres",
        "password": params["PASSWORD"] or "",
    }


def _admin_sql(sql):
    conn = psycopg2.connect(dbname="postgres", **_server())
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


def _scratch(sql, fetch=False):
    conn = psycopg2.connect(dbname=SCRATCH_DB, **_server())
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall() if fetch else None
    finally:
        conn.close()


@pytest.fixture
def scratch_database():
    _admin_sql(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
    _admin_sql(f"CREATE DATABASE {SCRATCH_DB}")
    server = _server()
    password = f":{server['password']}" if server["password"] else ""
    yield f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{SCRATCH_DB}"
    _admin_sql(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs pg_dump and pg_restore")
def test_postgresql_backup_and_restore_round_trip(scratch_database, tmp_path):
    media, backups = tmp_path / "media", tmp_path / "backups"
    make_media(media)
    _scratch(
        "CREATE TABLE report (id serial PRIMARY KEY, title text, percent int);"
        "INSERT INTO report (title, percent) VALUES ('گزارش سه‌ماهه اول', 40), ('دولت الکترونیک', 75);"
    )
    env = {"DATABASE_URL": scratch_database, "MEDIA_ROOT": str(media), "BACKUP_ROOT": str(backups)}

    result = run_script("backup.sh", env)
    assert result.returncode == 0, result.stderr
    backup = the_only_backup(backups)
    assert_backup_folder(backup, "database.dump")

    # Disaster: rows changed and lost, a table added, a file replaced and one added.
    _scratch("DELETE FROM report WHERE percent = 75; UPDATE report SET percent = 0; CREATE TABLE junk (x int);")
    (media / "evidence/2026/a1b2.pdf").write_bytes(b"overwritten")
    (media / "evidence/2026/intruder.pdf").write_bytes(b"new")

    result = run_script("restore.sh", {**env, "BACKUP": str(backup), "YES": "1"})
    assert result.returncode == 0, result.stderr
    assert _scratch("SELECT title, percent FROM report ORDER BY id", fetch=True) == [
        ("گزارش سه‌ماهه اول", 40),
        ("دولت الکترونیک", 75),
    ]
    assert_media_restored(media, tmp_path)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs pg_dump and pg_restore")
def test_restore_refuses_a_damaged_backup_and_changes_nothing(scratch_database, tmp_path):
    media, backups = tmp_path / "media", tmp_path / "backups"
    make_media(media)
    _scratch("CREATE TABLE report (id int); INSERT INTO report VALUES (1);")
    env = {"DATABASE_URL": scratch_database, "MEDIA_ROOT": str(media), "BACKUP_ROOT": str(backups)}
    assert run_script("backup.sh", env).returncode == 0
    backup = the_only_backup(backups)
    with open(backup / "database.dump", "ab") as dump:
        dump.write(b"tampered")
    _scratch("INSERT INTO report VALUES (2);")

    result = run_script("restore.sh", {**env, "BACKUP": str(backup), "YES": "1"})
    assert result.returncode != 0 and "damaged" in result.stderr
    assert _scratch("SELECT count(*) FROM report", fetch=True) == [(2,)]


# --- SQLite (development) and the script's guards -----------------------------------------


def test_sqlite_backup_and_restore_round_trip(tmp_path):
    database, media, backups = tmp_path / "db.sqlite3", tmp_path / "media", tmp_path / "backups"
    make_media(media)
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE report (title text)")
        db.execute("INSERT INTO report VALUES ('گزارش')")
    env = {"DATABASE_URL": f"sqlite:///{database}", "MEDIA_ROOT": str(media), "BACKUP_ROOT": str(backups)}

    result = run_script("backup.sh", env)
    assert result.returncode == 0, result.stderr
    backup = the_only_backup(backups)
    assert_backup_folder(backup, "database.sqlite3")

    with sqlite3.connect(database) as db:
        db.execute("DELETE FROM report")
    (media / "evidence/2026/intruder.pdf").write_bytes(b"new")
    result = run_script("restore.sh", {**env, "BACKUP": str(backup), "YES": "1"})
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT title FROM report").fetchall() == [("گزارش",)]
    assert_media_restored(media, tmp_path)


def test_restore_asks_before_replacing_anything(tmp_path):
    database, media, backups = tmp_path / "db.sqlite3", tmp_path / "media", tmp_path / "backups"
    make_media(media)
    sqlite3.connect(database).close()
    env = {"DATABASE_URL": f"sqlite:///{database}", "MEDIA_ROOT": str(media), "BACKUP_ROOT": str(backups)}
    assert run_script("backup.sh", env).returncode == 0
    result = run_script("restore.sh", {**env, "BACKUP": str(the_only_backup(backups))}, input="n\n")
    assert result.returncode != 0 and "cancelled" in result.stdout
    assert not list(tmp_path.glob("media.before-restore-*"))


def test_restore_needs_a_backup_folder(tmp_path):
    result = run_script("restore.sh", {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    assert result.returncode == 2 and "usage: make restore BACKUP=" in result.stderr
