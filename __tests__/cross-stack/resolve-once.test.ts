import * as fs from "node:fs";
import * as path from "node:path";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { type App, Aspects, TerraformOutput, type TerraformStack } from "cdktf";
import { buildApp, synthesizeApp } from "../../stacks/app";
import { STACK_IDS } from "../../stacks/registry";
import { filesUnder, fixtureApp, fixtureStack } from "../baseline/fixtures";
import { testConfig } from "../support/synth";
import { tempDir } from "../support/temp";

// synthesizeApp resolves each stack once for the baseline audit and the file it writes
// (stacks/core/resolve-once.ts) instead of letting cdktf resolve it again: what it writes must be what
// cdktf's own App.synth() writes for the same app, byte for byte.

/** Every file of an out-dir, by path relative to it. */
function written(outdir: string): Record<string, string> {
  return Object.fromEntries(
    filesUnder(outdir).map((file) => [file, fs.readFileSync(path.join(outdir, file), "utf8")]),
  );
}

/** The same app built twice, one synthesized by synthesizeApp and one by cdktf alone. */
function bothWays(build: (outdir: string) => App): {
  ours: Record<string, string>;
  cdktf: Record<string, string>;
} {
  const ours = tempDir("resolve-once-ours");
  const cdktf = tempDir("resolve-once-cdktf");
  synthesizeApp(build(ours));
  build(cdktf).synth();
  return { ours: written(ours), cdktf: written(cdktf) };
}

// Each stack in an app of its own, the way most syntheses run (a plan of one stack, the tests): resolved
// once, without cdktf's preparing resolve (there is no other stack to refer to). An app of several stacks
// prepares as cdktf does: the cross-stack test below.
test.each(STACK_IDS)("%s, synthesized alone, is written exactly as cdktf's own synth writes it", (id) => {
  const { ours, cdktf } = bothWays((outdir) =>
    buildApp(testConfig({ alarmEmail: "ops@example.com" }), { outdir, stacks: [id] }),
  );
  expect(Object.keys(ours).filter((file) => file.endsWith("cdk.tf.json"))).toEqual([
    `stacks/${id}/cdk.tf.json`,
  ]);
  expect(ours).toEqual(cdktf);
});

test("a stack alone without a backend gets cdktf's local backend, as App.synth() adds it", () => {
  const { ours, cdktf } = bothWays((outdir) => {
    const app = fixtureApp(outdir);
    fixtureStack(
      (stack) => new SsmParameter(stack, "parameter", { name: "/integ/p", type: "String", value: "v" }),
      app,
    );
    return app;
  });
  expect(JSON.parse(ours["stacks/fixture/cdk.tf.json"] as string).terraform.backend).toEqual({
    local: { path: expect.stringContaining("terraform.fixture.tfstate") },
  });
  expect(ours).toEqual(cdktf);
});

/** Two stacks, the second reading the first's parameter: cdktf adds an output and a remote state for it. */
function crossStackApp(outdir: string): App {
  const app = fixtureApp(outdir);
  let parameter: SsmParameter | undefined;
  fixtureStack(
    (stack) => {
      parameter = new SsmParameter(stack, "parameter", { name: "/integ/shared", type: "String", value: "v" });
    },
    app,
    "producer",
  );
  fixtureStack(
    (stack) => new TerraformOutput(stack, "shared", { value: (parameter as SsmParameter).arn }),
    app,
    "consumer",
  );
  return app;
}

test("cross-stack references are written as cdktf writes them (outputs and remote state added in preparation)", () => {
  const { ours, cdktf } = bothWays(crossStackApp);
  expect(ours["stacks/consumer/cdk.tf.json"]).toContain("terraform_remote_state");
  expect(ours["stacks/producer/cdk.tf.json"]).toContain("cross-stack-output-aws_ssm_parameter");
  expect(ours).toEqual(cdktf);
});

test("an app with an aspect is synthesized cdktf's own way, so what the aspect changes is written", () => {
  const withAspect = (outdir: string) => {
    const app = crossStackApp(outdir);
    const stack = app.node.findChild("producer") as TerraformStack;
    Aspects.of(stack).add({ visit: (node) => node === stack && stack.addOverride("locals.aspect", "ran") });
    return app;
  };
  const { ours, cdktf } = bothWays(withAspect);
  expect(JSON.parse(ours["stacks/producer/cdk.tf.json"] as string).locals).toEqual({ aspect: "ran" });
  expect(ours).toEqual(cdktf);
});

test("the stacks are themselves again after synthesis: toTerraform() resolves anew", () => {
  const outdir = tempDir("resolve-once-after");
  const app = crossStackApp(outdir);
  synthesizeApp(app);
  const producer = app.node.findChild("producer") as TerraformStack;
  expect(Object.hasOwn(producer, "toTerraform")).toBe(false);
  expect(Object.hasOwn(producer, "prepareStack")).toBe(false);
  producer.addOverride("locals.later", "seen");
  expect((producer.toTerraform() as { locals?: unknown }).locals).toEqual({ later: "seen" });
});
