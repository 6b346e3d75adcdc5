// Conversion edges of CommissionPlan, shared by the Node and the WASM packages: decimals as
// strings in and out, JS floats refused for money, coded errors as classes, another loaded
// plan as the what-if argument.
import assert from 'node:assert/strict'
import { test } from 'node:test'

const plan = (id, rate) => ({
  schemaVersion: 1,
  id,
  versions: [{ id: 'v1', effectiveFrom: '2026-01-01', rules: [{ id: 'all', match: {}, rate }] }],
})

const request = (amount, reps = [{ id: 'wang', quota: '100000' }]) => ({
  period: { from: '2026-01-01', to: '2026-03-31' },
  asOf: '2026-03-31',
  reps,
  deals: [{ id: 'D1', rep: 'wang', amount, closeDate: '2026-01-10', signedDate: '2026-01-10' }],
  payments: [{ id: 'P1', deal: 'D1', amount: '1', date: '2026-01-20' }],
})

export function defineCommissionTests(api) {
  test('a statement comes back with decimal strings', () => {
    const st = new api.CommissionPlan(plan('p', '0.05')).statement(request('20000'))
    assert.equal(st.reps[0].lines[0].earned, '1000.00')
    assert.equal(st.reps[0].totals.payableNow, '1000.00')
  })

  test('a float amount rejects only that deal', () => {
    const st = new api.CommissionPlan(plan('p', '0.05')).statement(request(20000.5))
    assert.equal(st.rejected[0].error.code, 'FLOAT_NOT_ALLOWED')
    assert.equal(st.rejected[0].error.path, 'deals[0].amount')
  })

  test('a plan without rules raises ConfigError with its path', () => {
    const bad = { ...plan('p', '0.05'), versions: [{ id: 'v1', effectiveFrom: '2026-01-01', rules: [] }] }
    assert.throws(() => new api.CommissionPlan(bad), (e) => e instanceof api.ConfigError && e.code === 'EMPTY_PLAN' && e.path === 'versions[0].rules')
  })

  test('whatIf compares with another loaded plan', () => {
    const result = new api.CommissionPlan(plan('p', '0.05')).whatIf(new api.CommissionPlan(plan('q', '0.06')), request('20000'))
    assert.equal(result.proposalPlan, 'q')
    assert.equal(result.total.difference.earned, '200.00')
    const usd = { ...plan('u', '0.05'), currency: 'USD' }
    assert.throws(
      () => new api.CommissionPlan(plan('p', '0.05')).whatIf(new api.CommissionPlan(usd), request('20000')),
      (e) => e instanceof api.ConfigError && e.code === 'CURRENCY_MISMATCH' && e.path === 'proposal.currency',
    )
  })

  test('efficiency options are decimals, floats refused', () => {
    const p = new api.CommissionPlan(plan('p', '0.05'))
    assert.equal(p.efficiency(request('20000')).reps[0].costPerUnit, '500.00')
    assert.equal(p.efficiency(request('20000'), { per: '1000' }).reps[0].costPerUnit, '50.00')
    assert.throws(() => p.efficiency(request('20000'), { per: 1000.5 }), (e) => e instanceof api.InputError && e.code === 'FLOAT_NOT_ALLOWED' && e.path === 'options.per')
  })

  test('liveFigure is for exactly one rep', () => {
    const p = new api.CommissionPlan(plan('p', '0.05'))
    const live = p.liveFigure(request('20000'))
    assert.deepEqual([live.rep, live.payableNow, live.excessPool], ['wang', '1000.00', '0.00'])
    assert.throws(
      () => p.liveFigure(request('20000', [{ id: 'wang', quota: '1' }, { id: 'li', quota: '1' }])),
      (e) => e instanceof api.InputError && e.code === 'INVALID_VALUE' && e.path === 'reps',
    )
  })
}
