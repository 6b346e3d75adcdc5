// Conversion edges of Assigner.fairnessReport, shared by the Node and the WASM packages: decimals
// as strings, undefined figures as null, a float refused per record, coded errors as classes.
import assert from 'node:assert/strict'
import { test } from 'node:test'

export function defineFairnessTests(api) {
  const record = (i, group, converted, qualityIndex) => ({
    leadId: `L${i}`, repId: 'wang', group, assignedAt: '2026-01-12T10:00:00+08:00', converted, qualityIndex,
  })

  test('figures are decimal strings and a group without leads has null rates', () => {
    const report = new api.Assigner({ schemaVersion: 1, id: 'p' }).fairnessReport({
      groups: ['A', 'B'],
      records: [record(0, 'A', true, '80'), record(1, 'A', false, '70')],
    })
    assert.equal(report.groups[0].share, '1')
    assert.equal(report.groups[0].meanQuality, '75')
    assert.equal(report.groups[1].conversionRate, null)
    assert.deepEqual(report.warnings.map((w) => [w.group, w.kind]), [['A', 'shareDeviation'], ['B', 'shareDeviation']])
  })

  test('a float quality index rejects only that record', () => {
    const report = new api.Assigner({ schemaVersion: 1, id: 'p' }).fairnessReport({
      records: [record(0, 'A', true, 80.5), record(1, 'A', true, '60')],
    })
    assert.equal(report.leads, 1)
    assert.equal(report.rejected[0].error.code, 'FLOAT_NOT_ALLOWED')
    assert.equal(report.rejected[0].error.path, 'records[0].qualityIndex')
  })

  test('policy and request problems are coded errors', () => {
    assert.throws(
      () => new api.Assigner({ schemaVersion: 1, id: 'p', fairness: { targetShares: [{ group: 'A', share: '0.6' }] } }),
      (e) => e instanceof api.ConfigError && e.code === 'INVALID_WEIGHTS' && e.path === 'fairness.targetShares',
    )
    assert.throws(
      () => new api.Assigner({ schemaVersion: 1, id: 'p' }).fairnessReport({ records: [], periodStart: '2026-01-18', periodEnd: '2026-01-12' }),
      (e) => e instanceof api.InputError && e.code === 'END_BEFORE_START' && e.path === 'periodEnd',
    )
  })
}
