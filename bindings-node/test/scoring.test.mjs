// Scoring API conversion edges through the napi package (shared with the WASM package's tests).
import * as api from '../index.js'
import { defineScoringTests } from '../../tests/js/scoring-edges.mjs'

defineScoringTests(api)
