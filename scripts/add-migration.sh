#!/usr/bin/env bash
# Adds the same-named migration to both providers: ./scripts/add-migration.sh AddWiki
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: add-migration.sh MigrationName}"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project "src/Foyer.Data.$provider" --startup-project "src/Foyer.Data.$provider" --output-dir Migrations
done
