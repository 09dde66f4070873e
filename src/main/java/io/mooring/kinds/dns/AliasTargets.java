package io.mooring.kinds.dns;

import io.mooring.api.DesiredResource;
import io.mooring.api.ResourceId;
import io.mooring.engine.ReconcileContext;
import io.mooring.kinds.apigateway.ApiKind;
import io.mooring.kinds.elb.LoadBalancerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

/**
 * Resolves the target of an alias record. For an Api document it is the custom domain's endpoint,
 * which the Api kind records. For a LoadBalancer document it is the load balancer's DNS name and
 * canonical hosted zone, which this class reads from Elastic Load Balancing by the ARN that the
 * LoadBalancer kind records. A document may also give the target directly.
 */
final class AliasTargets {
  /** DescribeLoadBalancers accepts at most this many ARNs. */
  private static final int DESCRIBE_BATCH = 20;

  private AliasTargets() {}

  /** An alias target: a DNS name in normal form and the hosted zone it is in. */
  record Target(String dnsName, String hostedZoneId) {}

  /** Returns the target, or empty while the Api or LoadBalancer it names does not exist yet. */
  static Optional<Target> resolve(DnsRecordSpec.Alias alias, ReconcileContext context) {
    if (alias.dnsName() != null) {
      return Optional.of(new Target(DnsNames.aliasTarget(alias.dnsName()), alias.hostedZoneId()));
    }
    if (alias.api() != null) {
      return ApiKind.domainTarget(context, alias.api().name())
          .map(t -> new Target(DnsNames.aliasTarget(t.dnsName()), t.hostedZoneId()));
    }
    return loadBalancer(context, alias.loadBalancer().name());
  }

  /**
   * Returns a placeholder such as {@code (Api/orders)} that a plan shows until the target exists.
   */
  static String placeholder(DnsRecordSpec.Alias alias) {
    if (alias.api() != null) {
      return "(" + alias.api().target() + " domain)";
    }
    return "(" + alias.loadBalancer().target() + ")";
  }

  /**
   * Reads the DNS names of the load balancers that the documents alias to, in batches, and keeps
   * them in the context for this reconcile. Load balancers that do not exist yet are skipped.
   */
  static void readLoadBalancers(
      List<DesiredResource<DnsRecordSpec>> desired, ReconcileContext context) {
    List<String> arns = new ArrayList<>();
    for (DesiredResource<DnsRecordSpec> resource : desired) {
      DnsRecordSpec.Alias alias = resource.spec().alias();
      if (alias != null && alias.loadBalancer() != null) {
        context.id(LoadBalancerKind.id(alias.loadBalancer().name())).ifPresent(arns::add);
      }
    }
    List<String> distinct = arns.stream().distinct().toList();
    for (int from = 0; from < distinct.size(); from += DESCRIBE_BATCH) {
      List<String> batch = distinct.subList(from, Math.min(distinct.size(), from + DESCRIBE_BATCH));
      client(context)
          .describeLoadBalancers(r -> r.loadBalancerArns(batch))
          .loadBalancers()
          .forEach(balancer -> record(context, balancer));
    }
  }

  private static Optional<Target> loadBalancer(ReconcileContext context, String name) {
    Optional<String> arn = context.id(LoadBalancerKind.id(name));
    if (arn.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> dnsName = context.id(key(arn.get(), "dns-name"));
    if (dnsName.isEmpty()) {
      // The load balancer was created after this reconcile observed the DNS records.
      client(context)
          .describeLoadBalancers(r -> r.loadBalancerArns(arn.get()))
          .loadBalancers()
          .forEach(balancer -> record(context, balancer));
      dnsName = context.id(key(arn.get(), "dns-name"));
    }
    Optional<String> zone = context.id(key(arn.get(), "hosted-zone"));
    if (dnsName.isEmpty() || zone.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Target(DnsNames.aliasTarget(dnsName.get()), zone.get()));
  }

  private static void record(ReconcileContext context, LoadBalancer balancer) {
    context.recordId(key(balancer.loadBalancerArn(), "dns-name"), balancer.dnsName());
    context.recordId(
        key(balancer.loadBalancerArn(), "hosted-zone"), balancer.canonicalHostedZoneId());
  }

  private static ResourceId key(String loadBalancerArn, String part) {
    return new ResourceId(DnsRecordKind.KIND, "#load-balancer-" + part + " " + loadBalancerArn);
  }

  private static ElasticLoadBalancingV2Client client(ReconcileContext context) {
    return context
        .aws()
        .client(ElasticLoadBalancingV2Client.class, ElasticLoadBalancingV2Client::builder);
  }
}
