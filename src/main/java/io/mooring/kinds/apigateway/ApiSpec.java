package io.mooring.kinds.apigateway;

import io.mooring.api.Reference;
import io.mooring.api.SourcePosition;
import java.util.List;
import java.util.Map;

/**
 * The spec of an {@code Api} document: an API Gateway HTTP API that forwards its routes through a
 * VPC link to one listener of an internal Application Load Balancer, with one stage and an optional
 * custom domain name.
 *
 * @param routes route keys such as {@code GET /health} or {@code $default}, in file order
 * @param domain the custom domain name, or null for none
 * @param cors the CORS configuration, or null for none
 */
public record ApiSpec(
    VpcLink vpcLink,
    Integration integration,
    List<String> routes,
    Stage stage,
    Domain domain,
    boolean disableExecuteApiEndpoint,
    Cors cors,
    Map<String, String> tags) {

  /**
   * The VPC link, named after the document, through which API Gateway reaches the load balancer.
   *
   * @param subnets subnet ids, or one subnet set name of the Environment, or empty for its {@code
   *     private} set
   * @param securityGroups security group ids and SecurityGroup document names, in file order
   * @param groupReferences the SecurityGroup documents among them
   * @param subnetsPosition where the subnets are set, for errors found against the Environment
   */
  public record VpcLink(
      List<String> subnets,
      List<String> securityGroups,
      List<Reference> groupReferences,
      SourcePosition subnetsPosition) {}

  /**
   * The load balancer listener that every route forwards to: either a LoadBalancer document and the
   * name of one of its listeners, or the ARN of a listener that mooring does not manage.
   *
   * @param loadBalancer the LoadBalancer document, or null when {@code listenerArn} is set
   * @param listener the listener's name in that document, or null
   * @param listenerPosition where the listener is named, for errors found against the LoadBalancer
   *     document
   * @param listenerArn the listener's ARN, or null when {@code loadBalancer} is set
   */
  public record Integration(
      Reference loadBalancer,
      String listener,
      SourcePosition listenerPosition,
      String listenerArn) {}

  /**
   * The stage that serves the API.
   *
   * @param throttling the default route throttling, or null to leave API Gateway's account limits
   * @param accessLogs the access log settings, or null for no access logs
   */
  public record Stage(
      String name,
      boolean autoDeploy,
      boolean detailedMetrics,
      Throttling throttling,
      AccessLogs accessLogs) {}

  /**
   * Default route throttling of a stage.
   *
   * @param burst the burst limit in requests
   * @param rate the steady-state limit in requests per second
   */
  public record Throttling(int burst, double rate) {}

  /**
   * The destination and format of the stage's access logs.
   *
   * @param destinationArn the ARN of a CloudWatch Logs log group or Firehose delivery stream
   */
  public record AccessLogs(String destinationArn, String format) {}

  /**
   * A regional custom domain name mapped to the API's stage at its root.
   *
   * @param certificateArn an ACM certificate in the API's region
   * @param securityPolicy {@code TLS_1_2} or {@code TLS_1_0}
   * @param certificatePosition where the certificate is set, for errors found against the
   *     Environment's region
   */
  public record Domain(
      String name,
      String certificateArn,
      String securityPolicy,
      SourcePosition certificatePosition) {}

  /**
   * The API's CORS configuration; lists are in file order.
   *
   * @param maxAge how long browsers may cache a preflight response, in seconds, or null
   */
  public record Cors(
      List<String> allowOrigins,
      List<String> allowMethods,
      List<String> allowHeaders,
      List<String> exposeHeaders,
      boolean allowCredentials,
      Integer maxAge) {}
}
