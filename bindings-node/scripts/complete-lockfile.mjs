// Run after `npm install` changes package-lock.json. The npm registry reachable here serves
// only the Linux x64 builds of @napi-rs/cli's native helpers (@napi-rs/lzma, @napi-rs/tar,
// @napi-rs/wasm-tools), so npm leaves their other platform packages out of the lockfile, and
// `npm ci` then refuses the lockfile as out of sync. This adds each missing optional platform
// package with its os/cpu/libc, so `npm ci` skips it on this machine and fetches it by version
// on a machine of that platform.
import { readFileSync, writeFileSync } from 'node:fs'

const path = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(readFileSync(path, 'utf8'))

// "linux-arm64-musl" → os linux, cpu arm64, libc musl; "wasm32-wasi" → cpu wasm32.
function platformOf(suffix) {
  const [os, cpu, abi] = suffix.split('-')
  if (os === 'wasm32') return { cpu: ['wasm32'] }
  const fields = { os: [os], cpu: [cpu] }
  if (os === 'linux') fields.libc = [abi === 'musl' ? 'musl' : 'glibc']
  return fields
}

let added = 0
for (const [at, entry] of Object.entries(lock.packages)) {
  const parent = at.replace(/^.*node_modules\//, '')
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`
    if (lock.packages[key] || !name.startsWith(`${parent}-`)) continue
    lock.packages[key] = { version, ...platformOf(name.slice(parent.length + 1)), dev: entry.dev, optional: true }
    added++
  }
}
const entries = Object.entries(lock.packages)
lock.packages = Object.fromEntries([entries[0], ...entries.slice(1).sort(([a], [b]) => a.localeCompare(b))])
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`)
console.log(`package-lock.json: ${added} optional platform packages added`)
