// Assigner through the napi package: assignAsync off the event loop with the same result as
// assign, decimals as strings, and coded errors as ConfigError / InputError.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Assigner, ConfigError, InputError } from '../index.js'

const request = {
  asOf: '2026-03-10T09:00:00+08:00',
  leads: Array.from({ length: 500 }, (_, i) => ({
    id: `L${i}`, createdAt: '2026-03-09T10:00:00+08:00', region: 'east', customerType: 'KA',
    industry: 'K12', budget: '30000',
  })),
  reps: [{ id: 'wang', regions: ['east'], customerTypes: ['KA'], capacity: 600,
    stats: { K12: { winRate: '0.6', avgCycleDays: '30', ticketMin: '10000', ticketMax: '50000' } } }],
}

test('assignAsync resolves to the same result as assign', async () => {
  const assigner = new Assigner({ schemaVersion: 1, id: 'p', breaker: { dailyLimit: 1000, rollingLimit: 1000 } })
  const pending = assigner.assignAsync(request)
  assert.ok(pending instanceof Promise)
  const result = await pending
  assert.deepEqual(result, assigner.assign(request))
  assert.equal(result.assignments.length, 500)
  assert.equal(result.assignments[0].match, '0.7167')
})

test('a float budget rejects only that lead', () => {
  const result = new Assigner({ schemaVersion: 1, id: 'p' }).assign({
    ...request,
    leads: [{ ...request.leads[0], budget: 30000.5 }, request.leads[1]],
  })
  assert.equal(result.rejected[0].error.code, 'FLOAT_NOT_ALLOWED')
  assert.equal(result.rejected[0].error.path, 'leads[0].budget')
  assert.equal(result.assignments.length, 1)
})

test('policy problems are a ConfigError, bad reps an InputError, also from assignAsync', async () => {
  assert.throws(() => new Assigner({ schemaVersion: 1, id: 'p', breaker: { dailyLimit: 0 } }), (e) => {
    assert.ok(e instanceof ConfigError)
    assert.equal(e.code, 'OUT_OF_RANGE')
    assert.equal(e.path, 'breaker.dailyLimit')
    return true
  })
  const bad = { ...request, history: [{ repId: 'ghost', assignedAt: '2026-03-10T08:00:00+08:00' }] }
  await assert.rejects(new Assigner({ schemaVersion: 1, id: 'p' }).assignAsync(bad), (e) => {
    assert.ok(e instanceof InputError)
    assert.equal(e.code, 'UNKNOWN_REP')
    assert.equal(e.path, 'history[0].repId')
    return true
  })
})
