package io.mooring.testing;

import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A VPC with two subnets in two availability zones and a security group in the emulator. ECS
 * checks that a service's subnets and security groups exist, so every test that creates a service
 * needs one. The zones are explicit because moto 5.2.5 puts a subnet without one in us-east-1a,
 * and a load balancer's SetSubnets rejects two subnets in one zone.
 */
public record TestNetwork(String subnetA, String subnetB, String securityGroup) {

  /** Creates the network with a default-built EC2 client, which reaches the emulator. */
  public static TestNetwork create() {
    try (Ec2Client ec2 = Ec2Client.create()) {
      String vpc = ec2.createVpc(r -> r.cidrBlock("10.20.0.0/16")).vpc().vpcId();
      String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.20.1.0/24").availabilityZone("us-east-1a")).subnet().subnetId();
      String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.20.2.0/24").availabilityZone("us-east-1b")).subnet().subnetId();
      String group =
          ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("api").description("test"))
              .groupId();
      return new TestNetwork(a, b, group);
    }
  }
}
