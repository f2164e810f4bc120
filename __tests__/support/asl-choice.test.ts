import {
  type ChoiceRule,
  type ChoiceState,
  evaluateRule,
  lookupPath,
  nextState,
  StatesError,
} from "./asl-choice";

const input = {
  name: "log-2024.txt",
  count: 22,
  flag: true,
  nothing: null,
  nested: { deep: { value: "x" }, "dotted.key": 1 },
  list: ["a", { id: 7 }],
};

/** Whether the rule is true, or the name of the error it raises. */
function outcome(rule: ChoiceRule): boolean | string {
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
    ["$.nothing", null],
  ])("%s selects its value", (path, expected) => {
    expect(lookupPath(path, input)).toEqual({ found: true, value: expected });
  });

  it.each(["$.missing", "$.count.more", "$.list.id", "$.nested.deep.value.x"])(
    "%s matches nothing",
    (path) => {
      expect(lookupPath(path, input)).toEqual({ found: false });
    },
  );

  it("does not walk into inherited properties", () => {
    expect(lookupPath("$.name.length", input)).toEqual({ found: false });
    expect(lookupPath("$.toString", input)).toEqual({ found: false });
  });

  it.each(["count", "$..name", "$.list[*]", "$.list[0]", "$['a']", "$$.Execution.Id", "$.a."])(
    "refuses %s: not a dot-notation Reference Path to the input",
    (path) => {
      expect(() => lookupPath(path, input)).toThrow(/Reference Path not modelled/);
    },
  );
});

describe("type tests and IsPresent", () => {
  it.each<[ChoiceRule, boolean | string]>([
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
    // Only IsPresent tolerates a missing field; Step Functions fails the others with States.Runtime.
    [{ Variable: "$.missing", IsString: true }, "States.Runtime"],
    [{ Variable: "$.missing", IsNull: true }, "States.Runtime"],
  ])("%j is %s", (rule, expected) => {
    expect(outcome(rule)).toBe(expected);
  });
});

describe("StringEquals", () => {
  it.each<[ChoiceRule, boolean | string]>([
    [{ Variable: "$.name", StringEquals: "log-2024.txt" }, true],
    [{ Variable: "$.name", StringEquals: "LOG-2024.TXT" }, false],
    [{ Variable: "$.count", StringEquals: "22" }, false],
    [{ Variable: "$.missing", StringEquals: "x" }, "States.Runtime"],
  ])("%j is %s", (rule, expected) => {
    expect(outcome(rule)).toBe(expected);
  });

  it("rejects malformed rules, and operators the stacks do not use, as definition errors", () => {
    expect(outcome({ Variable: "$.name", StringEquals: "x", IsString: true })).toBe("definition error");
    expect(outcome({ Variable: "$.name", StringEquals: 22 })).toBe("definition error");
    expect(outcome({ Variable: "$.count", NumericEquals: 22 })).toBe("definition error");
    expect(outcome({ Variable: "$.name", StringMatches: "log-*" })).toBe("definition error");
  });
});

describe("Boolean expressions", () => {
  it("And stops at the first false, so IsPresent guards later tests", () => {
    const guarded: ChoiceRule = {
      And: [
        { Variable: "$.missing", IsPresent: true },
        { Variable: "$.missing", StringEquals: "x" },
      ],
    };
    const unguarded: ChoiceRule = {
      And: [
        { Variable: "$.missing", StringEquals: "x" },
        { Variable: "$.missing", IsPresent: true },
      ],
    };
    expect(outcome(guarded)).toBe(false);
    expect(outcome(unguarded)).toBe("States.Runtime");
  });

  it("Or stops at the first true", () => {
    const rule: ChoiceRule = {
      Or: [
        { Variable: "$.flag", IsBoolean: true },
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
            { Variable: "$.count", IsString: true },
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
    Choices: [
      { Variable: "$.size", StringEquals: "big", Next: "Big" },
      { Variable: "$.size", IsString: true, Next: "Other" },
    ],
    Default: "None",
  };

  it("takes the first matching rule in order", () => {
    expect(nextState(state, { size: "big" })).toBe("Big");
    expect(nextState(state, { size: "small" })).toBe("Other");
  });

  it("falls back to Default", () => {
    expect(nextState(state, { size: 5 })).toBe("None");
  });

  it("raises States.NoChoiceMatched without a Default", () => {
    const { Default: _default, ...withoutDefault } = state;
    expect(() => nextState(withoutDefault, { size: 5 })).toThrow(
      expect.objectContaining({ name: "States.NoChoiceMatched" }),
    );
  });
});
