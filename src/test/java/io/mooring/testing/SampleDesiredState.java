package io.mooring.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * The repository's own desired-state/ for integration tests: what it expects to exist in the
 * emulator already, and a copy of its files with the emulator's ids.
 */
public final class SampleDesiredState {
  private static final Path SAMPLE = Path.of("desired-state");

  private SampleDesiredState() {}

  /**
   * Creates the VPC, subnets, hosted zone and permissions boundary that the sample names, and
   * returns the sample's ids mapped to the emulator's.
   */
  public static Map<String, String> prepareEmulator() {
    try (Ec2Client ec2 = Ec2Client.create();
        Route53Client route53 = Route53Client.create();
        IamClient iam = IamClient.builder().build()) {
      String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
      String[] subnets = new String[4];
      for (int i = 0; i < 4; i++) {
        String cidr = "10.0." + (i + 1) + ".0/24";
        String zone = i % 2 == 0 ? "us-east-1a" : "us-east-1b";
        subnets[i] = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(cidr).availabilityZone(zone)).subnet().subnetId();
      }
      route53.createHostedZone(r -> r.name("example.com").callerReference("sample-stack"));
      iam.createPolicy(
          r ->
              r.policyName("mooring-boundary")
                  .policyDocument(
                      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
      return Map.of(
          "vpc-0a1b2c3d", vpc,
          "subnet-0a1b2c3d", subnets[0],
          "subnet-4e5f6a7b", subnets[1],
          "subnet-8c9d0e1f", subnets[2],
          "subnet-2a3b4c5d", subnets[3]);
    }
  }

  /**
   * Copies desired-state/ into {@code dir} with the emulator's ids. Two changes work around moto
   * 5.2.5: its API Gateway domains have no alias target, so the record aliases the load balancer,
   * and it has no AWS managed policies unless started with them, so execution roles attach none.
   */
  public static void copyTo(Path dir, Map<String, String> ids) throws IOException {
    try (Stream<Path> files = Files.list(SAMPLE)) {
      for (Path file : files.toList()) {
        String text = Files.readString(file);
        for (Map.Entry<String, String> id : ids.entrySet()) {
          text = text.replace(id.getKey(), id.getValue());
        }
        text = text.replace("    api: orders\n", "    loadBalancer: edge\n");
        text = text.replaceAll("managedPolicies:\\n( *- arn:aws:iam::aws:policy/.*\\n)+", "managedPolicies: []\n");
        Files.writeString(dir.resolve(file.getFileName()), text);
      }
    }
  }
}
