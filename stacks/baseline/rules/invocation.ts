import { nested } from "../model";
import { type Rule, type Violation, violationUnless } from "../rule";

export const lambdaPermissionSourceArn: Rule = {
  id: "INV-LAMBDA-SOURCE-ARN",
  title: "Every aws_lambda_permission names its source_arn",
  mirrors: "checkov CKV_AWS_364, trivy AVD-AWS-0067, cdk-nag none",
  appliesTo: ["aws_lambda_permission"],
  check: (model) =>
    model.ofType("aws_lambda_permission").flatMap((permission): Violation[] =>
      violationUnless(permission.config.source_arn, {
        address: permission.address,
        problem: `${permission.config.principal} may invoke the function from any resource`,
        fix: "set source_arn to the rule, bucket or topic that invokes it",
      }),
    ),
};

export const apiMethodAuthorized: Rule = {
  id: "INV-API-AUTH",
  title: "API methods require authorization or an API key",
  mirrors: "checkov CKV_AWS_59, trivy AVD-AWS-0004, cdk-nag AwsSolutions-APIG4",
  appliesTo: ["aws_api_gateway_method"],
  check: (model) =>
    model.ofType("aws_api_gateway_method").flatMap((method): Violation[] =>
      violationUnless(method.config.authorization !== "NONE" || method.config.api_key_required === true, {
        address: method.address,
        problem: "anyone may call the method",
        fix: 'set api_key_required = true or authorization = "AWS_IAM"',
      }),
    ),
};

export const apiStageThrottled: Rule = {
  id: "INV-API-THROTTLE",
  title: "API stages are throttled",
  mirrors: "checkov none, trivy none, cdk-nag Serverless-APIGWDefaultThrottling",
  appliesTo: ["aws_api_gateway_stage"],
  check: (model) =>
    model.ofType("aws_api_gateway_stage").flatMap((stage): Violation[] => {
      const stageName = [model.ref(stage, "stage_name"), stage.config.stage_name];
      const throttled = model.ofType("aws_api_gateway_method_settings").some((ms) => {
        const s = nested(ms.config.settings);
        return (
          stageName.includes(ms.config.stage_name) &&
          typeof s?.throttling_rate_limit === "number" &&
          typeof s.throttling_burst_limit === "number"
        );
      });
      return violationUnless(throttled, {
        address: stage.address,
        problem: "no method settings throttle the stage",
        fix: "add aws_api_gateway_method_settings with throttling limits",
      });
    }),
};

export const apiIntegrationNoPassthrough: Rule = {
  id: "INV-API-PASSTHROUGH",
  title: "Integrations with mapping templates never pass unmatched content types through",
  mirrors: "checkov none, trivy none, cdk-nag none (a service proxy must not forward arbitrary bodies)",
  appliesTo: ["aws_api_gateway_integration"],
  check: (model) =>
    model.ofType("aws_api_gateway_integration").flatMap((integration): Violation[] => {
      const templates = integration.config.request_templates;
      if (!templates || Object.keys(templates).length === 0) return [];
      return violationUnless(integration.config.passthrough_behavior === "NEVER", {
        address: integration.address,
        problem: "unmatched content types pass through to the service",
        fix: 'set passthrough_behavior = "NEVER"',
      });
    }),
};
