import type { ChoiceState, NestedChoiceRule } from "../../stacks/event-rule-targets/state-machine-definition";
import {
  compileStringMatches,
  evaluateRule,
  lookupPath,
  nextState,
  StatesError,
  timestampMillis,
} from "./asl-choice";

const input = {
  name: "log-2024.txt",
  count: 22,
  ratio: 0.5,
  flag: true,
  nothing: null,
  when: "2024-02-29T12:00:00Z",
  nested: { deep: { value: "x" }, "dotted.key": 1 },
  list: ["a", { id: 7 }],
  threshold: 20,
};

/** Whether the rule is true, or the name of the error it raises. */
function outcome(rule: NestedChoiceRule): boolean | string {
  try {
    return evaluateRule(rule, input);
  } catch (error) {
    return error instanceof StatesError ? error.name : "definition error";
  }
}

describe("lookupPath", () => {
  it.each([
    ["$", input],
    ["$.count", 22],
    ["$.nested.deep.value", "x"],
    ["$.nested['dotted.key']", 1],
    ["$.nested.dotted\\.key", 1],
    ["$.list[0]", "a"],
    ["$.list[1].id", 7],
    ["$.nothing", null],
  ])("%s selects its value", (path, expected) => {
    expect(lookupPath(path, input)).toEqual({ found: true, value: expected });
  });

  it.each(["$.missing", "$.count.more", "$.list[5]", "$.list.id", "$.nested.deep.value.x"])(
    "%s matches nothing",
    (path) => {
      expect(lookupPath(path, input)).toEqual({ found: false });
    },
  );

  it("does not walk into inherited properties", () => {
    expect(lookupPath("$.name.length", input)).toEqual({ found: false });
    expect(lookupPath("$.toString", input)).toEqual({ found: false });
  });

  it.each(["count", "$..name", "$.list[*]", "$.list[0:1]", "$$.Execution.Id", "$.a."])(
    "rejects %s, which is not a Reference Path to the input",
    (path) => {
      expect(() => lookupPath(path, input)).toThrow(/Reference Path/);
    },
  );
});

describe("type tests and IsPresent", () => {
  it.each<[NestedChoiceRule, boolean | string]>([
    [{ Variable: "$.name", IsPresent: true }, true],
    [{ Variable: "$.missing", IsPresent: true }, false],
    [{ Variable: "$.missing", IsPresent: false }, true],
    [{ Variable: "$.nothing", IsPresent: true }, true],
    [{ Variable: "$.name", IsString: true }, true],
    [{ Variable: "$.count", IsString: true }, false],
    [{ Variable: "$.count", IsString: false }, true],
    [{ Variable: "$.count", IsNumeric: true }, true],
    [{ Variable: "$.name", IsNumeric: true }, false],
    [{ Variable: "$.flag", IsBoolean: true }, true],
    [{ Variable: "$.nothing", IsNull: true }, true],
    [{ Variable: "$.name", IsNull: true }, false],
    [{ Variable: "$.when", IsTimestamp: true }, true],
    [{ Variable: "$.name", IsTimestamp: true }, false],
    // Only IsPresent tolerates a missing field; Step Functions fails the others with States.Runtime.
    [{ Variable: "$.missing", IsString: true }, "States.Runtime"],
    [{ Variable: "$.missing", IsNull: true }, "States.Runtime"],
  ])("%j is %s", (rule, expected) => {
    expect(outcome(rule)).toBe(expected);
  });
});

describe("comparisons", () => {
  it.each<[NestedChoiceRule, boolean | string]>([
    [{ Variable: "$.name", StringEquals: "log-2024.txt" }, true],
    [{ Variable: "$.name", StringEquals: "LOG-2024.TXT" }, false],
    [{ Variable: "$.name", StringLessThan: "m" }, true],
    [{ Variable: "$.name", StringGreaterThanEquals: "log-2024.txt" }, true],
    [{ Variable: "$.count", StringEquals: "22" }, false],
    [{ Variable: "$.count", NumericEquals: 22 }, true],
    [{ Variable: "$.count", NumericGreaterThan: 21.5 }, true],
    [{ Variable: "$.count", NumericLessThanEquals: 21 }, false],
    [{ Variable: "$.name", NumericEquals: 22 }, false],
    [{ Variable: "$.count", NumericGreaterThanPath: "$.threshold" }, true],
    [{ Variable: "$.count", NumericEqualsPath: "$.missing" }, "States.Runtime"],
    [{ Variable: "$.flag", BooleanEquals: true }, true],
    [{ Variable: "$.flag", BooleanEqualsPath: "$.flag" }, true],
    [{ Variable: "$.name", BooleanEquals: true }, false],
    [{ Variable: "$.when", TimestampEquals: "2024-02-29T13:00:00+01:00" }, true],
    [{ Variable: "$.when", TimestampLessThan: "2024-03-01T00:00:00Z" }, true],
    [{ Variable: "$.name", TimestampLessThan: "2024-03-01T00:00:00Z" }, false],
    [{ Variable: "$.missing", StringEquals: "x" }, "States.Runtime"],
  ])("%j is %s", (rule, expected) => {
    expect(outcome(rule)).toBe(expected);
  });

  it("rejects malformed rules as definition errors", () => {
    const twoOperators = {
      Variable: "$.count",
      NumericEquals: 22,
      IsNumeric: true,
    } as unknown as NestedChoiceRule;
    const wrongLiteral = { Variable: "$.count", NumericEquals: "22" } as unknown as NestedChoiceRule;
    const unknownOperator = { Variable: "$.flag", BooleanLessThan: true } as unknown as NestedChoiceRule;
    expect(outcome(twoOperators)).toBe("definition error");
    expect(outcome(wrongLiteral)).toBe("definition error");
    expect(outcome(unknownOperator)).toBe("definition error");
  });
});

describe("StringMatches", () => {
  it.each([
    ["log-*.txt", "log-2024.txt", true],
    ["log-*.txt", "log-.txt", true],
    ["log-*.txt", "log-2024.txt.bak", false],
    ["*", "", true],
    ["?", "?", true],
    ["?", "a", false],
    ["a.c", "abc", false],
    ["*\\**", "has*star", true],
    ["*\\**", "no star", false],
    ["back\\\\slash", "back\\slash", true],
  ])("%s against %j is %s", (pattern, value, expected) => {
    expect(compileStringMatches(pattern).test(value)).toBe(expected);
  });

  it.each(["trailing\\", "\\d+"])("raises States.Runtime for the open escape in %s", (pattern) => {
    expect(() => compileStringMatches(pattern)).toThrow(StatesError);
  });

  it("is false for a value that is not a string", () => {
    expect(evaluateRule({ Variable: "$.count", StringMatches: "*" }, input)).toBe(false);
  });
});

describe("timestamps", () => {
  it.each([
    ["2024-02-29T12:00:00Z", Date.UTC(2024, 1, 29, 12)],
    ["2024-02-29T12:00:00.250Z", Date.UTC(2024, 1, 29, 12, 0, 0, 250)],
    ["2024-02-29T12:00:00-02:30", Date.UTC(2024, 1, 29, 14, 30)],
  ])("%s is a timestamp", (text, millis) => {
    expect(timestampMillis(text)).toBe(millis);
  });

  it.each(["2023-02-29T12:00:00Z", "2024-02-29t12:00:00z", "2024-02-29T12:00:00", "2024-02-29 12:00:00Z"])(
    "%s is not",
    (text) => {
      expect(timestampMillis(text)).toBeUndefined();
    },
  );
});

describe("Boolean expressions", () => {
  it("And stops at the first false, so IsPresent guards later tests", () => {
    const guarded: NestedChoiceRule = {
      And: [
        { Variable: "$.missing", IsPresent: true },
        { Variable: "$.missing", StringEquals: "x" },
      ],
    };
    const unguarded: NestedChoiceRule = {
      And: [
        { Variable: "$.missing", StringEquals: "x" },
        { Variable: "$.missing", IsPresent: true },
      ],
    };
    expect(outcome(guarded)).toBe(false);
    expect(outcome(unguarded)).toBe("States.Runtime");
  });

  it("Or stops at the first true", () => {
    const rule: NestedChoiceRule = {
      Or: [
        { Variable: "$.flag", BooleanEquals: true },
        { Variable: "$.missing", StringEquals: "x" },
      ],
    };
    expect(outcome(rule)).toBe(true);
  });

  it("Not inverts, and nests", () => {
    expect(outcome({ Not: { Variable: "$.name", StringEquals: "" } })).toBe(true);
    expect(
      outcome({
        Not: {
          Or: [
            { Variable: "$.count", NumericEquals: 1 },
            { Variable: "$.flag", IsBoolean: true },
          ],
        },
      }),
    ).toBe(false);
  });

  it("rejects an empty And", () => {
    expect(outcome({ And: [] })).toBe("definition error");
  });
});

describe("nextState", () => {
  const state: ChoiceState = {
    Type: "Choice",
    Choices: [
      { Variable: "$.count", NumericGreaterThan: 100, Next: "Big" },
      { Variable: "$.count", NumericGreaterThan: 10, Next: "Medium" },
    ],
    Default: "Small",
  };

  it("takes the first matching rule in order", () => {
    expect(nextState(state, { count: 500 })).toBe("Big");
    expect(nextState(state, { count: 50 })).toBe("Medium");
  });

  it("falls back to Default", () => {
    expect(nextState(state, { count: 5 })).toBe("Small");
  });

  it("raises States.NoChoiceMatched without a Default", () => {
    const { Default: _default, ...withoutDefault } = state;
    expect(() => nextState(withoutDefault, { count: 5 })).toThrow(
      expect.objectContaining({ name: "States.NoChoiceMatched" }),
    );
  });

  it("applies InputPath before the rules", () => {
    expect(nextState({ ...state, InputPath: "$.inner" }, { inner: { count: 50 } })).toBe("Medium");
  });
});
