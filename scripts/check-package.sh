#!/usr/bin/env bash
# Packs crmkit as npm would publish it, then checks the tarball: publint (package.json and
# exports), @arethetypeswrong/cli (types resolve for import and require under every
# resolution mode), and a scratch project that installs the tarball and uses it from ESM and
# CommonJS.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -f dist/index.js ] || npm run build
tarball=$(npm pack --silent --pack-destination "$work" | tail -1)
tarball="$work/$tarball"
echo "packed $tarball"

npx publint run "$tarball" --strict
npx attw "$tarball" --profile node16

mkdir -p "$work/smoke"
cd "$work/smoke"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$tarball"
cat > esm.mjs <<'JS'
import { ProviderError, createChatStream } from 'crmkit';
import * as testing from 'crmkit/testing';
const error = new ProviderError('x', { kind: 'overloaded' });
if (!ProviderError.isInstance(error) || !error.retryable) throw new Error('ESM import broken');
if (typeof createChatStream !== 'function' || typeof testing !== 'object') throw new Error('ESM exports missing');
console.log('ESM import ok');
JS
cat > cjs.cjs <<'JS'
const { ProviderError, createChatStream } = require('crmkit');
require('crmkit/testing');
const error = new ProviderError('x', { kind: 'auth' });
if (!ProviderError.isInstance(error) || error.retryable) throw new Error('CJS require broken');
if (typeof createChatStream !== 'function') throw new Error('CJS exports missing');
console.log('CJS require ok');
JS
node esm.mjs
node cjs.cjs
echo "package checks passed"
