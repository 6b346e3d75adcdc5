// Compiled with `tsc --noEmit` only: the pkg-web declarations describe the API as it is used.
import init, { Pipeline, ConfigError, ERROR_CODES, type CheckBatch } from '../pkg-web/index.mjs'

await init()
const batch: CheckBatch = Pipeline.default().checkTransitions([
  { opportunity: { id: 'A', stage: 'lead', fields: { first_contact_method: 'visit' } }, to: 'proposal' },
])
const count: number = batch.summary.total + ERROR_CODES.length
try {
  new Pipeline({ schemaVersion: 1, id: 'p', stages: [] })
} catch (error) {
  if (error instanceof ConfigError) void error.problems.length
}
void count
