// The error classes of revlogic's JS packages, and the wrapper that turns the native layer's
// coded errors into them. One source file: bindings-node/errors.mjs, copied into the WASM
// packages at build time, so Node and WASM raise the same classes the same way.

/** Base class of every error raised by revlogic: a stable `code`, a JSON `path`, and all `problems`. */
export class RevlogicError extends Error {
  constructor(payload, options) {
    super(payload.message, options)
    this.name = new.target.name
    this.kind = payload.kind
    this.code = payload.code
    this.path = payload.path
    this.problems = Array.from(payload.problems, (p) => ({ code: p.code, path: p.path, message: p.message }))
  }
}

/** A configuration document (pipeline, mapping, …) is invalid; `problems` lists every fault found. */
export class ConfigError extends RevlogicError {}

/** A request or record passed to an operation is invalid as a whole. */
export class InputError extends RevlogicError {}

/** A fault inside revlogic itself (code `INTERNAL`), caught instead of crashing the process. */
export class InternalError extends RevlogicError {}

const CLASSES = { config: ConfigError, input: InputError, internal: InternalError }

// The native layer (napi or wasm-bindgen) throws a plain Error carrying the core's payload as
// properties; anything else (a throwing getter of the caller, a bug) passes through untouched.
function toRevlogicError(error) {
  if (
    error instanceof Error &&
    !(error instanceof RevlogicError) &&
    Object.hasOwn(CLASSES, error.kind) &&
    typeof error.code === 'string' &&
    Array.isArray(error.problems)
  ) {
    return new CLASSES[error.kind](error)
  }
  return error
}

function guard(fn) {
  return function guarded(...args) {
    let result
    try {
      result = fn.apply(this, args)
    } catch (error) {
      throw toRevlogicError(error)
    }
    if (result instanceof Promise) {
      return result.then(undefined, (error) => {
        throw toRevlogicError(error)
      })
    }
    return result
  }
}

const SKIPPED = new Set(['constructor', 'prototype', 'length', 'name', 'caller', 'arguments'])

// Wraps the methods of a native class in place (so instances made by native factories such as
// `Pipeline.default()` are covered too) and returns a proxy whose `new` converts errors;
// `instanceof` against the proxy still works.
function guardClass(Class) {
  for (const holder of [Class, Class.prototype]) {
    for (const name of Object.getOwnPropertyNames(holder)) {
      const descriptor = Object.getOwnPropertyDescriptor(holder, name)
      if (SKIPPED.has(name) || typeof descriptor.value !== 'function') continue
      if (!descriptor.writable && !descriptor.configurable) continue
      Object.defineProperty(holder, name, { ...descriptor, value: guard(descriptor.value) })
    }
  }
  return new Proxy(Class, {
    construct(target, args, newTarget) {
      try {
        return Reflect.construct(target, args, newTarget)
      } catch (error) {
        throw toRevlogicError(error)
      }
    },
  })
}

/** The public API over a native module exposing the revlogic surface (napi addon or wasm glue). */
export function wrapApi(native) {
  return {
    Pipeline: guardClass(native.Pipeline),
    StageMapping: guardClass(native.StageMapping),
    CommissionPlan: guardClass(native.CommissionPlan),
    Assigner: guardClass(native.Assigner),
    ScoreModel: guardClass(native.ScoreModel),
    RebateAgreement: guardClass(native.RebateAgreement),
    PreparedRebatePeriod: guardClass(native.PreparedRebatePeriod),
    allocate: guard(native.allocate),
    trainWinModel: guard(native.trainWinModel),
    prioritise: guard(native.prioritise),
    kpi: guard(native.kpi),
    reconcile: guard(native.reconcile),
    schema: guard(native.schema),
    setMaxThreads: guard(native.setMaxThreads),
    maxThreads: native.maxThreads,
    schemaNames: native.schemaNames,
    errorCodes: native.errorCodes,
    SCHEMA_NAMES: Object.freeze(native.schemaNames()),
    ERROR_CODES: Object.freeze(native.errorCodes()),
    RevlogicError,
    ConfigError,
    InputError,
    InternalError,
  }
}
