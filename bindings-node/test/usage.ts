// Compiled with `tsc --noEmit` only: proves the published declarations (index.d.ts, types.d.ts,
// errors.d.mts) describe the API as it is used.
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
  InternalError,
  type CheckBatch,
  type DecimalString,
  type ErrorCode,
  type PipelineDocument,
  type TransitionRequest,
} from '../index.js'

const document: PipelineDocument = {
  schemaVersion: 1,
  id: 'p',
  stages: [{ name: 'lead' }, { name: 'won', kind: 'won' }, { name: 'lost', kind: 'lost' }],
}
const custom = new Pipeline(document)
const pipeline: Pipeline = Pipeline.default()
const id: string = pipeline.id + custom.id

const requests: TransitionRequest[] = [
  { opportunity: { id: 'OPP-1', stage: 'lead', fields: { amount: '1200.50' } }, to: 'proposal' },
]
const batch: CheckBatch = pipeline.checkTransitions(requests, { explain: false })
for (const result of batch.results) {
  if (result.status === 'ok') {
    const allowed: boolean = result.allowed
    void allowed
  } else {
    const code: ErrorCode = result.error.code
    void code
  }
}
const total: number = batch.summary.total
const later: Promise<CheckBatch> = pipeline.checkTransitionsAsync(requests)

const parts: DecimalString[] = allocate({ amount: '100.00', currency: 'CNY' }, ['1', 2]).parts.map((p) => p.amount)
const mapping = new StageMapping({
  schemaVersion: 1,
  id: 'm',
  source: 'crm',
  target: 'erp',
  sourceStages: ['a'],
  targetStages: ['b'],
  map: { a: 'b' },
})
const mapped = mapping.map([{ id: '1', stage: 'a' }])
const known: boolean = ERROR_CODES.includes('UNKNOWN_STAGE') && SCHEMA_NAMES.length > 0
const pipelineSchema: Record<string, unknown> = schema('PipelineDocument')

try {
  new Pipeline('default')
} catch (error) {
  if (error instanceof ConfigError || error instanceof InputError) {
    const where: string = error.path
    const problems: { code: ErrorCode; path: string; message: string }[] = error.problems
    void where
    void problems
  }
  if (error instanceof RevlogicError) {
    const kind: 'config' | 'input' | 'internal' = error.kind
    void kind
  }
  if (error instanceof InternalError) {
    const internal: 'internal' = error.kind
    void internal
  }
}

// @ts-expect-error a pipeline document needs its stages
new Pipeline({ schemaVersion: 1, id: 'x' })
// @ts-expect-error options are an object
pipeline.checkTransitions(requests, true)

void [id, total, later, parts, mapped, known, pipelineSchema]
