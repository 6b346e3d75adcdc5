// Prepares a quarter of 10,000 orders (30,000 lines) once, then times estimates of one more
// order the way a quote form calls them on every keystroke (value tiers, then chronologically
// valued quantity tiers with the order dated mid-quarter); publishes the outcome on the page
// and as window.revlogicResult.
import init, { RebateAgreement } from '../../pkg-web/index.mjs'

const AGREEMENT = {
  schemaVersion: 1, id: 'HZ-2026', distributor: 'D-HZ-01',
  exclusions: { skus: ['SKU-X'] }, newProducts: { skus: ['NEW-1', 'NEW-2'] },
  volume: { tiers: { mode: 'retroactive', boundary: 'lowerInclusive', bands: [
    { id: 'T1', from: '0', to: '500000', rate: '0.01' },
    { id: 'T2', from: '500000', to: '1000000', rate: '0.02' },
    { id: 'T3', from: '1000000', rate: '0.03' }] } },
  newProductBonus: { rate: '0.02' },
  paymentBonus: { withinDays: 30, rate: '0.005' },
}
// The same agreement with graduated quantity tiers valued chronologically: an estimate then
// inserts the order's units into the period's stack at the order's date.
const CHRONOLOGICAL = {
  ...AGREEMENT,
  volume: { basis: 'quantity', valuation: 'chronological', tiers: { mode: 'graduated', boundary: 'lowerInclusive', bands: [
    { id: 'Q1', from: '0', to: '50000', rate: '0.01' },
    { id: 'Q2', from: '50000', to: '100000', rate: '0.02' },
    { id: 'Q3', from: '100000', rate: '0.03' }] } },
}
const SKUS = ['OLD-1', 'OLD-2', 'NEW-1', 'NEW-2', 'SKU-X']

function quarter(orders) {
  const day = (k) => new Date(Date.UTC(2026, 0, 1 + (k % 90))).toISOString().slice(0, 10)
  const lines = []
  const invoices = []
  const payments = []
  for (let o = 0; o < orders; o++) {
    for (let j = 0; j < 3; j++) {
      const i = o * 3 + j
      lines.push({ id: `L${i}`, orderId: `O${o}`, date: day(o / 2 | 0), sku: SKUS[i % 5], quantity: `${1 + (i % 7)}`, amount: `${100 + (i * 7919) % 600}.50` })
    }
    if (o % 4 === 3) {
      invoices.push({ id: `I${o}`, date: day(o / 2 | 0), amount: '3000.00' })
      payments.push({ id: `P${o}`, date: day(Math.min((o / 2 | 0) + 10, 89)), invoiceId: `I${o}`, amount: '3000.00' })
    }
  }
  return { periodStart: '2026-01-01', asOf: '2026-03-31', lines, invoices, payments }
}

async function run() {
  await init()
  const agreement = new RebateAgreement(AGREEMENT)
  const period = quarter(10_000)
  let started = performance.now()
  const prepared = agreement.prepare(period)
  const prepareMillis = performance.now() - started

  // The rep types an amount digit by digit: each keystroke is one estimate.
  const orders = []
  for (let k = 0; k < 2000; k++) orders.push({ lines: [{ sku: 'NEW-1', amount: `${1 + k * 37}.00` }, { sku: 'OLD-1', amount: '1200.00' }] })
  for (let k = 0; k < 200; k++) prepared.estimate(orders[k]) // warm-up
  started = performance.now()
  let last
  for (const order of orders) last = prepared.estimate(order)
  const perEstimateMicros = ((performance.now() - started) * 1000) / orders.length

  // Chronological quantity tiers: orders dated mid-quarter go inside the stack.
  const chronological = new RebateAgreement(CHRONOLOGICAL).prepare(period)
  const dated = orders.map((o, k) => ({ date: '2026-02-10', lines: o.lines.map((l) => ({ ...l, quantity: `${1 + (k % 9)}` })) }))
  for (let k = 0; k < 200; k++) chronological.estimate(dated[k]) // warm-up
  started = performance.now()
  let lastChronological
  for (const order of dated) lastChronological = chronological.estimate(order)
  const perChronologicalMicros = ((performance.now() - started) * 1000) / dated.length

  // Both timed again: the first loop also pays for collecting the garbage of building the
  // period (30,000 line objects), which a quote form has long done by the time a rep types.
  started = performance.now()
  for (const order of orders) last = prepared.estimate(order)
  const perEstimateMicrosAgain = ((performance.now() - started) * 1000) / orders.length
  started = performance.now()
  for (const order of dated) lastChronological = chronological.estimate(order)
  const perChronologicalMicrosAgain = ((performance.now() - started) * 1000) / dated.length

  const baseline = prepared.baseline()
  const settled = agreement.settle({ ...period, detail: 'totals' })
  return {
    baselineEntitlement: baseline.entitlement,
    settledEntitlement: settled.entitlement,
    lastEstimate: last.rebate,
    prepareMillis,
    perEstimateMicros,
    perEstimateMicrosAgain,
    perChronologicalMicrosAgain,
    lastChronological: lastChronological.rebate,
    perChronologicalMicros,
    userAgent: navigator.userAgent,
  }
}

run().then(
  (result) => {
    window.revlogicResult = result
    document.getElementById('result').textContent = JSON.stringify(result, null, 2)
    document.body.dataset.status = 'done'
  },
  (error) => {
    window.revlogicResult = { error: String(error?.stack ?? error) }
    document.getElementById('result').textContent = window.revlogicResult.error
    document.body.dataset.status = 'error'
  },
)
