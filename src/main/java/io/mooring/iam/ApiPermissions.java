package io.mooring.iam;

import io.mooring.api.DesiredResource;
import io.mooring.kinds.apigateway.ApiKind;
import io.mooring.kinds.apigateway.ApiSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Permissions of the Api kind: an API Gateway HTTP API with its VPC link, integration, routes,
 * stage and custom domain.
 *
 * <p>API Gateway's IAM actions are the HTTP methods of its REST API on resource paths, so
 * CreateRoute is {@code apigateway:POST} on {@code /apis/ID/routes}. Routes, integrations and API
 * mappings carry no tags of their own, so the statements are scoped by path, not by tag.
 */
final class ApiPermissions {
  private ApiPermissions() {}

  static List<PolicyStatement> api(PermissionContext context) {
    List<String> paths =
        List.of(
            context.apiGatewayArn("/apis"),
            context.apiGatewayArn("/apis/*"),
            context.apiGatewayArn("/domainnames"),
            context.apiGatewayArn("/domainnames/*"),
            context.apiGatewayArn("/vpclinks"),
            context.apiGatewayArn("/vpclinks/*"));
    List<String> writable = new ArrayList<>(paths);
    writable.add(context.apiGatewayArn("/tags/*"));
    List<PolicyStatement> statements = new ArrayList<>();
    statements.add(PolicyStatement.allow("ApiGatewayRead", List.of("apigateway:GET"), paths));
    statements.add(
        PolicyStatement.allow(
            "ApiGatewayWrite",
            List.of("apigateway:DELETE", "apigateway:PATCH", "apigateway:POST"),
            writable));
    if (writesAccessLogs(context)) {
      // A stage's access logs are a CloudWatch Logs delivery that API Gateway sets up as the
      // caller.
      // None of these actions takes a resource in IAM.
      statements.add(
          PolicyStatement.allowAnywhere(
              "ApiAccessLogDelivery",
              List.of(
                  "logs:CreateLogDelivery",
                  "logs:DeleteLogDelivery",
                  "logs:DescribeResourcePolicies",
                  "logs:GetLogDelivery",
                  "logs:ListLogDeliveries",
                  "logs:PutResourcePolicy",
                  "logs:UpdateLogDelivery")));
    }
    return statements;
  }

  /** Returns the reads of listing every API, VPC link and domain name with its tags. */
  static List<PolicyStatement> inventory(PermissionContext context) {
    return List.of(
        PolicyStatement.allow(
            "ApiGatewayRead",
            List.of("apigateway:GET"),
            List.of(
                context.apiGatewayArn("/apis"),
                context.apiGatewayArn("/domainnames"),
                context.apiGatewayArn("/vpclinks"))));
  }

  /**
   * Returns the deletion of APIs, VPC links and domain names that carry mooring's tag, and the
   * removal of tags on release. API Gateway's tags resource has no tag condition, so removing tags
   * is scoped by path only.
   */
  static List<PolicyStatement> prune(PermissionContext context) {
    return List.of(
        Ownership.owned(
            "ApiGatewayOwned",
            List.of("apigateway:DELETE"),
            List.of(
                context.apiGatewayArn("/apis/*"),
                context.apiGatewayArn("/domainnames/*"),
                context.apiGatewayArn("/vpclinks/*"))),
        PolicyStatement.allow(
            "ApiGatewayUntag",
            List.of("apigateway:DELETE"),
            List.of(context.apiGatewayArn("/tags/*"))));
  }

  private static boolean writesAccessLogs(PermissionContext context) {
    for (DesiredResource<ApiSpec> document : context.documents(ApiKind.KIND, ApiSpec.class)) {
      if (document.spec().stage() != null && document.spec().stage().accessLogs() != null) {
        return true;
      }
    }
    return false;
  }
}
