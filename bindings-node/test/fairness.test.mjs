// Fairness report conversion edges through the napi package (shared with the WASM package's tests).
import * as api from '../index.js'
import { defineFairnessTests } from '../../tests/js/fairness-edges.mjs'

defineFairnessTests(api)
