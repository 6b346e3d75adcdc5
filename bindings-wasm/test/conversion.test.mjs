// Conversion edges through the WASM package for Node (shared with the napi package's tests).
import * as api from '../pkg-node/index.mjs'
import { defineConversionTests } from '../../tests/js/conversion-edges.mjs'

defineConversionTests(api)
