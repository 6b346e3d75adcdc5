// 100,000 transition requests against the default pipeline through the Node package, with
// explanations off and on: µs per record and records per second, including the conversion of
// the JS input and of the result objects. Usage: node bench/bench_check.mjs [records]
import { Pipeline } from '../index.js'

const COUNT = Number(process.argv[2] ?? 100_000)
const ROUNDS = 3

const KEY_FIELDS = {
  first_contact_method: 'visit',
  pain_points: 'slow month-end reporting',
  competitor_analysis: 'compared with two vendors',
  budget_range: '100k-200k',
  decision_chain: ['director', 'procurement'],
}
// A realistic mix: allowed moves, blocked moves, a quote over the approval threshold, a
// backward move without a reason, and a rejected record.
const shapes = [
  (id) => ({ opportunity: { id, stage: 'lead', fields: KEY_FIELDS }, to: 'proposal' }),
  (id) => ({ opportunity: { id, stage: 'lead', fields: { first_contact_method: 'visit' } }, to: 'proposal' }),
  (id) => ({ opportunity: { id, stage: 'proposal', fields: { ...KEY_FIELDS, amount: '60000' } }, to: 'quote' }),
  (id) => ({ opportunity: { id, stage: 'quote', fields: KEY_FIELDS }, to: 'proposal' }),
  (id) => ({ opportunity: { id, stage: 'lead', fields: KEY_FIELDS }, to: 'nowhere' }),
]
const requests = Array.from({ length: COUNT }, (_, i) => shapes[i % shapes.length](`OPP-${i}`))
const pipeline = Pipeline.default()

pipeline.checkTransitions(requests.slice(0, 5_000), { explain: true }) // warm-up
console.log(`revlogic Node binding: ${COUNT.toLocaleString('en')} transition checks, default pipeline, best of ${ROUNDS}`)
for (const explain of [false, true]) {
  let best = Infinity
  let summary
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint()
    const batch = pipeline.checkTransitions(requests, { explain })
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    best = Math.min(best, seconds)
    summary = batch.summary
  }
  const micros = (best * 1e6) / COUNT
  console.log(
    `explain=${String(explain).padEnd(5)}  ${micros.toFixed(2)} µs/record  ` +
      `${Math.round(COUNT / best).toLocaleString('en')} records/s  ` +
      `(${(best * 1000).toFixed(0)} ms; allowed ${summary.allowed}, blocked ${summary.blocked}, rejected ${summary.rejected})`,
  )
}
