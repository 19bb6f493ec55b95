#!/usr/bin/env bash
# Back up Leeratelier: the PostgreSQL database (pg_dump, custom format) and the media files.
#
#   DATABASE_URL=postgres://user@host:5432/leeratelier MEDIA_ROOT=/srv/leeratelier/media \
#     scripts/backup.sh [BACKUP_DIR]
#
# Writes BACKUP_DIR (default backups/<UTC time>) with database.dump, media.tar.gz and
# SHA256SUMS, and prints its path. The site may keep running: pg_dump reads one consistent
# snapshot. Media files uploaded during the backup may or may not be in the tar.
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL (postgres://user[:password]@host:port/database)}"
MEDIA_ROOT="${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}"
dest="${1:-backups/$(date -u +%Y%m%dT%H%M%SZ)}"

case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL must be a PostgreSQL URL" >&2; exit 2 ;;
esac

umask 077  # the dump holds personal data: readable by the owner only
mkdir -p "$dest"
pg_dump --format=custom --compress=6 --no-owner --no-privileges \
  --file "$dest/database.dump" "$DATABASE_URL"
if [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -czf "$dest/media.tar.gz" .
else
  echo "backup.sh: no media directory at $MEDIA_ROOT; storing an empty archive" >&2
  tar -czf "$dest/media.tar.gz" -T /dev/null
fi
(cd "$dest" && sha256sum database.dump media.tar.gz > SHA256SUMS)
# A dump that pg_restore cannot read is no backup: list its table of contents once.
pg_restore --list "$dest/database.dump" > /dev/null
echo "$dest"
