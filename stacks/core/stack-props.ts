import type { z } from "zod";
import type { ALARM_NOTIFICATIONS, commonSettings } from "./common-settings";
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

/** The settings every stack shares (`commonSettings`), with the backend and data protection resolved. */
export type CommonSettings = Readonly<Omit<z.output<typeof commonSettings>, "backend" | "protectData">> & {
  readonly backend: BackendConfig;
  readonly protectData: boolean;
};

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
