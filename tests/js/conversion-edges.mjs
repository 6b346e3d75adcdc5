// Binding tests for conversion edges only (floats, NaN, null/undefined, wrong types, batch
// shapes, error classes), shared by the Node and WASM packages: each passes its public API.
// Business rules are the vectors' job.
import assert from 'node:assert/strict'
import { test } from 'node:test'

const KEY_FIELDS = {
  first_contact_method: 'visit',
  pain_points: 'slow month-end reporting',
  competitor_analysis: 'compared with two vendors',
  budget_range: '100k-200k',
  decision_chain: ['director', 'procurement'],
}

/** A lead → proposal request; with all key fields it is allowed by the default pipeline. */
export function leadToProposal(id, fields = KEY_FIELDS) {
  return { opportunity: { id, stage: 'lead', fields: { ...fields } }, to: 'proposal' }
}

/** A proposal → quote request carrying `amount` as given. */
function quoteWithAmount(id, amount) {
  return { opportunity: { id, stage: 'proposal', fields: { ...KEY_FIELDS, amount } }, to: 'quote' }
}

/** Asserts that `fn` throws `Class` with `code` at `path`, and returns the error. */
export function throwsCoded(api, fn, Class, code, path) {
  let caught
  assert.throws(fn, (error) => {
    caught = error
    return true
  })
  assert.ok(caught instanceof Class, `expected ${Class.name}, got ${caught?.stack ?? caught}`)
  assert.ok(caught instanceof api.RevlogicError && caught instanceof Error)
  assert.equal(caught.code, code, caught.message)
  assert.equal(caught.path, path, caught.message)
  return caught
}

function rejectionOf(batch, index) {
  const result = batch.results[index]
  assert.equal(result.status, 'rejected', JSON.stringify(result))
  return result.error
}

export function defineConversionTests(api) {
  const { Pipeline, allocate, InputError, ConfigError, RevlogicError } = api
  const cny = (amount) => ({ amount, currency: 'CNY' })

  test('0.1 + 0.2 as a JS number is FLOAT_NOT_ALLOWED at its path; the string "0.3" works', () => {
    const sum = 0.1 + 0.2
    throwsCoded(api, () => allocate(cny(sum), ['1']), InputError, 'FLOAT_NOT_ALLOWED', 'total.amount')
    throwsCoded(api, () => allocate(cny('1.00'), ['1', sum]), InputError, 'FLOAT_NOT_ALLOWED', 'weights[1]')
    assert.deepEqual(allocate(cny('0.3'), ['1', '2']), { parts: [cny('0.10'), cny('0.20')] })
    // Inside a batch the float rejects only its record.
    const batch = Pipeline.default().checkTransitions([quoteWithAmount('F', sum), leadToProposal('OK')], { explain: false })
    assert.deepEqual(rejectionOf(batch, 0), {
      code: 'FLOAT_NOT_ALLOWED',
      path: 'requests[0].opportunity.fields.amount',
      message: batch.results[0].error.message,
    })
    assert.equal(batch.results[1].allowed, true)
  })

  test('a 28-digit decimal string is accepted and returned exactly; 30 digits is DECIMAL_OUT_OF_RANGE', () => {
    const digits28 = '1234567890123456789012345678'
    assert.equal(allocate({ amount: digits28, currency: 'JPY' }, ['1']).parts[0].amount, digits28)
    assert.equal(allocate(cny('12345678901234567890123456.78'), ['1']).parts[0].amount, '12345678901234567890123456.78')
    throwsCoded(api, () => allocate(cny('123456789012345678901234567890'), ['1']), InputError, 'DECIMAL_OUT_OF_RANGE', 'total.amount')
  })

  test('"NaN" is INVALID_DECIMAL; a NaN or infinite number is a float, FLOAT_NOT_ALLOWED, at its path', () => {
    throwsCoded(api, () => allocate(cny('NaN'), ['1']), InputError, 'INVALID_DECIMAL', 'total.amount')
    throwsCoded(api, () => allocate(cny(NaN), ['1']), InputError, 'FLOAT_NOT_ALLOWED', 'total.amount')
    throwsCoded(api, () => allocate(cny('1.00'), ['1', -Infinity]), InputError, 'FLOAT_NOT_ALLOWED', 'weights[1]')
    // In a batch, the record holding it is rejected; the others still compute.
    const batch = Pipeline.default().checkTransitions([leadToProposal('A'), quoteWithAmount('B', Infinity)])
    assert.equal(batch.results[0].status, 'ok')
    assert.equal(batch.results[1].status, 'rejected')
    assert.equal(batch.results[1].error.code, 'FLOAT_NOT_ALLOWED')
    assert.equal(batch.results[1].error.path, 'requests[1].opportunity.fields.amount')
  })

  test('integral JS numbers are accepted as decimals (exact up to 2^53 - 1)', () => {
    assert.deepEqual(allocate(cny(100), [1, 1, 1]), { parts: [cny('33.34'), cny('33.33'), cny('33.33')] })
    assert.equal(allocate({ amount: 2 ** 53 - 1, currency: 'JPY' }, [1]).parts[0].amount, '9007199254740991')
    assert.equal(allocate({ amount: -5, currency: 'JPY' }, [1]).parts[0].amount, '-5')
    assert.equal(allocate({ amount: 10n, currency: 'JPY' }, [1n]).parts[0].amount, '10')
    // Beyond 2^53 a JS number is no longer exact: it is treated as the float it is.
    throwsCoded(api, () => allocate({ amount: 2 ** 53 + 2, currency: 'JPY' }, [1]), InputError, 'FLOAT_NOT_ALLOWED', 'total.amount')
    const batch = Pipeline.default().checkTransitions([quoteWithAmount('N', 60000)], { explain: false })
    assert.equal(batch.results[0].status, 'ok')
  })

  test('undefined members are absent; null is passed on as null', () => {
    // `currency` defaults to CNY when absent.
    assert.deepEqual(allocate({ amount: '1.00', currency: undefined }, ['1']), { parts: [cny('1.00')] })
    throwsCoded(api, () => allocate({ amount: '1.00', currency: null }, ['1']), InputError, 'INVALID_TYPE', 'total.currency')
    throwsCoded(api, () => allocate(cny('1.00')), InputError, 'MISSING_FIELD', 'weights')
    throwsCoded(api, () => allocate(null, ['1']), InputError, 'INVALID_TYPE', 'total')
    // An undefined misspelt member is simply absent, not UNKNOWN_FIELD.
    const request = { ...leadToProposal('U'), too: undefined, lossReason: undefined }
    const batch = Pipeline.default().checkTransitions([request], { explain: false })
    assert.equal(batch.results[0].allowed, true)
    // Options: undefined or null members and options fall back to the core's default.
    const explained = Pipeline.default().checkTransitions([leadToProposal('E')], { explain: undefined })
    assert.ok(Array.isArray(explained.results[0].explanation))
    assert.equal(Pipeline.default().checkTransitions([leadToProposal('E')], null).results.length, 1)
  })

  test('wrong types reject only their record, with code and path; the rest computes', () => {
    const requests = [
      leadToProposal('A'),
      { opportunity: { id: 5, stage: 'lead', fields: {} }, to: 'proposal' },
      'not an object',
      { ...leadToProposal('D'), to: 42 },
      leadToProposal('E', {}),
    ]
    const batch = Pipeline.default().checkTransitions(requests, { explain: false })
    assert.equal(batch.results.length, 5)
    assert.equal(batch.results[0].allowed, true)
    assert.equal(rejectionOf(batch, 1).code, 'INVALID_TYPE')
    assert.equal(rejectionOf(batch, 1).path, 'requests[1].opportunity.id')
    assert.deepEqual([rejectionOf(batch, 2).code, rejectionOf(batch, 2).path], ['INVALID_TYPE', 'requests[2]'])
    assert.deepEqual([rejectionOf(batch, 3).code, rejectionOf(batch, 3).path], ['INVALID_TYPE', 'requests[3].to'])
    assert.equal(batch.results[4].allowed, false)
    assert.deepEqual(batch.summary, { total: 5, allowed: 1, blocked: 1, rejected: 3 })
  })

  test('values JSON cannot hold are InputErrors at their path; a throwing getter propagates', () => {
    const pipeline = Pipeline.default()
    const withField = (value) => [{ ...leadToProposal('X'), opportunity: { id: 'X', stage: 'lead', fields: { value } } }]
    const path = 'requests[0].opportunity.fields.value'
    throwsCoded(api, () => pipeline.checkTransitions(withField(() => 1)), InputError, 'INVALID_TYPE', path)
    throwsCoded(api, () => pipeline.checkTransitions(withField(Symbol('s'))), InputError, 'INVALID_TYPE', path)
    throwsCoded(api, () => pipeline.checkTransitions(withField(new Date())), InputError, 'INVALID_TYPE', path)
    const cyclic = { id: 'C' }
    cyclic.self = cyclic
    // A cycle (or very deep nesting) is refused at the depth limit instead of overflowing.
    const deep = thrownBy(() => pipeline.checkTransitions(withField(cyclic)))
    assert.ok(deep instanceof InputError, String(deep))
    assert.equal(deep.code, 'LIMIT_EXCEEDED')
    assert.ok(deep.path.startsWith(`${path}.self.self`), deep.path)
    const boom = new TypeError('boom')
    const hostile = { get opportunity() { throw boom }, to: 'proposal' }
    assert.throws(() => pipeline.checkTransitions([hostile]), (error) => error === boom)
  })

  test('batch shapes: empty in, empty out; not an array is an InputError; options are checked', () => {
    const pipeline = Pipeline.default()
    const empty = pipeline.checkTransitions([], { explain: false })
    assert.deepEqual(empty.results, [])
    assert.deepEqual(empty.summary, { total: 0, allowed: 0, blocked: 0, rejected: 0 })
    throwsCoded(api, () => pipeline.checkTransitions({ id: 'x' }), InputError, 'INVALID_TYPE', 'requests')
    throwsCoded(api, () => pipeline.checkTransitions(), InputError, 'INVALID_TYPE', 'requests')
    throwsCoded(api, () => pipeline.checkTransitions([], { explain: 'yes' }), InputError, 'INVALID_TYPE', 'options.explain')
    throwsCoded(api, () => pipeline.checkTransitions([], 'x'), InputError, 'INVALID_TYPE', 'options')
  })

  test('a batch of 100,000 requests gives 100,000 results', () => {
    const requests = Array.from({ length: 100_000 }, (_, i) =>
      i % 2 ? leadToProposal(`OPP-${i}`) : leadToProposal(`OPP-${i}`, { first_contact_method: 'visit' }),
    )
    const batch = Pipeline.default().checkTransitions(requests, { explain: false })
    assert.equal(batch.results.length, 100_000)
    assert.deepEqual(batch.summary, { total: 100_000, allowed: 50_000, blocked: 50_000, rejected: 0 })
    assert.equal(batch.results[99_999].opportunityId, 'OPP-99999')
  })

  test('results are plain objects with decimals, dates and instants as strings', () => {
    const batch = Pipeline.default().checkTransitions([leadToProposal('P')])
    assert.equal(Object.getPrototypeOf(batch), Object.prototype)
    assert.equal(Object.getPrototypeOf(batch.results[0]), Object.prototype)
    assert.ok(!(batch instanceof Map))
    const report = Pipeline.default().dwellTimes({
      asOf: '2026-03-10T00:00:00+08:00',
      histories: [{ opportunityId: 'D', events: [{ stage: 'lead', at: '2026-03-01T00:00:00+08:00' }] }],
    })
    assert.equal(Object.getPrototypeOf(report), Object.prototype)
    const text = JSON.stringify(report)
    assert.ok(!/"\$revlogic/.test(text), text)
    assert.equal(typeof allocate(cny(1), [1]).parts[0].amount, 'string')
  })

  test('a pipeline with two distinct problems is one ConfigError listing both', () => {
    const error = throwsCoded(
      api,
      () => new Pipeline({ schemaVersion: 1, id: 'p', stages: 'none', colour: 'red' }),
      ConfigError,
      'UNKNOWN_FIELD',
      'colour',
    )
    assert.ok(error.problems.length >= 2, JSON.stringify(error.problems))
    assert.ok(new Set(error.problems.map((p) => p.code)).size >= 2)
    for (const p of error.problems) assert.deepEqual(Object.keys(p).sort(), ['code', 'message', 'path'])
    assert.equal(error.kind, 'config')
    assert.ok(error instanceof RevlogicError && error instanceof Error && !(error instanceof InputError))
    assert.equal(error.name, 'ConfigError')
    assert.ok(!error.message.trim().startsWith('{'), 'no JSON inside a message')
    // Only the string "default" names a document; any other non-object is a ConfigError too.
    const notADocument = thrownBy(() => new Pipeline('nope'))
    assert.ok(notADocument instanceof ConfigError, String(notADocument))
  })

  test('catalogues: ERROR_CODES, SCHEMA_NAMES and schema()', () => {
    assert.ok(api.ERROR_CODES.includes('UNKNOWN_STAGE'))
    assert.ok(api.ERROR_CODES.includes('FLOAT_NOT_ALLOWED'))
    assert.ok(Object.isFrozen(api.ERROR_CODES))
    assert.ok(api.SCHEMA_NAMES.includes('PipelineDocument'))
    for (const name of api.SCHEMA_NAMES) {
      const schema = api.schema(name)
      assert.equal(typeof schema.$schema, 'string', name)
      assert.equal(Object.getPrototypeOf(schema), Object.prototype)
    }
    throwsCoded(api, () => api.schema('Nope'), InputError, 'INVALID_VALUE', 'name')
    assert.equal(Pipeline.default().id, 'default')
    assert.equal(new Pipeline('default').id, 'default')
    assert.ok(Pipeline.default() instanceof Pipeline)
  })
}

/** The error `fn` throws (undefined if none). */
function thrownBy(fn) {
  try {
    fn()
  } catch (error) {
    return error
  }
  return undefined
}
