package io.mooring.kinds.elb;

import io.mooring.api.ResourceId;
import io.mooring.engine.DeletionPolicy;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.ReconcileContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/**
 * Finds, deletes and releases the load balancers and target groups that mooring owns, by their
 * tags. One owned resource stands for a whole document: its load balancer, or its target groups
 * alone when a deletion stopped after the load balancer was gone.
 */
final class ElbInventory {
  private static final Logger log = LoggerFactory.getLogger(ElbInventory.class);

  private ElbInventory() {}

  /**
   * The ARNs of a document's load balancer and target groups, for deletion or release. Whether
   * deletion protection is on is read on first use, so that only load balancers whose documents are
   * gone cost a call.
   */
  static final class OwnedBalancer {
    private final String balancerArn;
    private final List<String> targetGroupArns;
    private final ElasticLoadBalancingV2Client elb;
    private Boolean deletionProtection;

    OwnedBalancer(
        String balancerArn, List<String> targetGroupArns, ElasticLoadBalancingV2Client elb) {
      this.balancerArn = balancerArn;
      this.targetGroupArns = List.copyOf(targetGroupArns);
      this.elb = elb;
    }

    /** Returns the load balancer's ARN, or null when only target groups are left. */
    String balancerArn() {
      return balancerArn;
    }

    List<String> targetGroupArns() {
      return targetGroupArns;
    }

    synchronized boolean deletionProtection() {
      if (deletionProtection == null) {
        deletionProtection =
            balancerArn != null
                && "true"
                    .equals(
                        new ElbReads(elb)
                            .balancerAttributes(balancerArn)
                            .get(LoadBalancerFields.DELETION_PROTECTION));
      }
      return deletionProtection;
    }
  }

  static List<OwnedResource> owned(InventoryContext context) {
    Map<ResourceId, String> balancers = new LinkedHashMap<>();
    Map<ResourceId, Map<String, String>> tags = new LinkedHashMap<>();
    Map<ResourceId, List<String>> groups = new LinkedHashMap<>();
    for (InventoryContext.TaggedResource tagged :
        context.taggedResources(":elasticloadbalancing:")) {
      ResourceId document = OwnershipTags.documentOf(tagged.tags());
      if (document == null || !document.kind().equals(LoadBalancerKind.KIND)) {
        continue;
      }
      if (tagged.arn().contains(":loadbalancer/app/")) {
        balancers.put(document, tagged.arn());
        tags.put(document, tagged.tags());
      } else if (tagged.arn().contains(":targetgroup/")) {
        groups.computeIfAbsent(document, d -> new ArrayList<>()).add(tagged.arn());
        tags.putIfAbsent(document, tagged.tags());
      }
    }
    ElasticLoadBalancingV2Client elb = LoadBalancerKind.client(context.aws());
    List<OwnedResource> owned = new ArrayList<>();
    Set<ResourceId> documents = new LinkedHashSet<>(balancers.keySet());
    documents.addAll(groups.keySet());
    for (ResourceId document : documents) {
      List<String> groupArns = groups.getOrDefault(document, List.of());
      String balancerArn = balancers.get(document);
      String arn = balancerArn != null ? balancerArn : groupArns.get(0);
      owned.add(
          new OwnedResource(
              document, arn, tags.get(document), new OwnedBalancer(balancerArn, groupArns, elb)));
    }
    return owned;
  }

  /** Returns Retain for a load balancer with deletion protection, and Delete otherwise. */
  static DeletionPolicy defaultPolicy(OwnedResource resource) {
    OwnedBalancer owned = (OwnedBalancer) resource.details();
    return owned.deletionProtection() ? DeletionPolicy.RETAIN : DeletionPolicy.DELETE;
  }

  /**
   * Deletes the listeners, the load balancer and then the target groups, which AWS deletes only
   * when no listener uses them. A load balancer with deletion protection is kept even when its
   * deletion policy is Delete, because AWS rejects the deletion.
   */
  static void delete(OwnedResource resource, ReconcileContext context) {
    OwnedBalancer owned = (OwnedBalancer) resource.details();
    ElasticLoadBalancingV2Client elb = LoadBalancerKind.client(context.aws());
    if (owned.balancerArn() != null) {
      if (owned.deletionProtection()) {
        throw new IllegalStateException(
            "deletion protection is enabled on "
                + owned.balancerArn()
                + ", so it cannot be deleted; turn deletion protection off and the next loop"
                + " deletes it");
      }
      deleteBalancer(elb, owned.balancerArn());
    }
    for (String groupArn : owned.targetGroupArns()) {
      try {
        elb.deleteTargetGroup(r -> r.targetGroupArn(groupArn));
      } catch (TargetGroupNotFoundException e) {
        log.debug("Target group {} of {} is gone already", groupArn, resource.id());
      }
    }
  }

  /** Deletes a load balancer's listeners and then the load balancer. */
  static void deleteBalancer(ElasticLoadBalancingV2Client elb, String balancerArn) {
    try {
      for (Listener listener : new ElbReads(elb).listeners(balancerArn)) {
        elb.deleteListener(r -> r.listenerArn(listener.listenerArn()));
      }
      elb.deleteLoadBalancer(r -> r.loadBalancerArn(balancerArn));
    } catch (LoadBalancerNotFoundException e) {
      log.debug("Load balancer {} is gone already", balancerArn);
    }
  }

  /** Removes the {@code mooring:} tags from the load balancer, its listeners and target groups. */
  static void release(OwnedResource resource, ReconcileContext context) {
    OwnedBalancer owned = (OwnedBalancer) resource.details();
    ElasticLoadBalancingV2Client elb = LoadBalancerKind.client(context.aws());
    List<String> arns = new ArrayList<>(owned.targetGroupArns());
    if (owned.balancerArn() != null) {
      arns.add(owned.balancerArn());
      new ElbReads(elb).listeners(owned.balancerArn()).forEach(l -> arns.add(l.listenerArn()));
    }
    Set<String> keys = new LinkedHashSet<>();
    resource.tags().keySet().stream().filter(key -> key.startsWith("mooring:")).forEach(keys::add);
    keys.add(ElbTags.TARGET_GROUP);
    keys.add(ElbTags.LISTENER);
    for (int from = 0; from < arns.size(); from += ElbReads.BATCH) {
      List<String> batch = arns.subList(from, Math.min(arns.size(), from + ElbReads.BATCH));
      elb.removeTags(r -> r.resourceArns(batch).tagKeys(keys));
    }
  }
}
