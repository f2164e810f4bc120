/**
 * Builders of EventBridge "AWS API Call via CloudTrail" events from RDS, shaped like real ones
 * (envelope and CloudTrail record), for the rds-autotag tests.
 */

export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";

/** CloudTrail `userIdentity`; only the fields the tests vary are typed tightly. */
export interface UserIdentity {
  readonly type: string;
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly invokedBy?: string;
  readonly [field: string]: unknown;
}

/** The CloudTrail record carried in `detail`. */
export interface CloudTrailDetail {
  readonly eventName: string;
  readonly userIdentity: UserIdentity;
  readonly requestParameters: Record<string, unknown> | null;
  readonly responseElements: Record<string, unknown> | null;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly [field: string]: unknown;
}

/** The EventBridge envelope. */
export interface RdsApiCallEvent {
  readonly version: "0";
  readonly id: string;
  readonly "detail-type": "AWS API Call via CloudTrail";
  readonly source: "aws.rds";
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: string[];
  readonly detail: CloudTrailDetail;
}

/** An SSO user working through an assumed role (the common human case). */
export function assumedRoleIdentity(session = "jane.doe@example.com"): UserIdentity {
  return {
    type: "AssumedRole",
    principalId: `AROA3XFRBF23EXAMPLE1:${session}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_PlatformAdmin_0123456789abcdef/${session}`,
    accountId: ACCOUNT,
    accessKeyId: "ASIA3XFRBF23EXAMPLE2",
    sessionContext: {
      sessionIssuer: {
        type: "Role",
        principalId: "AROA3XFRBF23EXAMPLE1",
        arn: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef`,
        accountId: ACCOUNT,
        userName: "AWSReservedSSO_PlatformAdmin_0123456789abcdef",
      },
      attributes: { creationDate: "2025-03-14T08:02:11Z", mfaAuthenticated: "false" },
    },
  };
}

/** An IAM user calling with long-term keys. */
export function iamUserIdentity(userName = "ci-deployer"): UserIdentity {
  return {
    type: "IAMUser",
    principalId: "AIDA3XFRBF23EXAMPLE3",
    arn: `arn:aws:iam::${ACCOUNT}:user/${userName}`,
    accountId: ACCOUNT,
    accessKeyId: "AKIA3XFRBF23EXAMPLE4",
    userName,
  };
}

/** An AWS service acting on its own (no ARN, no principal id). */
export function awsServiceIdentity(invokedBy = "rds.amazonaws.com"): UserIdentity {
  return { type: "AWSService", invokedBy };
}

export function instanceArn(id = "orders-db"): string {
  return `arn:aws:rds:${REGION}:${ACCOUNT}:db:${id}`;
}

export function clusterArn(id = "orders-aurora"): string {
  return `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:${id}`;
}

let sequence = 0;

/** A sequential, UUID-shaped id, so each event in a test is distinguishable. */
function uuid(): string {
  sequence += 1;
  return `6a7e8feb-b491-4cf7-a9f1-${sequence.toString(16).padStart(12, "0")}`;
}

/** Options of {@link apiCallEvent}. */
export interface ApiCallOptions {
  readonly eventName: string;
  readonly requestParameters: Record<string, unknown> | null;
  readonly responseElements: Record<string, unknown> | null;
  readonly userIdentity?: UserIdentity;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** The full EventBridge event for one RDS API call as recorded by CloudTrail. */
export function apiCallEvent(options: ApiCallOptions): RdsApiCallEvent {
  const failed = options.errorCode === undefined ? {} : { errorCode: options.errorCode };
  const message = options.errorMessage === undefined ? {} : { errorMessage: options.errorMessage };
  return {
    version: "0",
    id: uuid(),
    "detail-type": "AWS API Call via CloudTrail",
    source: "aws.rds",
    account: ACCOUNT,
    time: "2025-03-14T09:21:07Z",
    region: REGION,
    resources: [],
    detail: {
      eventVersion: "1.09",
      userIdentity: options.userIdentity ?? assumedRoleIdentity(),
      eventTime: "2025-03-14T09:21:05Z",
      eventSource: "rds.amazonaws.com",
      eventName: options.eventName,
      awsRegion: REGION,
      sourceIPAddress: "203.0.113.24",
      userAgent: "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.8",
      ...failed,
      ...message,
      requestParameters: options.requestParameters,
      responseElements: options.responseElements,
      requestID: "5f0d3e8a-2f6b-4c1e-9a55-0c2d7e1b9a41",
      eventID: uuid(),
      readOnly: false,
      eventType: "AwsApiCall",
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: "Management",
      tlsDetails: {
        tlsVersion: "TLSv1.3",
        cipherSuite: "TLS_AES_128_GCM_SHA256",
        clientProvidedHostHeader: `rds.${REGION}.amazonaws.com`,
      },
    },
  };
}

function instanceResponse(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    dBInstanceIdentifier: id,
    dBInstanceClass: "db.t4g.micro",
    engine: "postgres",
    dBInstanceStatus: "creating",
    masterUsername: "app",
    allocatedStorage: 20,
    preferredBackupWindow: "02:00-02:30",
    backupRetentionPeriod: 7,
    dBSecurityGroups: [],
    vpcSecurityGroups: [{ vpcSecurityGroupId: "sg-0a1b2c3d4e5f60718", status: "active" }],
    multiAZ: false,
    engineVersion: "16.4",
    autoMinorVersionUpgrade: true,
    publiclyAccessible: false,
    storageType: "gp3",
    storageEncrypted: true,
    dbiResourceId: "db-ABCDEFGHIJKLMNOPQRSTUVWXY0",
    copyTagsToSnapshot: true,
    dBInstanceArn: instanceArn(id),
    iAMDatabaseAuthenticationEnabled: false,
    deletionProtection: false,
    tagList: [{ key: "team", value: "orders" }],
    ...extra,
  };
}

function clusterResponse(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    allocatedStorage: 1,
    availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    backupRetentionPeriod: 7,
    dBClusterIdentifier: id,
    dBClusterParameterGroup: "default.aurora-postgresql16",
    dBSubnetGroup: "orders-subnets",
    status: "creating",
    endpoint: `${id}.cluster-cabcdefghijk.${REGION}.rds.amazonaws.com`,
    readerEndpoint: `${id}.cluster-ro-cabcdefghijk.${REGION}.rds.amazonaws.com`,
    multiAZ: false,
    engine: "aurora-postgresql",
    engineVersion: "16.4",
    port: 5432,
    masterUsername: "app",
    dBClusterMembers: [],
    vpcSecurityGroups: [{ vpcSecurityGroupId: "sg-0a1b2c3d4e5f60718", status: "active" }],
    storageEncrypted: true,
    dbClusterResourceId: "cluster-ABCDEFGHIJKLMNOPQRSTUVWXY0",
    dBClusterArn: clusterArn(id),
    associatedRoles: [],
    iAMDatabaseAuthenticationEnabled: false,
    engineMode: "provisioned",
    deletionProtection: false,
    httpEndpointEnabled: false,
    copyTagsToSnapshot: true,
    crossAccountClone: false,
    tagList: [],
    ...extra,
  };
}

export function createDbInstanceEvent(id = "orders-db", userIdentity?: UserIdentity): RdsApiCallEvent {
  return apiCallEvent({
    eventName: "CreateDBInstance",
    userIdentity,
    requestParameters: {
      dBInstanceIdentifier: id,
      allocatedStorage: 20,
      dBInstanceClass: "db.t4g.micro",
      engine: "postgres",
      masterUsername: "app",
      masterUserPassword: "HIDDEN_DUE_TO_SECURITY_REASONS",
      vpcSecurityGroupIds: ["sg-0a1b2c3d4e5f60718"],
      dBSubnetGroupName: "orders-subnets",
      storageEncrypted: true,
      tags: [{ key: "team", value: "orders" }],
    },
    responseElements: instanceResponse(id),
  });
}

export function createDbClusterEvent(id = "orders-aurora", userIdentity?: UserIdentity): RdsApiCallEvent {
  return apiCallEvent({
    eventName: "CreateDBCluster",
    userIdentity,
    requestParameters: {
      dBClusterIdentifier: id,
      engine: "aurora-postgresql",
      engineVersion: "16.4",
      masterUsername: "app",
      masterUserPassword: "HIDDEN_DUE_TO_SECURITY_REASONS",
      dBSubnetGroupName: "orders-subnets",
      storageEncrypted: true,
    },
    responseElements: clusterResponse(id),
  });
}

export function readReplicaEvent(id = "orders-db-replica"): RdsApiCallEvent {
  return apiCallEvent({
    eventName: "CreateDBInstanceReadReplica",
    requestParameters: {
      dBInstanceIdentifier: id,
      sourceDBInstanceIdentifier: "orders-db",
      dBInstanceClass: "db.t4g.micro",
    },
    responseElements: instanceResponse(id, { readReplicaSourceDBInstanceIdentifier: "orders-db" }),
  });
}

/** The restore calls, each with request parameters as CloudTrail records them. */
export function restoreEvent(eventName: string, id: string): RdsApiCallEvent {
  const isCluster = eventName.startsWith("RestoreDBCluster");
  const sources: Record<string, Record<string, unknown>> = {
    RestoreDBInstanceFromDBSnapshot: { dBSnapshotIdentifier: "orders-db-2025-03-13" },
    RestoreDBInstanceFromS3: {
      engine: "mysql",
      sourceEngine: "mysql",
      sourceEngineVersion: "8.0.36",
      s3BucketName: "orders-backups",
      s3IngestionRoleArn: `arn:aws:iam::${ACCOUNT}:role/rds-s3-import`,
    },
    RestoreDBInstanceToPointInTime: {
      sourceDBInstanceIdentifier: "orders-db",
      useLatestRestorableTime: true,
    },
    RestoreDBClusterFromSnapshot: {
      snapshotIdentifier: "orders-aurora-2025-03-13",
      engine: "aurora-postgresql",
    },
    RestoreDBClusterFromS3: {
      engine: "aurora-mysql",
      sourceEngine: "mysql",
      sourceEngineVersion: "8.0.36",
      s3BucketName: "orders-backups",
      s3IngestionRoleArn: `arn:aws:iam::${ACCOUNT}:role/rds-s3-import`,
    },
    RestoreDBClusterToPointInTime: {
      sourceDBClusterIdentifier: "orders-aurora",
      restoreType: "copy-on-write",
    },
  };
  const target = isCluster ? { dBClusterIdentifier: id } : { targetDBInstanceIdentifier: id };
  return apiCallEvent({
    eventName,
    requestParameters: { ...target, ...sources[eventName] },
    responseElements: isCluster ? clusterResponse(id) : instanceResponse(id),
  });
}

/** A call RDS rejected: CloudTrail records it with an error and no response. */
export function failedCreateDbInstanceEvent(id = "orders-db"): RdsApiCallEvent {
  return apiCallEvent({
    eventName: "CreateDBInstance",
    requestParameters: { dBInstanceIdentifier: id, dBInstanceClass: "db.t4g.micro", engine: "postgres" },
    responseElements: null,
    errorCode: "DBInstanceAlreadyExistsFault",
    errorMessage: "DB instance already exists",
  });
}

/** Replaces fields of the CloudTrail record, keeping the rest. */
export function withDetail(event: RdsApiCallEvent, detail: Record<string, unknown>): RdsApiCallEvent {
  return { ...event, detail: { ...event.detail, ...detail } };
}
