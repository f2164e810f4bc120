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

// The Event Ruler README's sample event, used by the operator examples in the docs.
const ruleExampleEvent = {
  version: "0",
  id: "ddddd4-aaaa-7777-4444-345dd43cc333",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "012345679012",
  time: "2017-10-02T16:24:49Z",
  region: "us-east-1",
  resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000"],
  detail: {
    "c-count": 5,
    "d-count": 3,
    "x-limit": 301.8,
    "source-ip": "10.0.0.33",
    "instance-id": "i-000000aaaaaa00000",
    state: "running",
  },
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
    for (const values of [
      ["x"],
      [null],
      [""],
      [{ prefix: "" }],
      [{ "anything-but": "x" }],
      [{ numeric: [">", 0] }],
    ]) {
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

  it("takes fields matched together from the same array element", () => {
    const employees = [
      { firstName: "John", lastName: "Doe" },
      { firstName: "Anna", lastName: "Smith" },
      { firstName: "Peter", lastName: "Jones" },
    ];
    expect(
      matchesEventPattern({ employees: { firstName: ["Anna"], lastName: ["Smith"] } }, { employees }),
    ).toBe(true);
    expect(
      matchesEventPattern({ employees: { firstName: ["Anna"], lastName: ["Jones"] } }, { employees }),
    ).toBe(false);
  });

  it("checks exists:false against the element chosen by paths that sort before it", () => {
    const items = [{ sku: "a", unavailable: true }, { sku: "b" }];
    expect(matchesEventPattern({ items: { sku: ["b"], unavailable: [{ exists: false }] } }, { items })).toBe(
      true,
    );
    expect(matchesEventPattern({ items: { sku: ["a"], unavailable: [{ exists: false }] } }, { items })).toBe(
      false,
    );
    // Event Ruler visits paths in sorted order, so an absence checked first looks at every element.
    const discontinued = [{ sku: "a", discontinued: true }, { sku: "b" }];
    const pattern = { items: { discontinued: [{ exists: false }], sku: ["b"] } };
    expect(matchesEventPattern(pattern, { items: discontinued })).toBe(false);
  });
});

describe("prefix", () => {
  it("matches the docs' time prefix example", () => {
    expect(matchesEventPattern({ time: [{ prefix: "2017-10-02" }] }, ruleExampleEvent)).toBe(true);
    expect(matchesEventPattern({ time: [{ prefix: "2017-10-03" }] }, ruleExampleEvent)).toBe(false);
  });

  it("is case-sensitive and only matches strings", () => {
    expect(fieldMatches([{ prefix: "us-" }], "us-east-1")).toBe(true);
    expect(fieldMatches([{ prefix: "us-" }], "US-east-1")).toBe(false);
    expect(fieldMatches([{ prefix: "1" }], 123)).toBe(false);
    expect(fieldMatches([{ prefix: "" }], "")).toBe(true);
    expect(fieldMatches([{ prefix: "" }], null)).toBe(false);
  });

  it("ignores case with equals-ignore-case", () => {
    const pattern = { detail: { service: [{ prefix: { "equals-ignore-case": "EventB" } }] } };
    for (const service of ["EventBridge", "eventbridge", "EVENTBRIDGE", "eVeNtB"]) {
      expect(matchesEventPattern(pattern, { detail: { service } })).toBe(true);
    }
    expect(matchesEventPattern(pattern, { detail: { service: "Event Bridge" } })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: { service: "MyEventBridge" } })).toBe(false);
  });
});

describe("suffix", () => {
  it("matches file extensions", () => {
    expect(fieldMatches([{ suffix: ".png" }], "image.png")).toBe(true);
    expect(fieldMatches([{ suffix: ".png" }], "image.PNG")).toBe(false);
    expect(fieldMatches([{ suffix: ".png" }], "image.png.txt")).toBe(false);
    expect(fieldMatches([{ suffix: "5" }], 5)).toBe(false);
  });

  it("ignores case with equals-ignore-case", () => {
    const values = [{ suffix: { "equals-ignore-case": ".png" } }];
    expect(fieldMatches(values, "image.PNG")).toBe(true);
    expect(fieldMatches(values, "image.Png")).toBe(true);
    expect(fieldMatches(values, "image.jpg")).toBe(false);
  });
});

describe("equals-ignore-case", () => {
  it("matches the docs' detail-type example", () => {
    const pattern = { "detail-type": [{ "equals-ignore-case": "ec2 instance state-change notification" }] };
    expect(matchesEventPattern(pattern, ec2Terminated)).toBe(true);
    expect(
      matchesEventPattern(pattern, { ...ec2Terminated, "detail-type": "EC2 Instance State-change" }),
    ).toBe(false);
  });

  it("compares whole strings, including non-ASCII letters", () => {
    expect(fieldMatches([{ "equals-ignore-case": "alice" }], "ALICE")).toBe(true);
    expect(fieldMatches([{ "equals-ignore-case": "alice" }], "ALICES")).toBe(false);
    expect(fieldMatches([{ "equals-ignore-case": "são paulo" }], "SÃO PAULO")).toBe(true);
    // Event Ruler accepts each pattern character's own upper- or lower-case form.
    expect(fieldMatches([{ "equals-ignore-case": "straße" }], "STRASSE")).toBe(true);
    expect(fieldMatches([{ "equals-ignore-case": "true" }], true)).toBe(false);
  });
});

describe("anything-but", () => {
  it("excludes a single string or number (docs examples)", () => {
    expect(fieldMatches([{ "anything-but": "initializing" }], "running")).toBe(true);
    expect(fieldMatches([{ "anything-but": "initializing" }], "initializing")).toBe(false);
    expect(
      matchesEventPattern({ detail: { state: [{ "anything-but": "initializing" }] } }, ruleExampleEvent),
    ).toBe(true);
    expect(matchesEventPattern({ detail: { "x-limit": [{ "anything-but": 123 }] } }, ruleExampleEvent)).toBe(
      true,
    );
    expect(fieldMatches([{ "anything-but": 123 }], 123)).toBe(false);
  });

  it("excludes a list of strings or of numbers", () => {
    const states = [{ "anything-but": ["stopped", "overloaded"] }];
    expect(fieldMatches(states, "running")).toBe(true);
    expect(fieldMatches(states, "stopped")).toBe(false);
    const limits = [{ "anything-but": [100, 200, 300] }];
    expect(fieldMatches(limits, 301.8)).toBe(true);
    expect(fieldMatches(limits, 3e2)).toBe(false);
  });

  it("matches present values of other types, null included, but never a missing field", () => {
    expect(fieldMatches([{ "anything-but": "no-message" }], null)).toBe(true);
    expect(fieldMatches([{ "anything-but": "123" }], 123)).toBe(true);
    expect(fieldMatches([{ "anything-but": 123 }], "123")).toBe(true);
    expect(missingFieldMatches([{ "anything-but": "x" }])).toBe(false);
  });

  it("matches an array value when any element is not excluded", () => {
    expect(fieldMatches([{ "anything-but": "stopped" }], ["stopped", "running"])).toBe(true);
    expect(fieldMatches([{ "anything-but": "stopped" }], ["stopped", "stopped"])).toBe(false);
    expect(fieldMatches([{ "anything-but": [100, 500] }], [100, 50])).toBe(true);
    expect(fieldMatches([{ "anything-but": "stopped" }], [])).toBe(false);
  });

  it("excludes by prefix and suffix", () => {
    const notUs = [{ "anything-but": { prefix: "us-" } }];
    expect(fieldMatches(notUs, "eu-west-1")).toBe(true);
    expect(fieldMatches(notUs, "us-east-1")).toBe(false);
    const notTxt = [{ "anything-but": { suffix: ".txt" } }];
    expect(fieldMatches(notTxt, "notes.md")).toBe(true);
    expect(fieldMatches(notTxt, "notes.txt")).toBe(false);
    expect(fieldMatches([{ "anything-but": { prefix: ["us-", "eu-"] } }], "eu-west-1")).toBe(false);
  });

  it("excludes ignoring case, as one value or a list", () => {
    const single = [{ "anything-but": { "equals-ignore-case": "initializing" } }];
    expect(fieldMatches(single, "INITIALIZING")).toBe(false);
    expect(fieldMatches(single, "running")).toBe(true);
    const list = [{ "anything-but": { "equals-ignore-case": ["initializing", "stopped"] } }];
    expect(fieldMatches(list, "Stopped")).toBe(false);
    expect(fieldMatches(list, "running")).toBe(true);
  });

  it("excludes by wildcard", () => {
    const notLib = [{ "anything-but": { wildcard: "*/lib/*" } }];
    expect(fieldMatches(notLib, "/usr/bin/java")).toBe(true);
    expect(fieldMatches(notLib, "/usr/lib/java")).toBe(false);
    const notEither = [{ "anything-but": { wildcard: ["*/lib/*", "*/bin/*"] } }];
    expect(fieldMatches(notEither, "/usr/bin/java")).toBe(false);
    expect(fieldMatches(notEither, "/usr/share/java")).toBe(true);
  });
});

describe("numeric", () => {
  it("matches the docs' combined example", () => {
    const pattern = {
      detail: {
        "c-count": [{ numeric: [">", 0, "<=", 5] }],
        "d-count": [{ numeric: ["<", 10] }],
        "x-limit": [{ numeric: ["=", 3.018e2] }],
      },
    };
    expect(matchesEventPattern(pattern, ruleExampleEvent)).toBe(true);
    const over = { ...ruleExampleEvent, detail: { ...ruleExampleEvent.detail, "c-count": 6 } };
    expect(matchesEventPattern(pattern, over)).toBe(false);
  });

  it("honours open and closed bounds", () => {
    const range = [{ numeric: [">", 10, "<=", 20] }];
    expect(fieldMatches(range, 10)).toBe(false);
    expect(fieldMatches(range, 10.000001)).toBe(true);
    expect(fieldMatches(range, 20)).toBe(true);
    expect(fieldMatches(range, 20.5)).toBe(false);
    expect(fieldMatches([{ numeric: [">=", 0, "<", 1] }], 0)).toBe(true);
    expect(fieldMatches([{ numeric: [">=", 0, "<", 1] }], 1)).toBe(false);
    expect(fieldMatches([{ numeric: [">=", -5] }], -5)).toBe(true);
  });

  it("only matches JSON numbers", () => {
    expect(fieldMatches([{ numeric: [">", 0] }], "5")).toBe(false);
    expect(fieldMatches([{ numeric: [">", 0] }], true)).toBe(false);
    // So a DynamoDB stream N attribute, a string, never satisfies a numeric filter.
    const pattern = { dynamodb: { NewImage: { MaxTemp: { N: [{ numeric: [">", 30] }] } } } };
    expect(matchesEventPattern(pattern, { dynamodb: { NewImage: { MaxTemp: { N: "35" } } } })).toBe(false);
  });

  it("matches any element of an array value", () => {
    expect(fieldMatches([{ numeric: [">", 100] }], [1, 200])).toBe(true);
    expect(fieldMatches([{ numeric: [">", 100] }], [1, 2])).toBe(false);
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

  it("combines with other alternatives of the same field", () => {
    const values = [{ exists: false }, { numeric: [">", 0] }];
    expect(missingFieldMatches(values)).toBe(true);
    expect(fieldMatches(values, 3)).toBe(true);
    expect(fieldMatches(values, 0)).toBe(false);
  });
});

describe("cidr", () => {
  it("matches IPv4 blocks", () => {
    expect(
      matchesEventPattern({ detail: { "source-ip": [{ cidr: "10.0.0.0/24" }] } }, ruleExampleEvent),
    ).toBe(true);
    expect(fieldMatches([{ cidr: "10.0.0.0/24" }], "10.0.0.255")).toBe(true);
    expect(fieldMatches([{ cidr: "10.0.0.0/24" }], "10.0.1.0")).toBe(false);
    expect(fieldMatches([{ cidr: "10.0.0.0/8" }], "10.255.3.4")).toBe(true);
    // Host bits in the operand are ignored.
    expect(fieldMatches([{ cidr: "10.0.0.5/24" }], "10.0.0.1")).toBe(true);
  });

  it("matches IPv6 blocks in any spelling of the address", () => {
    expect(fieldMatches([{ cidr: "2001:db8::/32" }], "2001:db8:0:0:1:0:0:1")).toBe(true);
    expect(fieldMatches([{ cidr: "2001:db8::/32" }], "2001:DB8::ff")).toBe(true);
    expect(fieldMatches([{ cidr: "2001:db8::/32" }], "2001:db9::1")).toBe(false);
  });

  it("only matches IP address strings of the same family", () => {
    expect(fieldMatches([{ cidr: "10.0.0.0/24" }], "10.0.0.256")).toBe(false);
    expect(fieldMatches([{ cidr: "10.0.0.0/24" }], "not-an-ip")).toBe(false);
    expect(fieldMatches([{ cidr: "0.0.0.0/0" }], "::1")).toBe(false);
    expect(fieldMatches([{ cidr: "0.0.0.0/0" }], 167772161)).toBe(false);
  });

  it("compares plain IP address values by address", () => {
    expect(fieldMatches(["2001:db8::1"], "2001:0DB8:0:0:0:0:0:1")).toBe(true);
    expect(fieldMatches(["10.0.0.1"], "10.0.0.1")).toBe(true);
    expect(fieldMatches(["10.0.0.1"], "10.0.0.2")).toBe(false);
  });
});

describe("wildcard", () => {
  it("matches the docs' event bus ARN example", () => {
    const values = [{ wildcard: "arn:aws:events:us-east-1:*:event-bus/*" }];
    expect(fieldMatches(values, "arn:aws:events:us-east-1:123456789012:event-bus/orders")).toBe(true);
    expect(fieldMatches(values, "arn:aws:events:us-west-2:123456789012:event-bus/orders")).toBe(false);
  });

  it("lets * match any run of characters, including none", () => {
    const values = [{ wildcard: "dir/*.png" }];
    expect(fieldMatches(values, "dir/.png")).toBe(true);
    expect(fieldMatches(values, "dir/a/b.png")).toBe(true);
    expect(fieldMatches(values, "dir/a.png.bak")).toBe(false);
    expect(fieldMatches([{ wildcard: "a*b*a" }], "aba")).toBe(true);
    expect(fieldMatches([{ wildcard: "a*b*a" }], "ab")).toBe(false);
  });

  it("treats escaped characters literally and only matches strings", () => {
    expect(fieldMatches([{ wildcard: "a\\*b" }], "a*b")).toBe(true);
    expect(fieldMatches([{ wildcard: "a\\*b" }], "axb")).toBe(false);
    expect(fieldMatches([{ wildcard: "a\\\\b" }], "a\\b")).toBe(true);
    expect(fieldMatches([{ wildcard: "*" }], "")).toBe(true);
    expect(fieldMatches([{ wildcard: "*" }], 7)).toBe(false);
  });
});

describe("$or", () => {
  it("matches the docs' example across fields", () => {
    const pattern = {
      detail: {
        $or: [
          { "c-count": [{ numeric: [">", 0, "<=", 5] }] },
          { "d-count": [{ numeric: ["<", 10] }] },
          { "x-limit": [{ numeric: ["=", 3.018e2] }] },
        ],
      },
    };
    expect(matchesEventPattern(pattern, ruleExampleEvent)).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { "c-count": 0, "d-count": 10, "x-limit": 1 } })).toBe(
      false,
    );
    expect(matchesEventPattern(pattern, { detail: { "c-count": 0, "d-count": 9 } })).toBe(true);
  });

  it("ANDs with sibling fields and nests", () => {
    const pattern = {
      source: ["aws.cloudwatch"],
      $or: [
        { metricName: ["CPUUtilization", "ReadLatency"] },
        {
          metricType: ["MetricType"],
          namespace: ["AWS/EC2", "AWS/ES"],
          $or: [{ metricId: [1234] }, { spaceId: [1000] }],
        },
      ],
    };
    expect(matchesEventPattern(pattern, { source: "aws.cloudwatch", metricName: "ReadLatency" })).toBe(true);
    expect(matchesEventPattern(pattern, { source: "aws.ec2", metricName: "ReadLatency" })).toBe(false);
    const nested = { source: "aws.cloudwatch", metricType: "MetricType", namespace: "AWS/ES" };
    expect(matchesEventPattern(pattern, { ...nested, spaceId: 1000 })).toBe(true);
    expect(matchesEventPattern(pattern, { ...nested, spaceId: 1001 })).toBe(false);
  });

  it("never matches when no branch does", () => {
    const pattern = { $or: [{ source: ["aws.ec2"] }, { source: ["aws.s3"] }] };
    expect(matchesEventPattern(pattern, { source: "my.app" })).toBe(false);
    expect(matchesEventPattern(pattern, { source: "aws.s3" })).toBe(true);
  });
});

describe("assertValidPattern", () => {
  function reasonFor(pattern: unknown, target?: "event-bus" | "pipe"): string {
    try {
      assertValidPattern(pattern, { target });
    } catch (error) {
      if (error instanceof EventPatternError) return error.reason;
      throw error;
    }
    throw new Error(`expected ${JSON.stringify(pattern)} to be rejected`);
  }

  it("accepts every operator form exercised above", () => {
    const pattern = {
      source: ["aws.ec2", null, 1, true],
      detail: {
        a: [{ prefix: "x" }, { prefix: { "equals-ignore-case": "x" } }, { suffix: "x" }],
        b: [{ suffix: { "equals-ignore-case": "x" } }, { "equals-ignore-case": "x" }, { wildcard: "x*" }],
        c: [{ "anything-but": ["a", "b"] }, { "anything-but": { prefix: "a" } }, { "anything-but": 1 }],
        d: [{ numeric: [">=", 0, "<", 1] }, { exists: false }, { cidr: "2001:db8::/32" }],
        $or: [{ e: ["x"] }, { f: { g: ["y"] } }],
      },
    };
    expect(() => assertValidPattern(pattern)).not.toThrow();
    expect(() => assertValidPattern(JSON.stringify(pattern))).not.toThrow();
  });

  it("rejects leaves that are not arrays", () => {
    expect(reasonFor({ detail: { pipeline: { slug: "some-pipeline" } } })).toBe(
      '"slug" must be an object or an array',
    );
    expect(reasonFor({ source: null })).toBe('"source" must be an object or an array');
  });

  it("rejects empty arrays, empty objects and non-objects", () => {
    expect(reasonFor({ source: [] })).toBe("Empty arrays are not allowed");
    expect(reasonFor({})).toBe("Empty objects are not allowed");
    expect(reasonFor({ detail: {} })).toBe("Empty objects are not allowed");
    expect(reasonFor(["aws.ec2"])).toBe("Filter is not an object");
    expect(reasonFor("{not json")).toMatch(/^not valid JSON/);
  });

  it("rejects nested arrays and unknown or malformed operators", () => {
    expect(reasonFor({ source: [["aws.ec2"]] })).toBe(
      "Match value must be String, number, true, false, or null",
    );
    expect(reasonFor({ source: [{ contains: "ec2" }] })).toBe("Unrecognized match type contains");
    expect(reasonFor({ source: [{}] })).toBe("Match expression name not found");
    expect(reasonFor({ source: [{ prefix: "a", suffix: "b" }] })).toBe(
      "Only one key allowed in match expression",
    );
    expect(reasonFor({ source: [{ prefix: 1 }] })).toBe("prefix match pattern must be a string");
    expect(reasonFor({ source: [{ prefix: { wildcard: "a" } }] })).toBe(
      "Unsupported prefix pattern: wildcard",
    );
    expect(reasonFor({ source: [{ "equals-ignore-case": ["a"] }] })).toBe(
      "equals-ignore-case match pattern must be a string",
    );
  });

  it("rejects exists operands that are not booleans", () => {
    // The CloudFormation stringification bug that produced {"exists": "true"}.
    expect(reasonFor({ detail: { name: [{ exists: "true" }] } })).toBe(
      "exists match pattern must be either true or false.",
    );
  });

  it("rejects malformed numeric expressions", () => {
    expect(reasonFor({ n: [{ numeric: [">", "25"] }] })).toBe("Value of > must be numeric");
    expect(reasonFor({ n: [{ numeric: ["<", 10, ">=", 0] }] })).toBe(
      "Too many elements in numeric expression",
    );
    expect(reasonFor({ n: [{ numeric: [">", 10, ">", 20] }] })).toBe("Bad numeric range operator: >");
    expect(reasonFor({ n: [{ numeric: [">", 10, "<", 5] }] })).toBe("Bottom must be less than top");
    expect(reasonFor({ n: [{ numeric: [">", 0, "<", 5, "<", 6] }] })).toBe(
      "Too many terms in numeric range expression",
    );
    expect(reasonFor({ n: [{ numeric: ["!=", 1] }] })).toBe("Unrecognized numeric range operator: !=");
    expect(reasonFor({ n: [{ numeric: 5 }] })).toBe("Value of numeric must be an array.");
  });

  it("rejects malformed anything-but expressions", () => {
    expect(reasonFor({ a: [{ "anything-but": ["a", 1] }] })).toBe(
      "Inside anything but list, either all values are number or string, mixed type is not supported",
    );
    expect(reasonFor({ a: [{ "anything-but": [null] }] })).toBe(
      "Inside anything but list, start|null|boolean is not supported.",
    );
    expect(reasonFor({ a: [{ "anything-but": [{ prefix: "a" }] }] })).toBe(
      "Inside anything but list, start|null|boolean is not supported.",
    );
    expect(reasonFor({ a: [{ "anything-but": { numeric: [">", 1] } }] })).toBe(
      "Unsupported anything-but pattern: numeric",
    );
    expect(reasonFor({ a: [{ "anything-but": { prefix: "" } }] })).toBe("Null prefix/suffix not allowed");
    expect(reasonFor({ a: [{ "anything-but": true }] })).toBe(
      "Value of anything-but must be an array or single string/number value.",
    );
  });

  it("rejects malformed wildcards and CIDR blocks", () => {
    expect(reasonFor({ a: [{ wildcard: "a**b" }] })).toBe("Consecutive wildcard characters at pos 1");
    expect(reasonFor({ a: [{ wildcard: "a\\b" }] })).toBe("Invalid escape character at pos 1");
    expect(reasonFor({ a: [{ cidr: "10.0.0.0" }] })).toBe("Malformed CIDR, one '/' required");
    expect(reasonFor({ a: [{ cidr: "10.0.0.0/x" }] })).toBe("Malformed CIDR, mask bits must be an integer");
    expect(reasonFor({ a: [{ cidr: "10.0.0.300/8" }] })).toBe("Invalid IP address: 10.0.0.300");
    expect(reasonFor({ a: [{ cidr: "10.0.0.1/32" }] })).toBe("IPv4 mask bits must be < 32");
  });

  it("rejects malformed $or", () => {
    expect(reasonFor({ $or: [{ source: ["a"] }] })).toBe(
      "There must have at least 2 Objects in $or relationship.",
    );
    expect(reasonFor({ $or: { source: ["a"] } })).toBe("It must be an Array followed with $or.");
    expect(reasonFor({ $or: [{ source: ["a"] }, ["b"]] })).toBe(
      "Only JSON object is allowed in array of $or relationship.",
    );
    expect(reasonFor({ $or: [{ numeric: [1] }, { prefix: ["a"] }] })).toBe(
      "numeric is Ruler reserved fieldName which cannot be used inside $or.",
    );
  });

  it("names where the problem is", () => {
    expect(() => assertValidPattern({ detail: { state: [] } })).toThrow(
      "Invalid event pattern at detail.state: Empty arrays are not allowed",
    );
  });

  it("rejects operators pipes do not support only for pipes", () => {
    for (const value of [
      { wildcard: "a*" },
      { "anything-but": { prefix: "a" } },
      { "anything-but": { suffix: "a" } },
      { "anything-but": { "equals-ignore-case": "a" } },
      { "anything-but": { wildcard: "a*" } },
    ]) {
      expect(() => assertValidPattern({ a: [value] })).not.toThrow();
      expect(reasonFor({ a: [value] }, "pipe")).toMatch(/is not supported in EventBridge Pipes filters/);
    }
    const pipeFilter = {
      dynamodb: {
        NewImage: { Location: { S: [{ prefix: { "equals-ignore-case": "san" } }, { "anything-but": "x" }] } },
      },
    };
    expect(() => assertValidPattern(pipeFilter, { target: "pipe" })).not.toThrow();
  });

  it("is applied by matchesEventPattern too", () => {
    expect(() => matchesEventPattern({ source: "aws.ec2" }, ec2Terminated)).toThrow(EventPatternError);
  });

  it("rejects events that are not JSON objects", () => {
    expect(() => matchesEventPattern({ source: ["a"] }, [ec2Terminated])).toThrow(TypeError);
    expect(() => matchesEventPattern({ source: ["a"] }, "{oops")).toThrow(TypeError);
  });
});
