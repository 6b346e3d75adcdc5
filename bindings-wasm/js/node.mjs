// The WASM package for Node (pkg-node): wasm-bindgen's CommonJS glue, with its errors raised
// as RevlogicError subclasses. Same API as the napi package.
import glue from './revlogic_wasm.js'
import { wrapApi } from './errors.mjs'

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
  schemaNames,
  errorCodes,
  SCHEMA_NAMES,
  ERROR_CODES,
  RevlogicError,
  ConfigError,
  InputError,
  InternalError,
} = wrapApi(glue)
