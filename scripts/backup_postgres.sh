#!/usr/bin/env bash
# Back up the PostgreSQL database DATABASE_URL names, in pg_dump's custom format:
# every table, sequence, index and constraint, and every row (history, accounts,
# sessions, lockouts, the mail queue), as one consistent snapshot taken while the site
# runs. Restore with scripts/restore_postgres.sh; docs/backup.md has the whole procedure.
#
#   DATABASE_URL=postgres://user@host:5432/name scripts/backup_postgres.sh FILE
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: DATABASE_URL=postgres://... $0 FILE" >&2
  exit 2
fi
file=$1
case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) ;;
  *)
    echo "DATABASE_URL does not name a PostgreSQL database. For SQLite, or any" \
      "database: .venv/bin/python manage.py backup_data FILE" >&2
    exit 2
    ;;
esac
if [ -e "$file" ]; then
  echo "$file exists already; a backup never overwrites another." >&2
  exit 1
fi

# Written under another name and renamed when complete: a dump that failed half-way
# never lies there looking like a backup.
partial="$file.partial"
trap 'rm -f "$partial"' EXIT
pg_dump --format=custom --dbname="$DATABASE_URL" --file="$partial"
pg_restore --list "$partial" >/dev/null
mv "$partial" "$file"
trap - EXIT
echo "Backed up to $file ($(wc -c <"$file") bytes)."
