package io.mooring.kinds.elb;

import io.mooring.api.DesiredResource;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.ReconcileContext;
import io.mooring.kinds.elb.LoadBalancerLive.ObservedListener;
import io.mooring.kinds.elb.LoadBalancerLive.ObservedTargetGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;

/**
 * Reads the live state of every {@code LoadBalancer} document of a loop, and records the ARNs of
 * load balancers, target groups and listeners in the context for the documents that refer to them.
 *
 * <p>For up to 20 documents, a loop in which every resource exists makes one DescribeLoadBalancers,
 * one DescribeTargetGroups, one tagging API call and one DescribeTags for every 20 ARNs. It adds
 * DescribeListeners and DescribeLoadBalancerAttributes for each load balancer and
 * DescribeTargetGroupAttributes for each target group, because AWS reads those one at a time.
 */
final class LoadBalancerObserver {

  Map<String, LiveResource> observe(
      List<DesiredResource<LoadBalancerSpec>> desired, ReconcileContext context) {
    ElbReads reads = new ElbReads(LoadBalancerKind.client(context.aws()));
    Map<String, LoadBalancer> balancers =
        reads.balancers(desired.stream().map(DesiredResource::name).toList());
    Set<String> groupNames = new HashSet<>();
    desired.forEach(
        d ->
            d.spec().targetGroups().forEach(g -> groupNames.add(TargetGroupNames.of(d.name(), g))));
    Map<String, TargetGroup> byName = reads.targetGroupsByName(groupNames);
    Map<String, Map<String, String>> ownedByTag =
        reads.ownedTargetGroups(
            context
                .aws()
                .client(
                    ResourceGroupsTaggingApiClient.class, ResourceGroupsTaggingApiClient::builder),
            desired.stream().map(DesiredResource::id).toList());
    List<TargetGroup> staleGroups = staleGroups(reads, byName, ownedByTag);

    Map<String, List<Listener>> listeners = new HashMap<>();
    Map<String, Map<String, String>> attributes = new HashMap<>();
    List<String> arnsToTag = new ArrayList<>();
    for (LoadBalancer balancer : balancers.values()) {
      listeners.put(balancer.loadBalancerArn(), reads.listeners(balancer.loadBalancerArn()));
      attributes.put(
          balancer.loadBalancerArn(), reads.balancerAttributes(balancer.loadBalancerArn()));
      arnsToTag.add(balancer.loadBalancerArn());
      listeners.get(balancer.loadBalancerArn()).forEach(l -> arnsToTag.add(l.listenerArn()));
    }
    byName.values().forEach(group -> arnsToTag.add(group.targetGroupArn()));
    Map<String, Map<String, String>> tags = new HashMap<>(ownedByTag);
    tags.putAll(reads.tags(arnsToTag));

    Map<String, LiveResource> live = new HashMap<>();
    for (DesiredResource<LoadBalancerSpec> resource : desired) {
      List<TargetGroup> groups = groupsOf(resource, byName, staleGroups, tags);
      recordTargetGroups(resource, byName, context);
      LoadBalancer balancer = balancers.get(resource.name());
      if (balancer == null) {
        continue;
      }
      String arn = balancer.loadBalancerArn();
      LoadBalancerLive details =
          new LoadBalancerLive(
              balancer,
              attributes.get(arn),
              tags.getOrDefault(arn, Map.of()),
              listeners.get(arn).stream()
                  .map(l -> new ObservedListener(l, tags.getOrDefault(l.listenerArn(), Map.of())))
                  .toList(),
              groups.stream().map(g -> observed(resource, g, tags, reads)).toList());
      live.put(resource.name(), toLive(resource, details, context));
    }
    return live;
  }

  /** Reads the owned target groups that no document names under their current AWS name. */
  private static List<TargetGroup> staleGroups(
      ElbReads reads,
      Map<String, TargetGroup> byName,
      Map<String, Map<String, String>> ownedByTag) {
    Set<String> known = new HashSet<>();
    byName.values().forEach(group -> known.add(group.targetGroupArn()));
    List<String> stale = ownedByTag.keySet().stream().filter(arn -> !known.contains(arn)).toList();
    return stale.isEmpty() ? List.of() : reads.targetGroupsByArn(stale);
  }

  /**
   * Returns the target groups of one document: those with the AWS names it derives, and those whose
   * ownership tags name it in its stack.
   */
  private static List<TargetGroup> groupsOf(
      DesiredResource<LoadBalancerSpec> resource,
      Map<String, TargetGroup> byName,
      List<TargetGroup> staleGroups,
      Map<String, Map<String, String>> tags) {
    List<TargetGroup> groups = new ArrayList<>();
    for (LoadBalancerSpec.TargetGroup group : resource.spec().targetGroups()) {
      TargetGroup found = byName.get(TargetGroupNames.of(resource.name(), group));
      if (found != null) {
        groups.add(found);
      }
    }
    for (TargetGroup stale : staleGroups) {
      Map<String, String> staleTags = tags.getOrDefault(stale.targetGroupArn(), Map.of());
      if (OwnershipTags.classify(staleTags, resource) == LiveResource.Ownership.OWNED) {
        groups.add(stale);
      }
    }
    return groups;
  }

  /**
   * Records the ARN of each target group that exists under its current AWS name, even when the load
   * balancer does not exist, so that creating the load balancer reuses it.
   */
  private static void recordTargetGroups(
      DesiredResource<LoadBalancerSpec> resource,
      Map<String, TargetGroup> byName,
      ReconcileContext context) {
    for (LoadBalancerSpec.TargetGroup group : resource.spec().targetGroups()) {
      TargetGroup found = byName.get(TargetGroupNames.of(resource.name(), group));
      if (found != null) {
        context.recordId(
            LoadBalancerKind.targetGroupId(resource.name(), group.name()), found.targetGroupArn());
      }
    }
  }

  /**
   * Pairs a target group with its tags and, when the document names it, its attributes. A target
   * group left over from an earlier version of the document is deleted, so its attributes are not
   * read.
   */
  private static ObservedTargetGroup observed(
      DesiredResource<LoadBalancerSpec> resource,
      TargetGroup group,
      Map<String, Map<String, String>> tags,
      ElbReads reads) {
    Map<String, String> groupTags = tags.getOrDefault(group.targetGroupArn(), Map.of());
    String documentName = groupTags.get(ElbTags.TARGET_GROUP);
    boolean named =
        resource.spec().targetGroups().stream()
            .anyMatch(
                g ->
                    TargetGroupNames.of(resource.name(), g).equals(group.targetGroupName())
                        || g.name().equals(documentName));
    Map<String, String> attributes =
        named ? reads.targetGroupAttributes(group.targetGroupArn()) : Map.of();
    return new ObservedTargetGroup(group, attributes, groupTags);
  }

  private static LiveResource toLive(
      DesiredResource<LoadBalancerSpec> resource,
      LoadBalancerLive details,
      ReconcileContext context) {
    String arn = details.balancer().loadBalancerArn();
    context.recordId(LoadBalancerKind.id(resource.name()), arn);
    MatchedParts parts = MatchedParts.of(resource.name(), resource.spec(), details);
    parts
        .listeners()
        .forEach(
            (name, listener) ->
                context.recordId(
                    LoadBalancerKind.listenerId(resource.name(), name),
                    listener.listener().listenerArn()));
    return new LiveResource(
        arn,
        OwnershipTags.classify(details.tags(), resource),
        LoadBalancerFields.live(resource.name(), resource.spec(), details),
        details);
  }
}
