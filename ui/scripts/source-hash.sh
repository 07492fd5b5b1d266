#!/bin/sh
# Prints one SHA-256 over the SPA's build inputs (file paths and contents). `npm run build`
# stores it in dist/.source-hash; `make ui` rebuilds only when it differs, so the Go build
# never needs Node while the committed ui/dist is current. Git checkouts do not keep file
# times, which is why this compares contents rather than timestamps.
set -eu
cd "$(dirname "$0")/.."
{
  for f in index.html graphiql.html package.json package-lock.json tsconfig.json vite.config.ts codegen.ts; do
    [ -f "$f" ] && echo "$f"
  done
  find src public -type f ! -name '*.test.ts' ! -name '*.test.tsx' 2>/dev/null
} | LC_ALL=C sort | while read -r f; do
  printf '%s  ' "$f"
  sha256sum < "$f" | cut -c1-64
done | sha256sum | cut -c1-64
