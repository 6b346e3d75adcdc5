// What the browser tests share: a static server on 127.0.0.1 for the files below
// bindings-wasm/ and headless Chromium (Debian's, or CHROMIUM_PATH) driven by playwright-core.
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const ROOT = fileURLToPath(new URL('..', import.meta.url)) // bindings-wasm/
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
}

export function startServer() {
  const server = createServer(async (req, res) => {
    const path = normalize(join(ROOT, decodeURIComponent(new URL(req.url, 'http://x').pathname)))
    // Only files below bindings-wasm/ are served.
    if (!path.startsWith(ROOT.endsWith(sep) ? ROOT : ROOT + sep)) {
      res.writeHead(403).end()
      return
    }
    try {
      const body = await readFile(path)
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(server))
  })
}

/** Checks that Chromium and pkg-web are there, then starts the browser. */
export function launchChromium() {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/setup-js.sh`)
  assert.ok(existsSync(join(ROOT, 'pkg-web', 'index.mjs')), 'pkg-web is not built: run scripts/setup-js.sh')
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}
