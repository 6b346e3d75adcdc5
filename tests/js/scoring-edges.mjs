// Conversion edges of the scoring API, shared by the Node and the WASM packages: decimals as
// strings in and out, JS floats refused for rates, coded errors as classes, a trained model
// document that loads back.
import assert from 'node:assert/strict'
import { test } from 'node:test'

const PHI = { model: 'processHealth', schemaVersion: 1, id: 'phi' }

export function defineScoringTests(api) {
  test('scores come back as decimal strings', () => {
    const model = new api.ScoreModel(PHI)
    assert.equal(model.model, 'processHealth')
    const [r] = model.score([{ id: 'a', rates: { response: '0.90', visitCompletion: '0.80', commitmentClosure: '0.95' } }]).results
    assert.equal(r.score, '0.875')
    assert.equal(r.band, 'green')
  })

  test('a float rate is refused for its record only', () => {
    const { results } = new api.ScoreModel(PHI).score([{ id: 'a', rates: { response: 0.9 } }, { id: 'b', rates: { response: 1 } }])
    assert.equal(results[0].status, 'rejected')
    assert.equal(results[0].error.code, 'FLOAT_NOT_ALLOWED')
    assert.equal(results[0].error.path, 'records[0].rates.response')
    assert.equal(results[1].score, '1')
  })

  test('a bad document raises ConfigError with every problem', () => {
    assert.throws(
      () => new api.ScoreModel({ ...PHI, weights: { response: '-1', visitCompletion: '1', commitmentClosure: '1' }, bands: { green: '2', yellow: '0.5' } }),
      (e) => e instanceof api.ConfigError && e.code === 'INVALID_WEIGHTS' && e.path === 'weights.response' && e.problems.length === 2,
    )
  })

  test('options are checked: explain must be a boolean, no unknown member', () => {
    assert.throws(() => new api.ScoreModel(PHI).score([], { explain: 'yes' }), (e) => e instanceof api.InputError && e.path === 'options.explain')
    assert.throws(() => new api.ScoreModel(PHI).score([], { explian: true }), (e) => e instanceof api.InputError && e.code === 'UNKNOWN_FIELD')
    const [r] = new api.ScoreModel(PHI).score([{ id: 'a', rates: { response: '1' } }], { components: false }).results
    assert.deepEqual(r.components, [])
  })

  test('a trained model document loads back', () => {
    const closed = Array.from({ length: 12 }, (_, i) => ({ id: `O${i}`, outcome: i % 3 ? 'lost' : 'won', fields: { source: i % 2 ? 'web' : 'referral', size: i % 3 } }))
    const report = api.trainWinModel(closed, { id: 'w', parameters: { minCount: 1 } })
    assert.equal(report.trained, 12)
    const [r] = new api.ScoreModel(report.model).score([{ id: 'x', fields: { source: 'web', size: 1 } }]).results
    assert.equal(typeof r.score, 'string')
    assert.throws(() => api.trainWinModel(closed.filter((o) => o.outcome === 'won'), { id: 'w' }), (e) => e instanceof api.InputError && e.code === 'INSUFFICIENT_TRAINING_DATA')
  })

  test('kpi and prioritise', () => {
    const k = api.kpi({ targetDeviation: [{ id: 'a', target: '100', actual: '111' }] })
    assert.equal(k.targetDeviation[0].value, '0.11')
    assert.equal(k.targetDeviation[0].flagged, true)
    const p = api.prioritise({ opportunities: [{ id: 'a', winProbability: '0.5', urgencyWeight: 2 }] })
    assert.equal(p.top[0].priority, '1')
  })
}
