// Fairness report conversion edges through the WASM package for Node (shared with the napi package's tests).
import * as api from '../pkg-node/index.mjs'
import { defineFairnessTests } from '../../tests/js/fairness-edges.mjs'

defineFairnessTests(api)
