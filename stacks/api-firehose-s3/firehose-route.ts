import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration";
import { ApiGatewayIntegrationResponse } from "@cdktf/provider-aws/lib/api-gateway-integration-response";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayMethodResponse } from "@cdktf/provider-aws/lib/api-gateway-method-response";
import { ApiGatewayModel } from "@cdktf/provider-aws/lib/api-gateway-model";
import type { ApiGatewayRequestValidator } from "@cdktf/provider-aws/lib/api-gateway-request-validator";
import { ApiGatewayResource } from "@cdktf/provider-aws/lib/api-gateway-resource";
import type { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ServiceRole } from "../shared/service-role";
import {
  type ApiDefinition,
  type RouteDefinition,
  terraformLiteral,
  terraformLiterals,
} from "./api-definition";
import { JSON_CONTENT_TYPE } from "./templates";

export interface FirehoseRouteProps {
  readonly api: ApiGatewayRestApi;
  readonly parentId: string;
  readonly route: RouteDefinition;
  readonly definition: ApiDefinition;
  readonly validator: ApiGatewayRequestValidator;
  readonly role: ServiceRole;
}

/** One resource and its POST method, wired to a Firehose action with the route's templates and responses. */
export class FirehoseRoute extends Construct {
  readonly resource: ApiGatewayResource;
  /** Everything a deployment must wait for. */
  readonly parts: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: FirehoseRouteProps) {
    super(scope, id);
    const { api, route, definition } = props;
    const restApiId = api.id;
    this.resource = new ApiGatewayResource(this, "resource", {
      restApiId,
      parentId: props.parentId,
      pathPart: route.pathParts[route.pathParts.length - 1] as string,
    });
    const resourceId = this.resource.id;
    const model = new ApiGatewayModel(this, "model", {
      restApiId,
      name: route.model.name,
      contentType: JSON_CONTENT_TYPE,
      schema: terraformLiteral(JSON.stringify(route.model.schema)),
    });
    const method = new ApiGatewayMethod(this, "method", {
      restApiId,
      resourceId,
      httpMethod: route.httpMethod,
      authorization: definition.authorization,
      apiKeyRequired: definition.apiKeyRequired,
      requestValidatorId: props.validator.id,
      requestModels: { [JSON_CONTENT_TYPE]: model.name },
    });
    const integration = new ApiGatewayIntegration(this, "integration", {
      restApiId,
      resourceId,
      httpMethod: method.httpMethod,
      type: "AWS",
      integrationHttpMethod: "POST",
      uri: route.integrationUri,
      credentials: props.role.arn,
      requestParameters: { ...definition.integrationRequestParameters },
      requestTemplates: terraformLiterals(route.requestTemplates),
      passthroughBehavior: definition.passthroughBehavior,
    });
    const methodResponses = route.methodResponseStatusCodes.map(
      (statusCode) =>
        new ApiGatewayMethodResponse(this, `method-response-${statusCode}`, {
          restApiId,
          resourceId,
          httpMethod: method.httpMethod,
          statusCode,
        }),
    );
    const integrationResponses = route.integrationResponses.map(
      (spec) =>
        new ApiGatewayIntegrationResponse(this, `integration-response-${spec.statusCode}`, {
          restApiId,
          resourceId,
          httpMethod: method.httpMethod,
          statusCode: spec.statusCode,
          selectionPattern: spec.selectionPattern,
          responseTemplates: terraformLiterals(spec.responseTemplates),
          // The integration and every status the templates may override to must exist first.
          dependsOn: [integration, ...methodResponses],
        }),
    );
    this.parts = [this.resource, model, method, integration, ...methodResponses, ...integrationResponses];
  }
}
