package io.mooring.kinds.elb;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * Everything observed about one {@code LoadBalancer} document.
 *
 * @param balancer the load balancer, or null when only target groups of the document exist
 * @param attributes the load balancer's attributes by key, as AWS returns them
 * @param tags the load balancer's tags
 * @param listeners the load balancer's listeners
 * @param targetGroups the target groups that carry the document's name or its ownership tags
 */
record LoadBalancerLive(
    LoadBalancer balancer,
    Map<String, String> attributes,
    Map<String, String> tags,
    List<ObservedListener> listeners,
    List<ObservedTargetGroup> targetGroups) {

  /** A listener with its tags. */
  record ObservedListener(Listener listener, Map<String, String> tags) {}

  /**
   * A target group with its attributes and tags.
   *
   * @param attributes the attributes by key, or empty when they were not read because the target
   *     group is left over from an earlier version of the document
   */
  record ObservedTargetGroup(
      TargetGroup group, Map<String, String> attributes, Map<String, String> tags) {}
}
