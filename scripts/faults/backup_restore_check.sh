#!/usr/bin/env bash
# Fault drill: back up a demo site and restore it into a new database, then smoke-test the copy.
#
#   scripts/faults/backup_restore_check.sh [postgres://postgres@127.0.0.1:5432]
#
# 1. creates lt_faults_demo_<id>, migrates it and loads the demo site (manage.py load_demo),
#    and adds a document file to a fresh media directory;
# 2. backs it up with scripts/backup.sh;
# 3. restores into lt_faults_restored_<id> and a second media directory with scripts/restore.sh;
# 4. runs scripts/faults/smoke.py against the copy (home, magazine chapter, atelier, meeting:
#    200 with their titles; the document's bytes) and `migrate --check` (nothing to apply);
# 5. drops both databases and removes the temporary directories, also on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
server="${1:-postgres://postgres@127.0.0.1:5432}"
id="$(date +%s)_$$"
source_db="lt_faults_demo_$id" restored_db="lt_faults_restored_$id"
work="$(mktemp -d /tmp/lt_faults_backup.XXXXXX)"
py=.venv/bin/python
export DJANGO_SETTINGS_MODULE=tests.faults.settings

cleanup() {
  psql "$server/postgres" -qc "DROP DATABASE IF EXISTS \"$source_db\"" 2>/dev/null || true
  psql "$server/postgres" -qc "DROP DATABASE IF EXISTS \"$restored_db\"" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
t() { date +%s.%N; }
took() { printf '%.1f s' "$(echo "$(t) - $1" | bc)"; }

echo "== 1. demo site in $source_db"
psql "$server/postgres" -qc "CREATE DATABASE \"$source_db\""
s=$(t)
DATABASE_URL="$server/$source_db" FAULTS_MEDIA_ROOT="$work/media" $py manage.py migrate --noinput -v0
echo "   migrate: $(took "$s")"
s=$(t)
DATABASE_URL="$server/$source_db" FAULTS_MEDIA_ROOT="$work/media" $py manage.py load_demo > "$work/load_demo.log"
echo "   load_demo: $(took "$s")"
DATABASE_URL="$server/$source_db" FAULTS_MEDIA_ROOT="$work/media" $py scripts/faults/smoke.py collect "$work/expected.json"

echo "== 2. backup"
s=$(t)
backup=$(DATABASE_URL="$server/$source_db" MEDIA_ROOT="$work/media" scripts/backup.sh "$work/backup")
echo "   backup.sh: $(took "$s"); $(du -sh "$backup" | cut -f1) in $backup:"
ls -l "$backup" | sed 's/^/     /'

echo "== 3. restore into $restored_db"
s=$(t)
scripts/restore.sh "$backup" "$server/$restored_db" "$work/media-restored"
echo "   restore.sh: $(took "$s")"
echo "   a second restore into the same database is refused:"
if scripts/restore.sh "$backup" "$server/$restored_db" "$work/media-other" 2>&1 | sed 's/^/     /'; then :; fi

echo "== 4. smoke checks against the copy"
DATABASE_URL="$server/$restored_db" FAULTS_MEDIA_ROOT="$work/media-restored" $py manage.py migrate --check -v0 \
  && echo "   migrate --check: no migrations to apply"
DATABASE_URL="$server/$restored_db" FAULTS_MEDIA_ROOT="$work/media-restored" $py scripts/faults/smoke.py check "$work/expected.json" | sed 's/^/   /'
for table in wagtailcore_page auth_user ateliers_registration core_outboxemail; do
  a=$(psql "$server/$source_db" -tAc "SELECT count(*) FROM $table")
  b=$(psql "$server/$restored_db" -tAc "SELECT count(*) FROM $table")
  echo "   rows in $table: original $a, restored $b"
  [ "$a" = "$b" ]
done
echo "BACKUP/RESTORE CHECK PASSED"
