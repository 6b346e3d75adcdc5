// Conversion edges through the napi package (shared with the WASM package's tests).
import * as api from '../index.js'
import { defineConversionTests } from '../../tests/js/conversion-edges.mjs'

defineConversionTests(api)
