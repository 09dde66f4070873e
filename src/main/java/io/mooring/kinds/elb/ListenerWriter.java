package io.mooring.kinds.elb;

import io.mooring.api.DesiredResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.kinds.elb.LoadBalancerLive.ObservedListener;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyListenerRequest;

/** Creates, updates and deletes the listeners of a load balancer. */
final class ListenerWriter {
  private final ElasticLoadBalancingV2Client elb;

  ListenerWriter(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
  }

  /** Returns the tags of a listener: the document's, and its name within the document. */
  static Map<String, String> tags(
      DesiredResource<LoadBalancerSpec> desired, LoadBalancerSpec.Listener listener) {
    return ElbTags.with(
        OwnershipTags.with(desired, desired.spec().tags()), ElbTags.LISTENER, listener.name());
  }

  /** Creates a listener that forwards to the target group of this ARN and returns its ARN. */
  String create(
      String balancerArn,
      DesiredResource<LoadBalancerSpec> desired,
      LoadBalancerSpec.Listener listener,
      String targetGroupArn) {
    return elb.createListener(
            r -> {
              r.loadBalancerArn(balancerArn)
                  .port(listener.port())
                  .protocol(listener.protocol())
                  .defaultActions(forward(targetGroupArn))
                  .tags(ElbTags.toList(tags(desired, listener)));
              if (listener.certificateArn() != null) {
                r.certificates(
                        Certificate.builder().certificateArn(listener.certificateArn()).build())
                    .sslPolicy(listener.sslPolicy());
              }
            })
        .listeners()
        .get(0)
        .listenerArn();
  }

  /**
   * Changes a live listener where it differs from the document, which includes moving it to a
   * target group that replaced the one it forwards to, and brings its tags to the document's.
   */
  void update(
      ObservedListener live,
      DesiredResource<LoadBalancerSpec> desired,
      LoadBalancerSpec.Listener listener,
      String targetGroupArn) {
    Listener current = live.listener();
    if (differs(current, listener, targetGroupArn)) {
      ModifyListenerRequest.Builder request =
          ModifyListenerRequest.builder()
              .listenerArn(current.listenerArn())
              .port(listener.port())
              .protocol(listener.protocol())
              .defaultActions(forward(targetGroupArn));
      if (listener.certificateArn() != null) {
        request
            .certificates(Certificate.builder().certificateArn(listener.certificateArn()).build())
            .sslPolicy(listener.sslPolicy());
      }
      elb.modifyListener(request.build());
    }
    ElbTags.sync(elb, current.listenerArn(), tags(desired, listener), live.tags());
  }

  void delete(String arn) {
    try {
      elb.deleteListener(r -> r.listenerArn(arn));
    } catch (ListenerNotFoundException e) {
      // Gone already, which is what deleting asked for.
    }
  }

  /** Returns whether a live listener differs from the document in any setting mooring manages. */
  static boolean differs(
      Listener current, LoadBalancerSpec.Listener listener, String targetGroupArn) {
    boolean https = "HTTPS".equals(listener.protocol());
    String certificate =
        current.certificates().isEmpty() ? null : current.certificates().get(0).certificateArn();
    List<Action> actions = current.defaultActions();
    boolean forwards =
        actions.size() == 1
            && "forward".equals(actions.get(0).typeAsString())
            && LoadBalancerFields.forwardArns(actions.get(0)).equals(List.of(targetGroupArn));
    return !Objects.equals(current.port(), listener.port())
        || !listener.protocol().equals(current.protocolAsString())
        || !forwards
        || https && !Objects.equals(certificate, listener.certificateArn())
        || https && !Objects.equals(current.sslPolicy(), listener.sslPolicy());
  }

  private static Action forward(String targetGroupArn) {
    return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroupArn).build();
  }
}
