// A large batch through the WASM package for Node and through the napi addon, side by side:
// the data-quality breaker over N submissions (default 200,000), median of 3 runs each.
//   node bindings-wasm/bench/large-batch.mjs [N]
// What it watches: WebAssembly memory growth (see bindings-wasm/src/alloc.rs), which once made
// this 8× slower than native and worse than linear in N.
import * as wasm from '../pkg-node/index.mjs'
import * as native from '../../bindings-node/index.js'

const n = Number(process.argv[2] ?? 200_000)
const submissions = Array.from({ length: n }, (_, i) => ({
  rep: `R${i % 100}`,
  opportunityId: `O${i}`,
  submittedAt: '2026-03-01T09:00:00+08:00',
  fields: { budget_range: i % 7 === 0 ? '' : 'x' },
}))

function median(api) {
  const pipeline = api.Pipeline.default()
  const times = []
  let report
  for (let run = 0; run < 3; run++) {
    const start = performance.now()
    report = pipeline.dataQuality({ submissions })
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return { ms: times[1], reps: report.reps.length }
}

const w = median(wasm)
const a = median(native)
console.log(`${n} submissions: WASM ${(w.ms / 1000).toFixed(2)} s, napi ${(a.ms / 1000).toFixed(2)} s, WASM/napi ${(w.ms / a.ms).toFixed(2)}x`)
if (w.reps !== a.reps) throw new Error('the two packages disagree')
