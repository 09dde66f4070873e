package io.mooring.kinds.elb;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.aws.AwsSession;
import io.mooring.testing.TestNetwork;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/** Reads and writes load balancers in the emulator, as a test checks or changes them. */
final class ElbTestSupport {
  private ElbTestSupport() {}

  static ElasticLoadBalancingV2Client client(AwsSession aws) {
    return LoadBalancerKind.client(aws);
  }

  static LoadBalancer balancer(ElasticLoadBalancingV2Client elb, String name) {
    return elb.describeLoadBalancers(r -> r.names(name)).loadBalancers().get(0);
  }

  static Map<String, String> attributes(ElasticLoadBalancingV2Client elb, LoadBalancer balancer) {
    return new ElbReads(elb).balancerAttributes(balancer.loadBalancerArn());
  }

  static Map<String, String> attributes(ElasticLoadBalancingV2Client elb, TargetGroup group) {
    return new ElbReads(elb).targetGroupAttributes(group.targetGroupArn());
  }

  static Map<String, String> tags(ElasticLoadBalancingV2Client elb, String arn) {
    return new LinkedHashMap<>(new ElbReads(elb).tags(List.of(arn)).getOrDefault(arn, Map.of()));
  }

  /** Returns the one target group in the emulator, failing when there are more or none. */
  static TargetGroup onlyTargetGroup(ElasticLoadBalancingV2Client elb) {
    List<TargetGroup> groups = elb.describeTargetGroups().targetGroups();
    assertThat(groups).hasSize(1);
    return groups.get(0);
  }

  /** Returns the one listener of a load balancer, failing when there are more or none. */
  static Listener onlyListener(ElasticLoadBalancingV2Client elb, LoadBalancer balancer) {
    List<Listener> listeners =
        elb.describeListeners(r -> r.loadBalancerArn(balancer.loadBalancerArn())).listeners();
    assertThat(listeners).hasSize(1);
    return listeners.get(0);
  }

  /**
   * Creates an internal load balancer with one tag and no listeners, as someone outside mooring
   * would, and returns its ARN.
   */
  static String createBare(
      ElasticLoadBalancingV2Client elb,
      String name,
      TestNetwork network,
      String tagKey,
      String tagValue) {
    return elb.createLoadBalancer(
            r ->
                r.name(name)
                    .scheme("internal")
                    .subnets(network.subnetA(), network.subnetB())
                    .securityGroups(network.securityGroup())
                    .tags(t -> t.key(tagKey).value(tagValue)))
        .loadBalancers()
        .get(0)
        .loadBalancerArn();
  }
}
