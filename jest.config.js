const os = require("node:os");

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  // The suite's own TMPDIR (removed after the run, leftovers fail it) and a fingerprint of the user's
  // cdktf.out, plans/ and state/ (any change fails it).
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
  // After the default reporter: one unmissable last line when the offline Terraform plans could not run.
  reporters: ["default", "<rootDir>/__tests__/support/offline-plan-reporter.js"],
  // jest's runtime, with V8's code cache for the modules it compiles (each test file compiles them anew).
  runtime: "<rootDir>/__tests__/support/runtime.js",
  // jest's caches (transforms, haste map, the runtime's code caches) with the project's other build caches, not
  // in the system temp folder (jest's default, shared by every checkout and clone, never cleaned): they go
  // with the checkout, and `rm -rf node_modules/.cache` or `npx jest --clearCache` empties them.
  cacheDirectory: "<rootDir>/node_modules/.cache/jest",
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup.ts"],
  // Jest's default is one worker per core minus one: a single worker, in band, on a 2-core machine. The files
  // are independent and mostly CPU-bound: one worker per core. One more kept the cores busy while files waited
  // on timers and the processes they start, but each worker loads cdktf, the provider classes and zod once, and
  // a third runnable process on 2 cores costs more CPU than it saves waits: without Terraform on 2 cores, 8
  // alternating pairs took 19.5 s and 33.5 s of CPU on average with 2 workers, 20.3 s and 38.3 s with 3.
  maxWorkers: os.availableParallelism(),
  // The offline Terraform group runs real `terraform plan`s; everything else is fast.
  testTimeout: 30000,
};
