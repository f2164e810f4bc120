/**
 * A configuration with every optional feature of every stack turned on, so optional resources
 * (a trail, a customer managed key, provisioned shards, ...) are planned by Terraform too.
 */
export const ALL_OPTIONS: Record<string, unknown> = {
  accountId: "123456789012",
  tags: { team: "platform", "cost-center": "42" },
  // The topic each stack creates for alarmEmail (key, policies, email subscription); alarmTopicArn is a plain
  // ARN in the alarms' actions, planned in the stack tests.
  alarmEmail: "ops@example.com",
  alarmNotifications: "composite-only",
  docsBaseUrl: "https://github.com/acme/integrations/blob/main/README.md",
  stacks: {
    "ec2-state-to-kinesis": {
      streamMode: "PROVISIONED",
      shardCount: 2,
      retentionHours: 168,
      kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/0b4c6b2e-58f4-4a4b-9c1e-2f6e1c1d8a10",
      instanceIds: ["i-0123456789abcdef0"],
    },
    "rds-autotag": {
      createTrail: true,
      staticTags: { team: "data-platform" },
      alarms: { "function-errors": { threshold: 2 }, "function-duration": { enabled: false } },
    },
    "api-firehose-s3": {
      path: "events",
      stageName: "prod",
      authorization: "API_KEY",
      throttle: { rateLimit: 500, burstLimit: 1000 },
      quota: { limit: 1000000, period: "DAY" },
      loggingLevel: "INFO",
      tracingEnabled: true,
      manageAccountCloudWatchRole: true,
      buffering: { sizeMiB: 64, intervalSeconds: 60 },
      compression: "GZIP",
      lifecycle: { transitionDays: 90, transitionStorageClass: "GLACIER_IR", expirationDays: 365 },
      forceDestroy: true,
    },
    "dynamodb-pipes-momento": {
      tableName: "acme-weather-readings",
      partitionKey: "City",
      deletionProtection: true,
      momentoHttpEndpoint: "https://api.cache.cell-us-east-1-1.prod.a.momentohq.com",
      cacheName: "weather-cache",
      topicName: "weather-updates",
      cacheTtlAttribute: "CacheSeconds",
      defaultCacheTtlSeconds: 600,
      itemExpiryAttribute: "ExpiresAt",
      batchSize: 5,
      parallelizationFactor: 4,
      httpRetryAttempts: 6,
      startingPosition: "TRIM_HORIZON",
      maximumRetryAttempts: 3,
      maximumRecordAgeSeconds: 900,
      logging: { level: "TRACE", includeExecutionData: true },
    },
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
