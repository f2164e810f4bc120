/**
 * The CloudTrail events the RDS auto-tagger reacts to. Deliberately free of imports (AWS SDK
 * included) so the infrastructure code can build the EventBridge rule pattern from the same list.
 */

/** Kind of RDS resource a handled API call creates. */
export type RdsResourceKind = "instance" | "cluster";

/** EventBridge `source` of RDS CloudTrail events. */
export const RDS_EVENT_SOURCE = "aws.rds";

/** EventBridge `detail-type` of events recorded by CloudTrail. */
export const CLOUDTRAIL_DETAIL_TYPE = "AWS API Call via CloudTrail";

/** CloudTrail `detail.eventSource` of RDS API calls. */
export const RDS_CLOUDTRAIL_EVENT_SOURCE = "rds.amazonaws.com";

/** Each handled CloudTrail event name, mapped to the kind of resource the call creates. */
export const RESOURCE_KIND_BY_EVENT_NAME = {
  CreateDBInstance: "instance",
  CreateDBInstanceReadReplica: "instance",
  RestoreDBInstanceFromDBSnapshot: "instance",
  RestoreDBInstanceFromS3: "instance",
  RestoreDBInstanceToPointInTime: "instance",
  CreateDBCluster: "cluster",
  RestoreDBClusterFromSnapshot: "cluster",
  RestoreDBClusterFromS3: "cluster",
  RestoreDBClusterToPointInTime: "cluster",
} as const satisfies Readonly<Record<string, RdsResourceKind>>;

/** A CloudTrail event name the function handles. */
export type HandledEventName = keyof typeof RESOURCE_KIND_BY_EVENT_NAME;

/** The handled event names, for the rule's `detail.eventName` pattern. */
export const HANDLED_EVENT_NAMES: readonly HandledEventName[] = Object.freeze(
  Object.keys(RESOURCE_KIND_BY_EVENT_NAME) as HandledEventName[],
);

/** The `detail.responseElements` field that holds the created resource's ARN, per resource kind. */
export const ARN_RESPONSE_FIELD = {
  instance: "dBInstanceArn",
  cluster: "dBClusterArn",
} as const satisfies Readonly<Record<RdsResourceKind, string>>;

/** The ARN resource type (`arn:…:rds:…:<type>:<id>`) of each resource kind. */
export const ARN_RESOURCE_TYPE = {
  instance: "db",
  cluster: "cluster",
} as const satisfies Readonly<Record<RdsResourceKind, string>>;

/** Whether `name` is one of {@link HANDLED_EVENT_NAMES}. */
export function isHandledEventName(name: string): name is HandledEventName {
  return Object.hasOwn(RESOURCE_KIND_BY_EVENT_NAME, name);
}
