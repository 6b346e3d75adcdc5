// Every conformance vector through the napi package.
import * as api from '../index.js'
import { defineVectorTests } from '../../tests/js/run-vectors.mjs'

defineVectorTests(api)
