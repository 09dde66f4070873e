package io.mooring.kinds.elb;

import io.mooring.api.ResourceId;
import io.mooring.engine.OwnershipTags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;

/**
 * Batched reads of Elastic Load Balancing. A describe by names fails as a whole when one name does
 * not exist, so each falls back to listing everything and picking the names. A loop in which every
 * resource exists makes one call per batch.
 */
final class ElbReads {
  /**
   * DescribeLoadBalancers and DescribeTags take at most 20 names or ARNs. Target group names and
   * tag filter values are read in batches of the same size.
   */
  static final int BATCH = 20;

  private final ElasticLoadBalancingV2Client elb;

  ElbReads(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
  }

  /** Returns the load balancers of these names that exist, by name. */
  Map<String, LoadBalancer> balancers(List<String> names) {
    Map<String, LoadBalancer> found = new HashMap<>();
    for (List<String> batch : batches(names)) {
      try {
        elb.describeLoadBalancers(r -> r.names(batch))
            .loadBalancers()
            .forEach(lb -> found.put(lb.loadBalancerName(), lb));
      } catch (LoadBalancerNotFoundException e) {
        Set<String> wanted = Set.copyOf(batch);
        elb.describeLoadBalancersPaginator(r -> r.pageSize(400)).loadBalancers().stream()
            .filter(lb -> wanted.contains(lb.loadBalancerName()))
            .forEach(lb -> found.put(lb.loadBalancerName(), lb));
      }
    }
    return found;
  }

  /** Returns the target groups of these names that exist, by name. */
  Map<String, TargetGroup> targetGroupsByName(Collection<String> names) {
    Map<String, TargetGroup> found = new HashMap<>();
    for (List<String> batch : batches(List.copyOf(names))) {
      try {
        elb.describeTargetGroups(r -> r.names(batch))
            .targetGroups()
            .forEach(group -> found.put(group.targetGroupName(), group));
      } catch (TargetGroupNotFoundException e) {
        Set<String> wanted = Set.copyOf(batch);
        elb.describeTargetGroupsPaginator(r -> r.pageSize(400)).targetGroups().stream()
            .filter(group -> wanted.contains(group.targetGroupName()))
            .forEach(group -> found.put(group.targetGroupName(), group));
      }
    }
    return found;
  }

  /** Returns the target groups of these ARNs that still exist. */
  List<TargetGroup> targetGroupsByArn(List<String> arns) {
    List<TargetGroup> found = new ArrayList<>();
    for (String arn : arns) {
      try {
        found.addAll(elb.describeTargetGroups(r -> r.targetGroupArns(arn)).targetGroups());
      } catch (TargetGroupNotFoundException e) {
        // Deleted after the tag index listed it; nothing is left to read.
      }
    }
    return found;
  }

  /**
   * Returns the target groups whose ownership tags name one of these documents, with their tags, by
   * ARN. The Resource Groups Tagging API finds them in one call for all documents, including target
   * groups that a document no longer names.
   */
  Map<String, Map<String, String>> ownedTargetGroups(
      ResourceGroupsTaggingApiClient tagging, List<ResourceId> documents) {
    Map<String, Map<String, String>> owned = new LinkedHashMap<>();
    List<String> documentNames = documents.stream().map(ResourceId::toString).toList();
    for (List<String> values : batches(documentNames)) {
      for (ResourceTagMapping mapping :
          tagging
              .getResourcesPaginator(
                  r ->
                      r.resourceTypeFilters("elasticloadbalancing:targetgroup")
                          .tagFilters(f -> f.key(OwnershipTags.DOCUMENT).values(values)))
              .resourceTagMappingList()) {
        Map<String, String> tags = new LinkedHashMap<>();
        mapping.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        owned.put(mapping.resourceARN(), tags);
      }
    }
    return owned;
  }

  List<Listener> listeners(String balancerArn) {
    return elb.describeListenersPaginator(r -> r.loadBalancerArn(balancerArn)).listeners().stream()
        .toList();
  }

  Map<String, String> balancerAttributes(String balancerArn) {
    Map<String, String> attributes = new LinkedHashMap<>();
    elb.describeLoadBalancerAttributes(r -> r.loadBalancerArn(balancerArn))
        .attributes()
        .forEach(a -> attributes.put(a.key(), a.value()));
    return attributes;
  }

  Map<String, String> targetGroupAttributes(String targetGroupArn) {
    Map<String, String> attributes = new LinkedHashMap<>();
    elb.describeTargetGroupAttributes(r -> r.targetGroupArn(targetGroupArn))
        .attributes()
        .forEach(a -> attributes.put(a.key(), a.value()));
    return attributes;
  }

  /** Returns the tags of load balancers, target groups and listeners, by ARN, 20 at a time. */
  Map<String, Map<String, String>> tags(List<String> arns) {
    Map<String, Map<String, String>> tags = new HashMap<>();
    for (List<String> batch : batches(arns)) {
      for (TagDescription description :
          elb.describeTags(r -> r.resourceArns(batch)).tagDescriptions()) {
        tags.put(description.resourceArn(), ElbTags.toMap(description.tags()));
      }
    }
    return tags;
  }

  private static List<List<String>> batches(List<String> values) {
    List<List<String>> batches = new ArrayList<>();
    for (int from = 0; from < values.size(); from += BATCH) {
      batches.add(values.subList(from, Math.min(values.size(), from + BATCH)));
    }
    return batches;
  }
}
