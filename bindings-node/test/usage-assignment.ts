// Compiled with `tsc --noEmit` only: the assignment declarations describe the API as it is used.
import {
  Assigner,
  type AssignmentPolicyDocument,
  type AssignRequest,
  type AssignmentResult,
  type DecimalString,
} from '../index.js'

const policy: AssignmentPolicyDocument = {
  schemaVersion: 1,
  id: 'east-ka',
  mode: 'optimal',
  eligibility: { idleOnly: true },
  ordering: { rankBy: ['recentEffectiveVisit'] },
  optimal: { fairnessBand: { tolerance: '0.1' } },
}
const assigner = new Assigner(policy)
const id: string = assigner.id
const request: AssignRequest = {
  asOf: '2026-03-10T09:00:00+08:00',
  leads: [{ id: 'L1', createdAt: '2026-03-09T10:00:00+08:00', region: 'east', industry: 'K12', budget: '30000' }],
  reps: [{ id: 'wang', capacity: 5, regions: ['east'], stats: { K12: { winRate: '0.6' } } }],
}
const result: AssignmentResult = assigner.assign(request)
const match: DecimalString = result.assignments[0].match
const total: DecimalString = result.summary.totalMatch
const later: Promise<AssignmentResult> = assigner.assignAsync(request)
const bandHeld: boolean | undefined = result.fairnessBand?.feasible
const lower: number | undefined = result.fairnessBand?.groups[0].lower
void [id, match, total, later, bandHeld, lower]
