import type { StackModel, TerraformJson } from "../model";
import type { Rule, Violation } from "../rule";

/** Attributes that hold a credential, wherever they appear. */
const SECRET_ATTRIBUTE =
  /(^|_)(password|secret|secret_key|access_key|token|api_?key|client_secret|private_key)$/i;
const AWS_ACCESS_KEY_ID = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const VARIABLE_REFERENCE = /^\$\{var\.([a-zA-Z0-9_-]+)\}$/;

interface Secretish {
  readonly where: string;
  readonly path: string;
  readonly value: unknown;
}

/** Every value under an attribute whose name says it is a credential, with where it is. */
function secretAttributes(model: StackModel): Secretish[] {
  const found: Secretish[] = [];
  const walk = (where: string, node: unknown, path: string) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        walk(where, item, `${path}[${i}]`);
      });
    } else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node as TerraformJson)) {
        if (key === "//") continue;
        const child = path ? `${path}.${key}` : key;
        if (SECRET_ATTRIBUTE.test(key) && (typeof value === "string" || typeof value === "number")) {
          found.push({ where, path: child, value });
        } else if (
          SECRET_ATTRIBUTE.test(key) &&
          value &&
          typeof value === "object" &&
          !Array.isArray(value)
        ) {
          // A credential block such as auth_parameters.api_key { key = "Authorization", value = ... }.
          const secretValue = (value as TerraformJson).value;
          if (secretValue !== undefined) found.push({ where, path: `${child}.value`, value: secretValue });
        } else walk(where, value, child);
      }
    }
  };
  for (const [type, byName] of Object.entries(model.json.resource ?? {})) {
    for (const [name, config] of Object.entries(byName as TerraformJson)) walk(`${type}.${name}`, config, "");
  }
  for (const [name, configs] of Object.entries(model.json.provider ?? {}))
    walk(`provider.${name}`, configs, "");
  return found;
}

export const noCredentialLiterals: Rule = {
  id: "SEC-NO-LITERALS",
  title: "No credential literal in synthesized files: credentials come from Terraform variables",
  mirrors: "checkov CKV_AWS_41/CKV_SECRET_2, trivy secret scanning, cdk-nag none",
  appliesTo: ["*"],
  check(model) {
    const violations: Violation[] = [];
    for (const secret of secretAttributes(model)) {
      if (typeof secret.value === "string" && VARIABLE_REFERENCE.test(secret.value)) continue;
      violations.push({
        address: secret.where,
        problem: `${secret.path} is a literal value`,
        fix: "take it from a sensitive Terraform variable with no default (TerraformVariable { sensitive: true })",
      });
    }
    const text = JSON.stringify(model.json);
    if (AWS_ACCESS_KEY_ID.test(text)) {
      violations.push({
        address: "(stack)",
        problem: "an AWS access key id appears in the stack",
        fix: "remove it; use roles or variables",
      });
    }
    if (PRIVATE_KEY.test(text)) {
      violations.push({
        address: "(stack)",
        problem: "a private key appears in the stack",
        fix: "remove it; use a sensitive variable",
      });
    }
    return violations;
  },
};

export const sensitiveVariables: Rule = {
  id: "SEC-SENSITIVE-VARIABLES",
  title:
    "Variables that carry credentials are sensitive, have no default and no validation (which prints the value)",
  mirrors: "checkov none, trivy none, cdk-nag none (Terraform: sensitive input variables)",
  appliesTo: ["*"],
  check(model) {
    const violations: Violation[] = [];
    for (const secret of secretAttributes(model)) {
      const name = typeof secret.value === "string" ? VARIABLE_REFERENCE.exec(secret.value)?.[1] : undefined;
      if (!name) continue;
      const variable = model.json.variable?.[name] as TerraformJson | undefined;
      if (variable?.validation !== undefined) {
        violations.push({
          address: `variable.${name}`,
          problem: `carries ${secret.where}.${secret.path} and has a validation block`,
          fix: "remove the validation: Terraform prints the raw value when a validation fails, sensitive or not",
        });
      } else if (variable?.sensitive !== true || variable.default !== undefined) {
        violations.push({
          address: `variable.${name}`,
          problem: `carries ${secret.where}.${secret.path} but is ${variable?.sensitive !== true ? "not sensitive" : "given a default"}`,
          fix: "declare it with sensitive: true and no default",
        });
      }
    }
    return violations;
  },
};
