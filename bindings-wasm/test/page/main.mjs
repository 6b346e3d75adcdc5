// Loads the pkg-web build, validates stage moves against the default pipeline and publishes
// the outcome on the page (#result, body[data-status]) and as window.revlogicResult.
import init, { Pipeline, ConfigError, RevlogicError, ERROR_CODES } from '../../pkg-web/index.mjs'

const KEY_FIELDS = {
  first_contact_method: 'visit',
  pain_points: 'slow month-end reporting',
  competitor_analysis: 'compared with two vendors',
  budget_range: '100k-200k',
  decision_chain: ['director', 'procurement'],
}
const request = (id, fields) => ({ opportunity: { id, stage: 'lead', fields }, to: 'proposal' })

async function run() {
  await init()
  const pipeline = Pipeline.default()
  const [blocked, allowed] = pipeline.checkTransitions(
    [request('OPP-1', { first_contact_method: 'visit' }), request('OPP-2', KEY_FIELDS)],
    { explain: false },
  ).results

  let configError = null
  try {
    new Pipeline({ schemaVersion: 1, id: 'p', stages: 'none', colour: 'red' })
  } catch (error) {
    configError = {
      isConfigError: error instanceof ConfigError,
      isRevlogicError: error instanceof RevlogicError,
      code: error.code,
      problems: error.problems.length,
    }
  }

  // 1,000 separate single-request checks: the latency a form in a CRM page would see.
  const single = [request('OPP-T', { first_contact_method: 'visit' })]
  const started = performance.now()
  for (let i = 0; i < 1000; i++) pipeline.checkTransitions(single, { explain: false })
  const perCheckMicros = ((performance.now() - started) * 1000) / 1000

  return {
    pipelineId: pipeline.id,
    blocked: { allowed: blocked.allowed, violations: blocked.violations.map((v) => v.field) },
    allowed: { allowed: allowed.allowed, violations: allowed.violations.length },
    configError,
    errorCodes: ERROR_CODES.length,
    perCheckMicros,
    userAgent: navigator.userAgent,
  }
}

run().then(
  (result) => {
    window.revlogicResult = result
    document.getElementById('result').textContent = JSON.stringify(result, null, 2)
    document.body.dataset.status = 'done'
  },
  (error) => {
    window.revlogicResult = { error: String(error?.stack ?? error) }
    document.getElementById('result').textContent = window.revlogicResult.error
    document.body.dataset.status = 'error'
  },
)
