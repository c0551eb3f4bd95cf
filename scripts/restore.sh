#!/usr/bin/env bash
# make restore BACKUP=backups/<timestamp>: puts back the database and the media files of a
# backup made by backup.sh, into the DATABASE_URL and MEDIA_ROOT of the current environment.
# The database is restored in one transaction (all or nothing); the current media folder is
# kept beside the restored one as <MEDIA_ROOT>.before-restore-<timestamp>. Asks first, unless YES=1.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
backup=${BACKUP:-${1:-}}
[ -n "$backup" ] || { echo "usage: make restore BACKUP=backups/<timestamp>" >&2; exit 2; }
[ -d "$backup" ] || { echo "restore: no backup folder $backup" >&2; exit 2; }
eval "$("$PY" scripts/backup_settings.py)"
export PGHOST PGPORT PGUSER PGPASSWORD

echo "restore: checking $backup/SHA256SUMS"
(cd "$backup" && sha256sum --quiet --check SHA256SUMS) || { echo "restore: the backup is damaged" >&2; exit 1; }
backup_engine=$(sed -n 's/^db_engine=//p' "$backup/MANIFEST")
[ "$backup_engine" = "$DB_ENGINE" ] || {
  echo "restore: the backup is of a $backup_engine database, DATABASE_URL is $DB_ENGINE" >&2; exit 1; }

if [ "${YES:-}" != "1" ]; then
  printf 'This replaces the database %s and the files in %s with the backup %s. Continue? [y/N] ' \
    "$DB_NAME" "$MEDIA_ROOT" "$backup"
  read -r answer
  case "$answer" in y|Y|yes|YES) ;; *) echo "restore: cancelled"; exit 1 ;; esac
fi

case "$DB_ENGINE" in
  postgresql)
    echo "restore: database $DB_NAME (PostgreSQL)"
    pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
      --dbname="$DB_NAME" "$backup/database.dump"
    ;;
  sqlite)
    echo "restore: database $DB_NAME (SQLite)"
    "$PY" -c 'import sqlite3, sys; src = sqlite3.connect(sys.argv[1]); dst = sqlite3.connect(sys.argv[2]); src.backup(dst); dst.close()' \
      "$backup/database.sqlite3" "$DB_NAME"
    ;;
esac

echo "restore: media -> $MEDIA_ROOT"
stamp=$(date -u +%Y%m%d-%H%M%S)
staging="$MEDIA_ROOT.restoring-$stamp"
mkdir -p "$staging"
tar -xzf "$backup/media.tar.gz" -C "$staging" --no-same-owner
if [ -e "$MEDIA_ROOT" ]; then
  mv "$MEDIA_ROOT" "$MEDIA_ROOT.before-restore-$stamp"
  echo "restore: the previous media folder is kept as $MEDIA_ROOT.before-restore-$stamp"
fi
mv "$staging" "$MEDIA_ROOT"
echo "restore: done. Run 'manage.py migrate' if the code is newer than the backup."
