// Rebate API conversion edges through the napi package (shared with the WASM package's tests).
import * as api from '../index.js'
import { defineRebateTests } from '../../tests/js/rebate-edges.mjs'

defineRebateTests(api)
