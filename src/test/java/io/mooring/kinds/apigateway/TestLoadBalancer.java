package io.mooring.kinds.apigateway;

import io.mooring.testing.TestNetwork;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

/**
 * An internal application load balancer with one HTTP listener in the emulator, made directly with
 * the SDK for tests that need a listener to integrate with but no LoadBalancer document.
 */
public record TestLoadBalancer(
    String arn, String dnsName, String hostedZoneId, String listenerArn) {

  /** Creates the load balancer in the network's subnets, with a listener on {@code port}. */
  public static TestLoadBalancer create(TestNetwork network, String name, int port) {
    try (ElasticLoadBalancingV2Client elb = ElasticLoadBalancingV2Client.create()) {
      LoadBalancer balancer =
          elb.createLoadBalancer(
                  r ->
                      r.name(name)
                          .scheme("internal")
                          .type("application")
                          .subnets(network.subnetA(), network.subnetB())
                          .securityGroups(network.securityGroup()))
              .loadBalancers()
              .get(0);
      String vpc = vpcOf(network.subnetA());
      String group =
          elb.createTargetGroup(
                  r ->
                      r.name(name + "-api").protocol("HTTP").port(8000).vpcId(vpc).targetType("ip"))
              .targetGroups()
              .get(0)
              .targetGroupArn();
      return new TestLoadBalancer(
          balancer.loadBalancerArn(),
          balancer.dnsName(),
          balancer.canonicalHostedZoneId(),
          listener(elb, balancer.loadBalancerArn(), group, port));
    }
  }

  private static String vpcOf(String subnet) {
    try (Ec2Client ec2 = Ec2Client.create()) {
      return ec2.describeSubnets(r -> r.subnetIds(subnet)).subnets().get(0).vpcId();
    }
  }

  /** Adds another HTTP listener and returns its ARN. */
  public String addListener(int port) {
    try (ElasticLoadBalancingV2Client elb = ElasticLoadBalancingV2Client.create()) {
      String group =
          elb.describeListeners(r -> r.listenerArns(listenerArn))
              .listeners()
              .get(0)
              .defaultActions()
              .get(0)
              .targetGroupArn();
      return listener(elb, arn, group, port);
    }
  }

  private static String listener(
      ElasticLoadBalancingV2Client elb, String balancer, String group, int port) {
    return elb.createListener(
            r ->
                r.loadBalancerArn(balancer)
                    .protocol("HTTP")
                    .port(port)
                    .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(group)))
        .listeners()
        .get(0)
        .listenerArn();
  }
}
