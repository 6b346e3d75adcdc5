// The pkg-web build in real headless Chromium: a static server on 127.0.0.1 serves a tiny page
// that loads the module, validates stage moves and times 1,000 checks.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchChromium, startServer } from './browser-harness.mjs'

test('pkg-web validates stage moves in headless Chromium', { timeout: 120_000 }, async () => {
  const server = await startServer()
  let browser
  try {
    browser = await launchChromium()
    const page = await browser.newPage()
    const problems = []
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`)
    })
    const { port } = server.address()
    await page.goto(`http://127.0.0.1:${port}/test/page/index.html`)
    await page.waitForFunction(() => document.body.dataset.status !== 'loading', null, { timeout: 60_000 })
    const result = await page.evaluate(() => window.revlogicResult)
    assert.equal(result.error, undefined, `${result.error}\n${problems.join('\n')}`)
    assert.deepEqual(problems, [])

    assert.equal(result.pipelineId, 'default')
    assert.deepEqual(result.blocked, {
      allowed: false,
      violations: [
        'opportunity.fields.pain_points',
        'opportunity.fields.competitor_analysis',
        'opportunity.fields.budget_range',
        'opportunity.fields.decision_chain',
      ],
    })
    assert.deepEqual(result.allowed, { allowed: true, violations: 0 })
    assert.equal(result.configError.isConfigError, true)
    assert.equal(result.configError.isRevlogicError, true)
    assert.ok(result.configError.problems >= 2)
    assert.ok(result.errorCodes > 0)
    // The page shows what it computed.
    const shown = JSON.parse(await page.textContent('#result'))
    assert.equal(shown.blocked.violations.length, 4)
    console.log(`browser: ${result.userAgent.match(/(?:Headless)?Chrome\/[\d.]+/)?.[0]}; ` +
      `${result.perCheckMicros.toFixed(1)} µs per single-request check (1,000 checks)`)
  } finally {
    await browser?.close()
    await new Promise((resolve) => server.close(resolve))
  }
})
