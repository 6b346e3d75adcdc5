// CommissionPlan conversion edges through the napi package (shared with the WASM package's tests).
import * as api from '../index.js'
import { defineCommissionTests } from '../../tests/js/commission-edges.mjs'

defineCommissionTests(api)
