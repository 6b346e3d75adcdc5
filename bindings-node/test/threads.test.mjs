// The thread cap for large batches (Node only: WebAssembly runs on one thread): a statement of
// 20,000 deals is the same on one thread as on every core, and a bad cap is refused with the
// same codes as in Python (the shared wire operation decides them).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CommissionPlan, InputError, maxThreads, setMaxThreads } from '../index.js'

const plan = {
  schemaVersion: 1,
  id: 'p',
  versions: [{
    id: 'v1',
    effectiveFrom: '2026-01-01',
    rules: [
      { id: 'device', match: { productLine: 'device' }, rate: '0.05' },
      { id: 'consumable', match: { productLine: 'consumable' }, rate: '0.03' },
    ],
    accelerator: {
      measure: 'attainment',
      scope: 'period',
      tiers: {
        mode: 'graduated',
        boundary: 'lowerInclusive',
        bands: [{ id: 'base', from: '0', to: '1', rate: '1' }, { id: 'over', from: '1', rate: '1.5' }],
      },
    },
  }],
}

// Deals of 40 reps, some with no matching rule, a duplicate id or an unknown rep.
function largeRequest(n) {
  const deals = []
  const payments = []
  for (let i = 0; i < n; i++) {
    const close = `2026-0${1 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')}`
    deals.push({
      id: i % 97 === 96 ? `D${i - 3}` : `D${i}`,
      rep: i % 89 === 88 ? 'nobody' : `rep${i % 40}`,
      amount: `${1000 + (i % 5000)}.25`,
      closeDate: close,
      signedDate: close,
      fields: { productLine: i % 83 === 82 ? 'service' : ['device', 'consumable'][i % 2] },
    })
    if (i % 3) payments.push({ id: `P${i}`, deal: `D${i}`, amount: '100', date: close })
  }
  return {
    period: { from: '2026-01-01', to: '2026-03-31' },
    asOf: '2026-03-31',
    reps: Array.from({ length: 40 }, (_, r) => ({ id: `rep${r}`, quota: '250000' })),
    deals,
    payments,
  }
}

test('a large statement is the same on one thread and on every core', () => {
  const commission = new CommissionPlan(plan)
  const request = largeRequest(20_000)
  const defaultThreads = maxThreads()
  assert.ok(defaultThreads >= 1)
  let oneThread
  try {
    setMaxThreads(1)
    assert.equal(maxThreads(), 1)
    oneThread = commission.statement(request)
  } finally {
    setMaxThreads(0)
  }
  assert.equal(maxThreads(), defaultThreads)
  const everyCore = commission.statement(request)
  assert.deepEqual(everyCore, oneThread)
  const codes = new Set(everyCore.rejected.map((r) => r.error.code))
  assert.deepEqual([...codes].sort(), ['DUPLICATE_ID', 'NO_MATCHING_RULE', 'UNKNOWN_DEAL', 'UNKNOWN_REP'])
  assert.ok(everyCore.reps.every((rep) => rep.lines.length > 400))
})

test('a cap that is not a whole number from 0 up is refused', () => {
  const before = maxThreads()
  const cases = [[-1, 'OUT_OF_RANGE'], [1.5, 'INVALID_TYPE'], ['2', 'INVALID_TYPE'], [true, 'INVALID_TYPE'], [null, 'INVALID_TYPE'], [undefined, 'INVALID_TYPE']]
  for (const [bad, code] of cases) {
    assert.throws(() => setMaxThreads(bad), (e) => e instanceof InputError && e.code === code && e.path === 'threads', String(bad))
  }
  assert.equal(maxThreads(), before)
})
