// Types of errors.mjs (shared by the Node and WASM packages).
import type { ErrorCode, Problem } from './types.js'

export type ErrorKind = 'config' | 'input' | 'internal'

/** Base class of every error raised by revlogic: a stable `code`, a JSON `path`, and all `problems`. */
export declare class RevlogicError extends Error {
  readonly kind: ErrorKind
  readonly code: ErrorCode
  /** JSON path of the first problem, e.g. `requests[3].to`; empty for the root. */
  readonly path: string
  /** Every problem found (at least one); the error's own code and path are the first one's. */
  readonly problems: Problem[]
}

/** A configuration document (pipeline, mapping, …) is invalid; `problems` lists every fault found. */
export declare class ConfigError extends RevlogicError {
  readonly kind: 'config'
}

/** A request or record passed to an operation is invalid as a whole. */
export declare class InputError extends RevlogicError {
  readonly kind: 'input'
}

/** A fault inside revlogic itself (code `INTERNAL`), caught instead of crashing the process. */
export declare class InternalError extends RevlogicError {
  readonly kind: 'internal'
}
