import { z } from "zod";
import type { Checker } from "../../core/checks";
import { boolean, section } from "../../core/settings-schema";
import { type AlarmKindName, alarmKind, isMathKind } from "./catalog";

/** One alarm's setting: `alarms.<kind>.threshold` and `alarms.<kind>.enabled`. */
export interface AlarmSetting {
  readonly threshold: number;
  /** @default true */
  readonly enabled: boolean;
}

/** The alarm settings of one stack, with every kind it creates filled in with its default. */
export type AlarmSettings<K extends AlarmKindName = AlarmKindName> = Readonly<Record<K, AlarmSetting>>;

function alarmSetting(kind: AlarmKindName) {
  const spec = alarmKind(kind);
  const { threshold, range, unit } = spec;
  // A metric-math kind's setting is its window in minutes: CloudWatch periods are whole minutes.
  const whole = isMathKind(spec);
  const error = `${whole ? "a whole number" : "a number"} from ${range.min} to ${range.max} (${unit})`;
  const number = z.number({ error }).min(range.min, { error }).max(range.max, { error });
  return section({
    threshold: (whole ? number.int({ error }) : number).default(threshold),
    enabled: boolean().default(true),
  });
}

/**
 * A stack's `alarms` section: each key is one of the stack's alarm kinds, each value `{threshold?, enabled?}`,
 * every kind filled in with its default. An unknown kind or key is an error (a typo would keep the default).
 */
export function alarmSettings<K extends AlarmKindName>(kinds: readonly K[]) {
  return section(
    Object.fromEntries(kinds.map((kind) => [kind, alarmSetting(kind)])) as Record<
      K,
      ReturnType<typeof alarmSetting>
    >,
  );
}

/**
 * Reads `<field>` (a stack's `alarms` section): each key is one of the stack's alarm kinds, each value
 * `{threshold?, enabled?}`. An unknown kind or key is an error (a typo would silently keep the default).
 */
export function readAlarmSettings<K extends AlarmKindName>(
  field: string,
  value: unknown,
  kinds: readonly K[],
  check: Checker,
): AlarmSettings<K> {
  const raw = check.section(field, value, kinds);
  const settings = {} as Record<K, AlarmSetting>;
  for (const kind of kinds) {
    const entry = check.section(`${field}.${kind}`, raw[kind], ["threshold", "enabled"]);
    settings[kind] = {
      threshold: readThreshold(`${field}.${kind}.threshold`, entry.threshold, kind, check),
      enabled: check.boolean(`${field}.${kind}.enabled`, entry.enabled, true),
    };
  }
  return settings;
}

function readThreshold(field: string, value: unknown, kind: AlarmKindName, check: Checker): number {
  const spec = alarmKind(kind);
  const { threshold, range, unit } = spec;
  if (value === undefined) return threshold;
  // A metric-math kind's setting is its window in minutes: CloudWatch periods are whole minutes.
  const whole = isMathKind(spec);
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < range.min ||
    value > range.max ||
    (whole && !Number.isInteger(value))
  ) {
    check.fail(
      field,
      value,
      `${whole ? "a whole number" : "a number"} from ${range.min} to ${range.max} (${unit})`,
    );
    return threshold;
  }
  return value;
}
