import type { Rule } from "../rule";
import { customerKeyEverywhere } from "./customer-key";
import {
  deadLetterQueueAlarm,
  eventDlqPolicy,
  eventTargetDlqAndRetry,
  lambdaAsyncFailures,
  pipeStreamSourceBounded,
} from "./delivery";
import {
  cloudtrailHardened,
  dynamodbProtected,
  firehoseEncrypted,
  kinesisEncrypted,
  s3Encrypted,
  sqsEncrypted,
  stateMachineEncrypted,
} from "./encryption";
import {
  iamNoBroadManagedPolicies,
  iamNoNotAction,
  iamNoWildcardActions,
  iamPoliciesAsDocuments,
  iamWildcardResource,
} from "./iam";
import {
  apiIntegrationNoPassthrough,
  apiMethodAuthorized,
  apiStageThrottled,
  lambdaPermissionSourceArn,
} from "./invocation";
import {
  eventPatternSize,
  kmsKeyArn,
  lambdaEnvironmentSize,
  namesAndRanges,
  rolePoliciesFirst,
  sameRegion,
} from "./limits";
import {
  apiNoDataTrace,
  apiStageAccessLogs,
  lambdaManagedLogGroup,
  logGroupRetention,
  pipeLogging,
  stateMachineLogging,
} from "./logging";
import { failureAlarm } from "./monitoring";
import { s3AbortMultipart, s3OwnerEnforced, s3PublicAccessBlock, s3TlsOnly, s3Versioning } from "./s3";
import { noCredentialLiterals, sensitiveVariables } from "./secrets";
import { trustConfusedDeputy, trustFirehoseExternalId, trustNoWildcardPrincipal } from "./trust";

/** Every baseline rule, in the order the audit table lists them. */
export const RULES: readonly Rule[] = [
  iamNoWildcardActions,
  iamNoNotAction,
  iamWildcardResource,
  iamNoBroadManagedPolicies,
  iamPoliciesAsDocuments,
  trustNoWildcardPrincipal,
  trustConfusedDeputy,
  trustFirehoseExternalId,
  kinesisEncrypted,
  sqsEncrypted,
  s3Encrypted,
  firehoseEncrypted,
  dynamodbProtected,
  stateMachineEncrypted,
  customerKeyEverywhere,
  cloudtrailHardened,
  s3PublicAccessBlock,
  s3TlsOnly,
  s3Versioning,
  s3OwnerEnforced,
  s3AbortMultipart,
  eventTargetDlqAndRetry,
  eventDlqPolicy,
  pipeStreamSourceBounded,
  lambdaAsyncFailures,
  deadLetterQueueAlarm,
  failureAlarm,
  logGroupRetention,
  lambdaManagedLogGroup,
  apiStageAccessLogs,
  stateMachineLogging,
  pipeLogging,
  apiNoDataTrace,
  lambdaPermissionSourceArn,
  apiMethodAuthorized,
  apiStageThrottled,
  apiIntegrationNoPassthrough,
  noCredentialLiterals,
  sensitiveVariables,
  eventPatternSize,
  lambdaEnvironmentSize,
  kmsKeyArn,
  sameRegion,
  rolePoliciesFirst,
  namesAndRanges,
];
