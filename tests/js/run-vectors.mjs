// The one JS runner of the conformance vectors (tests/vectors/**/*.json, see its README),
// shared by the Node and the WASM packages: each passes its public API object and every vector
// becomes one node:test test named by its file. New vector files are picked up automatically.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

export const VECTORS_DIR = fileURLToPath(new URL('../vectors/', import.meta.url))

/** Every `*.json` below the vectors folder, sorted, as paths. */
export function vectorFiles(dir = VECTORS_DIR) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) return vectorFiles(path)
      return entry.name.endsWith('.json') ? [path] : []
    })
}

// The README's table: operation name → call through the public API.
export const OPERATIONS = {
  'stages.checkTransitions': (api, i) =>
    new api.Pipeline(i.pipeline).checkTransitions(i.requests, { explain: i.explain }),
  'stages.dataQuality': (api, i) => new api.Pipeline(i.pipeline).dataQuality(i.request),
  'stages.dwellTimes': (api, i) => new api.Pipeline(i.pipeline).dwellTimes(i.request),
  'stages.mapStages': (api, i) => new api.StageMapping(i.mapping).map(i.records),
  'stages.compareStages': (api, i) => new api.StageMapping(i.mapping).compare(i.request),
  'money.allocate': (api, i) => api.allocate(i.total, i.weights),
  'commission.statement': (api, i) => new api.CommissionPlan(i.plan).statement(i.request),
  'commission.whatIf': (api, i) => new api.CommissionPlan(i.plan).whatIf(new api.CommissionPlan(i.proposal), i.request),
  'commission.efficiency': (api, i) => new api.CommissionPlan(i.plan).efficiency(i.request, i.options),
  'commission.liveFigure': (api, i) => new api.CommissionPlan(i.plan).liveFigure(i.request),
  'scoring.score': (api, i) => new api.ScoreModel(i.model).score(i.records, { explain: i.explain, components: i.components }),
  'scoring.trainWinModel': (api, i) => api.trainWinModel(i.opportunities, i.options),
  'scoring.prioritise': (api, i) => api.prioritise(i.request),
  'scoring.kpi': (api, i) => api.kpi(i.request),
  'reconcile.check': (api, i) => api.reconcile(i.request),
  'rebate.settle': (api, i) => new api.RebateAgreement(i.agreement).settle(i.request),
  'rebate.estimate': (api, i) => new api.RebateAgreement(i.agreement).prepare(i.period).estimate(i.order),
  'assignment.assign': (api, i) => new api.Assigner(i.policy).assign(i.request),
  'assignment.claim': (api, i) => new api.Assigner(i.policy).claim(i.request),
  'assignment.fairness': (api, i) => new api.Assigner(i.policy).fairnessReport(i.request),
}

/** Throws naming the first place where `actual` does not match `expected` (README "Matching"). */
export function assertMatches(expected, actual, path = 'result') {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)}`)
    assert.equal(actual.length, expected.length, `${path}: expected ${expected.length} elements, got ${actual.length}`)
    expected.forEach((e, i) => assertMatches(e, actual[i], `${path}[${i}]`))
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(
      actual !== null && typeof actual === 'object' && !Array.isArray(actual),
      `${path}: expected an object, got ${JSON.stringify(actual)}`,
    )
    // Results must be plain objects (not Maps or class instances).
    assert.equal(Object.getPrototypeOf(actual), Object.prototype, `${path}: not a plain object`)
    for (const [key, value] of Object.entries(expected)) {
      assert.ok(Object.hasOwn(actual, key), `${path}.${key}: missing in result`)
      assertMatches(value, actual[key], `${path}.${key}`)
    }
  } else {
    assert.equal(actual, expected, `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
  }
}

function checkError(api, expected, error) {
  assert.ok(error instanceof api.RevlogicError, `expected a RevlogicError, got ${error?.stack ?? error}`)
  const Class = { config: api.ConfigError, input: api.InputError }[error.kind]
  assert.ok(Class && error instanceof Class, `kind ${error.kind} raised as ${error.name}`)
  const got = { kind: error.kind, code: error.code, path: error.path }
  assert.deepEqual(got, { kind: expected.kind, code: expected.code, path: expected.path }, error.message)
  if (expected.problems) {
    // Messages are never compared.
    const pick = (p) => ({ code: p.code, path: p.path })
    assert.deepEqual(error.problems.map(pick), expected.problems.map(pick), error.message)
  }
}

/** Defines one test per vector file, run against `api` (a package's exports). */
export function defineVectorTests(api, { prefix = '' } = {}) {
  const files = vectorFiles()
  test(`${prefix}vectors are present`, () => assert.ok(files.length > 0, `no vectors under ${VECTORS_DIR}`))
  for (const file of files) {
    const name = relative(VECTORS_DIR, file)
    test(`${prefix}${name}`, () => {
      const vector = JSON.parse(readFileSync(file, 'utf8'))
      const operation = OPERATIONS[vector.operation]
      assert.ok(operation, `unknown operation ${vector.operation}`)
      assert.ok(('expected' in vector) !== ('error' in vector), 'a vector has exactly one of `expected` and `error`')
      let result
      try {
        result = operation(api, vector.input)
      } catch (error) {
        if (!vector.error) throw error
        checkError(api, vector.error, error)
        return
      }
      assert.ok(!vector.error, `expected error ${vector.error?.code}, got result ${JSON.stringify(result)}`)
      assertMatches(vector.expected, result)
    })
  }
}
