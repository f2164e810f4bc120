import { assertValidPattern, EventPatternError, matchesEventPattern } from "./event-pattern";

// The EC2 event used throughout the EventBridge user guide (eb-event-patterns.html).
const ec2Terminated = {
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "111122223333",
  time: "2017-12-22T18:43:48Z",
  region: "us-west-1",
  resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  detail: { "instance-id": "i-1234567890abcdef0", state: "terminated" },
};

/** Matches a single-field pattern `{ detail: { field: values } }` against `{ detail: { field: value } }`. */
function fieldMatches(values: unknown[], value: unknown): boolean {
  return matchesEventPattern({ detail: { field: values } }, { detail: { field: value } });
}

/** Matches `{ detail: { field: values } }` against an event whose detail lacks `field`. */
function missingFieldMatches(values: unknown[]): boolean {
  return matchesEventPattern({ detail: { field: values } }, { detail: { other: "x" } });
}

describe("fields and values", () => {
  it("matches the user guide's EC2 termination pattern", () => {
    const pattern = {
      source: ["aws.ec2"],
      "detail-type": ["EC2 Instance State-change Notification"],
      detail: { state: ["terminated"] },
    };
    expect(matchesEventPattern(pattern, ec2Terminated)).toBe(true);
    expect(matchesEventPattern(pattern, { ...ec2Terminated, detail: { state: "running" } })).toBe(false);
    expect(matchesEventPattern(pattern, { ...ec2Terminated, source: "aws.ec2.fake" })).toBe(false);
  });

  it("requires every field (AND) and any value of a field (OR)", () => {
    const pattern = { source: ["aws.ec2", "aws.fargate"], detail: { state: ["running", "terminated"] } };
    expect(matchesEventPattern(pattern, ec2Terminated)).toBe(true);
    expect(matchesEventPattern(pattern, { ...ec2Terminated, source: "aws.fargate" })).toBe(true);
    expect(matchesEventPattern(pattern, { ...ec2Terminated, source: "aws.s3" })).toBe(false);
    expect(matchesEventPattern(pattern, { ...ec2Terminated, detail: { state: "stopped" } })).toBe(false);
  });

  it("ignores event fields the pattern does not name", () => {
    expect(matchesEventPattern({ account: ["111122223333"] }, ec2Terminated)).toBe(true);
  });

  it("fails any value matcher when the field is missing", () => {
    for (const values of [["x"], [null], [""]]) {
      expect(missingFieldMatches(values)).toBe(false);
    }
    expect(matchesEventPattern({ detail: { state: ["terminated"] } }, { source: "aws.ec2" })).toBe(false);
  });

  it("matches strings exactly and case-sensitively", () => {
    expect(fieldMatches(["Alice"], "Alice")).toBe(true);
    expect(fieldMatches(["Alice"], "alice")).toBe(false);
    expect(fieldMatches(["Alice"], "Alice ")).toBe(false);
    expect(fieldMatches(["São Paulo"], "São Paulo")).toBe(true);
  });

  it("compares numbers numerically and never with strings", () => {
    // Parsed from JSON text so the literal spellings 3.0e2 and 300 both reach the matcher.
    expect(matchesEventPattern('{"detail":{"field":[300]}}', '{"detail":{"field":3.0e2}}')).toBe(true);
    expect(matchesEventPattern('{"detail":{"field":[3.0e2]}}', '{"detail":{"field":300.0}}')).toBe(true);
    expect(fieldMatches([300], 301)).toBe(false);
    expect(fieldMatches([300], "300")).toBe(false);
    expect(fieldMatches(["300"], 300)).toBe(false);
  });

  it("matches booleans and null only by identity", () => {
    expect(fieldMatches([true], true)).toBe(true);
    expect(fieldMatches([true], "true")).toBe(false);
    expect(fieldMatches([false], 0)).toBe(false);
    expect(fieldMatches([null], null)).toBe(true);
    expect(fieldMatches([null], "null")).toBe(false);
  });

  it("keeps null and the empty string apart (eb-event-patterns-null-values)", () => {
    const event = {
      version: "0",
      id: "3e3c153a-8339-4e30-8c35-687ebef853fe",
      "detail-type": "EC2 Instance Launch Successful",
      source: "aws.autoscaling",
      account: "123456789012",
      time: "2015-11-11T21:31:47Z",
      region: "us-east-1",
      resources: [],
      detail: { eventVersion: "", responseElements: null },
    };
    expect(matchesEventPattern({ detail: { eventVersion: [""] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { responseElements: [null] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventVersion: [null] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { responseElements: [""] } }, event)).toBe(false);
  });

  it("recurses into nested objects, which must match with the same structure", () => {
    const event = { detail: { requestParameters: { bucket: { name: "uploads" } } } };
    expect(
      matchesEventPattern({ detail: { requestParameters: { bucket: { name: ["uploads"] } } } }, event),
    ).toBe(true);
    expect(matchesEventPattern({ detail: { requestParameters: { name: ["uploads"] } } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { requestParameters: { bucket: ["uploads"] } } }, event)).toBe(
      false,
    );
    expect(matchesEventPattern({ detail: { state: ["x"] } }, { detail: "state" })).toBe(false);
  });

  it("accepts JSON text, as synthesized event_pattern attributes hold it", () => {
    expect(matchesEventPattern(JSON.stringify({ source: ["aws.ec2"] }), JSON.stringify(ec2Terminated))).toBe(
      true,
    );
  });
});

describe("array values (eb-event-patterns-arrays)", () => {
  const pattern = {
    resources: [
      "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
      "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
      "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f",
    ],
  };

  it("matches when the pattern array and the event array intersect", () => {
    const event = {
      resources: [
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
      ],
    };
    expect(matchesEventPattern(pattern, event)).toBe(true);
    expect(
      matchesEventPattern(pattern, { resources: ["arn:aws:ec2:us-east-1:999999999999:instance/i-1"] }),
    ).toBe(false);
    expect(matchesEventPattern(pattern, { resources: [] })).toBe(false);
  });

  it("offers the elements of nested arrays and arrays of objects", () => {
    expect(fieldMatches(["b"], [["a"], ["b"]])).toBe(true);
    const employees = [
      { firstName: "John", lastName: "Doe" },
      { firstName: "Anna", lastName: "Smith" },
      { firstName: "Peter", lastName: "Jones" },
    ];
    expect(matchesEventPattern({ employees: { firstName: ["Anna"] } }, { employees })).toBe(true);
  });
});

describe("exists", () => {
  it("matches presence and absence (docs examples)", () => {
    expect(matchesEventPattern({ detail: { state: [{ exists: true }] } }, ec2Terminated)).toBe(true);
    expect(matchesEventPattern({ detail: { state: [{ exists: false }] } }, ec2Terminated)).toBe(false);
    expect(matchesEventPattern({ detail: { "c-count": [{ exists: false }] } }, ec2Terminated)).toBe(true);
    expect(matchesEventPattern({ detail: { "c-count": [{ exists: true }] } }, ec2Terminated)).toBe(false);
  });

  it("treats a missing parent object as absence", () => {
    expect(matchesEventPattern({ detail: { state: [{ exists: false }] } }, { source: "x" })).toBe(true);
    expect(matchesEventPattern({ detail: { state: [{ exists: false }] } }, { detail: "text" })).toBe(true);
  });

  it("only sees leaf values: null exists, objects and empty arrays do not", () => {
    expect(fieldMatches([{ exists: true }], null)).toBe(true);
    expect(fieldMatches([{ exists: true }], "")).toBe(true);
    expect(fieldMatches([{ exists: true }], { c1: 100 })).toBe(false);
    expect(fieldMatches([{ exists: false }], { c1: 100 })).toBe(true);
    expect(fieldMatches([{ exists: true }], [])).toBe(false);
    expect(fieldMatches([{ exists: false }], [])).toBe(true);
    expect(fieldMatches([{ exists: true }], ["a"])).toBe(true);
  });
});

describe("assertValidPattern", () => {
  it("accepts the forms the stacks use, as objects and as JSON text", () => {
    const pattern = {
      source: ["aws.rds", null, 1, true],
      detail: { eventName: ["CreateDBInstance"], errorCode: [{ exists: false }] },
    };
    expect(() => assertValidPattern(pattern)).not.toThrow();
    expect(() => assertValidPattern(JSON.stringify(pattern))).not.toThrow();
  });

  it.each([
    [{ source: "aws.ec2" }, "source: a field's match value must be a non-empty array"],
    [{ source: [] }, "source: a field's match value must be a non-empty array"],
    [{}, "<root>: empty objects are not allowed"],
    [{ detail: {} }, "detail: empty objects are not allowed"],
    [["aws.ec2"], "<root>: a pattern is a JSON object"],
    ["{not json", "<root>: not valid JSON"],
    [{ source: [["aws.ec2"]] }, "source: values must be strings, numbers, booleans or null"],
    [
      { detail: { state: [{ exists: "yes" }] } },
      "detail.state: only exact values and one { exists: boolean }",
    ],
  ])("rejects %j", (pattern, message) => {
    expect(() => assertValidPattern(pattern)).toThrow(message);
  });

  it.each([
    [{ prefix: "i-" }],
    [{ "anything-but": "stopped" }],
    [{ numeric: [">", 0] }],
    [{ exists: false }, "x"],
  ])("refuses %j, which the stacks do not use and this stand-in does not model", (...values) => {
    expect(() => assertValidPattern({ detail: { state: values } })).toThrow(EventPatternError);
  });

  it("is applied by matchesEventPattern too", () => {
    expect(() => matchesEventPattern({ source: "aws.ec2" }, ec2Terminated)).toThrow(EventPatternError);
  });

  it("rejects events that are not JSON objects", () => {
    expect(() => matchesEventPattern({ source: ["a"] }, [ec2Terminated])).toThrow(TypeError);
    expect(() => matchesEventPattern({ source: ["a"] }, "{oops")).toThrow(TypeError);
  });
});
