// Compiled with `tsc --noEmit` only: the pkg-node declarations describe the API as it is used.
import {
  Pipeline,
  StageMapping,
  allocate,
  schema,
  ERROR_CODES,
  SCHEMA_NAMES,
  RevlogicError,
  ConfigError,
  InputError,
  type CheckBatch,
  type DecimalString,
  type ErrorCode,
  type TransitionRequest,
} from '../pkg-node/index.mjs'

const pipeline: Pipeline = Pipeline.default()
const requests: TransitionRequest[] = [{ opportunity: { id: 'A', stage: 'lead', fields: {} }, to: 'proposal' }]
const batch: CheckBatch = pipeline.checkTransitions(requests, { explain: false })
const first = batch.results[0]
const code: ErrorCode | undefined = first?.status === 'rejected' ? first.error.code : undefined
const parts: DecimalString[] = allocate({ amount: 100, currency: 'CNY' }, [1, 1, 1]).parts.map((p) => p.amount)
const mapping = new StageMapping({ schemaVersion: 1, id: 'm', source: 'a', target: 'b', sourceStages: ['x'], targetStages: ['y'], map: { x: 'y' } })
const known: boolean = ERROR_CODES.includes('UNKNOWN_STAGE') && SCHEMA_NAMES.includes('CheckBatch')
try {
  new Pipeline('default')
} catch (error) {
  if (error instanceof ConfigError || error instanceof InputError) {
    const problems: { code: ErrorCode; path: string }[] = error.problems
    void problems
  }
  if (error instanceof RevlogicError) void error.kind
}
// @ts-expect-error a pipeline document needs its stages
new Pipeline({ schemaVersion: 1, id: 'x' })
void [code, parts, mapping.map([{ id: '1', stage: 'x' }]), known, schema('Allocation')]
