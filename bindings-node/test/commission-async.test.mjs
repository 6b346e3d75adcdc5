// The commission plan's long computations off the event loop: the same answers as the sync
// calls, and coded errors as rejections with the right classes.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CommissionPlan, ConfigError, InputError } from '../index.js'

const plan = (id, rate, currency = 'CNY') => new CommissionPlan({
  schemaVersion: 1,
  id,
  currency,
  versions: [{ id: 'v1', effectiveFrom: '2026-01-01', rules: [{ id: 'all', match: {}, rate }] }],
})

const request = {
  period: { from: '2026-01-01', to: '2026-03-31' },
  asOf: '2026-03-31',
  reps: [{ id: 'wang', quota: '100000' }, { id: 'li', quota: '100000' }],
  deals: Array.from({ length: 2000 }, (_, i) => ({
    id: `D${i}`, rep: i % 2 ? 'li' : 'wang', amount: `${1000 + i}.50`, closeDate: '2026-01-10', signedDate: '2026-01-10',
  })),
}

test('statementAsync, whatIfAsync and efficiencyAsync agree with the sync calls', async () => {
  const current = plan('p', '0.05')
  const proposal = plan('q', '0.06')
  assert.deepEqual(await current.statementAsync(request), current.statement(request))
  assert.deepEqual(await current.whatIfAsync(proposal, request), current.whatIf(proposal, request))
  const options = { lowIncentiveRatio: '0.5' }
  assert.deepEqual(await current.efficiencyAsync(request, options), current.efficiency(request, options))
})

test('async commission calls reject with coded errors', async () => {
  const current = plan('p', '0.05')
  await assert.rejects(current.whatIfAsync(plan('u', '0.05', 'USD'), request), (e) => e instanceof ConfigError && e.code === 'CURRENCY_MISMATCH')
  await assert.rejects(current.efficiencyAsync(request, { per: 1.5 }), (e) => e instanceof InputError && e.code === 'FLOAT_NOT_ALLOWED' && e.path === 'options.per')
  await assert.rejects(current.statementAsync({ ...request, reps: [] , period: { from: '2026-04-01', to: '2026-03-01' } }), InputError)
})
