import { removeTempDirs } from "./temp";

// cdktf is loaded once per worker, outside the test files' module registries, with its stack traces per
// token off: see runtime.js.

// cdktf's matchers: toHaveResource, toHaveResourceWithProperties, toHaveDataSourceWithProperties, ...
// Registered by name here; cdktf's implementation is loaded by the first assertion that uses one, so a test
// file that never synthesizes does not load cdktf at all.
const CDKTF_MATCHERS = [
  "toHaveResource",
  "toHaveResourceWithProperties",
  "toHaveDataSource",
  "toHaveDataSourceWithProperties",
  "toHaveProvider",
  "toHaveProviderWithProperties",
  "toBeValidTerraform",
  "toPlanSuccessfully",
] as const;
type Matcher = (this: jest.MatcherContext, ...args: unknown[]) => jest.CustomMatcherResult;
let cdktfMatchers: Record<string, Matcher> | undefined;
function cdktfMatcher(name: string): Matcher {
  if (!cdktfMatchers) {
    // Testing.setupJest() hands its matchers to expect.extend: take them instead.
    const extend = expect.extend;
    expect.extend = (matchers) => {
      cdktfMatchers = matchers as Record<string, Matcher>;
    };
    try {
      (require("cdktf") as typeof import("cdktf")).Testing.setupJest();
    } finally {
      expect.extend = extend;
    }
  }
  const matcher = cdktfMatchers?.[name];
  if (!matcher) throw new Error(`cdktf has no matcher ${name}`);
  return matcher;
}
expect.extend(
  Object.fromEntries(
    CDKTF_MATCHERS.map((name) => [
      name,
      function (this: jest.MatcherContext, ...args: unknown[]) {
        return cdktfMatcher(name).apply(this, args);
      },
    ]),
  ),
);

// Runs after every test file, passed or failed: its temporary folders go with it.
afterAll(removeTempDirs);
