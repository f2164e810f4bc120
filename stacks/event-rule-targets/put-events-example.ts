/**
 * Ready-to-run `aws events put-events` commands for the stack's outputs: one entry that the rule it is
 * written for matches, with a detail that satisfies the event-consumer contract. Pure data and strings (no
 * cdktf), so tests can parse the command back and run its entries through the rule's pattern.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html
 */

/** One PutEvents request entry, as the CLI's `--entries` JSON spells it. */
export interface PutEventsEntry {
  readonly Source: string;
  readonly DetailType: string;
  /** The detail as a JSON string: PutEvents takes it serialised, inside the entries JSON. */
  readonly Detail: string;
  /** Only for a custom bus; PutEvents uses the default bus without it. */
  readonly EventBusName?: string;
}

/** A detail that passes the state machine's Choice gate and the function's validation. */
export const EXAMPLE_DETAIL = {
  requestId: "example-0001",
  action: "say-hello",
  payload: { sentBy: "put-events example" },
} as const;

export interface ExampleEntryProps {
  readonly source: string;
  readonly detailType: string;
  /** The custom bus name; undefined for the default bus. */
  readonly eventBusName?: string;
}

export function exampleEntry(props: ExampleEntryProps): PutEventsEntry {
  return {
    Source: props.source,
    DetailType: props.detailType,
    Detail: JSON.stringify(EXAMPLE_DETAIL),
    ...(props.eventBusName === undefined ? {} : { EventBusName: props.eventBusName }),
  };
}

/**
 * The command, with the entries JSON as one single-quoted shell word (POSIX sh, bash, zsh). `--region` is
 * explicit so the event lands where the stack is, whatever the caller's default region.
 */
export function putEventsCommand(entries: readonly PutEventsEntry[], region: string): string {
  return `aws events put-events --region ${shellQuote(region)} --entries ${shellQuote(JSON.stringify(entries))}`;
}

/**
 * Quotes `text` as one POSIX shell word. Inside single quotes nothing is special except the closing quote,
 * so a single quote is written as `'\''` (close, escaped quote, reopen).
 */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9._/:=@%+,-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
