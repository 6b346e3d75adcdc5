// Compiled with `tsc --noEmit` only: the rebate and reconciliation declarations describe the API
// as it is used.
import {
  RebateAgreement,
  PreparedRebatePeriod,
  reconcile,
  type RebateAgreementDocument,
  type RebateSettleRequest,
  type RebateSettlement,
  type RebateEstimate,
  type RebatePeriodBaseline,
  type ReconcileReport,
} from '../index.js'

const doc: RebateAgreementDocument = {
  schemaVersion: 1,
  id: 'a',
  distributor: 'd',
  volume: { tiers: { mode: 'retroactive', boundary: 'lowerInclusive', bands: [{ id: 'T1', from: '0', rate: '0.01' }] } },
}
const agreement = new RebateAgreement(doc)
const request: RebateSettleRequest = { periodStart: '2026-01-01', asOf: '2026-03-31', lines: [] }
const settlement: RebateSettlement = agreement.settle(request)
const later: Promise<RebateSettlement> = agreement.settleAsync({ ...request, detail: 'totals' })
const period: PreparedRebatePeriod = agreement.prepare(request)
const estimate: RebateEstimate = period.estimate({ lines: [{ sku: 'S', amount: '10.00' }] })
const baseline: RebatePeriodBaseline = period.baseline()
const report: ReconcileReport = reconcile({ asOf: '2026-03-31' })
const distributor: string = agreement.distributor
void settlement
void later
void estimate
void baseline
void report
void distributor
