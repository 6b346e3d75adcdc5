// checkTransitionsAsync: the same result as the sync call, computed off the event loop, and
// every coded error as a rejection.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Pipeline, InputError, RevlogicError } from '../index.js'
import { leadToProposal } from '../../tests/js/conversion-edges.mjs'

const requests = Array.from({ length: 2_000 }, (_, i) =>
  i % 3 ? leadToProposal(`OPP-${i}`) : leadToProposal(`OPP-${i}`, { first_contact_method: 'phone' }),
)

test('the async variant resolves to the same result as the sync one', async () => {
  const pipeline = Pipeline.default()
  for (const options of [undefined, { explain: false }, { explain: true }]) {
    const pending = pipeline.checkTransitionsAsync(requests, options)
    assert.ok(pending instanceof Promise)
    assert.deepEqual(await pending, pipeline.checkTransitions(requests, options))
  }
})

test('the event loop keeps running while a batch computes', async () => {
  const big = Array.from({ length: 50_000 }, (_, i) => leadToProposal(`B-${i}`))
  let ticks = 0
  const timer = setInterval(() => ticks++, 1)
  const batch = await Pipeline.default().checkTransitionsAsync(big, { explain: true })
  clearInterval(timer)
  assert.equal(batch.results.length, 50_000)
  assert.ok(ticks > 0, 'no timer ran during the computation')
})

test('a non-array rejects with an InputError (it does not throw)', async () => {
  const pipeline = Pipeline.default()
  let pending
  assert.doesNotThrow(() => {
    pending = pipeline.checkTransitionsAsync({ id: 'x' })
  })
  await assert.rejects(pending, (error) => {
    assert.ok(error instanceof InputError && error instanceof RevlogicError && error instanceof Error)
    assert.equal(error.code, 'INVALID_TYPE')
    assert.equal(error.path, 'requests')
    return true
  })
  // A value that cannot be converted (found on the calling thread) rejects the same way.
  const symbol = [{ ...leadToProposal('N'), opportunity: { id: 'N', stage: 'lead', fields: { amount: Symbol('s') } } }]
  await assert.rejects(pipeline.checkTransitionsAsync(symbol), (error) => {
    assert.ok(error instanceof InputError)
    assert.equal(error.code, 'INVALID_TYPE')
    assert.equal(error.path, 'requests[0].opportunity.fields.amount')
    return true
  })
  await assert.rejects(pipeline.checkTransitionsAsync([], { explain: 'yes' }), InputError)
})
