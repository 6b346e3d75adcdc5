// The WASM package for browsers and bundlers (pkg-web): `await init()` once, then the same API
// as the Node packages, with errors raised as RevlogicError subclasses.
import initWasm, * as glue from './revlogic_wasm.js'
import { wrapApi } from './errors.mjs'

export { RevlogicError, ConfigError, InputError, InternalError } from './errors.mjs'
// Live bindings, set by init(): the constant lists are read from the module once it runs.
export let Pipeline, StageMapping, CommissionPlan, Assigner, ScoreModel, RebateAgreement, PreparedRebatePeriod, allocate, trainWinModel, prioritise, kpi, reconcile, schema, schemaNames, errorCodes, SCHEMA_NAMES, ERROR_CODES

let ready

/** Fetches and instantiates the WebAssembly module (once); await it before using the API. */
export default function init(moduleOrPath) {
  ready ??= initWasm(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath }).then(() => {
    ;({ Pipeline, StageMapping, CommissionPlan, Assigner, ScoreModel, RebateAgreement, PreparedRebatePeriod, allocate, trainWinModel, prioritise, kpi, reconcile, schema, schemaNames, errorCodes, SCHEMA_NAMES, ERROR_CODES } =
      wrapApi(glue))
  })
  return ready
}
