/**
 * asl-validator 4, building its JSON Schema validator once per test file and options instead of on every call.
 *
 * Why: its jsonSchemaErrors() does `new (require("ajv").default)({ schemas: [15 ASL schemas] })`, adds its formats
 * and compiles the state machine schema on each validation: ~120 ms a call, most of the CPU of the files that
 * validate a definition more than once. The Ajv it builds depends only on the options (checkPaths and checkArn
 * choose its formats), so this keeps the first one per options and hands it back on the next call, which then
 * skips the setup already done (addFormat, addKeyword: the same definitions, and ajv-formats refuses to add its
 * keywords twice). Everything else, the validation and the errors reported, is asl-validator's own code.
 * If a future asl-validator builds its Ajv some other way, this changes nothing but the speed.
 */

/** asl-validator 4 ships no type declarations; this is the part of its API the tests use. */
export type AslValidator = (
  definition: unknown,
  options?: { readonly checkPaths: boolean; readonly checkArn: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };

const validator: AslValidator = require("asl-validator");
// biome-ignore lint/suspicious/noExplicitAny: ajv's CommonJS module object, patched for the duration of one call
const ajvModule: any = require("ajv");
const Ajv = ajvModule.default;

/** Setup calls a reused Ajv has already had, with the same arguments. */
const SETUP = new Set(["addFormat", "addKeyword"]);
const built = new Map<string, object>();

export const aslValidator: AslValidator = (definition, options) => {
  const key = JSON.stringify(options ?? null);
  ajvModule.default = function reusedAjv(ajvOptions: unknown) {
    const reused = built.get(key);
    if (!reused) {
      const ajv = new Ajv(ajvOptions);
      built.set(key, ajv);
      return ajv;
    }
    return new Proxy(reused, {
      get: (target, property, receiver) =>
        SETUP.has(property as string) ? () => receiver : Reflect.get(target, property, receiver),
    });
  };
  try {
    return validator(definition, options);
  } finally {
    ajvModule.default = Ajv;
  }
};
