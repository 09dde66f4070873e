package io.mooring.iam;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.kinds.environment.EnvironmentKind;
import io.mooring.kinds.environment.EnvironmentSpec;
import java.util.List;
import java.util.Optional;

/** The documents and options that a kind's permissions are derived from, and ARN builders. */
public final class PermissionContext {
  private final DesiredState state;
  private final PolicyOptions options;

  public PermissionContext(DesiredState state, PolicyOptions options) {
    this.state = state;
    this.options = options;
  }

  public PolicyOptions options() {
    return options;
  }

  /** Returns the documents of one kind, in the order of the desired state. */
  public <S> List<DesiredResource<S>> documents(String kind, Class<S> specType) {
    return state.ofKind(kind, specType);
  }

  /**
   * Returns whether any document of the kind may take over a resource that mooring did not create.
   */
  public boolean adopts(String kind) {
    return state.resources().stream()
        .anyMatch(resource -> resource.id().kind().equals(kind) && resource.adopt());
  }

  /** Returns the Environment's spec, when the directory has an Environment document. */
  public Optional<EnvironmentSpec> environment() {
    return EnvironmentKind.of(state);
  }

  /** Returns {@code arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE}, for regional services. */
  public String arn(String service, String resource) {
    return "arn:"
        + options.partition()
        + ":"
        + service
        + ":"
        + options.region()
        + ":"
        + options.account()
        + ":"
        + resource;
  }

  /** Returns {@code arn:PARTITION:SERVICE::ACCOUNT:RESOURCE}, for global services such as IAM. */
  public String globalArn(String service, String resource) {
    return "arn:" + options.partition() + ":" + service + "::" + options.account() + ":" + resource;
  }

  /**
   * Returns the ARN of an API Gateway resource path such as {@code /apis/*}. API Gateway's IAM
   * resources carry the region but no account.
   */
  public String apiGatewayArn(String path) {
    return "arn:" + options.partition() + ":apigateway:" + options.region() + "::" + path;
  }

  /** Returns the ARN of Route 53 hosted zones, which carry neither region nor account. */
  public String hostedZonesArn() {
    return "arn:" + options.partition() + ":route53:::hostedzone/*";
  }
}
