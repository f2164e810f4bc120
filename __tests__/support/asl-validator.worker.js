// asl-validator 4, building its JSON Schema validator once per jest worker and options instead of on every call.
// Loaded once per worker with Node's own require (runtime.js: project modules named *.worker.js), so every
// test file the worker runs validates with the same compiled schema. Types: asl-validator.ts.
//
// Why: its jsonSchemaErrors() does `new (require("ajv").default)({ schemas: [15 ASL schemas] })`, adds its formats
// and compiles the state machine schema on each validation: ~200 ms of CPU a call. The Ajv it builds depends
// only on the options (checkPaths and checkArn choose its formats), so this keeps the first one per options and
// hands it back on the next call, which then skips the setup already done (addFormat, addKeyword: the same
// definitions, and ajv-formats refuses to add its keywords twice). Everything else, the validation and the
// errors reported, is asl-validator's own code. If a future asl-validator builds its Ajv some other way, this
// changes nothing but the speed. The Ajv keeps no state between validations but its compiled schemas and
// `errors`, which asl-validator reads right after its own `validate` call.
const validator = require("asl-validator");
// The same module object asl-validator's own require("ajv") returned (both resolve to one installed ajv).
const ajvModule = require(require.resolve("ajv", { paths: [require.resolve("asl-validator")] }));
const Ajv = ajvModule.default;

/** Setup calls a reused Ajv has already had, with the same arguments. */
const SETUP = new Set(["addFormat", "addKeyword"]);
const built = new Map();

function aslValidator(definition, options) {
  const key = JSON.stringify(options ?? null);
  ajvModule.default = function reusedAjv(ajvOptions) {
    const reused = built.get(key);
    if (!reused) {
      const ajv = new Ajv(ajvOptions);
      built.set(key, ajv);
      return ajv;
    }
    return new Proxy(reused, {
      get: (target, property, receiver) =>
        SETUP.has(property) ? () => receiver : Reflect.get(target, property, receiver),
    });
  };
  try {
    return validator(definition, options);
  } finally {
    ajvModule.default = Ajv;
  }
}

module.exports = { aslValidator };
