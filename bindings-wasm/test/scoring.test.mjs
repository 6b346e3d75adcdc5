// Scoring API conversion edges through the WASM package for Node (shared with the napi package's tests).
import * as api from '../pkg-node/index.mjs'
import { defineScoringTests } from '../../tests/js/scoring-edges.mjs'

defineScoringTests(api)
