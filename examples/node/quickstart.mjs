// Quickstart for Node: check stage moves, read the answers, handle errors.
// Run after building the addon (scripts/setup-js.sh): node examples/node/quickstart.mjs
import assert from 'node:assert/strict'
import { Pipeline, allocate, ConfigError, InputError } from '../../bindings-node/index.js'

const pipeline = Pipeline.default()
const keyFields = {
  first_contact_method: 'visit',
  pain_points: 'month-end reconciliation takes three days',
  competitor_analysis: 'two local vendors, neither integrates with HIS',
  budget_range: '800k-1.2M',
  decision_chain: ['equipment_director', 'procurement'],
}
const survey = { kind: 'needs_survey', fields: { budget_range: '800k-1.2M', decision_chain: ['procurement'] } }

const batch = pipeline.checkTransitions([
  // Blocked: a quote over 50,000 needs the director's approval. Money goes in as a string.
  { opportunity: { id: 'OPP-1', stage: 'proposal', evidence: [survey], fields: { ...keyFields, amount: '960000.00' } }, to: 'quote' },
  // Allowed, with the legal notification as an effect for the integration to carry out.
  { opportunity: { id: 'OPP-2', stage: 'quote', fields: { ...keyFields, amount: '960000.00', payment_terms: '30/70' } }, to: 'contract' },
  // Rejected on its own: 0.1 + 0.2 is a binary float, never money. The rest still computes.
  { opportunity: { id: 'OPP-3', stage: 'contract', fields: { amount: 0.1 + 0.2 } }, to: 'payment' },
])

for (const result of batch.results) {
  if (result.status === 'rejected') {
    console.log(result.id, 'rejected:', result.error.code, 'at', result.error.path)
    continue
  }
  console.log(result.opportunityId, result.allowed ? 'allowed' : 'blocked')
  for (const v of result.violations) console.log('   ', v.code, '-', v.message)
  for (const e of result.effects) console.log('    effect:', e.kind, e.role, e.data.amount)
}
assert.deepEqual(batch.summary, { total: 3, allowed: 1, blocked: 1, rejected: 1 })
assert.equal(batch.results[2].error.code, 'FLOAT_NOT_ALLOWED')

const parts = allocate({ amount: '100.00', currency: 'CNY' }, [1, 1, 1]).parts
assert.deepEqual(parts.map((p) => p.amount), ['33.34', '33.33', '33.33'])
console.log('split:', parts.map((p) => p.amount))

try {
  new Pipeline({ schemaVersion: 1, id: 'p', stages: [{ name: 'lead' }, { name: 'lead' }] })
  assert.fail('a duplicate stage must be refused')
} catch (error) {
  assert.ok(error instanceof ConfigError && !(error instanceof InputError))
  console.log('config errors:', error.problems.map((p) => [p.code, p.path]))
}
