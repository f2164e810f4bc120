import { z } from "zod";
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
