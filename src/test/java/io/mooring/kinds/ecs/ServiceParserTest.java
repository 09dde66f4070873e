package io.mooring.kinds.ecs;

import static io.mooring.load.StateDirectory.CLUSTER;
import static io.mooring.load.StateDirectory.SERVICE;
import static io.mooring.load.StateDirectory.withSpecLines;
import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.load.StateDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validation and defaults of a Service's spec, through the real loader. Documents start from {@link
 * StateDirectory#SERVICE}, whose spec fields sit on lines 6 to 12; appended lines start on line 13.
 */
class ServiceParserTest {
  @TempDir Path root;

  private StateDirectory dir;

  @BeforeEach
  void writeCluster() {
    dir = new StateDirectory(root).write("cluster.yaml", CLUSTER);
  }

  private List<String> problemsOf(String service) {
    return dir.write("web.yaml", service).problems();
  }

  private ServiceSpec specOf(String service) {
    return dir.write("web.yaml", service).load().ofKind("Service", ServiceSpec.class).get(0).spec();
  }

  // Defaults

  @Test
  void minimalServiceGetsDefaults() {
    ServiceSpec spec = specOf(SERVICE);

    assertThat(spec.cpuArchitecture()).isEqualTo("X86_64");
    assertThat(spec.platformVersion()).isEqualTo("LATEST");
    assertThat(spec.desiredCount()).isEqualTo(2);
    assertThat(spec.scaling()).isNull();
    assertThat(spec.logs()).isEqualTo(new ServiceSpec.Logs("/ecs/web", null));
    assertThat(spec.deployment()).isEqualTo(new ServiceSpec.Deployment(100, 200, false, false));
    assertThat(spec.roles()).isEqualTo(new ServiceSpec.Roles(null, null));
    assertThat(spec.network().subnets()).containsExactly("subnet-0a1b2c3d");
    assertThat(spec.network().securityGroups()).isEmpty();
    assertThat(spec.network().assignPublicIp()).isFalse();
    assertThat(spec.container().protocol()).isEqualTo("tcp");
    assertThat(spec.container().healthCheck()).isNull();
    assertThat(spec.container().readOnlyRootFilesystem()).isFalse();
    assertThat(spec.enableExecuteCommand()).isFalse();
  }

  @Test
  void healthCheckFillsEcsDefaults() {
    ServiceSpec spec = specOf(withSpecLines("  healthCheck:\n    command: [CMD, /bin/check]\n"));

    assertThat(spec.container().healthCheck())
        .isEqualTo(new ServiceSpec.HealthCheck(List.of("CMD", "/bin/check"), 30, 5, 3, 0));
  }

  @Test
  void circuitBreakerBlockEnablesBreakerWithoutRollback() {
    ServiceSpec spec = specOf(withSpecLines("  deployment:\n    circuitBreaker: {}\n"));

    assertThat(spec.deployment()).isEqualTo(new ServiceSpec.Deployment(100, 200, true, false));
  }

  @Test
  void yamlYesIsTrue() {
    ServiceSpec spec = specOf(withSpecLines("    assignPublicIp: yes\n"));

    assertThat(spec.network().assignPublicIp()).isTrue();
  }

  @Test
  void scalingReplacesDesiredCount() {
    String service =
        SERVICE.replace("  desiredCount: 2\n", "")
            + "  scaling:\n    min: 2\n    max: 6\n    memoryTarget: 70\n";

    ServiceSpec spec = specOf(service);

    assertThat(spec.desiredCount()).isNull();
    assertThat(spec.scaling()).isEqualTo(new ServiceSpec.Scaling(2, 6, null, 70, 300, 60));
  }

  @Test
  void secretAndParameterArnsAreAccepted() {
    ServiceSpec spec =
        specOf(
            withSpecLines(
                """
                  secrets:
                    DB_URL: arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf
                    API_KEY: arn:aws:ssm:eu-west-1:123456789012:parameter/web/api-key
                """));

    assertThat(spec.container().secrets()).containsOnlyKeys("DB_URL", "API_KEY");
  }

  // Unknown fields

  @Test
  void unknownSpecFieldIsReported() {
    assertThat(problemsOf(withSpecLines("  replicas: 3\n")))
        .containsExactly("web.yaml:13:3: spec.replicas: unknown field");
  }

  @Test
  void unknownNetworkFieldIsReported() {
    assertThat(problemsOf(withSpecLines("    vpc: vpc-0a1b2c3d\n")))
        .containsExactly("web.yaml:13:5: spec.network.vpc: unknown field");
  }

  @Test
  void unknownCircuitBreakerFieldIsReported() {
    String service =
        withSpecLines(
            """
              deployment:
                circuitBreaker:
                  enable: true
                  alarms: []
            """);

    assertThat(problemsOf(service))
        .containsExactly("web.yaml:16:7: spec.deployment.circuitBreaker.alarms: unknown field");
  }

  @Test
  void unknownHealthCheckFieldIsReported() {
    String service = withSpecLines("  healthCheck:\n    command: [NONE]\n    grace: 10\n");

    assertThat(problemsOf(service))
        .containsExactly("web.yaml:15:5: spec.healthCheck.grace: unknown field");
  }

  // Wrong types

  @Test
  void quotedCpuIsOneProblem() {
    assertThat(problemsOf(SERVICE.replace("cpu: 512", "cpu: \"512\"")))
        .containsExactly("web.yaml:8:8: spec.cpu: expected an integer, found a string");
  }

  @Test
  void quotedMemoryIsOneProblem() {
    assertThat(problemsOf(SERVICE.replace("memory: 1024", "memory: 1GB")))
        .containsExactly("web.yaml:9:11: spec.memory: expected an integer, found a string");
  }

  @Test
  void integerEnvironmentValueMustBeQuoted() {
    assertThat(problemsOf(withSpecLines("  environment:\n    WORKERS: 2\n")))
        .containsExactly(
            "web.yaml:14:14: spec.environment.WORKERS: expected a string, found an integer;"
                + " quote the value");
  }

  @Test
  void networkListIsOneProblem() {
    String service =
        SERVICE.replace(
            "  network:\n    subnets: [subnet-0a1b2c3d]\n", "  network: [subnet-0a1b2c3d]\n");

    assertThat(problemsOf(service))
        .containsExactly("web.yaml:11:12: spec.network: expected a mapping, found a list");
  }

  @Test
  void scalingOfWrongTypeIsOneProblem() {
    String service = SERVICE.replace("  desiredCount: 2\n", "  scaling: 4\n");

    assertThat(problemsOf(service))
        .containsExactly("web.yaml:10:12: spec.scaling: expected a mapping, found an integer");
  }

  // Fargate sizes

  @Test
  void invalidFargateCpuIsReported() {
    assertThat(problemsOf(SERVICE.replace("cpu: 512", "cpu: 300")))
        .containsExactly(
            "web.yaml:8:8: spec.cpu: invalid Fargate CPU 300: use 256, 512, 1024, 2048, 4096,"
                + " 8192 or 16384");
  }

  @Test
  void invalidFargateCpuMemoryPairIsReported() {
    assertThat(problemsOf(SERVICE.replace("memory: 1024", "memory: 3000")))
        .containsExactly(
            "web.yaml:9:11: spec.memory: invalid Fargate memory 3000 MiB for cpu 512: use 1024 to"
                + " 4096 in steps of 1024");
  }

  @Test
  void smallestCpuListsThreeMemorySizes() {
    String service =
        SERVICE.replace("cpu: 512", "cpu: 256").replace("memory: 1024", "memory: 4096");

    assertThat(problemsOf(service))
        .containsExactly(
            "web.yaml:9:11: spec.memory: invalid Fargate memory 4096 MiB for cpu 256: use 512, 1024"
                + " or 2048");
  }

  @Test
  void missingCpuIsReported() {
    assertThat(problemsOf(SERVICE.replace("  cpu: 512\n", "")))
        .containsExactly("web.yaml:6:3: spec.cpu: required field is missing");
  }

  @Test
  void missingMemoryIsReported() {
    assertThat(problemsOf(SERVICE.replace("  memory: 1024\n", "")))
        .containsExactly("web.yaml:6:3: spec.memory: required field is missing");
  }

  // Secrets, roles and variable names

  @Test
  void plaintextSecretIsRejected() {
    assertThat(problemsOf(withSpecLines("  secrets:\n    DB_PASSWORD: hunter2\n")))
        .containsExactly(
            "web.yaml:14:18: spec.secrets.DB_PASSWORD: must be a Secrets Manager secret ARN or an"
                + " SSM parameter ARN; plaintext values are rejected");
  }

  @Test
  void plaintextSecretIsNotEchoed() {
    assertThat(problemsOf(withSpecLines("  secrets:\n    DB_PASSWORD: hunter2\n")))
        .noneMatch(problem -> problem.contains("hunter2"));
  }

  /** A Role document named {@code orders-task}, with the Environment that its boundary needs. */
  private static final String ROLE =
      """
      apiVersion: mooring/v1
      kind: Environment
      metadata: {name: prod}
      spec:
        permissionsBoundary: arn:aws:iam::123456789012:policy/boundary
      ---
      apiVersion: mooring/v1
      kind: Role
      metadata: {name: orders-task}
      spec:
        assumedBy: ecs-tasks.amazonaws.com
      """;

  @Test
  void roleNameIsReferenceToRoleDocument() {
    dir.write("role.yaml", ROLE);

    ServiceSpec spec = specOf(withSpecLines("  roles:\n    task: orders-task\n"));

    assertThat(spec.roles().task()).isEqualTo("orders-task");
    assertThat(spec.roles().documents())
        .singleElement()
        .satisfies(reference -> assertThat(reference.kind()).isEqualTo("Role"))
        .satisfies(reference -> assertThat(reference.name()).isEqualTo("orders-task"))
        .satisfies(reference -> assertThat(reference.field()).isEqualTo("spec.roles.task"));
    assertThat(spec.roles().arns()).isEmpty();
  }

  @Test
  void roleNameWithoutRoleDocumentIsReported() {
    assertThat(problemsOf(withSpecLines("  roles:\n    task: orders-task\n")))
        .containsExactly("web.yaml:14:11: spec.roles.task: no Role document is named \"orders-task\"");
  }

  @Test
  void roleNameOfClusterIsReported() {
    assertThat(problemsOf(withSpecLines("  roles:\n    execution: prod\n")))
        .containsExactly(
            "web.yaml:14:16: spec.roles.execution: \"prod\" is of kind Cluster, expected kind Role");
  }

  @Test
  void roleArnNamesNoDocument() {
    ServiceSpec spec =
        specOf(withSpecLines("  roles:\n    task: arn:aws:iam::123456789012:role/app/orders-task\n"));

    assertThat(spec.roles().task()).isEqualTo("arn:aws:iam::123456789012:role/app/orders-task");
    assertThat(spec.roles().documents()).isEmpty();
    assertThat(spec.roles().arns())
        .extracting(arn -> arn.arn() + " " + arn.field())
        .containsExactly("arn:aws:iam::123456789012:role/app/orders-task spec.roles.task");
  }

  @Test
  void invalidRoleNameIsReported() {
    assertThat(problemsOf(withSpecLines("  roles:\n    task: Orders_Task\n")))
        .containsExactly(
            "web.yaml:14:11: spec.roles.task: invalid value \"Orders_Task\": expected the"
                + " metadata.name of a Role document, or an IAM role ARN such as"
                + " arn:aws:iam::123456789012:role/NAME");
  }

  @Test
  void userArnAsExecutionRoleIsReported() {
    String service = withSpecLines("  roles:\n    execution: arn:aws:iam::123456789012:user/bob\n");

    assertThat(problemsOf(service))
        .containsExactly(
            "web.yaml:14:16: spec.roles.execution: invalid value"
                + " \"arn:aws:iam::123456789012:user/bob\": expected an IAM role ARN such as"
                + " arn:aws:iam::123456789012:role/NAME, or the metadata.name of a Role document");
  }

  @Test
  void invalidVariableNamesAreReportedAtTheirKeys() {
    String service =
        withSpecLines(
            """
              environment:
                1ST: a
                LOG-LEVEL: b
                OK_NAME: c
              secrets:
                db.url: arn:aws:ssm:eu-west-1:123456789012:parameter/db-url
            """);

    assertThat(problemsOf(service))
        .containsExactly(
            "web.yaml:14:5: spec.environment.1ST: invalid variable name: use letters, digits and"
                + " underscores",
            "web.yaml:15:5: spec.environment.LOG-LEVEL: invalid variable name: use letters, digits"
                + " and underscores",
            "web.yaml:18:5: spec.secrets.db.url: invalid variable name: use letters, digits and"
                + " underscores");
  }

  @Test
  void reservedTagKeysAreReported() {
    String service =
        withSpecLines("  tags:\n    mooring:owner: me\n    aws:cost: x\n    team: web\n");

    assertThat(problemsOf(service))
        .containsExactly(
            "web.yaml:14:5: spec.tags.mooring:owner: tag keys starting with mooring: or aws: are"
                + " reserved",
            "web.yaml:15:5: spec.tags.aws:cost: tag keys starting with mooring: or aws: are"
                + " reserved");
  }

  // Logs, counts and scaling

  @Test
  void retentionOutsideCloudWatchListIsReported() {
    assertThat(problemsOf(withSpecLines("  logs:\n    retentionDays: 45\n")))
        .containsExactly(
            "web.yaml:14:20: spec.logs.retentionDays: invalid retention 45: CloudWatch Logs accepts"
                + " [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,"
                + " 2192, 2557, 2922, 3288, 3653]");
  }

  @Test
  void scalingMaxBelowMinIsReported() {
    String service = withSpecLines("  scaling:\n    min: 5\n    max: 3\n    cpuTarget: 60\n");

    assertThat(problemsOf(service))
        .containsExactly("web.yaml:15:10: spec.scaling.max: must be at least min (5)");
  }

  @Test
  void scalingWithoutMaxIsReported() {
    String service = withSpecLines("  scaling:\n    min: 1\n    cpuTarget: 60\n");

    assertThat(problemsOf(service))
        .containsExactly("web.yaml:14:5: spec.scaling.max: required field is missing");
  }

  @Test
  void scalingWithoutTargetIsReported() {
    String service = withSpecLines("  scaling:\n    min: 1\n    max: 4\n");

    assertThat(problemsOf(service))
        .containsExactly(
            "web.yaml:14:5: spec.scaling.cpuTarget: set cpuTarget, memoryTarget or both");
  }

  @Test
  void neitherDesiredCountNorScalingIsReported() {
    assertThat(problemsOf(SERVICE.replace("  desiredCount: 2\n", "")))
        .containsExactly(
            "web.yaml:6:3: spec.desiredCount: required field is missing; set desiredCount or"
                + " scaling");
  }

  // Other single-field checks, one invalid field per row

  static Stream<Arguments> invalidFields() {
    return Stream.of(
        Arguments.of(
            "desired count below zero",
            SERVICE.replace("desiredCount: 2", "desiredCount: -1"),
            "web.yaml:10:17: spec.desiredCount: invalid value -1: must be between 0 and 10000"),
        Arguments.of(
            "port above 65535",
            withSpecLines("  port: 70000\n"),
            "web.yaml:13:9: spec.port: invalid value 70000: must be between 1 and 65535"),
        Arguments.of(
            "quoted port",
            withSpecLines("  port: \"8000\"\n"),
            "web.yaml:13:9: spec.port: expected an integer, found a string"),
        Arguments.of(
            "image with a space",
            SERVICE.replace("image: nginx:1.27", "image: nginx 1.27"),
            "web.yaml:7:10: spec.image: invalid value \"nginx 1.27\": expected an image reference"
                + " without spaces"),
        Arguments.of(
            "missing image",
            SERVICE.replace("  image: nginx:1.27\n", ""),
            "web.yaml:6:3: spec.image: required field is missing"),
        Arguments.of(
            "unknown cpu architecture",
            withSpecLines("  cpuArchitecture: ARM\n"),
            "web.yaml:13:20: spec.cpuArchitecture: invalid value \"ARM\": must be one of X86_64,"
                + " ARM64"),
        Arguments.of(
            "unknown protocol",
            withSpecLines("  protocol: sctp\n"),
            "web.yaml:13:13: spec.protocol: invalid value \"sctp\": must be one of tcp, udp"),
        Arguments.of(
            "invalid subnet id",
            SERVICE.replace("[subnet-0a1b2c3d]", "[subnet-0a1b2c3d, net-1]"),
            "web.yaml:12:14: spec.network.subnets: invalid value \"net-1\": expected a subnet id"
                + " such as subnet-0a1b2c3d, or a subnet set of the Environment"),
        Arguments.of(
            "empty subnet list",
            SERVICE.replace("[subnet-0a1b2c3d]", "[]"),
            "web.yaml:12:14: spec.network.subnets: required field is missing; list subnet ids or"
                + " define a \"private\" subnet set in the Environment"),
        Arguments.of(
            "missing network without a private subnet set",
            SERVICE.replace("  network:\n    subnets: [subnet-0a1b2c3d]\n", ""),
            "web.yaml:6:3: spec.network.subnets: required field is missing; list subnet ids or"
                + " define a \"private\" subnet set in the Environment"),
        Arguments.of(
            "invalid security group id",
            withSpecLines("    securityGroups: [sg-XYZ]\n"),
            "web.yaml:13:21: spec.network.securityGroups: invalid value \"sg-XYZ\": expected a"
                + " security group id such as sg-0a1b2c3d"),
        Arguments.of(
            "stop timeout above 120",
            withSpecLines("  stopTimeout: 300\n"),
            "web.yaml:13:16: spec.stopTimeout: invalid value 300: must be between 2 and 120"),
        Arguments.of(
            "health check command without CMD",
            withSpecLines("  healthCheck:\n    command: [curl, localhost]\n"),
            "web.yaml:14:14: spec.healthCheck.command: must start with CMD, CMD-SHELL or NONE"),
        Arguments.of(
            "health check without command",
            withSpecLines("  healthCheck:\n    retries: 2\n"),
            "web.yaml:14:5: spec.healthCheck.command: required field is missing; for example"
                + " [CMD-SHELL, \"curl -f http://localhost/ || exit 1\"]"),
        Arguments.of(
            "health check retries above 10",
            withSpecLines("  healthCheck:\n    command: [NONE]\n    retries: 11\n"),
            "web.yaml:15:14: spec.healthCheck.retries: invalid value 11: must be between 1 and 10"),
        Arguments.of(
            "minimum healthy percent above 100",
            withSpecLines("  deployment:\n    minimumHealthyPercent: 150\n"),
            "web.yaml:14:28: spec.deployment.minimumHealthyPercent: invalid value 150: must be"
                + " between 0 and 100"),
        Arguments.of(
            "log group with a space",
            withSpecLines("  logs:\n    group: my logs\n"),
            "web.yaml:14:12: spec.logs.group: invalid value \"my logs\": expected a log group"
                + " name"),
        Arguments.of(
            "string as boolean",
            withSpecLines("  readOnlyRootFilesystem: \"true\"\n"),
            "web.yaml:13:27: spec.readOnlyRootFilesystem: expected true or false, found a"
                + " string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFields")
  void invalidFieldIsOneProblem(String description, String service, String expected) {
    assertThat(problemsOf(service)).containsExactly(expected);
  }

  @Test
  void secretLookingEnvironmentVariableIsRejected() {
    String service = withSpecLines("  environment:\n    DB_PASSWORD: hunter2\n    GITHUB_TOKEN: abc\n");

    assertThat(problemsOf(service))
        .containsExactly(
            "web.yaml:14:5: spec.environment.DB_PASSWORD: looks like a secret; store the value in"
                + " Secrets Manager or SSM and list its ARN under secrets instead of environment",
            "web.yaml:15:5: spec.environment.GITHUB_TOKEN: looks like a secret; store the value in"
                + " Secrets Manager or SSM and list its ARN under secrets instead of environment");
  }

  @Test
  void volumesAreRead() {
    ServiceSpec spec =
        specOf(withSpecLines("  volumes:\n    - {name: work, path: /var/lib/app}\n    - {name: ro, path: /data, readOnly: true}\n"));

    assertThat(spec.container().volumes())
        .containsExactly(
            new ServiceSpec.Volume("work", "/var/lib/app", false),
            new ServiceSpec.Volume("ro", "/data", true));
  }

  @Test
  void invalidVolumesAreReported() {
    String service =
        withSpecLines("  volumes:\n    - {name: work, path: relative}\n    - {name: work, path: /a}\n    - {path: /a}\n");

    assertThat(problemsOf(service))
        .containsExactly(
            "web.yaml:14:26: spec.volumes[0].path: must be an absolute path such as /var/lib/app",
            "web.yaml:15:14: spec.volumes[1].name: duplicate volume name \"work\"",
            "web.yaml:16:7: spec.volumes[2].name: required field is missing",
            "web.yaml:16:14: spec.volumes[2].path: another volume is already mounted at /a");
  }
}
