package io.mooring.kinds.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.engine.FieldDiff;
import io.mooring.load.StateDirectory;
import io.mooring.plan.FieldChange;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.CPUArchitecture;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.OSFamily;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RuntimePlatform;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/**
 * Projection of a Service document and of its live AWS resources onto the same fields. The live
 * side is built with the SDK's model builders in the shape that DescribeTaskDefinition,
 * DescribeServices, DescribeLogGroups and Application Auto Scaling return.
 */
class ServiceFieldsTest {
  private static final String NAME = "orders-api";
  private static final String SECRET_ARN =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-AbCdEf";
  private static final String TOKEN_ARN =
      "arn:aws:ssm:us-east-1:123456789012:parameter/orders/token";
  private static final String TASK_ROLE = "arn:aws:iam::123456789012:role/orders-api-task";
  private static final String EXECUTION_ROLE =
      "arn:aws:iam::123456789012:role/orders-api-execution";
  private static final List<String> COMMAND =
      List.of("uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000");
  private static final List<String> HEALTH_COMMAND =
      List.of("CMD-SHELL", "curl -f http://localhost:8000/health || exit 1");

  /** The repository's sample service with a second secret and a second security group. */
  private static final String ORDERS =
      """
      apiVersion: mooring/v1
      kind: Service
      metadata:
        name: orders-api
      spec:
        cluster: prod
        image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2
        cpu: 512
        memory: 1024
        cpuArchitecture: ARM64
        port: 8000
        portName: http
        appProtocol: http
        command: [uvicorn, app.main:app, --host, 0.0.0.0, --port, "8000"]
        environment:
          LOG_LEVEL: info
          WEB_CONCURRENCY: "2"
        secrets:
          DATABASE_URL: arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-AbCdEf
          API_TOKEN: arn:aws:ssm:us-east-1:123456789012:parameter/orders/token
        healthCheck:
          command: [CMD-SHELL, "curl -f http://localhost:8000/health || exit 1"]
          startPeriod: 15
        stopTimeout: 30
        readOnlyRootFilesystem: true
        network:
          subnets: [subnet-0a1b2c3d, subnet-4e5f6a7b]
          securityGroups: [sg-0123456789abcdef0, sg-0fedcba987654321]
          assignPublicIp: false
        roles:
          task: arn:aws:iam::123456789012:role/orders-api-task
          execution: arn:aws:iam::123456789012:role/orders-api-execution
        logs:
          retentionDays: 30
        deployment:
          minimumHealthyPercent: 100
          maximumPercent: 200
          circuitBreaker: {enable: true, rollback: true}
        scaling:
          min: 2
          max: 10
          cpuTarget: 60
        tags:
          team: orders
      """;

  /** A service with no optional container fields, a fixed count and AWS's deployment defaults. */
  private static final String MINIMAL =
      """
      apiVersion: mooring/v1
      kind: Service
      metadata:
        name: orders-api
      spec:
        cluster: prod
        image: nginx:1.27
        cpu: 256
        memory: 512
        desiredCount: 2
        network:
          subnets: [subnet-0a1b2c3d]
      """;

  @TempDir Path root;

  // The live resources as AWS returns them for ORDERS. Tests change one part, then compare.
  private ContainerDefinition.Builder container;
  private TaskDefinition.Builder taskDefinition;
  private Service.Builder service;
  private LogGroup logGroup;
  private ScalableTarget scalableTarget;
  private List<ScalingPolicy> policies;

  @BeforeEach
  void describeLiveOrdersService() {
    container = ordersContainer();
    taskDefinition = ordersTaskDefinition();
    service = ordersService();
    logGroup = LogGroup.builder().logGroupName("/ecs/orders-api").retentionInDays(30).build();
    scalableTarget =
        ScalableTarget.builder()
            .resourceId("service/prod/orders-api")
            .minCapacity(2)
            .maxCapacity(10)
            .build();
    policies = List.of(cpuPolicy(60.0));
  }

  private static ContainerDefinition.Builder ordersContainer() {
    return ContainerDefinition.builder()
        .name(NAME)
        .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2")
        .cpu(0)
        .essential(true)
        .portMappings(
            PortMapping.builder()
                .containerPort(8000)
                .hostPort(8000)
                .protocol(TransportProtocol.TCP)
                .name("http")
                .appProtocol(ApplicationProtocol.HTTP)
                .build())
        .command(COMMAND)
        // AWS returns the variables in its own order, not the document's.
        .environment(keyValue("WEB_CONCURRENCY", "2"), keyValue("LOG_LEVEL", "info"))
        .secrets(secret("DATABASE_URL", SECRET_ARN), secret("API_TOKEN", TOKEN_ARN))
        .mountPoints(List.of())
        .volumesFrom(List.of())
        .readonlyRootFilesystem(true)
        .stopTimeout(30)
        // AWS fills in the health check fields that the request left out.
        .healthCheck(
            HealthCheck.builder()
                .command(HEALTH_COMMAND)
                .interval(30)
                .timeout(5)
                .retries(3)
                .startPeriod(15)
                .build())
        .logConfiguration(
            log ->
                log.logDriver(LogDriver.AWSLOGS)
                    .options(
                        Map.of(
                            "awslogs-group", "/ecs/orders-api",
                            "awslogs-region", "us-east-1",
                            "awslogs-stream-prefix", NAME)));
  }

  private static TaskDefinition.Builder ordersTaskDefinition() {
    return TaskDefinition.builder()
        .taskDefinitionArn("arn:aws:ecs:us-east-1:123456789012:task-definition/orders-api:7")
        .family(NAME)
        .revision(7)
        .status("ACTIVE")
        // AWS returns task-level CPU and memory as strings.
        .cpu("512")
        .memory("1024")
        .networkMode(NetworkMode.AWSVPC)
        .requiresCompatibilities(Compatibility.FARGATE)
        .runtimePlatform(
            p -> p.cpuArchitecture(CPUArchitecture.ARM64).operatingSystemFamily(OSFamily.LINUX))
        .taskRoleArn(TASK_ROLE)
        .executionRoleArn(EXECUTION_ROLE);
  }

  private static Service.Builder ordersService() {
    return Service.builder()
        .serviceName(NAME)
        .serviceArn("arn:aws:ecs:us-east-1:123456789012:service/prod/orders-api")
        .clusterArn("arn:aws:ecs:us-east-1:123456789012:cluster/prod")
        .status("ACTIVE")
        .taskDefinition("arn:aws:ecs:us-east-1:123456789012:task-definition/orders-api:7")
        .desiredCount(4)
        .launchType(LaunchType.FARGATE)
        .platformVersion("LATEST")
        .networkConfiguration(
            n ->
                n.awsvpcConfiguration(
                    vpc ->
                        vpc.subnets("subnet-4e5f6a7b", "subnet-0a1b2c3d")
                            .securityGroups("sg-0fedcba987654321", "sg-0123456789abcdef0")
                            .assignPublicIp(AssignPublicIp.DISABLED)))
        .deploymentConfiguration(
            d ->
                d.minimumHealthyPercent(100)
                    .maximumPercent(200)
                    .deploymentCircuitBreaker(b -> b.enable(true).rollback(true)))
        .enableExecuteCommand(false)
        .tags(
            tag("mooring:managed-by", "mooring"),
            tag("mooring:document", "Service/orders-api"),
            tag("aws:cloudformation:stack-name", "legacy"),
            tag("team", "orders"));
  }

  private static ScalingPolicy cpuPolicy(double target) {
    return ScalingPolicy.builder()
        .policyName("orders-api-cpu")
        .resourceId("service/prod/orders-api")
        .policyType(PolicyType.TARGET_TRACKING_SCALING)
        .targetTrackingScalingPolicyConfiguration(
            c ->
                c.targetValue(target)
                    .predefinedMetricSpecification(
                        m -> m.predefinedMetricType(MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION))
                    .scaleInCooldown(300)
                    .scaleOutCooldown(60))
        .build();
  }

  private static KeyValuePair keyValue(String name, String value) {
    return KeyValuePair.builder().name(name).value(value).build();
  }

  private static Secret secret(String name, String arn) {
    return Secret.builder().name(name).valueFrom(arn).build();
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  private DesiredResource<ServiceSpec> load(String document) {
    return new StateDirectory(root)
        .write("cluster.yaml", StateDirectory.CLUSTER)
        .write("service.yaml", document)
        .load()
        .ofKind("Service", ServiceSpec.class)
        .get(0);
  }

  private static Map<String, Object> desiredFields(DesiredResource<ServiceSpec> resource) {
    ServiceSpec.Network network = resource.spec().network();
    return ServiceFields.desired(
        resource, network.subnets(), network.securityGroups(), resource.spec().roles());
  }

  private Map<String, Object> liveFields(boolean scalingManaged) {
    TaskDefinition described = taskDefinition.containerDefinitions(container.build()).build();
    ServiceLive live =
        new ServiceLive(service.build(), described, logGroup, scalableTarget, policies);
    return ServiceFields.live(NAME, live, scalingManaged);
  }

  /** Returns the changed paths between the document and the live resources. */
  private List<String> changedPaths(String document) {
    DesiredResource<ServiceSpec> resource = load(document);
    boolean scalingManaged = resource.spec().scaling() != null;
    return FieldDiff.compare(desiredFields(resource), liveFields(scalingManaged), Set.of()).stream()
        .map(FieldChange::path)
        .toList();
  }

  // Live resources that match the document

  @Test
  void awsShapedOrdersServiceHasNoChange() {
    assertThat(changedPaths(ORDERS)).isEmpty();
  }

  static Stream<Arguments> awsVariationsOfSameState() {
    return Stream.of(
        Arguments.of(
            "health check without the fields AWS defaults",
            (Consumer<ServiceFieldsTest>)
                t ->
                    t.container.healthCheck(
                        HealthCheck.builder().command(HEALTH_COMMAND).startPeriod(15).build())),
        Arguments.of(
            "secrets in another order",
            (Consumer<ServiceFieldsTest>)
                t ->
                    t.container.secrets(
                        secret("API_TOKEN", TOKEN_ARN), secret("DATABASE_URL", SECRET_ARN))),
        Arguments.of(
            "subnets and security groups in file order",
            (Consumer<ServiceFieldsTest>)
                t ->
                    t.service.networkConfiguration(
                        n ->
                            n.awsvpcConfiguration(
                                vpc ->
                                    vpc.subnets("subnet-0a1b2c3d", "subnet-4e5f6a7b")
                                        .securityGroups(
                                            "sg-0123456789abcdef0", "sg-0fedcba987654321")
                                        .assignPublicIp(AssignPublicIp.DISABLED)))),
        Arguments.of(
            "a desired count that the autoscaler changed",
            (Consumer<ServiceFieldsTest>) t -> t.service.desiredCount(9)),
        Arguments.of(
            "no platform version",
            (Consumer<ServiceFieldsTest>) t -> t.service.platformVersion(null)),
        Arguments.of(
            "no execute command flag",
            (Consumer<ServiceFieldsTest>) t -> t.service.enableExecuteCommand((Boolean) null)),
        Arguments.of(
            "a scaling target value with a fraction that rounds to the document's",
            (Consumer<ServiceFieldsTest>) t -> t.policies = List.of(cpuPolicy(60.2))),
        Arguments.of(
            "a task definition of several containers",
            (Consumer<ServiceFieldsTest>)
                t ->
                    t.taskDefinition.containerDefinitions(
                        ContainerDefinition.builder()
                            .name("log-router")
                            .image("fluent-bit")
                            .build(),
                        t.container.build())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("awsVariationsOfSameState")
  void awsVariationOfSameStateHasNoChange(String description, Consumer<ServiceFieldsTest> change) {
    change.accept(this);

    assertThat(changedPaths(ORDERS)).isEmpty();
  }

  @Test
  void minimalServiceMatchesAwsDefaults() {
    container =
        ContainerDefinition.builder()
            .name(NAME)
            .image("nginx:1.27")
            .essential(true)
            .logConfiguration(
                log ->
                    log.logDriver(LogDriver.AWSLOGS)
                        .options(Map.of("awslogs-group", "/ecs/orders-api")));
    taskDefinition = TaskDefinition.builder().family(NAME).cpu("256").memory("512");
    service =
        Service.builder()
            .serviceName(NAME)
            .clusterArn("arn:aws:ecs:us-east-1:123456789012:cluster/prod")
            .desiredCount(2)
            .networkConfiguration(
                n ->
                    n.awsvpcConfiguration(
                        vpc ->
                            vpc.subnets("subnet-0a1b2c3d").assignPublicIp(AssignPublicIp.DISABLED)))
            // A null deployment configuration means AWS's defaults: 100, 200 and no breaker.
            .deploymentConfiguration((DeploymentConfiguration) null);
    logGroup = LogGroup.builder().logGroupName("/ecs/orders-api").build();
    scalableTarget = null;
    policies = List.of();

    assertThat(changedPaths(MINIMAL)).isEmpty();
  }

  // Real changes, each with exactly the paths it changes

  static Stream<Arguments> realChanges() {
    return Stream.of(
        Arguments.of(
            "another image",
            (Consumer<ServiceFieldsTest>) t -> t.container.image("orders-api:1.4.1"),
            List.of("image")),
        Arguments.of(
            "another environment value",
            (Consumer<ServiceFieldsTest>)
                t ->
                    t.container.environment(
                        keyValue("WEB_CONCURRENCY", "2"), keyValue("LOG_LEVEL", "debug")),
            List.of("environment.LOG_LEVEL")),
        Arguments.of(
            "a variable added to the document",
            (Consumer<ServiceFieldsTest>)
                t -> t.container.environment(keyValue("LOG_LEVEL", "info")),
            List.of("environment.WEB_CONCURRENCY")),
        Arguments.of(
            "a secret removed from the document",
            (Consumer<ServiceFieldsTest>)
                t ->
                    t.container.secrets(
                        secret("DATABASE_URL", SECRET_ARN),
                        secret("API_TOKEN", TOKEN_ARN),
                        secret("OLD_TOKEN", TOKEN_ARN)),
            List.of("secrets.OLD_TOKEN")),
        Arguments.of(
            "another task CPU",
            (Consumer<ServiceFieldsTest>) t -> t.taskDefinition.cpu("1024"),
            List.of("cpu")),
        Arguments.of(
            "a task CPU in vCPU units, which does not parse",
            (Consumer<ServiceFieldsTest>) t -> t.taskDefinition.cpu(".5 vCPU"),
            List.of("cpu")),
        Arguments.of(
            "another CPU architecture",
            (Consumer<ServiceFieldsTest>)
                t -> t.taskDefinition.runtimePlatform((RuntimePlatform) null),
            List.of("cpuArchitecture")),
        Arguments.of(
            "other health check retries",
            (Consumer<ServiceFieldsTest>)
                t ->
                    t.container.healthCheck(
                        HealthCheck.builder()
                            .command(HEALTH_COMMAND)
                            .interval(30)
                            .timeout(5)
                            .retries(5)
                            .startPeriod(15)
                            .build()),
            List.of("healthCheck.retries")),
        Arguments.of(
            "no health check",
            (Consumer<ServiceFieldsTest>) t -> t.container.healthCheck((HealthCheck) null),
            List.of(
                "healthCheck.command",
                "healthCheck.interval",
                "healthCheck.retries",
                "healthCheck.startPeriod",
                "healthCheck.timeout")),
        Arguments.of(
            "another subnet set",
            (Consumer<ServiceFieldsTest>)
                t ->
                    t.service.networkConfiguration(
                        n ->
                            n.awsvpcConfiguration(
                                vpc ->
                                    vpc.subnets("subnet-0a1b2c3d", "subnet-99999999")
                                        .securityGroups(
                                            "sg-0123456789abcdef0", "sg-0fedcba987654321")
                                        .assignPublicIp(AssignPublicIp.DISABLED))),
            List.of("network.subnets")),
        Arguments.of(
            "a public IP",
            (Consumer<ServiceFieldsTest>)
                t ->
                    t.service.networkConfiguration(
                        n ->
                            n.awsvpcConfiguration(
                                vpc ->
                                    vpc.subnets("subnet-0a1b2c3d", "subnet-4e5f6a7b")
                                        .securityGroups(
                                            "sg-0123456789abcdef0", "sg-0fedcba987654321")
                                        .assignPublicIp(AssignPublicIp.ENABLED))),
            List.of("network.assignPublicIp")),
        Arguments.of(
            "AWS's default deployment configuration",
            (Consumer<ServiceFieldsTest>)
                t -> t.service.deploymentConfiguration((DeploymentConfiguration) null),
            List.of("deployment.circuitBreaker.enable", "deployment.circuitBreaker.rollback")),
        Arguments.of(
            "another log retention",
            (Consumer<ServiceFieldsTest>)
                t -> t.logGroup = t.logGroup.toBuilder().retentionInDays(14).build(),
            List.of("logs.retentionDays")),
        Arguments.of(
            "a deleted log group",
            (Consumer<ServiceFieldsTest>) t -> t.logGroup = null,
            List.of("logs.groupExists", "logs.retentionDays")),
        Arguments.of(
            "another scaling maximum",
            (Consumer<ServiceFieldsTest>)
                t -> t.scalableTarget = t.scalableTarget.toBuilder().maxCapacity(8).build(),
            List.of("scaling.max")),
        Arguments.of(
            "another CPU target",
            (Consumer<ServiceFieldsTest>) t -> t.policies = List.of(cpuPolicy(75.0)),
            List.of("scaling.cpuTarget")),
        Arguments.of(
            "another tag value",
            (Consumer<ServiceFieldsTest>)
                t -> t.service.tags(tag("mooring:managed-by", "mooring"), tag("team", "payments")),
            List.of("tags.team")),
        Arguments.of(
            "another cluster",
            (Consumer<ServiceFieldsTest>)
                t -> t.service.clusterArn("arn:aws:ecs:us-east-1:123456789012:cluster/staging"),
            List.of("cluster")),
        Arguments.of(
            "another task role",
            (Consumer<ServiceFieldsTest>)
                t -> t.taskDefinition.taskRoleArn("arn:aws:iam::123456789012:role/other"),
            List.of("roles.task")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realChanges")
  void realChangeProducesExactlyItsPaths(
      String description, Consumer<ServiceFieldsTest> change, List<String> expectedPaths) {
    change.accept(this);

    assertThat(changedPaths(ORDERS)).containsExactlyElementsOf(expectedPaths);
  }

  @Test
  void changeCarriesDesiredAndLiveValues() {
    taskDefinition.cpu("1024");
    DesiredResource<ServiceSpec> resource = load(ORDERS);

    List<FieldChange> changes =
        FieldDiff.compare(desiredFields(resource), liveFields(true), Set.of());

    assertThat(changes).containsExactly(new FieldChange("cpu", 512, 1024, false));
  }

  // Desired count and scaling

  @Test
  void scalingHidesDesiredCount() {
    service.desiredCount(7);

    assertThat(desiredFields(load(ORDERS))).doesNotContainKey("desiredCount");
    assertThat(liveFields(true)).doesNotContainKey("desiredCount");
    assertThat(changedPaths(ORDERS)).isEmpty();
  }

  @Test
  void fixedDesiredCountIsCompared() {
    String fixedCount =
        ORDERS.replace(
            "  scaling:\n    min: 2\n    max: 10\n    cpuTarget: 60\n", "  desiredCount: 2\n");
    service.desiredCount(3);
    scalableTarget = null;
    policies = List.of();

    assertThat(changedPaths(fixedCount)).containsExactly("desiredCount");
  }

  @Test
  void scalingRemovedFromDocumentReportsLiveTarget() {
    String fixedCount =
        ORDERS.replace(
            "  scaling:\n    min: 2\n    max: 10\n    cpuTarget: 60\n", "  desiredCount: 4\n");

    assertThat(changedPaths(fixedCount))
        .containsExactly(
            "scaling.cpuTarget",
            "scaling.max",
            "scaling.min",
            "scaling.scaleInCooldown",
            "scaling.scaleOutCooldown");
  }

  // Which part of the service a changed path belongs to

  @ParameterizedTest
  @CsvSource({
    "image, true, false",
    "environment.LOG_LEVEL, true, false",
    "healthCheck.retries, true, false",
    "roles.task, true, false",
    "logs.group, true, false",
    "logs.retentionDays, false, false",
    "desiredCount, false, true",
    "network.subnets, false, true",
    "deployment.circuitBreaker.enable, false, true",
    "platformVersion, false, true",
    "tags.team, false, false",
    "scaling.max, false, false"
  })
  void pathBelongsToTaskDefinitionOrService(String path, boolean taskDefinition, boolean service) {
    assertThat(ServiceFields.isTaskDefinitionField(path)).isEqualTo(taskDefinition);
    assertThat(ServiceFields.isServiceField(path)).isEqualTo(service);
  }

  @Test
  void clusterComesFromServiceArnWithoutClusterArn() {
    Service service =
        Service.builder()
            .serviceArn("arn:aws:ecs:us-east-1:123456789012:service/staging/orders-api")
            .build();

    assertThat(ServiceFields.clusterName(service)).isEqualTo("staging");
  }

  @Test
  void clusterIsNoInPlaceField() {
    assertThat(ServiceFields.isTaskDefinitionField("cluster")).isFalse();
    assertThat(ServiceFields.isServiceField("cluster")).isFalse();
  }

  @Test
  void deletedLogGroupIsNotTaskDefinitionChange() {
    assertThat(ServiceFields.isTaskDefinitionField("logs.groupExists")).isFalse();
  }
}
