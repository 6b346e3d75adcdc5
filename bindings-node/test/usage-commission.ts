// Compiled with `tsc --noEmit` only: the commission declarations describe the API as it is used.
import {
  CommissionPlan,
  type CommissionPlanDocument,
  type CommissionStatement,
  type CommissionStatementRequest,
  type CommissionWhatIf,
  type DecimalString,
  type EfficiencyReport,
  type LiveFigure,
} from '../index.js'

const document: CommissionPlanDocument = {
  schemaVersion: 1,
  id: 'sales-2026',
  versions: [{ id: '2026Q1', effectiveFrom: '2026-01-01', rules: [{ id: 'all', match: {}, rate: '0.1' }] }],
}
const plan = new CommissionPlan(document)
const proposal = new CommissionPlan({ ...document, id: 'proposal' })
const request: CommissionStatementRequest = {
  period: { from: '2026-01-01', to: '2026-03-31' },
  asOf: '2026-03-31',
  reps: [{ id: 'wang', quota: '100000' }],
  deals: [{ id: 'D1', rep: 'wang', amount: '80000', closeDate: '2026-01-10' }],
}
const statement: CommissionStatement = plan.statement(request)
const later: Promise<CommissionStatement> = plan.statementAsync(request)
const comparison: CommissionWhatIf = plan.whatIf(proposal, request)
const difference: DecimalString = comparison.total.difference.earned
const report: EfficiencyReport = plan.efficiency(request, { lowIncentiveRatio: '0.5' })
const flagged: boolean = report.reps.some((r) => r.highPotentialLowIncentive)
const comparedLater: Promise<CommissionWhatIf> = plan.whatIfAsync(proposal, request)
const reportLater: Promise<EfficiencyReport> = plan.efficiencyAsync(request)
const live: LiveFigure = plan.liveFigure(request)
const gap: DecimalString | undefined = live.weekGap ?? undefined
void [statement, later, difference, flagged, gap, comparedLater, reportLater]
