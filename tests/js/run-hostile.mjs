// The hostile-input corpus (tests/hostile/corpus.json, see generate.py there) through a JS
// package's public API, shared by Node and WASM: every case ends in a result or a RevlogicError
// — never a crash, another exception or INTERNAL — with the outcome every other language gives
// (tests/hostile/outcomes.json).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { OPERATIONS } from './run-vectors.mjs'

const HOSTILE = new URL('../hostile/', import.meta.url)
const CORPUS = JSON.parse(readFileSync(new URL('corpus.json', HOSTILE), 'utf8'))
const RECORDED = JSON.parse(readFileSync(new URL('outcomes.json', HOSTILE), 'utf8'))

function expand(value) {
  if (Array.isArray(value)) return value.map(expand)
  if (value === null || typeof value !== 'object') return value
  if ('$repeat' in value) return value.$repeat[0].repeat(value.$repeat[1])
  if ('$list' in value) return new Array(value.$list[1]).fill(expand(value.$list[0]))
  if ('$nest' in value) {
    let nested = []
    for (let i = 0; i < value.$nest; i++) nested = [nested]
    return nested
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v)]))
}

function rejections(value, out) {
  if (Array.isArray(value)) {
    for (const item of value) rejections(item, out)
  } else if (value !== null && typeof value === 'object') {
    const error = value.error
    if (error !== null && typeof error === 'object' && 'code' in error) out.push({ code: error.code, path: error.path })
    for (const key of Object.keys(value).sort()) rejections(value[key], out)
  }
  return out
}

function outcome(api, item) {
  const input = expand(item.input)
  // A member the case leaves out (or an input that is not an object) reads as undefined.
  const members = input !== null && typeof input === 'object' && !Array.isArray(input) ? input : {}
  try {
    return { rejected: rejections(OPERATIONS[item.operation](api, members), []) }
  } catch (error) {
    assert.ok(error instanceof api.RevlogicError, `not a RevlogicError: ${error?.stack ?? error}`)
    return { error: { kind: error.kind, code: error.code, path: error.path } }
  }
}

/** One test per hostile case, run against `api` (a package's exports). */
export function defineHostileTests(api, { prefix = '' } = {}) {
  test(`${prefix}the hostile corpus is large and recorded`, () => {
    assert.ok(CORPUS.length >= 300)
    const compared = CORPUS.filter((c) => !c.limits).map((c) => c.name)
    assert.deepEqual(new Set(compared), new Set(Object.keys(RECORDED)))
  })
  test(`${prefix}every hostile case ends in a result or a coded error, as in every language`, () => {
    const failures = []
    for (const item of CORPUS) {
      let got
      try {
        got = outcome(api, item)
      } catch (error) {
        failures.push(`${item.name}: ${error.message}`)
        continue
      }
      if (got.error?.code === 'INTERNAL') failures.push(`${item.name}: INTERNAL`)
      const expected = item.expect?.error
      if (expected && (got.error?.code !== expected.code || got.error?.path !== expected.path)) {
        failures.push(`${item.name}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`)
      }
      if (item.limits) continue
      try {
        assert.deepEqual(got, RECORDED[item.name])
      } catch {
        failures.push(`${item.name}: recorded ${JSON.stringify(RECORDED[item.name])}, got ${JSON.stringify(got)}`)
      }
    }
    assert.deepEqual(failures, [], `${failures.length} of ${CORPUS.length} cases failed:\n${failures.join('\n')}`)
  })
}

const VECTORS = new URL('../vectors/', import.meta.url)
const vectorInput = (relative) => JSON.parse(readFileSync(new URL(relative, VECTORS), 'utf8')).input

function thrown(call) {
  try {
    call()
  } catch (error) {
    return error
  }
  assert.fail('expected an error')
}

/** What only a JS caller can send: lone surrogates, NaN, arrays for objects, huge values. */
export function defineHostEdgeTests(api, { prefix = '' } = {}) {
  test(`${prefix}ids with lone surrogates reject their records and never collide`, () => {
    const move = { opportunity: { id: 'ok', stage: 'lead', fields: {} }, to: 'proposal' }
    const requests = [move, ...['D\ud800', 'D\udbff'].map((id) => ({ ...move, opportunity: { ...move.opportunity, id } }))]
    const { results } = api.Pipeline.default().checkTransitions(requests)
    assert.equal(results[0].status, 'ok')
    for (const i of [1, 2]) {
      assert.equal(results[i].status, 'rejected')
      assert.deepEqual([results[i].error.code, results[i].error.path], ['INVALID_VALUE', `requests[${i}].opportunity.id`])
    }
    // A U+FFFD the caller really wrote is text like any other.
    const real = api.Pipeline.default().checkTransitions([{ ...move, opportunity: { ...move.opportunity, id: 'D\ufffd' } }])
    assert.equal(real.results[0].status, 'ok')
  })

  test(`${prefix}a deal with a lone surrogate id is rejected alone`, () => {
    const input = vectorInput('commission/statement/001-rule-rate-signed-and-paid.json')
    const good = input.request.deals[0]
    input.request.deals = [good, { ...good, id: 'D\ud800' }, { ...good, id: 'D\udbff' }]
    const statement = new api.CommissionPlan(input.plan).statement(input.request)
    const found = rejections(statement, []).map((r) => `${r.code} ${r.path}`)
    assert.ok(found.includes('INVALID_VALUE deals[1].id') && found.includes('INVALID_VALUE deals[2].id'), found.join(', '))
    assert.ok(!found.some((r) => r.startsWith('DUPLICATE_ID')), found.join(', '))
  })

  test(`${prefix}a rep with a lone surrogate id is refused, never merged with another`, () => {
    const input = vectorInput('commission/statement/001-rule-rate-signed-and-paid.json')
    input.request.reps = [{ id: 'R\ud800', quota: '1000' }, { id: 'R\udbff', quota: '1000' }]
    const error = thrown(() => new api.CommissionPlan(input.plan).statement(input.request))
    assert.deepEqual([error.code, error.path], ['INVALID_VALUE', 'reps[0].id'])
  })

  test(`${prefix}NaN and the infinities are floats, refused in their record`, () => {
    for (const value of [NaN, Infinity, -Infinity, 0.5]) {
      const ok = { opportunity: { id: 'B', stage: 'lead', fields: {} }, to: 'proposal' }
      const bad = { opportunity: { id: 'A', stage: 'quote', fields: { amount: value } }, to: 'contract' }
      const { results } = api.Pipeline.default().checkTransitions([ok, bad])
      assert.equal(results[0].status, 'ok')
      assert.deepEqual(
        [results[1].status, results[1].error.code, results[1].error.path],
        ['rejected', 'FLOAT_NOT_ALLOWED', 'requests[1].opportunity.fields.amount'],
      )
    }
  })

  test(`${prefix}an array is never read as an object`, () => {
    const total = thrown(() => api.allocate(['100', 'CNY'], [1, 1]))
    assert.deepEqual([total.code, total.path], ['INVALID_TYPE', 'total'])
    const input = vectorInput('commission/statement/001-rule-rate-signed-and-paid.json')
    const options = thrown(() => new api.CommissionPlan(input.plan).efficiency(input.request, [1]))
    assert.deepEqual([options.code, options.path], ['INVALID_TYPE', 'options'])
  })

  test(`${prefix}inputs beyond the limits are refused before they are read`, () => {
    const many = thrown(() => api.Pipeline.default().dataQuality({ submissions: new Array(2_000_001).fill(null) }))
    assert.ok(many instanceof api.InputError)
    assert.deepEqual([many.code, many.path], ['LIMIT_EXCEEDED', 'submissions'])
    const long = thrown(() => api.allocate({ amount: '1', currency: 'C'.repeat(2 ** 20 + 1) }, ['1']))
    assert.deepEqual([long.code, long.path], ['LIMIT_EXCEEDED', 'total.currency'])
  })

  test(`${prefix}a fault inside revlogic would be an InternalError`, () => {
    assert.ok(api.InternalError.prototype instanceof api.RevlogicError)
    assert.ok(api.ERROR_CODES.includes('INTERNAL') && api.ERROR_CODES.includes('LIMIT_EXCEEDED'))
  })
}
