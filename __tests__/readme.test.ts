import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../stacks/baseline/rules";
import { PROJECT_ROOT } from "../stacks/config/load";
import { TOP_LEVEL_KEYS } from "../stacks/config/project-config";
import { settingNames } from "../stacks/core/settings-schema";
import { STACK_IDS, type StackId, stackDefinition } from "../stacks/registry";

// Users read the README first: it must not fall behind the code.
const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
const scripts = Object.keys(
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).scripts,
);

test.each(RULES.map((rule) => rule.id))("the baseline table documents rule %s", (id) => {
  expect(readme).toContain(`| \`${id}\` |`);
});

test.each(scripts)("the README mentions npm run %s", (script) => {
  expect(readme).toMatch(new RegExp(`npm (run )?${script.replace(":", "\\:")}\\b`));
});

test.each([...STACK_IDS])("the README has a section for stack %s", (id) => {
  expect(readme).toContain(`### \`${id}\``);
});

/** The README's section of one stack: from its heading to the next stack's. */
function stackSection(id: string): string {
  const start = readme.indexOf(`### \`${id}\``);
  const next = readme.slice(start + 1).search(/\n##+ /);
  return readme.slice(start, next === -1 ? undefined : start + 1 + next);
}

/** Every setting of a stack's schema; alarms are one row per stack (alarms.<kind>.threshold / .enabled) and a table of their own. */
function settingsOf(id: StackId): string[] {
  return settingNames(stackDefinition(id).settings).filter((name) => !name.startsWith("alarms"));
}

test.each([...STACK_IDS])(
  "the README's settings table of %s lists every setting its schema declares",
  (id) => {
    const settings = settingsOf(id);
    expect(settings.length).toBeGreaterThan(0);
    const section = stackSection(id);
    // A row of its own, or a shared row such as "| `throttle.rateLimit` / `throttle.burstLimit` |".
    const row = (setting: string) => new RegExp(`^\\| (\`[^\`|]+\` / )*\`${setting}\``, "m");
    const missing = settings.filter((setting) => !row(setting).test(section));
    expect(missing).toEqual([]);
  },
);

test("the README's configuration table lists every top-level setting", () => {
  const table = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("## Stacks"));
  for (const key of TOP_LEVEL_KEYS)
    expect({ key, listed: new RegExp(`^\\| \`${key}[\`.]`, "m").test(table) }).toEqual({ key, listed: true });
});
