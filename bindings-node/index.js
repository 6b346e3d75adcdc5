// The Node package: the napi addon with its errors raised as RevlogicError subclasses.
import { createRequire } from 'node:module'
import { wrapApi } from './errors.mjs'

const native = createRequire(import.meta.url)('./revlogic.node')

export const {
  Pipeline,
  StageMapping,
  CommissionPlan,
  RebateAgreement,
  PreparedRebatePeriod,
  Assigner,
  ScoreModel,
  allocate,
  trainWinModel,
  prioritise,
  kpi,
  reconcile,
  schema,
  setMaxThreads,
  maxThreads,
  schemaNames,
  errorCodes,
  SCHEMA_NAMES,
  ERROR_CODES,
  RevlogicError,
  ConfigError,
  InputError,
  InternalError,
} = wrapApi(native)
