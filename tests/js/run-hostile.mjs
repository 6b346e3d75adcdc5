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
