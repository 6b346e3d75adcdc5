// The hostile-input corpus through the WASM package for Node (pkg-node).
import * as api from '../pkg-node/index.mjs'
import { defineHostileTests } from '../../tests/js/run-hostile.mjs'

defineHostileTests(api)
