// The hostile-input corpus through the napi package.
import * as api from '../index.js'
import { defineHostEdgeTests, defineHostileTests } from '../../tests/js/run-hostile.mjs'

defineHostileTests(api)
defineHostEdgeTests(api)
