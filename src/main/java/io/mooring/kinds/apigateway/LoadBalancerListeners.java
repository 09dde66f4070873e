package io.mooring.kinds.apigateway;

import io.mooring.api.DesiredState;
import io.mooring.api.Problems;
import io.mooring.engine.ReconcileContext;
import io.mooring.kinds.elb.LoadBalancerKind;
import io.mooring.kinds.elb.LoadBalancerSpec;

/** The load balancer listener that an API's integration forwards to. */
final class LoadBalancerListeners {
  private LoadBalancerListeners() {}

  /** Returns the listener's ARN, or a placeholder while the listener does not exist yet. */
  static String arn(ApiSpec.Integration integration, ReconcileContext context) {
    if (integration.listenerArn() != null) {
      return integration.listenerArn();
    }
    return LoadBalancerKind.listenerArnOrPlaceholder(
        context, integration.loadBalancer().name(), integration.listener());
  }

  /** Checks that the LoadBalancer document has a listener of the name the integration uses. */
  static void validate(ApiSpec.Integration integration, DesiredState state, Problems problems) {
    if (integration.loadBalancer() == null || integration.listener() == null) {
      return;
    }
    state
        .find(integration.loadBalancer().target())
        .map(document -> document.spec())
        .filter(LoadBalancerSpec.class::isInstance)
        .map(LoadBalancerSpec.class::cast)
        .ifPresent(
            spec -> {
              boolean found =
                  spec.listeners().stream().anyMatch(l -> l.name().equals(integration.listener()));
              if (!found) {
                problems.add(
                    integration.listenerPosition(),
                    "spec.integration.listener",
                    "LoadBalancer "
                        + integration.loadBalancer().name()
                        + " has no listener named \""
                        + integration.listener()
                        + "\"; its listeners are "
                        + String.join(", ", spec.listeners().stream().map(l -> l.name()).toList()));
              }
            });
  }
}
