#!/usr/bin/env bash
# Replace the PostgreSQL database DATABASE_URL names with a backup written by
# scripts/backup_postgres.sh. Every object the backup holds is dropped and made again
# from it (--clean --if-exists), in one transaction: if anything fails, the database
# stays as it was. Stop the site and the mail worker first; their connections would
# hold the tables. docs/backup.md has the whole procedure.
#
#   DATABASE_URL=postgres://user@host:5432/name scripts/restore_postgres.sh [--yes] FILE
set -euo pipefail

yes=false
if [ "${1:-}" = "--yes" ]; then
  yes=true
  shift
fi
if [ $# -ne 1 ]; then
  echo "usage: DATABASE_URL=postgres://... $0 [--yes] FILE" >&2
  exit 2
fi
file=$1
case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) ;;
  *)
    echo "DATABASE_URL does not name a PostgreSQL database. For SQLite, or any" \
      "database: .venv/bin/python manage.py restore_data FILE" >&2
    exit 2
    ;;
esac
if [ ! -f "$file" ]; then
  echo "No backup file at $file." >&2
  exit 1
fi
if ! pg_restore --list "$file" >/dev/null 2>&1; then
  echo "$file is not a backup made by pg_dump --format=custom, or it is damaged." \
    "Nothing was changed." >&2
  exit 1
fi

warning="This replaces everything in the database with $file."
if ! $yes; then
  if [ ! -t 0 ]; then
    echo "$warning Run again with --yes to go ahead." >&2
    exit 1
  fi
  read -r -p "$warning Type 'yes' to go ahead: " answer
  if [ "$answer" != "yes" ]; then
    echo "Restore cancelled; nothing was changed." >&2
    exit 1
  fi
fi

# --no-owner, --no-privileges: the objects belong to whoever restores, so a backup
# from another server, with other roles, restores too.
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
  --exit-on-error --dbname="$DATABASE_URL" "$file"
echo "Restored $file."
