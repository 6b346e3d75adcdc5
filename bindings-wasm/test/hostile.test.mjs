// The hostile-input corpus through the WASM package for Node (pkg-node).
import * as api from '../pkg-node/index.mjs'
import { defineHostEdgeTests, defineHostileTests } from '../../tests/js/run-hostile.mjs'

defineHostileTests(api)
defineHostEdgeTests(api)
