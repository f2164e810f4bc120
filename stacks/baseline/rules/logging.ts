import { nested } from "../model";
import { type Rule, type Violation, violationUnless } from "../rule";

export const logGroupRetention: Rule = {
  id: "LOG-RETENTION",
  title: "Every log group has a retention period",
  mirrors: "checkov CKV_AWS_66, trivy none, cdk-nag Serverless-CloudWatchLogGroupRetentionPeriod",
  appliesTo: ["aws_cloudwatch_log_group"],
  check: (model) =>
    model.ofType("aws_cloudwatch_log_group").flatMap((group): Violation[] =>
      violationUnless(
        typeof group.config.retention_in_days === "number" && group.config.retention_in_days > 0,
        {
          address: group.address,
          problem: "logs are kept forever",
          fix: "set retention_in_days (logRetentionDays)",
        },
      ),
    ),
};

export const lambdaManagedLogGroup: Rule = {
  id: "LOG-LAMBDA-GROUP",
  title: "Every Lambda function writes to a log group this stack manages",
  mirrors:
    "checkov none, trivy none, cdk-nag none (otherwise Lambda creates a group that keeps logs forever)",
  appliesTo: ["aws_lambda_function"],
  check: (model) =>
    model.ofType("aws_lambda_function").flatMap((fn): Violation[] => {
      const target = model.deref(nested(fn.config.logging_config)?.log_group);
      const managed = target?.block.type === "aws_cloudwatch_log_group" && target.attribute === "name";
      return violationUnless(managed, {
        address: fn.address,
        problem: "logging_config.log_group does not name a log group of this stack",
        fix: "create a managed log group and set logging_config { log_group = group.name }",
      });
    }),
};

export const apiStageAccessLogs: Rule = {
  id: "LOG-API-ACCESS",
  title: "API stages write JSON access logs",
  mirrors: "checkov CKV_AWS_76, trivy AVD-AWS-0001, cdk-nag AwsSolutions-APIG1",
  appliesTo: ["aws_api_gateway_stage"],
  check: (model) =>
    model.ofType("aws_api_gateway_stage").flatMap((stage): Violation[] => {
      const settings = nested(stage.config.access_log_settings);
      let json = false;
      try {
        const parsed: unknown =
          typeof settings?.format === "string" ? JSON.parse(settings.format) : undefined;
        json = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
      } catch {
        json = false;
      }
      return violationUnless(settings?.destination_arn && json, {
        address: stage.address,
        problem: "no JSON access log settings",
        fix: "set access_log_settings with a JSON format",
      });
    }),
};

export const stateMachineLogging: Rule = {
  id: "LOG-SFN",
  title: "State machines log to CloudWatch Logs",
  mirrors: "checkov CKV_AWS_285, trivy none, cdk-nag AwsSolutions-SF1",
  appliesTo: ["aws_sfn_state_machine"],
  check: (model) =>
    model.ofType("aws_sfn_state_machine").flatMap((machine): Violation[] => {
      const logging = nested(machine.config.logging_configuration);
      return violationUnless(logging?.log_destination && logging.level && logging.level !== "OFF", {
        address: machine.address,
        problem: "logging is off",
        fix: "set logging_configuration with a level and log_destination",
      });
    }),
};

export const pipeLogging: Rule = {
  id: "LOG-PIPE",
  title: "Pipes log to CloudWatch Logs",
  mirrors: "checkov none, trivy none, cdk-nag none",
  appliesTo: ["aws_pipes_pipe"],
  check: (model) =>
    model.ofType("aws_pipes_pipe").flatMap((pipe): Violation[] => {
      const logging = nested(pipe.config.log_configuration);
      return violationUnless(
        logging?.level &&
          logging.level !== "OFF" &&
          nested(logging.cloudwatch_logs_log_destination)?.log_group_arn,
        {
          address: pipe.address,
          problem: "logging is off",
          fix: "set log_configuration with a level and a log group",
        },
      );
    }),
};

export const apiNoDataTrace: Rule = {
  id: "LOG-API-DATA-TRACE",
  title: "API method settings keep data_trace_enabled off (it logs full request and response bodies)",
  mirrors: "checkov CKV_AWS_276, trivy none, cdk-nag none",
  appliesTo: ["aws_api_gateway_method_settings"],
  check: (model) =>
    model.ofType("aws_api_gateway_method_settings").flatMap((settings): Violation[] =>
      nested(settings.config.settings)?.data_trace_enabled === true
        ? [
            {
              address: settings.address,
              problem: "data_trace_enabled is on",
              fix: "set data_trace_enabled = false",
            },
          ]
        : [],
    ),
};
