package io.mooring.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.mooring.api.DesiredState;
import io.mooring.kinds.Kinds;
import io.mooring.load.DesiredStateLoader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Checks that the policy {@code iam-policy desired-state} prints allows every AWS call that product
 * code made in the integration tests of this run, as {@link AwsActionRecorder} recorded them.
 *
 * <p>The highest {@link Order} and the class orderer in {@code junit-platform.properties} make
 * Failsafe run this class after every other integration test. Only actions are checked, and for API
 * Gateway also the resource path, because IAM's resource and condition rules for the other services
 * are not simulated here.
 */
@Order(Integer.MAX_VALUE)
class IamPolicyCoverageIT {
  /** The region and account of the emulator, which the API Gateway paths are checked against. */
  private static final String REGION = "us-east-1";

  private static final String ACCOUNT = "123456789012";

  /**
   * The IAM service prefix of each SDK service name, compared in lower case without punctuation.
   */
  private static final Map<String, String> IAM_PREFIX =
      Map.ofEntries(
          Map.entry("applicationautoscaling", "application-autoscaling"),
          Map.entry("cloudwatch", "cloudwatch"),
          Map.entry("cloudwatchlogs", "logs"),
          Map.entry("config", "config"),
          Map.entry("configservice", "config"),
          Map.entry("dynamodb", "dynamodb"),
          Map.entry("ec2", "ec2"),
          Map.entry("ecr", "ecr"),
          Map.entry("ecs", "ecs"),
          Map.entry("elasticloadbalancingv2", "elasticloadbalancing"),
          Map.entry("eventbridge", "events"),
          Map.entry("iam", "iam"),
          Map.entry("rds", "rds"),
          Map.entry("resourcegroupstaggingapi", "tag"),
          Map.entry("route53", "route53"),
          Map.entry("secretsmanager", "secretsmanager"),
          Map.entry("sns", "sns"),
          Map.entry("sts", "sts"));

  @Test
  void policyAllowsEveryRecordedCall() throws IOException {
    TreeSet<String> recorded = recordedCalls();
    assumeThat(recorded)
        .as("AWS calls recorded by this run's integration tests in %s", AwsActionRecorder.DIRECTORY)
        .isNotEmpty();
    IamPolicy policy = PolicyGenerator.generate(desiredState(), options());

    List<String> missing = new ArrayList<>();
    TreeSet<String> operations = new TreeSet<>();
    TreeSet<String> actions = new TreeSet<>();
    for (String call : recorded) {
      operations.add(call.split(" ")[0]);
      RequiredPermission required = requiredPermission(call);
      if (required == null) {
        continue;
      }
      actions.add(required.action());
      if (!allows(policy, required)) {
        missing.add(call + " needs " + required);
      }
    }

    System.out.printf(
        "IAM policy coverage: %d operations from product code, %d IAM actions, %d missing: %s%n",
        operations.size(), actions.size(), missing.size(), actions);
    assertThat(missing)
        .as("calls from product code that iam-policy desired-state does not allow")
        .isEmpty();
  }

  /** Returns the lines that test JVMs of this run wrote, leaving out files of earlier runs. */
  private static TreeSet<String> recordedCalls() throws IOException {
    TreeSet<String> calls = new TreeSet<>();
    if (!Files.isDirectory(AwsActionRecorder.DIRECTORY)) {
      return calls;
    }
    long started = ManagementFactory.getRuntimeMXBean().getStartTime();
    try (Stream<Path> files = Files.list(AwsActionRecorder.DIRECTORY)) {
      for (Path file : files.sorted().toList()) {
        if (Files.getLastModifiedTime(file).toMillis() >= started) {
          Files.readAllLines(file).stream().filter(line -> !line.isBlank()).forEach(calls::add);
        }
      }
    }
    return calls;
  }

  private static DesiredState desiredState() {
    return new DesiredStateLoader(Kinds.registry()).load(Path.of("desired-state"));
  }

  /** Returns the options of the daemon in desired-state/mooring.yaml, with leases and webhooks. */
  private static PolicyOptions options() {
    return new PolicyOptions(
        "aws",
        REGION,
        ACCOUNT,
        PolicyOptions.DEFAULT_METRICS_NAMESPACE,
        "mooring-leases",
        "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:mooring-webhook-AbCdEf",
        null,
        null);
  }

  /**
   * Returns the IAM action, and for API Gateway the resource, that a recorded call needs, or null
   * for the API Gateway lines without a request, whose request line is checked instead.
   */
  static RequiredPermission requiredPermission(String call) {
    String[] parts = call.split(" ");
    String[] serviceAndOperation = parts[0].split(":", 2);
    String service = serviceAndOperation[0];
    if (service.equals(AwsActionRecorder.API_GATEWAY_V2)) {
      if (parts.length < 3) {
        return null;
      }
      // API Gateway's IAM resources are its REST paths without the /v2 version prefix.
      String path = parts[2].replaceFirst("^/v2/", "/");
      return new RequiredPermission(
          "apigateway:" + parts[1], "arn:aws:apigateway:" + REGION + "::" + path);
    }
    String prefix = IAM_PREFIX.get(service.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""));
    if (prefix == null) {
      throw new IllegalStateException(
          "no IAM prefix for the SDK service "
              + service
              + " of "
              + call
              + "; add it to IAM_PREFIX");
    }
    return new RequiredPermission(prefix + ":" + serviceAndOperation[1], null);
  }

  static boolean allows(IamPolicy policy, RequiredPermission required) {
    for (PolicyStatement statement : policy.statements()) {
      boolean action =
          statement.actions().stream().anyMatch(a -> matches(a, required.action(), true));
      boolean resource =
          required.resource() == null
              || statement.resources().stream()
                  .anyMatch(r -> matches(r, required.resource(), false));
      if (action && resource) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether an IAM pattern matches a value: {@code *} stands for any characters and {@code
   * ?} for one. IAM compares actions without regard to case and resources with it.
   */
  static boolean matches(String pattern, String value, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    int flags = ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL;
    return Pattern.compile(regex.toString(), flags).matcher(value).matches();
  }

  /** An IAM action and, when checked, the ARN it acts on. */
  record RequiredPermission(String action, String resource) {
    @Override
    public String toString() {
      return resource == null ? action : action + " on " + resource;
    }
  }
}
