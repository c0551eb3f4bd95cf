#!/usr/bin/env bash
# make backup: the database (pg_dump -Fc of DATABASE_URL; a copy of the file for SQLite) and a
# tar of MEDIA_ROOT into backups/<UTC timestamp>/, with SHA-256 sums. See docs/operations.md.
#   BACKUP_ROOT  folder that receives the backups (default: backups/ in the project)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
eval "$("$PY" scripts/backup_settings.py)"
export PGHOST PGPORT PGUSER PGPASSWORD

root=${BACKUP_ROOT:-backups}
stamp=$(date -u +%Y%m%d-%H%M%S)
target="$root/$stamp"
[ -e "$target" ] && { echo "backup: $target already exists" >&2; exit 1; }
mkdir -p "$target"
chmod 700 "$target"
trap 'echo "backup: FAILED, removing the incomplete $target" >&2; rm -rf "$target"' ERR

case "$DB_ENGINE" in
  postgresql)
    echo "backup: database $DB_NAME (PostgreSQL) -> $target/database.dump"
    pg_dump --format=custom --no-owner --no-privileges --dbname="$DB_NAME" --file="$target/database.dump"
    ;;
  sqlite)
    echo "backup: database $DB_NAME (SQLite) -> $target/database.sqlite3"
    "$PY" -c 'import sqlite3, sys; src = sqlite3.connect(sys.argv[1]); dst = sqlite3.connect(sys.argv[2]); src.backup(dst); dst.close()' \
      "$DB_NAME" "$target/database.sqlite3"
    ;;
  *) echo "backup: unsupported database engine $DB_ENGINE" >&2; exit 1 ;;
esac

echo "backup: media $MEDIA_ROOT -> $target/media.tar.gz"
if [ -d "$MEDIA_ROOT" ]; then
  tar -czf "$target/media.tar.gz" -C "$MEDIA_ROOT" .
else
  tar -czf "$target/media.tar.gz" --files-from /dev/null
fi

{
  echo "created_utc=$stamp"
  echo "db_engine=$DB_ENGINE"
  echo "db_name=$DB_NAME"
  echo "media_root=$MEDIA_ROOT"
} > "$target/MANIFEST"
(cd "$target" && sha256sum database.* media.tar.gz MANIFEST > SHA256SUMS)
chmod 600 "$target"/*
trap - ERR
echo "backup: done: $target"
