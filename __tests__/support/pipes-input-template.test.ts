import {
  apiDestinationRequest,
  evaluateJsonPath,
  type JsonValue,
  renderInputTemplate,
  resolveDynamicParameter,
} from "./pipes-input-template";

// The SQS-shaped and EC2-shaped payloads the Pipes input-transformation guide uses in its examples.
const sqsEvent: JsonValue = {
  messageId: "m-1",
  body: { key: "value", Records: ["r0", "r1", "r2", "r3"] },
  attributes: { SenderId: "sender", ApproximateReceiveCount: "1" },
};
const ec2Event: JsonValue = {
  version: "0",
  "detail-type": "EC2 Instance State-change Notification",
  detail: { "instance-id": "i-0123456789", state: "RUNNING" },
};

describe("renderInputTemplate: the guide's examples", () => {
  it("quotes an unquoted string placeholder and inserts objects as JSON (the guide's worked example)", () => {
    const template = `{
  "instance" : <$.detail.instance-id>,
  "state": <$.detail.state>,
  "pipeArn" : <aws.pipes.pipe-arn>,
  "pipeName" : <aws.pipes.pipe-name>,
  "originalEvent" : <aws.pipes.event.json>
}`;
    const reserved = { "aws.pipes.pipe-arn": "arn:aws:pipes:us-east-1:123456789012:pipe/example" };
    const output = renderInputTemplate(template, ec2Event, {
      reserved: { ...reserved, "aws.pipes.pipe-name": "example" },
    });
    expect(JSON.parse(output)).toEqual({
      instance: "i-0123456789",
      state: "RUNNING",
      pipeArn: "arn:aws:pipes:us-east-1:123456789012:pipe/example",
      pipeName: "example",
      originalEvent: ec2Event,
    });
  });

  it("leaves static text alone and splices values into a dynamic string", () => {
    expect(renderInputTemplate('"Hello, sender"', sqsEvent)).toBe('"Hello, sender"');
    expect(renderInputTemplate('"Hello, <$.attributes.SenderId>"', sqsEvent)).toBe('"Hello, sender"');
  });

  it("reads array items with square brackets", () => {
    const output = renderInputTemplate('{"key1": "value1", "key2": <$.body.Records[3]>}', sqsEvent);
    expect(JSON.parse(output)).toEqual({ key1: "value1", key2: "r3" });
  });

  it("removes internal quotes when an object is referenced inside a string", () => {
    expect(renderInputTemplate('"Body is <$.body.key> / <$.attributes>"', sqsEvent)).toBe(
      '"Body is value / {SenderId:sender,ApproximateReceiveCount:1}"',
    );
  });

  it("keeps a quoted string placeholder valid (quotes are permitted, not required)", () => {
    const quoted = renderInputTemplate('{"s": "<$.attributes.SenderId>"}', sqsEvent);
    const unquoted = renderInputTemplate('{"s": <$.attributes.SenderId>}', sqsEvent);
    expect(JSON.parse(quoted)).toEqual(JSON.parse(unquoted));
  });
});

describe("renderInputTemplate: value types", () => {
  const event: JsonValue = { n: 42, f: -1.5, t: true, nil: null, list: [1, "two"], s: "42" };

  it("inserts numbers, booleans, null and arrays as JSON outside strings", () => {
    const output = renderInputTemplate(
      '{"n": <$.n>, "f": <$.f>, "t": <$.t>, "nil": <$.nil>, "list": <$.list>, "s": <$.s>}',
      event,
    );
    expect(JSON.parse(output)).toEqual(event);
  });

  it("inserts their text inside strings", () => {
    expect(renderInputTemplate('"<$.n>|<$.t>|<$.nil>|<$.s>"', event)).toBe('"42|true|null|42"');
  });
});

describe("renderInputTemplate: escaping inside inserted strings", () => {
  const tricky = 'He said "hi" \\ then\nleft\t São Paulo 🌧 </x>';

  it("produces valid JSON whose value equals the original string, in value position", () => {
    const output = renderInputTemplate('{"v": <$.v>}', { v: tricky });
    expect(JSON.parse(output)).toEqual({ v: tricky });
  });

  it("produces valid JSON inside a string too", () => {
    const output = renderInputTemplate('{"v": "[<$.v>]"}', { v: tricky });
    expect(JSON.parse(output)).toEqual({ v: `[${tricky}]` });
  });

  it("keeps non-ASCII characters as they are (UTF-8), not as \\u escapes", () => {
    expect(renderInputTemplate('{"v": <$.v>}', { v: "São Paulo" })).toBe('{"v": "São Paulo"}');
  });

  it("breaks the JSON under the guide's other reading (values not escaped)", () => {
    const output = renderInputTemplate('{"v": <$.v>}', { v: 'a "b"' }, { escapeStrings: false });
    expect(output).toBe('{"v": "a "b""}');
    expect(() => JSON.parse(output)).toThrow();
  });

  it("is not confused by escaped quotes or a literal < in the template itself", () => {
    const template = '{"a": "say \\"hi\\" to <$.who>", "b": <$.who>, "c": "1 < 2 > 0"}';
    expect(JSON.parse(renderInputTemplate(template, { who: "Ann" }))).toEqual({
      a: 'say "hi" to Ann',
      b: "Ann",
      c: "1 < 2 > 0",
    });
  });
});

describe("renderInputTemplate: missing paths", () => {
  it("drops the variable: nothing is inserted", () => {
    expect(renderInputTemplate('"x<$.nope>y"', sqsEvent)).toBe('"xy"');
    expect(renderInputTemplate('{"a": <$.nope.deeper>}', sqsEvent)).toBe('{"a": }');
  });

  it("so an unquoted placeholder for a missing path leaves invalid JSON", () => {
    expect(() => JSON.parse(renderInputTemplate('{"a": <$.nope>}', sqsEvent))).toThrow();
  });

  it("treats an unknown reserved variable as missing", () => {
    expect(renderInputTemplate('"<aws.pipes.target-arn>"', sqsEvent)).toBe('""');
  });
});

describe("evaluateJsonPath", () => {
  const event: JsonValue = {
    "a-b": { c_d: [{ e: 1 }, { e: 2 }] },
    "x/y": "slash",
    obj: { p: "P", q: "Q" },
  };

  it("supports dashes, underscores, slashes and indices", () => {
    expect(evaluateJsonPath("$.a-b.c_d[1].e", event)).toBe(2);
    expect(evaluateJsonPath("$.x/y", event)).toBe("slash");
    expect(evaluateJsonPath("$", event)).toEqual(event);
  });

  it("collects wildcard matches into an array", () => {
    expect(evaluateJsonPath("$.a-b.c_d[*].e", event)).toEqual([1, 2]);
    expect(evaluateJsonPath("$.obj.*", event)).toEqual(["P", "Q"]);
    expect(evaluateJsonPath("$.obj.*.zzz", event)).toBeUndefined();
  });

  it("returns undefined for paths that match nothing", () => {
    expect(evaluateJsonPath("$.a-b.c_d[5].e", event)).toBeUndefined();
    expect(evaluateJsonPath("$.x/y.deeper", event)).toBeUndefined();
    expect(evaluateJsonPath("$.obj[0]", event)).toBeUndefined();
  });

  it.each(["$..e", "$['obj']", "$.obj[?(@.p)]", "obj.p", "$.obj p"])(
    "rejects unsupported syntax %s",
    (path) => {
      expect(() => evaluateJsonPath(path, event)).toThrow();
    },
  );
});

describe("resolveDynamicParameter", () => {
  const event: JsonValue = { dynamodb: { Keys: { Location: { S: "San Diego" } }, Size: 12 } };

  it("reads whole-value JSON paths from the event", () => {
    expect(resolveDynamicParameter("$.dynamodb.Keys.Location.S", event)).toBe("San Diego");
    expect(resolveDynamicParameter("$.dynamodb.Size", event)).toBe("12");
  });

  it("keeps static values, including ones that merely contain a path", () => {
    expect(resolveDynamicParameter("120", event)).toBe("120");
    expect(resolveDynamicParameter("key=$.dynamodb.Size", event)).toBe("key=$.dynamodb.Size");
  });

  it("is undefined for a path that matches nothing", () => {
    expect(resolveDynamicParameter("$.dynamodb.NewImage.TTL.N", event)).toBeUndefined();
  });
});

describe("apiDestinationRequest", () => {
  const event: JsonValue = { k: "a b/c", n: "7" };

  it("fills wildcards in order (URL-encoded), resolves the query and renders the body", () => {
    const request = apiDestinationRequest(
      { httpMethod: "POST", endpointPath: "/topics/*/*" },
      {
        inputTemplate: '{"k": <$.k>}',
        pathParameterValues: ["my cache", "$.k"],
        queryStringParameters: { n: "$.n" },
      },
      event,
    );
    expect(request).toEqual({
      method: "POST",
      path: "/topics/my%20cache/a%20b%2Fc",
      query: { n: "7" },
      body: '{"k": "a b/c"}',
    });
  });

  it("refuses a parameter count that does not match the endpoint's wildcards", () => {
    expect(() =>
      apiDestinationRequest(
        { httpMethod: "PUT", endpointPath: "/cache/*" },
        { pathParameterValues: [] },
        event,
      ),
    ).toThrow(/1 wildcard/);
  });
});
