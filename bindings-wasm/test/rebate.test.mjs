// Rebate API conversion edges through the WASM package for Node (shared with the napi package's tests).
import * as api from '../pkg-node/index.mjs'
import { defineRebateTests } from '../../tests/js/rebate-edges.mjs'

defineRebateTests(api)
