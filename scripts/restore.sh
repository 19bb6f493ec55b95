#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a NEW database and a media directory.
#
#   scripts/restore.sh BACKUP_DIR postgres://user@host:5432/leeratelier_restored /srv/leeratelier/media-restored
#
# Checks the SHA256SUMS, creates the database (it must not exist yet: a restore never
# overwrites a live database), restores the dump in one transaction (all or nothing) and
# unpacks the media into the directory (created; it must be empty or missing). Then point
# DATABASE_URL and MEDIA_ROOT at the copy and run `manage.py migrate` (a no-op for a backup of
# the same code version).
set -euo pipefail

if [ $# -ne 3 ]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
backup="$1" target="$2" media="$3"

(cd "$backup" && sha256sum --check --quiet SHA256SUMS)

case "$target" in
  postgres://*|postgresql://*) ;;
  *) echo "restore.sh: the target must be a PostgreSQL URL" >&2; exit 2 ;;
esac
base="${target%%\?*}"          # without ?options
name="${base##*/}"             # the database name
server="${base%/*}/postgres"   # the same server's maintenance database
if [ -z "$name" ] || [[ "$name" == *[!A-Za-z0-9_]* ]]; then
  echo "restore.sh: use a database name of letters, digits and _ (got '$name')" >&2
  exit 2
fi
if [ "$(psql "$server" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")" = "1" ]; then
  echo "restore.sh: database $name exists already; restore into a new one" >&2
  exit 1
fi
if [ -d "$media" ] && [ -n "$(ls -A "$media")" ]; then
  echo "restore.sh: $media is not empty" >&2
  exit 1
fi

psql "$server" -qc "CREATE DATABASE \"$name\""
if ! pg_restore --exit-on-error --single-transaction --no-owner --no-privileges \
     --dbname "$target" "$backup/database.dump"; then
  psql "$server" -qc "DROP DATABASE \"$name\"" || true
  echo "restore.sh: pg_restore failed; the new database was dropped" >&2
  exit 1
fi
mkdir -p "$media"
tar -C "$media" -xzf "$backup/media.tar.gz"
echo "Restored into $name and $media"
