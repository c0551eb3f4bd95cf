"""Prints, as shell assignments, where the data lives: the database of DATABASE_URL and
MEDIA_ROOT, read from the environment or .env as reform_portal/settings.py reads them
(without loading Django, so no SECRET_KEY is needed). Used by backup.sh and restore.sh.
"""

import shlex
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

db = env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
engine = db["ENGINE"].rsplit(".", 1)[-1]
values = {
    "DB_ENGINE": {"postgresql": "postgresql", "sqlite3": "sqlite"}.get(engine, engine),
    "DB_NAME": db.get("NAME", ""),
    "PGHOST": db.get("HOST", "") or "",
    "PGPORT": str(db.get("PORT", "") or ""),
    "PGUSER": db.get("USER", "") or "",
    "PGPASSWORD": db.get("PASSWORD", "") or "",
    "MEDIA_ROOT": str(env.path("MEDIA_ROOT", default=BASE_DIR / "media")),
}
for name, value in values.items():
    print(f"{name}={shlex.quote(str(value))}")
