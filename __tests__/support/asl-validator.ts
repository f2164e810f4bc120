/**
 * asl-validator 4, with its JSON Schema validator built once per jest worker (asl-validator.worker.js, which
 * says why and how). It runs in the worker's realm, not the test file's: compare what it returns with toEqual.
 */

/** asl-validator 4 ships no type declarations; this is the part of its API the tests use. */
export type AslValidator = (
  definition: unknown,
  options?: { readonly checkPaths: boolean; readonly checkArn: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };

export const aslValidator: AslValidator = require("./asl-validator.worker.js").aslValidator;
