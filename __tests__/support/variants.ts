/**
 * A configuration with every optional feature of every stack turned on, so optional resources
 * (a trail, a customer managed key, provisioned shards, ...) are planned by Terraform too.
 */
export const ALL_OPTIONS: Record<string, unknown> = {
  accountId: "123456789012",
  tags: { team: "platform", "cost-center": "42" },
  stacks: {
    "ec2-state-to-kinesis": {
      streamMode: "PROVISIONED",
      shardCount: 2,
      retentionHours: 168,
      kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/0b4c6b2e-58f4-4a4b-9c1e-2f6e1c1d8a10",
      instanceIds: ["i-0123456789abcdef0"],
    },
    "rds-autotag": { createTrail: true, staticTags: { team: "data-platform" } },
    "event-rule-targets": {
      customEventBus: true,
      sources: ["com.example.integrations", "com.example.orders"],
      stateMachine: {
        logLevel: "ERROR",
        includeExecutionData: true,
        tracing: true,
        kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/0b4c6b2e-58f4-4a4b-9c1e-2f6e1c1d8a10",
        kmsDataKeyReusePeriodSeconds: 600,
      },
    },
  },
};
