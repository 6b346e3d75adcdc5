// Types of index.mjs (pkg-node). The classes and functions are the glue's, wrapped.
import type { ErrorCode, SchemaName } from './types.js'

export { Pipeline, StageMapping, CommissionPlan, Assigner, ScoreModel, RebateAgreement, PreparedRebatePeriod, allocate, trainWinModel, prioritise, kpi, reconcile, schema, schemaNames, errorCodes } from './revlogic_wasm.js'
export type { CheckOptions, ScoreOptions } from './revlogic_wasm.js'
export type * from './types.js'
export { RevlogicError, ConfigError, InputError, InternalError } from './errors.mjs'
export type { ErrorKind as RevlogicErrorKind } from './errors.mjs'

/** Every stable error code, in catalogue order. */
export declare const ERROR_CODES: readonly ErrorCode[]
/** Names accepted by `schema()`. */
export declare const SCHEMA_NAMES: readonly SchemaName[]
