// Types of index.mjs (pkg-web). The classes and functions are the glue's, wrapped.
import type { InitInput } from './revlogic_wasm.js'
import type { ErrorCode, SchemaName } from './types.js'

export { Pipeline, StageMapping, CommissionPlan, Assigner, ScoreModel, RebateAgreement, PreparedRebatePeriod, allocate, trainWinModel, prioritise, kpi, reconcile, schema, schemaNames, errorCodes } from './revlogic_wasm.js'
export type { CheckOptions, ScoreOptions } from './revlogic_wasm.js'
export type * from './types.js'
export { RevlogicError, ConfigError, InputError, InternalError } from './errors.mjs'
export type { ErrorKind as RevlogicErrorKind } from './errors.mjs'

/** Every stable error code, in catalogue order (filled by `init`). */
export declare const ERROR_CODES: readonly ErrorCode[]
/** Names accepted by `schema()` (filled by `init`). */
export declare const SCHEMA_NAMES: readonly SchemaName[]

/** Fetches and instantiates the WebAssembly module (once); await it before using the API. */
export default function init(moduleOrPath?: InitInput | Promise<InitInput>): Promise<void>
