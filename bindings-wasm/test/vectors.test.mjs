// Every conformance vector through the WASM package for Node (pkg-node).
import * as api from '../pkg-node/index.mjs'
import { defineVectorTests } from '../../tests/js/run-vectors.mjs'

defineVectorTests(api)
