import { type DetailProblem, describeProblems } from "./detail";

/**
 * The detail breaks the contract. Thrown only on the state-machine path: the Lambda runtime reports
 * `name` as the error type, so the Task fails with "InvalidDetailError" and the Catch records it.
 */
export class InvalidDetailError extends Error {
  override readonly name = "InvalidDetailError";
  readonly problems: readonly DetailProblem[];

  constructor(problems: readonly DetailProblem[]) {
    super(`Invalid event detail: ${describeProblems(problems)}`);
    this.problems = problems;
  }
}

/** The input is neither an EventBridge event nor the state machine's `{ invokedBy, executionId, event }`. */
export class UnrecognizedInputError extends Error {
  override readonly name = "UnrecognizedInputError";
}
