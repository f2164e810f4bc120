import { removeTempDirs } from "./temp";

// cdktf captures a full stack trace for every token it creates, only to quote it if that token later
// fails to resolve. Under jest every frame of every such trace goes through jest's source-map call-site
// wrapping: about a quarter of the suite's CPU time. Tests do without that quote; synthesized output is
// the same (the trace never reaches it), and outside jest nothing changes.
jest.mock("cdktf/lib/tokens/private/stack-trace", () => ({ captureStackTrace: (): string[] => [] }));

// cdktf loads archiver (about 300 modules: streams, glob, zip and tar writers) whenever it is loaded, for
// zipping directory assets; the stacks' assets are single files, so no test zips, yet every test file that
// loads cdktf would load archiver again (jest gives each file its own modules). Loaded on first call instead.
jest.mock(cdktfArchiver(), () => {
  const real = () => jest.requireActual(cdktfArchiver());
  return Object.assign((format: string, options?: object) => real()(format, options), {
    create: (format: string, options?: object) => real().create(format, options),
    registerFormat: (format: string, module: unknown) => real().registerFormat(format, module),
    isRegisteredFormat: (format: string) => real().isRegisteredFormat(format),
  });
});
/** The archiver cdktf requires (bundled inside cdktf). A declaration: jest.mock calls run before the rest. */
function cdktfArchiver(): string {
  return require.resolve("archiver", { paths: [require("node:path").dirname(require.resolve("cdktf"))] });
}

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
