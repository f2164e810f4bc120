import {
  base64Encode,
  escapeJavaScript,
  evaluateJsonPath,
  parseJsonPath,
  renderMappingTemplate,
  selectIntegrationResponse,
  urlDecode,
} from "./apigateway-vtl";

const render = (template: string, body = "{}") => renderMappingTemplate(template, { body }).body;

describe("$input", () => {
  const body = JSON.stringify({
    name: 'say "hi"',
    count: 3,
    ok: true,
    nothing: null,
    nested: { list: [{ id: "a" }, { id: "b" }] },
  });

  test("body is the raw payload, whitespace and all", () => {
    const raw = '{ "a" :\n 1 }';
    expect(render("$input.body", raw)).toBe(raw);
  });

  test("json returns JSON text: strings keep their quotes and escapes", () => {
    expect(render("$input.json('$.name')", body)).toBe('"say \\"hi\\""');
    expect(render("$input.json('$.count') $input.json('$.ok') $input.json('$.nothing')", body)).toBe(
      "3 true null",
    );
  });

  test("json of objects and of the root is compact", () => {
    expect(render("$input.json('$.nested')", body)).toBe('{"list":[{"id":"a"},{"id":"b"}]}');
    expect(JSON.parse(render("$input.json('$')", body))).toEqual(JSON.parse(body));
  });

  test('jsonStyle "pretty" simulates an API Gateway that indents $input.json', () => {
    const out = renderMappingTemplate("$input.json('$.nested')", { body, jsonStyle: "pretty" }).body;
    expect(out).toContain("\n");
    expect(JSON.parse(out)).toEqual({ list: [{ id: "a" }, { id: "b" }] });
  });

  test("json takes array indexes, also interpolated from a VTL variable", () => {
    expect(render("$input.json('$.nested.list[1].id')", body)).toBe('"b"');
    expect(render('#set($i = 0)$input.json("$.nested.list[$i].id")', body)).toBe('"a"');
  });

  test("json and path of a path that matches nothing are empty, as the Kinesis tutorial's template expects", () => {
    expect(render("[$input.json('$.missing.deeper')]", body)).toBe("[]");
    expect(render("#if($input.path('$.ShardCount') == '')5#else$input.path('$.ShardCount')#end", body)).toBe(
      "5",
    );
    expect(render("#if($input.path('$.count') == '')5#else$input.path('$.count')#end", body)).toBe("3");
  });

  test("path returns values usable natively in VTL: #foreach, size(), properties", () => {
    const template = [
      "#set($list = $input.path('$.nested.list'))",
      "$list.size():#foreach($item in $list)$item.id#if($foreach.hasNext),#end#end",
    ].join("\n");
    expect(render(template, body)).toBe("2:a,b");
    expect(render("$input.path('$.count')", body)).toBe("3");
  });

  test("path returns a copy: changing it in VTL doesn't change $input.json", () => {
    const template = "#set($n = $input.path('$.nested'))#set($n.extra = 1)$input.json('$.nested')";
    expect(render(template, body)).toBe('{"list":[{"id":"a"},{"id":"b"}]}');
  });

  test("an unparsable body fails the request when the template reads it as JSON", () => {
    expect(() => render("$input.json('$')", "{not json")).toThrow(/Could not parse request body into json/);
    expect(render("$input.body", "{not json")).toBe("{not json");
  });
});

describe("JSONPath subset", () => {
  test("parses dotted, indexed and bracket-quoted steps", () => {
    expect(parseJsonPath("$")).toEqual([]);
    expect(parseJsonPath("$.a.b[2]['c d'][\"e\"]")).toEqual(["a", "b", 2, "c d", "e"]);
    expect(parseJsonPath("$.__type")).toEqual(["__type"]);
  });

  test("refuses what it doesn't implement instead of guessing", () => {
    for (const path of ["$..a", "$.a[*]", "$.a[?(@.b)]", "a.b", "$.*"]) {
      expect(() => parseJsonPath(path)).toThrow(/JSONPath/);
    }
  });

  test("evaluates to undefined when a step doesn't exist", () => {
    const doc = { a: [{ b: 1 }] };
    expect(evaluateJsonPath(doc, "$.a[0].b")).toBe(1);
    expect(evaluateJsonPath(doc, "$.a[1].b")).toBeUndefined();
    expect(evaluateJsonPath(doc, "$.a.b")).toBeUndefined();
    expect(evaluateJsonPath(doc, "$.toString")).toBeUndefined();
  });
});

describe("$util", () => {
  test("escapeJavaScript follows JavaScript string rules, including \\' and \\/", () => {
    expect(escapeJavaScript(`it's "q" \\ a/b`)).toBe(`it\\'s \\"q\\" \\\\ a\\/b`);
    expect(escapeJavaScript("\n\r\t\b\f\u0001\u001f")).toBe("\\n\\r\\t\\b\\f\\u0001\\u001F");
  });

  test("escapeJavaScript writes non-ASCII as \\uXXXX (surrogate pairs for emoji)", () => {
    expect(escapeJavaScript("São 東京 😀")).toBe("S\\u00E3o \\u6771\\u4EAC \\uD83D\\uDE00");
  });

  test("escapeJavaScript plus the documented replaceAll makes a JSON string body", () => {
    const value = `it's "q" \\ /\n São 😀`;
    const template = String.raw`"$util.escapeJavaScript($input.path('$.v')).replaceAll("\\'", "'")"`;
    expect(JSON.parse(render(template, JSON.stringify({ v: value })))).toBe(value);
  });

  test("base64Encode encodes the UTF-8 bytes of the string", () => {
    expect(base64Encode("São Paulo")).toBe("U8OjbyBQYXVsbw==");
    expect(base64Encode("😀")).toBe("8J+YgA==");
    expect(render("$util.base64Encode('東京')")).toBe(Buffer.from("東京").toString("base64"));
  });

  test("urlDecode uses application/x-www-form-urlencoded", () => {
    expect(urlDecode("a+b%26c%3Dd%2F%C3%A9")).toBe("a b&c=d/é");
    expect(render('[$util.urlDecode("%0A")]')).toBe("[\n]");
  });
});

describe("$context", () => {
  test("exposes request metadata", () => {
    const out = renderMappingTemplate("$context.requestId $context.stage $context.identity.sourceIp", {
      body: "",
      context: { requestId: "req-1", stage: "prod", sourceIp: "198.51.100.7" },
    }).body;
    expect(out).toBe("req-1 prod 198.51.100.7");
  });

  test("responseOverride.status is returned from render", () => {
    const result = renderMappingTemplate('#set($context.responseOverride.status = 429){"ok": false}', {
      body: "",
    });
    expect(result).toEqual({ body: '{"ok": false}', status: 429, headers: {} });
    expect(renderMappingTemplate("x", { body: "" }).status).toBeUndefined();
  });

  test("responseOverride.header values are returned", () => {
    const template = '#set($context.responseOverride.header.Retry-After = "5")';
    expect(renderMappingTemplate(template, { body: "" }).headers).toEqual({ "Retry-After": "5" });
  });

  test("an override set twice fails, as API Gateway answers 5XX", () => {
    const twice = "#set($context.responseOverride.status = 400)#set($context.responseOverride.status = 500)";
    expect(() => render(twice)).toThrow(/set twice/);
  });
});

describe("Velocity and Java semantics", () => {
  test("#set with a null value fails instead of silently diverging from Velocity 1.7", () => {
    expect(() => render("#set($x = $undefined)")).toThrow(/#set with a null value/);
    expect(() => render("#set($x = $util.parseJson('null'))")).toThrow(/#set with a null value/);
    expect(render('#set($x = "$!undefined")[$x]')).toBe("[]");
  });

  test("replaceAll takes a Java regex and Java replacement syntax", () => {
    expect(render(String.raw`#set($s = "a.b.c")$s.replaceAll("\.", "-")`)).toBe("a-b-c");
    expect(render(`#set($s = "ns#Type:uri")$s.replaceAll('^.*#', '').replaceAll(':.*$', '')`)).toBe("Type");
    expect(render(`#set($s = "k=v")$s.replaceAll("(\\w)=(\\w)", "$2=$1")`)).toBe("v=k");
    expect(render(String.raw`#set($s = "it\'s")$s.replaceAll("\\'", "'")`)).toBe("it's");
    expect(render(`#set($s = "ab")$s.replaceAll("(a)", '[$0|$1|$10|\\$]')`)).toBe("[a|a|a0|$]b");
    expect(() => render(`#set($s = "ab")$s.replaceAll("a", "$1")`)).toThrow(/no group/);
  });

  test("replace replaces every occurrence literally, as Java's does", () => {
    expect(render('#set($s = "a.b.c")$s.replace(".", "")')).toBe("abc");
  });

  test("a double-quoted string literal may hold a real line break; \\n stays two characters", () => {
    expect(render('#set($nl = "\n")[$nl]')).toBe("[\n]");
    expect(render(String.raw`#set($s = "\n")[$s]`)).toBe(String.raw`[\n]`);
  });

  test("values inserted by interpolation are not evaluated again", () => {
    const body = JSON.stringify({ v: "$util.base64Encode('x') #set($y = 1) ${x}" });
    expect(render(`#set($s = "$input.path('$.v')")$s`, body)).toBe(
      "$util.base64Encode('x') #set($y = 1) ${x}",
    );
  });

  test("$foreach.hasNext separates items", () => {
    const template = "[#foreach($n in $input.path('$'))$n#if($foreach.hasNext),#end#end]";
    expect(JSON.parse(render(template, "[1,2,3]"))).toEqual([1, 2, 3]);
    expect(JSON.parse(render(template, "[1]"))).toEqual([1]);
  });
});

describe("integration response selection (AWS integrations match the HTTP status code)", () => {
  const responses = [
    { name: "ok", selectionPattern: undefined },
    { name: "client", selectionPattern: "4\\d{2}" },
    { name: "server", selectionPattern: "5\\d{2}" },
  ];

  test.each([
    [200, "ok"],
    [204, "ok"],
    [400, "client"],
    [499, "client"],
    [500, "server"],
    [503, "server"],
  ])("status %i selects %s", (status, name) => {
    expect(selectIntegrationResponse(responses, status)?.name).toBe(name);
  });

  test("the pattern must match the whole status code", () => {
    expect(selectIntegrationResponse([{ selectionPattern: "4" }], 404)).toBeUndefined();
  });
});
