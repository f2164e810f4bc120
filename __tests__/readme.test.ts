import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../stacks/baseline/rules";
import { PROJECT_ROOT } from "../stacks/config/load";
import { STACK_IDS } from "../stacks/registry";

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
