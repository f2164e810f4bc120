// biome-ignore lint/suspicious/noExplicitAny: synthesized Terraform JSON is untyped by nature
type TerraformJson = Record<string, any>;

/**
 * Replaces every `resource "time_sleep"` (hashicorp/time) of a synthesized stack with a `terraform_data`
 * resource of the same name, so the stack plans with the AWS provider alone. The stand-in keeps the ordering
 * the sleep gives (the same depends_on, and everything that depended on the sleep now depends on it) and its
 * inputs (in `input`), but it does not wait: it exists for offline plans only, where nothing is applied.
 * Returns the addresses it stood in for.
 */
export function standInForTimeSleeps(stackJson: TerraformJson): string[] {
  const sleeps: Record<string, TerraformJson> = stackJson.resource?.time_sleep ?? {};
  const names = Object.keys(sleeps);
  if (names.length === 0) return [];
  const data: Record<string, TerraformJson> = { ...(stackJson.resource.terraform_data ?? {}) };
  for (const [name, sleep] of Object.entries(sleeps)) {
    const { depends_on, lifecycle, "//": metadata, ...inputs } = sleep;
    if (data[name]) throw new Error(`time_sleep.${name}: terraform_data.${name} already exists`);
    data[name] = { "//": metadata, input: inputs, depends_on, lifecycle };
  }
  delete stackJson.resource.time_sleep;
  stackJson.resource.terraform_data = data;
  delete stackJson.provider?.time;
  delete stackJson.terraform?.required_providers?.time;
  rewrite(stackJson, names);
  return names.map((name) => `time_sleep.${name}`);
}

/** `time_sleep.x` → `terraform_data.x` in depends_on lists and `${time_sleep.x.id}` references. */
function rewrite(node: unknown, names: readonly string[]): unknown {
  if (typeof node === "string") {
    return node.replace(/\btime_sleep\.([A-Za-z0-9_-]+)/g, (whole, name: string) =>
      names.includes(name) ? `terraform_data.${name}` : whole,
    );
  }
  if (Array.isArray(node)) return node.map((item) => rewrite(item, names));
  if (node && typeof node === "object") {
    const object = node as Record<string, unknown>;
    for (const key of Object.keys(object)) object[key] = rewrite(object[key], names);
  }
  return node;
}
