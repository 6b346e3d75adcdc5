// Conversion edges of the rebate API, shared by the Node and the WASM packages: decimals as
// strings in and out, JS floats refused for money, coded errors as classes, a prepared period
// that estimates.
import assert from 'node:assert/strict'
import { test } from 'node:test'

const AGREEMENT = {
  schemaVersion: 1,
  id: 'a',
  distributor: 'd',
  coefficients: [],
  volume: {
    tiers: {
      mode: 'retroactive',
      boundary: 'lowerInclusive',
      bands: [
        { id: 'T1', from: '0', to: '1000', rate: '0.01' },
        { id: 'T2', from: '1000', rate: '0.02' },
      ],
    },
  },
}

const request = (amounts) => ({
  periodStart: '2026-01-01',
  asOf: '2026-03-31',
  lines: amounts.map((amount, i) => ({ id: `L${i}`, date: '2026-01-10', sku: 'S', amount })),
})

export function defineRebateTests(api) {
  test('a settlement comes back with decimal strings that sum exactly', () => {
    const s = new api.RebateAgreement(AGREEMENT).settle(request(['600.00', '400.00']))
    assert.equal(s.entitlement, '20.00')
    assert.deepEqual(s.lines.map((l) => l.rebate), ['12.00', '8.00'])
  })

  test('a float amount is refused for its line only', () => {
    const s = new api.RebateAgreement(AGREEMENT).settle(request(['100', 100.5]))
    assert.equal(s.entitlement, '1.00')
    assert.equal(s.rejected[0].error.code, 'FLOAT_NOT_ALLOWED')
    assert.equal(s.rejected[0].error.path, 'lines[1].amount')
  })

  test('a bad agreement raises ConfigError with every problem', () => {
    assert.throws(
      () => new api.RebateAgreement({ ...AGREEMENT, totalCap: '-1', coefficients: [{ id: 'c', when: { field: 'nope', op: 'gt', value: '1' }, factor: '2' }] }),
      (e) => e instanceof api.ConfigError && e.code === 'UNKNOWN_FIGURE' && e.path === 'coefficients[0].when.field' && e.problems.length === 2,
    )
  })

  test('a prepared period estimates, and its errors are InputError', () => {
    const period = new api.RebateAgreement(AGREEMENT).prepare(request(['990.00']))
    assert.ok(period instanceof api.PreparedRebatePeriod)
    assert.equal(period.baseline().entitlement, '9.90')
    const e = period.estimate({ lines: [{ sku: 'S', amount: '10.00' }] })
    assert.equal(e.rebate, '10.10')
    assert.equal(e.components[0].bandWith, 'T2')
    assert.throws(
      () => period.estimate({ lines: [{ sku: 'S', amount: 1.5 }] }),
      (err) => err instanceof api.InputError && err.code === 'FLOAT_NOT_ALLOWED' && err.path === 'lines[0].amount',
    )
  })
}
