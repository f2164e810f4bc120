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
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup.ts"],
  // Jest's default is one worker per core minus one: a single worker, in band, on a 2-core machine.
  // The files are CPU-bound and independent, so use every core.
  maxWorkers: "100%",
  // The offline Terraform group runs real `terraform plan`s; everything else is fast.
  testTimeout: 30000,
};
