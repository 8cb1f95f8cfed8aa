#!/usr/bin/env node
/**
 * Adds the lock-file entries of platform-specific optional packages (rollup's, esbuild's,
 * Next's SWC binaries…) for the platforms this machine is not.
 *
 * Why: the npm registry mirror these machines use serves only the packages for linux-x64, so
 * `npm install` cannot record the others, and npm 11's `npm ci` then refuses the lock file
 * ("Missing: @rollup/rollup-android-arm-eabi@ from lock file"). Each added entry carries the
 * version, `optional`, `os`, `cpu` (and `libc`) read from the package's name, which is all
 * `npm ci` needs to skip it on other platforms. Run it after regenerating a lock file:
 *
 *   node scripts/fill-platform-lock-entries.mjs package-lock.json examples/express/package-lock.json
 */
import { readFileSync, writeFileSync } from 'node:fs';

const osNames = ['android', 'darwin', 'freebsd', 'linux', 'netbsd', 'openbsd', 'openharmony', 'sunos', 'win32', 'aix', 'cygwin'];
const cpuNames = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'mips64el', 'ppc64', 'riscv64', 's390x', 'wasm32'];
const aliases = { windows: 'win32', macos: 'darwin', mac: 'darwin', x86_64: 'x64', aarch64: 'arm64', x86: 'ia32', arm32: 'arm' };

function platformOf(name) {
  const parts = name.split('/').pop().split(/[-_]/).map((part) => aliases[part] ?? part);
  const os = parts.find((part) => osNames.includes(part));
  const cpu = parts.find((part) => cpuNames.includes(part));
  if (!os && !cpu) return undefined;
  const libc = parts.includes('musl') || parts.includes('musleabihf') ? 'musl' : os === 'linux' ? 'glibc' : undefined;
  return { os, cpu, libc };
}

for (const file of process.argv.slice(2)) {
  const lock = JSON.parse(readFileSync(file, 'utf8'));
  const packages = lock.packages;
  let added = 0;
  for (const [location, entry] of Object.entries(packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const base = location === '' ? 'node_modules' : `${location}/node_modules`;
      if (packages[`${base}/${name}`] || packages[`node_modules/${name}`]) continue;
      const platform = platformOf(name);
      if (!platform) continue;
      packages[`node_modules/${name}`] = {
        version: version.replace(/^[\^~=]/, ''),
        ...(platform.cpu ? { cpu: [platform.cpu] } : {}),
        ...(entry.dev ? { dev: true } : {}),
        ...(platform.libc ? { libc: [platform.libc] } : {}),
        optional: true,
        ...(platform.os ? { os: [platform.os] } : {}),
      };
      added += 1;
    }
  }
  const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
  lock.packages = sorted;
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`${file}: added ${added} platform entries`);
}
