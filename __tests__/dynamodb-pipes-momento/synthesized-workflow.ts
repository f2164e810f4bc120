import * as fs from "node:fs";
import { resource, synthesize, type TerraformJson, testConfig } from "../support/synth";
import { CONNECTION_ARN, ENDPOINT, QUEUE_URL } from "./momento-fake";

const STACK = "dynamodb-pipes-momento";

/**
 * The workflow definition exactly as the stack synthesizes it, with its Terraform references resolved the way
 * `terraform apply` would (endpoint variable, connection ARN, DLQ URL); the outdir is removed afterwards.
 */
export function synthesizedWorkflow(
  settings: Record<string, unknown> = {},
  endpoint: string = ENDPOINT,
): TerraformJson {
  return resolvedWorkflow(synthesizedWorkflowText(settings), endpoint);
}

/** The workflow definition's text as synthesized, Terraform references and all; the outdir is removed. */
export function synthesizedWorkflowText(settings: Record<string, unknown> = {}): string {
  const synthesized = synthesize({ stacks: [STACK], config: testConfig({ stacks: { [STACK]: settings } }) });
  try {
    return resource(synthesized.json(STACK), "aws_sfn_state_machine", "workflow").definition;
  } finally {
    fs.rmSync(synthesized.outdir, { recursive: true, force: true });
  }
}

/** A synthesized definition with its Terraform references resolved the way `terraform apply` would. */
export function resolvedWorkflow(text: string, endpoint: string = ENDPOINT): TerraformJson {
  const resolved = text
    .replaceAll("${var.momento_http_endpoint}", endpoint)
    .replaceAll("${aws_cloudwatch_event_connection.connection.arn}", CONNECTION_ARN)
    .replaceAll("${aws_sqs_queue.pipe-dlq_queue.url}", QUEUE_URL);
  if (resolved.includes("${")) throw new Error(`unresolved Terraform reference in ${resolved}`);
  return JSON.parse(resolved);
}
