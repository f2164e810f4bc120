import { randomUUID } from "node:crypto";
import { RDS_CLOUDTRAIL_EVENT_SOURCE, RDS_EVENT_SOURCE } from "../../lambda-src/rds-autotag/event-names";

/**
 * AWS-shaped events for TestEventPattern, in the account and region of the deployment. Their shapes
 * follow AWS's documented examples.
 */
export interface EventScope {
  readonly account: string;
  readonly region: string;
}

/**
 * "EC2 Instance State-change Notification", as EC2 sends it to the default bus.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-instance-state-changes.html
 */
export function ec2StateChangeEvent(scope: EventScope, instanceId: string, state: string) {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "EC2 Instance State-change Notification",
    source: "aws.ec2",
    account: scope.account,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: scope.region,
    resources: [`arn:aws:ec2:${scope.region}:${scope.account}:instance/${instanceId}`],
    detail: { "instance-id": instanceId, state },
  };
}

/** What one RDS API call recorded by CloudTrail carries. */
export interface RdsCall {
  readonly eventName: string;
  readonly callerArn: string;
  readonly responseElements: Readonly<Record<string, unknown>> | null;
  readonly errorCode?: string;
}

/**
 * "AWS API Call via CloudTrail" for an RDS call (no `resources`; a failed call has `errorCode` and a
 * null `responseElements`).
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html
 */
export function cloudTrailRdsEvent(scope: EventScope, call: RdsCall) {
  const time = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "AWS API Call via CloudTrail",
    source: RDS_EVENT_SOURCE,
    account: scope.account,
    time,
    region: scope.region,
    resources: [],
    detail: {
      eventVersion: "1.09",
      userIdentity: {
        type: "AssumedRole",
        principalId: "AROAEXAMPLEID:smoke",
        arn: call.callerArn,
        accountId: scope.account,
      },
      eventTime: time,
      eventSource: RDS_CLOUDTRAIL_EVENT_SOURCE,
      eventName: call.eventName,
      awsRegion: scope.region,
      sourceIPAddress: "203.0.113.17",
      userAgent: "npm run smoke",
      ...(call.errorCode ? { errorCode: call.errorCode, errorMessage: "smoke test: a failed call" } : {}),
      requestParameters: {},
      responseElements: call.responseElements,
      requestID: randomUUID(),
      eventID: randomUUID(),
      readOnly: false,
      eventType: "AwsApiCall",
      managementEvent: true,
      recipientAccountId: scope.account,
      eventCategory: "Management",
    },
  };
}

/** The account and region of an ARN (`arn:<partition>:<service>:<region>:<account>:...`). */
export function scopeOfArn(arn: string): EventScope {
  const [, , , region = "", account = ""] = arn.split(":");
  return { region, account };
}
