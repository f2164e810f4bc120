import { Testing } from "cdktf";
import { removeTempDirs } from "./temp";

// cdktf captures a full stack trace for every token it creates, only to quote it if that token later
// fails to resolve. Under jest every frame of every such trace goes through jest's source-map call-site
// wrapping: about a quarter of the suite's CPU time. Tests do without that quote; synthesized output is
// the same (the trace never reaches it), and outside jest nothing changes.
jest.mock("cdktf/lib/tokens/private/stack-trace", () => ({ captureStackTrace: (): string[] => [] }));

// cdktf's matchers: toHaveResource, toHaveResourceWithProperties, toHaveDataSourceWithProperties, ...
Testing.setupJest();

// Runs after every test file, passed or failed: its temporary folders go with it.
afterAll(removeTempDirs);
