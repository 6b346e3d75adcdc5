// CommissionPlan conversion edges through the WASM package for Node (shared with the napi package's tests).
import * as api from '../pkg-node/index.mjs'
import { defineCommissionTests } from '../../tests/js/commission-edges.mjs'

defineCommissionTests(api)
