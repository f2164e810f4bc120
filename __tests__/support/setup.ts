import { Testing } from "cdktf";
import { removeTempDirs } from "./temp";

// cdktf's matchers: toHaveResource, toHaveResourceWithProperties, toHaveDataSourceWithProperties, ...
Testing.setupJest();

// Runs after every test file, passed or failed: its temporary folders go with it.
afterAll(removeTempDirs);
