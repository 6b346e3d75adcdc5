// The rebate estimate of pkg-web in real headless Chromium: a period of 10,000 orders is
// prepared once, then 2,000 estimates are timed as a quote form would call them per keystroke.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchChromium, startServer } from './browser-harness.mjs'

test('pkg-web estimates a rebate per keystroke in headless Chromium', { timeout: 180_000 }, async () => {
  const server = await startServer()
  let browser
  try {
    browser = await launchChromium()
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
    assert.match(result.lastChronological, /^\d+\.\d{2}$/)
    // A loose bound only (the machine is shared); the figure is printed for the report.
    assert.ok(result.perEstimateMicros < 1000, `${result.perEstimateMicros} µs per estimate`)
    assert.ok(result.perChronologicalMicros < 1000, `${result.perChronologicalMicros} µs per chronological estimate`)
    console.log(`browser: ${result.userAgent.match(/(?:Headless)?Chrome\/[\d.]+/)?.[0]}; rebate period of 10,000 orders ` +
      `prepared in ${result.prepareMillis.toFixed(0)} ms; ${result.perEstimateMicros.toFixed(1)} µs per estimate (2,000 keystrokes); ` +
      `chronological quantity tiers, order dated mid-quarter: ${result.perChronologicalMicros.toFixed(1)} µs per estimate; ` +
      `timed again: ${result.perEstimateMicrosAgain.toFixed(1)} µs (value tiers), ${result.perChronologicalMicrosAgain.toFixed(1)} µs (chronological)`)
  } finally {
    await browser?.close()
    await new Promise((resolve) => server.close(resolve))
  }
})
