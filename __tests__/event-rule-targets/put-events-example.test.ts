import { validateDetail } from "../../lambda-src/event-consumer/detail";
import {
  EXAMPLE_DETAIL,
  exampleEntry,
  putEventsCommand,
  shellQuote,
} from "../../stacks/event-rule-targets/put-events-example";
import { shellWords } from "./shell-words";

describe("shellWords", () => {
  test.each<[string, string[]]>([
    ["aws events put-events", ["aws", "events", "put-events"]],
    ["a  'b c'  d", ["a", "b c", "d"]],
    [`'it'\\''s'`, ["it's"]],
    [`"say \\"hi\\""`, ['say "hi"']],
    ["a\\ b", ["a b"]],
    ["''", [""]],
  ])("splits %s", (command, words) => {
    expect(shellWords(command)).toEqual(words);
  });

  test.each(["'open", '"open', "echo $HOME", "a; b", "x*"])("refuses %s", (command) => {
    expect(() => shellWords(command)).toThrow();
  });
});

describe("shellQuote", () => {
  test.each([
    "us-east-1",
    "plain",
    "with space",
    "it's",
    "''",
    '{"a":"b \\"c\\""}',
    "$HOME `x` \\ * ; | &",
    "",
  ])("%j survives the shell as one word", (text) => {
    expect(shellWords(`cmd ${shellQuote(text)}`)).toEqual(["cmd", text]);
  });
});

describe("putEventsCommand", () => {
  test("passes the entries as one JSON word, with an explicit region", () => {
    const entry = exampleEntry({ source: "com.example.integrations", detailType: "start-state-machine" });
    const words = shellWords(putEventsCommand([entry], "eu-west-1"));
    expect(words.slice(0, 5)).toEqual(["aws", "events", "put-events", "--region", "eu-west-1"]);
    expect(words[5]).toBe("--entries");
    expect(JSON.parse(words[6] as string)).toEqual([entry]);
    expect(words).toHaveLength(7);
  });

  test("names the bus only when there is a custom one", () => {
    expect(exampleEntry({ source: "s", detailType: "d" })).not.toHaveProperty("EventBusName");
    expect(exampleEntry({ source: "s", detailType: "d", eventBusName: "bus" }).EventBusName).toBe("bus");
  });

  test("the detail is a JSON string inside the JSON, and satisfies the event-consumer contract", () => {
    const entry = exampleEntry({ source: "s", detailType: "d" });
    expect(typeof entry.Detail).toBe("string");
    expect(JSON.parse(entry.Detail)).toEqual(EXAMPLE_DETAIL);
    expect(validateDetail(JSON.parse(entry.Detail)).valid).toBe(true);
  });
});
