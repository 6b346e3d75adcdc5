// Compiled with `tsc --noEmit` only: the scoring declarations describe the API as it is used.
import {
  ScoreModel,
  trainWinModel,
  prioritise,
  kpi,
  type DecimalString,
  type ScoreBatch,
  type ScoreModelDocument,
  type TrainingReport,
  type PriorityList,
  type KpiReport,
} from '../index.js'

const doc: ScoreModelDocument = { model: 'processHealth', schemaVersion: 1, id: 'phi' }
const phi = new ScoreModel(doc)
const kind: string = phi.model
const batch: ScoreBatch = phi.score([{ id: 'rep', rates: { response: '0.9' } }], { explain: true })
const first = batch.results[0]
if (first.status === 'ok') {
  const score: DecimalString | null | undefined = first.score
  void score
}
const report: TrainingReport = trainWinModel([{ id: 'o', outcome: 'won', fields: { source: 'web' } }], { id: 'w' })
const again = new ScoreModel(report.model)
const top: PriorityList = prioritise({ opportunities: [{ id: 'a', winProbability: '0.5', urgencyWeight: '1' }] })
const k: KpiReport = kpi({ forecastAccuracy: [{ id: 'q', forecast: '10', actualWithin30Days: '8' }] })
void kind
void again
void top
void k
