// Compiled with `tsc --noEmit` only: the fairness report's declarations as the API is used.
import { Assigner, type FairnessReport, type FairnessRequest, type DecimalString } from '../index.js'

const assigner = new Assigner({ schemaVersion: 1, id: 'weekly', fairness: { maxShareDeviation: '0.2' } })
const request: FairnessRequest = {
  periodStart: '2026-01-12',
  records: [{ leadId: 'L1', repId: 'wang', group: 'A', assignedAt: '2026-01-12T10:00:00+08:00', converted: true, qualityIndex: '80' }],
}
const report: FairnessReport = assigner.fairnessReport(request)
const share: DecimalString | null | undefined = report.groups[0].share
const warned: string[] = report.warnings.map((w) => w.kind)
void [share, warned]
