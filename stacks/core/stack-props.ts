import type { EncryptionSettings } from "./encryption-settings";

/** Where Terraform keeps state for every stack of one environment. */
export type BackendConfig =
  | { readonly type: "local" }
  | {
      readonly type: "s3";
      readonly bucket: string;
      readonly region: string;
      /** State keys are `<keyPrefix>/<environment>/<stack>.tfstate`. */
      readonly keyPrefix: string;
      /** A customer managed KMS key for the state objects; SSE-S3 when absent. */
      readonly kmsKeyId?: string;
    };

/** The settings every stack shares (the top level of the configuration, resolved for one environment). */
export interface CommonSettings {
  /** Environment name; part of every resource name and state key. @default "dev" */
  readonly environment: string;
  /** AWS region of every stack. @default "us-east-1" */
  readonly region: string;
  /** First part of every resource name. @default "integ" */
  readonly prefix: string;
  /** When set, Terraform refuses to plan or apply against any other account. */
  readonly accountId?: string;
  /** Extra tags on every resource (beside project, environment, stack and managed-by). */
  readonly tags: Readonly<Record<string, string>>;
  readonly backend: BackendConfig;
  /** Retention of every log group the stacks manage. @default 30 */
  readonly logRetentionDays: number;
  /**
   * `prevent_destroy` on data-bearing resources (buckets with data, DynamoDB tables, Kinesis
   * streams, the trail bucket): a plan that would delete them fails instead.
   * @default true, except in the "dev" environment
   */
  readonly protectData: boolean;
  /**
   * An SNS topic that every alarm notifies (a DLQ receiving messages, for one). Without it the alarms
   * still exist and show in CloudWatch, but tell no one.
   * @default undefined
   */
  readonly alarmTopicArn?: string;
  /**
   * Without `alarmTopicArn`: each stack with alarms creates an encrypted SNS topic that only CloudWatch alarms
   * of this account may publish to, subscribed by this address.
   * @default undefined (no topic: alarms notify no one, and synth says so)
   */
  readonly alarmEmail?: string;
  /**
   * `every-alarm`: each alarm and the stack's composite "unhealthy" alarm notify. `composite-only`: only the
   * composite alarm notifies (one page per incident); the others show their state on the dashboard.
   * @default "every-alarm"
   */
  readonly alarmNotifications: AlarmNotifications;
  /**
   * The https URL of this project's README.md (your fork or wiki): dashboards link its sections and the runbook.
   * @default undefined (dashboards name the README section as text)
   */
  readonly docsBaseUrl?: string;
}

export const ALARM_NOTIFICATIONS = ["every-alarm", "composite-only"] as const;
export type AlarmNotifications = (typeof ALARM_NOTIFICATIONS)[number];

/** What a stack is built from: the common settings, its own settings, its encryption and its imports. */
export interface StackProps<S> {
  readonly common: CommonSettings;
  readonly settings: S;
  /** `encryption` (or `stacks.<id>.encryption`) resolved for this stack. */
  readonly encryption: EncryptionSettings;
  /** `imports.<id>`: Terraform address → import id. */
  readonly imports: Readonly<Record<string, string>>;
}
