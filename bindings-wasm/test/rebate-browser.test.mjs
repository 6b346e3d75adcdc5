// The rebate estimate of pkg-web in real headless Chromium: a period of 10,000 orders is
// prepared once, then 2,000 estimates are timed as a quote form would call them per keystroke.
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const ROOT = fileURLToPath(new URL('..', import.meta.url)) // bindings-wasm/
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
}

function startServer() {
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

test('pkg-web estimates a rebate per keystroke in headless Chromium', { timeout: 180_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/setup-js.sh`)
  assert.ok(existsSync(join(ROOT, 'pkg-web', 'index.mjs')), 'pkg-web is not built: run scripts/setup-js.sh')
  const server = await startServer()
  let browser
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    const page = await browser.newPage()
    const problems = []
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    const { port } = server.address()
    await page.goto(`http://127.0.0.1:${port}/test/page/rebate.html`)
    await page.waitForFunction(() => document.body.dataset.status !== 'loading', null, { timeout: 150_000 })
    const result = await page.evaluate(() => window.revlogicResult)
    assert.equal(result.error, undefined, `${result.error}\n${problems.join('\n')}`)
    assert.deepEqual(problems, [])
    // The prepared period is the settled period: same entitlement.
    assert.equal(result.baselineEntitlement, result.settledEntitlement)
    assert.match(result.lastEstimate, /^\d+\.\d{2}$/)
    // A loose bound only (the machine is shared); the figure is printed for the report.
    assert.ok(result.perEstimateMicros < 1000, `${result.perEstimateMicros} µs per estimate`)
    console.log(`browser: ${result.userAgent.match(/(?:Headless)?Chrome\/[\d.]+/)?.[0]}; rebate period of 10,000 orders ` +
      `prepared in ${result.prepareMillis.toFixed(0)} ms; ${result.perEstimateMicros.toFixed(1)} µs per estimate (2,000 keystrokes)`)
  } finally {
    await browser?.close()
    await new Promise((resolve) => server.close(resolve))
  }
})
