package io.mooring.kinds.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.plan.Action;
import io.mooring.plan.FieldChange;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import io.mooring.testing.SampleStack;
import io.mooring.testing.TestNetwork;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** Creating, diffing, correcting and adopting clusters and services against the emulator. */
class ServiceReconcileIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();

  private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api:1.4.2";

  private TestNetwork network;
  private EcsClient ecs;

  @BeforeEach
  void setUp() {
    network = TestNetwork.create();
    ecs = stack.aws().ecs();
    stack.write("cluster.yaml", SampleStack.cluster("prod"));
  }

  private Service service(String name) {
    return ecs.describeServices(r -> r.cluster("prod").services(name).include(ServiceField.TAGS))
        .services()
        .get(0);
  }

  private TaskDefinition taskDefinition(Service service) {
    return ecs.describeTaskDefinition(r -> r.taskDefinition(service.taskDefinition())).taskDefinition();
  }

  private List<String> revisions(String family) {
    return ecs.listTaskDefinitions(r -> r.familyPrefix(family)).taskDefinitionArns();
  }

  private static List<String> changedPaths(ReconcileReport report, ResourceId id) {
    return report.plan().changes().stream()
        .filter(c -> c.id().equals(id))
        .flatMap(c -> c.fields().stream())
        .map(FieldChange::path)
        .toList();
  }

  @Test
  void applyCreatesServiceWithEveryField() {
    stack.write("api.yaml", SampleStack.service("orders-api", IMAGE, network, "  desiredCount: 3\n"));

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    Service service = service("orders-api");
    assertThat(service.desiredCount()).isEqualTo(3);
    assertThat(service.launchTypeAsString()).isEqualTo("FARGATE");
    assertThat(service.networkConfiguration().awsvpcConfiguration().subnets())
        .containsExactlyInAnyOrder(network.subnetA(), network.subnetB());
    assertThat(service.networkConfiguration().awsvpcConfiguration().assignPublicIpAsString()).isEqualTo("DISABLED");
    assertThat(service.deploymentConfiguration().deploymentCircuitBreaker().rollback()).isTrue();
    assertThat(service.deploymentConfiguration().minimumHealthyPercent()).isEqualTo(100);
    assertThat(service.tags())
        .extracting(t -> t.key() + "=" + t.value())
        .contains("mooring:managed-by=mooring", "mooring:document=Service/orders-api", "team=orders");
    TaskDefinition td = taskDefinition(service);
    assertThat(td.cpu()).isEqualTo("512");
    assertThat(td.memory()).isEqualTo("1024");
    assertThat(td.taskRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/orders-api-task");
    ContainerDefinition container = td.containerDefinitions().get(0);
    assertThat(container.image()).isEqualTo(IMAGE);
    assertThat(container.environment())
        .extracting(KeyValuePair::name, KeyValuePair::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("LOG_LEVEL", "info"),
            org.assertj.core.groups.Tuple.tuple("WORKERS", "2"));
    assertThat(container.secrets().get(0).valueFrom()).startsWith("arn:aws:secretsmanager:");
    assertThat(container.portMappings().get(0).containerPort()).isEqualTo(8000);
    assertThat(container.logConfiguration().options()).containsEntry("awslogs-group", "/ecs/orders-api");
    try (CloudWatchLogsClient logs = CloudWatchLogsClient.create()) {
      var group = logs.describeLogGroups(r -> r.logGroupNamePrefix("/ecs/orders-api")).logGroups().get(0);
      assertThat(group.retentionInDays()).isEqualTo(30);
    }
    var cluster =
        ecs.describeClusters(r -> r.clusters("prod").include(ClusterField.SETTINGS)).clusters().get(0);
    assertThat(cluster.settings().get(0).value()).isEqualTo("enabled");
  }

  @Test
  void noopLoopRegistersNoTaskDefinition() {
    stack.write("api.yaml", SampleStack.service("orders-api", IMAGE, network, "  desiredCount: 2\n"));
    stack.apply();

    ReconcileReport second = stack.apply();

    assertThat(second.plan().inSync()).isTrue();
    assertThat(second.count(Outcome.Changed.class)).isZero();
    assertThat(revisions("orders-api")).hasSize(1);
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void imageChangeInGitRegistersOneRevisionAndMovesService() {
    stack.write("api.yaml", SampleStack.service("orders-api", IMAGE, network, "  desiredCount: 2\n"));
    stack.apply();
    String newImage = IMAGE.replace("1.4.2", "1.5.0");
    stack.write("api.yaml", SampleStack.service("orders-api", newImage, network, "  desiredCount: 2\n"));

    ReconcileReport report = stack.apply();

    assertThat(changedPaths(report, new ResourceId("Service", "orders-api"))).containsExactly("image");
    assertThat(revisions("orders-api")).hasSize(2);
    Service service = service("orders-api");
    assertThat(service.taskDefinition()).endsWith(":2");
    assertThat(taskDefinition(service).containerDefinitions().get(0).image()).isEqualTo(newImage);
  }

  /** A change made behind mooring's back, the field it shows as, and a check of the repair. */
  static Stream<Arguments> consoleChanges() {
    return Stream.of(
        Arguments.of(
            "desiredCount",
            (Consumer<EcsClient>) ecs -> ecs.updateService(r -> r.cluster("prod").service("orders-api").desiredCount(7)),
            (Consumer<Service>) s -> assertThat(s.desiredCount()).isEqualTo(2)),
        Arguments.of(
            "network.assignPublicIp",
            (Consumer<EcsClient>)
                ecs -> {
                  var current = ecs.describeServices(r -> r.cluster("prod").services("orders-api")).services().get(0);
                  var vpc = current.networkConfiguration().awsvpcConfiguration();
                  ecs.updateService(
                      r ->
                          r.cluster("prod")
                              .service("orders-api")
                              .networkConfiguration(
                                  n -> n.awsvpcConfiguration(vpc.toBuilder().assignPublicIp("ENABLED").build())));
                },
            (Consumer<Service>)
                s -> assertThat(s.networkConfiguration().awsvpcConfiguration().assignPublicIpAsString()).isEqualTo("DISABLED")),
        Arguments.of(
            "deployment.minimumHealthyPercent",
            (Consumer<EcsClient>)
                ecs ->
                    ecs.updateService(
                        r ->
                            r.cluster("prod")
                                .service("orders-api")
                                .deploymentConfiguration(
                                    d -> d.minimumHealthyPercent(50).maximumPercent(200)
                                        .deploymentCircuitBreaker(b -> b.enable(true).rollback(true)))),
            (Consumer<Service>) s -> assertThat(s.deploymentConfiguration().minimumHealthyPercent()).isEqualTo(100)),
        Arguments.of(
            "enableExecuteCommand",
            (Consumer<EcsClient>)
                ecs -> ecs.updateService(r -> r.cluster("prod").service("orders-api").enableExecuteCommand(true)),
            (Consumer<Service>) s -> assertThat(s.enableExecuteCommand()).isFalse()),
        Arguments.of(
            "tags.team",
            (Consumer<EcsClient>)
                ecs -> {
                  String arn = ecs.describeServices(r -> r.cluster("prod").services("orders-api")).services().get(0).serviceArn();
                  ecs.untagResource(r -> r.resourceArn(arn).tagKeys("team"));
                },
            (Consumer<Service>)
                s -> assertThat(s.tags()).extracting(t -> t.key() + "=" + t.value()).contains("team=orders")),
        Arguments.of(
            "environment.LOG_LEVEL",
            (Consumer<EcsClient>) ServiceReconcileIT::registerDebugRevision,
            (Consumer<Service>) s -> assertThat(s.taskDefinition()).endsWith(":3")));
  }

  /** Registers a revision with LOG_LEVEL=debug, as someone in the console would, and deploys it. */
  private static void registerDebugRevision(EcsClient ecs) {
    var service = ecs.describeServices(r -> r.cluster("prod").services("orders-api")).services().get(0);
    var td = ecs.describeTaskDefinition(r -> r.taskDefinition(service.taskDefinition())).taskDefinition();
    var container = td.containerDefinitions().get(0);
    var changed =
        container.toBuilder()
            .environment(
                KeyValuePair.builder().name("LOG_LEVEL").value("debug").build(),
                KeyValuePair.builder().name("WORKERS").value("2").build())
            .build();
    String arn =
        ecs.registerTaskDefinition(
                r ->
                    r.family(td.family())
                        .cpu(td.cpu())
                        .memory(td.memory())
                        .networkMode(td.networkMode())
                        .requiresCompatibilities(td.requiresCompatibilities())
                        .taskRoleArn(td.taskRoleArn())
                        .executionRoleArn(td.executionRoleArn())
                        .containerDefinitions(changed))
            .taskDefinition()
            .taskDefinitionArn();
    ecs.updateService(r -> r.cluster("prod").service("orders-api").taskDefinition(arn));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consoleChanges")
  void consoleChangeIsFoundAndUndone(String path, Consumer<EcsClient> change, Consumer<Service> check) {
    stack.write("api.yaml", SampleStack.service("orders-api", IMAGE, network, "  desiredCount: 2\n"));
    stack.apply();
    change.accept(ecs);

    ReconcileReport drift = stack.plan();
    assertThat(changedPaths(drift, new ResourceId("Service", "orders-api"))).containsExactly(path);
    ReconcileReport repair = stack.apply();

    assertThat(repair.succeeded()).isTrue();
    check.accept(service("orders-api"));
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void logRetentionChangedInConsoleIsRestored() {
    stack.write("api.yaml", SampleStack.service("orders-api", IMAGE, network, "  desiredCount: 2\n"));
    stack.apply();
    stack.aws().logs().putRetentionPolicy(r -> r.logGroupName("/ecs/orders-api").retentionInDays(7));

    assertThat(changedPaths(stack.plan(), new ResourceId("Service", "orders-api")))
        .containsExactly("logs.retentionDays");
    stack.apply();

    var group = stack.aws().logs().describeLogGroups(r -> r.logGroupNamePrefix("/ecs/orders-api")).logGroups().get(0);
    assertThat(group.retentionInDays()).isEqualTo(30);
  }

  @Test
  void clusterInsightsDisabledInConsoleIsEnabledAgain() {
    stack.apply();
    ecs.updateCluster(r -> r.cluster("prod").settings(s -> s.name("containerInsights").value("disabled")));

    assertThat(changedPaths(stack.plan(), new ResourceId("Cluster", "prod"))).containsExactly("containerInsights");
    stack.apply();

    var cluster = ecs.describeClusters(r -> r.clusters("prod").include(ClusterField.SETTINGS)).clusters().get(0);
    assertThat(cluster.settings().get(0).value()).isEqualTo("enabled");
  }

  private ScalableTarget scalableTarget() {
    try (ApplicationAutoScalingClient scaling = ApplicationAutoScalingClient.create()) {
      return scaling
          .describeScalableTargets(
              r -> r.serviceNamespace(ServiceNamespace.ECS).resourceIds("service/prod/orders-api"))
          .scalableTargets()
          .get(0);
    }
  }

  @Test
  void scalingOwnsDesiredCountAndIsCorrected() {
    String scaling = "  scaling: {min: 2, max: 10, cpuTarget: 60}\n";
    stack.write("api.yaml", SampleStack.service("orders-api", IMAGE, network, scaling));
    stack.apply();
    assertThat(service("orders-api").desiredCount()).isEqualTo(2);
    assertThat(scalableTarget().maxCapacity()).isEqualTo(10);

    ecs.updateService(r -> r.cluster("prod").service("orders-api").desiredCount(6));
    assertThat(stack.plan().plan().inSync()).as("the autoscaler's count is not drift").isTrue();

    stack.aws().autoScaling()
        .registerScalableTarget(
            r ->
                r.serviceNamespace(ServiceNamespace.ECS)
                    .resourceId("service/prod/orders-api")
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                    .minCapacity(2)
                    .maxCapacity(3));
    assertThat(changedPaths(stack.plan(), new ResourceId("Service", "orders-api"))).containsExactly("scaling.max");
    stack.apply();

    assertThat(scalableTarget().maxCapacity()).isEqualTo(10);
    assertThat(service("orders-api").desiredCount()).isEqualTo(6);
    var policies =
        stack.aws().autoScaling()
            .describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId("service/prod/orders-api"))
            .scalingPolicies();
    assertThat(policies).hasSize(1);
    assertThat(policies.get(0).targetTrackingScalingPolicyConfiguration().targetValue()).isEqualTo(60.0);
  }

  @Test
  void unownedClusterIsConflictAndLeftAlone() {
    ecs.createCluster(r -> r.clusterName("prod").tags(t -> t.key("owner").value("someone-else")));

    ReconcileReport report = stack.apply();

    assertThat(report.plan().blocked()).extracting(b -> b.id().toString()).containsExactly("Cluster/prod");
    assertThat(report.plan().blocked().get(0).reason()).contains("metadata.adopt");
    var cluster = ecs.describeClusters(r -> r.clusters("prod").include(ClusterField.TAGS)).clusters().get(0);
    assertThat(cluster.tags()).extracting(t -> t.key()).containsExactly("owner");
  }

  @Test
  void adoptTakesOverUnownedCluster() {
    ecs.createCluster(r -> r.clusterName("prod"));
    stack.write(
        "cluster.yaml",
        SampleStack.cluster("prod").replace("  name: prod\n", "  name: prod\n  adopt: true\n"));

    ReconcileReport planned = stack.plan();
    assertThat(planned.plan().changes()).extracting(ResourceChange::action).containsExactly(Action.ADOPT);
    stack.apply();

    var cluster =
        ecs.describeClusters(r -> r.clusters("prod").include(ClusterField.TAGS, ClusterField.SETTINGS)).clusters().get(0);
    assertThat(cluster.tags())
        .extracting(t -> t.key() + "=" + t.value())
        .contains("mooring:managed-by=mooring", "mooring:document=Cluster/prod");
    assertThat(cluster.settings().get(0).value()).isEqualTo("enabled");
    assertThat(stack.plan().plan().inSync()).isTrue();
  }

  @Test
  void dryRunWritesNothing() {
    stack.write("api.yaml", SampleStack.service("orders-api", IMAGE, network, "  desiredCount: 2\n"));

    ReconcileReport report = stack.plan();

    assertThat(report.plan().changes()).extracting(ResourceChange::action).containsOnly(Action.CREATE);
    assertThat(ecs.listClusters().clusterArns()).isEmpty();
    assertThat(revisions("orders-api")).isEmpty();
  }

  @Test
  void restartAfterCrashReusesRegisteredRevision() {
    stack.write("api.yaml", SampleStack.service("orders-api", IMAGE, network, "  desiredCount: 2\n"));
    DesiredState state = stack.load();
    var resource = state.ofKind("Service", ServiceSpec.class).get(0);
    // The crash: the revision was registered but the service was never created.
    ecs.createCluster(r -> r.clusterName("prod").tags(t -> t.key("mooring:managed-by").value("mooring"), t -> t.key("mooring:document").value("Cluster/prod")));
    ecs.registerTaskDefinition(
        TaskDefinitions.request(resource, "us-east-1", resource.spec().roles()));

    ReconcileReport report = stack.apply();

    assertThat(report.succeeded()).isTrue();
    assertThat(revisions("orders-api")).hasSize(1);
    assertThat(service("orders-api").taskDefinition()).endsWith(":1");
  }

  @Test
  void failingServiceDoesNotStopOthers() {
    stack.write("api.yaml", SampleStack.service("orders-api", IMAGE, network, "  desiredCount: 2\n"));
    TestNetwork missing = new TestNetwork("subnet-0000000000000000f", "subnet-0000000000000000e", network.securityGroup());
    stack.write("broken.yaml", SampleStack.service("broken", IMAGE, missing, "  desiredCount: 1\n"));

    ReconcileReport report = stack.apply();

    assertThat(report.outcomes().get(new ResourceId("Service", "broken"))).isInstanceOf(Outcome.Failed.class);
    assertThat(report.outcomes().get(new ResourceId("Service", "orders-api"))).isInstanceOf(Outcome.Changed.class);
    assertThat(service("orders-api").desiredCount()).isEqualTo(2);
  }

  @Test
  void awsCallsAreCountedPerLoop() {
    stack.write("api.yaml", SampleStack.service("orders-api", IMAGE, network, "  desiredCount: 2\n"));
    stack.apply();

    ReconcileReport noop = stack.plan();

    // DescribeClusters, DescribeServices, DescribeLogGroups, DescribeScalableTargets; the task
    // definition comes from the cache.
    assertThat(noop.awsCalls()).isEqualTo(4);
    assertThat(stack.aws().calls().byOperation()).containsKey("Ecs:DescribeServices");
  }


  @Test
  void volumeIsMountedAndStaysInSync() {
    String volumes = "  desiredCount: 1\n  readOnlyRootFilesystem: true\n  volumes:\n    - {name: work, path: /var/lib/app}\n";
    stack.write("api.yaml", SampleStack.service("orders-api", IMAGE, network, volumes));

    stack.apply();

    TaskDefinition td = taskDefinition(service("orders-api"));
    assertThat(td.volumes()).extracting(v -> v.name()).containsExactly("work");
    var mount = td.containerDefinitions().get(0).mountPoints().get(0);
    assertThat(mount.sourceVolume()).isEqualTo("work");
    assertThat(mount.containerPath()).isEqualTo("/var/lib/app");
    assertThat(stack.plan().plan().inSync()).isTrue();
    assertThat(revisions("orders-api")).hasSize(1);
  }

  private Map<String, String> clusterTags() {
    var cluster =
        ecs.describeClusters(r -> r.clusters("prod").include(ClusterField.TAGS)).clusters().get(0);
    return ClusterKind.tagMap(cluster.tags());
  }

  @Test
  void laterRetainPolicyKeepsPrunedCluster() {
    String cluster = SampleStack.cluster("prod");
    String named = "  name: prod\n";
    stack.write("cluster.yaml", cluster.replace(named, named + "  deletionPolicy: Delete\n"));
    stack.apply();
    stack.write("cluster.yaml", cluster.replace(named, named + "  deletionPolicy: Retain\n"));

    ReconcileReport changed = stack.apply();

    assertThat(changedPaths(changed, new ResourceId("Cluster", "prod")))
        .containsExactly("tags.mooring:deletion-policy");
    assertThat(clusterTags()).containsEntry("mooring:deletion-policy", "Retain");
    stack.delete("cluster.yaml");

    ReconcileReport pruned = stack.apply(new ReconcileOptions(true, true));

    assertThat(pruned.succeeded()).isTrue();
    var clusters = ecs.describeClusters(r -> r.clusters("prod")).clusters();
    assertThat(clusters).extracting(c -> c.status()).containsExactly("ACTIVE");
    assertThat(clusterTags().keySet()).noneMatch(key -> key.startsWith("mooring:"));
  }

  @Test
  void laterRetainPolicyKeepsPrunedService() {
    String service = SampleStack.service("orders-api", IMAGE, network, "  desiredCount: 1\n");
    String named = "  name: orders-api\n";
    stack.write("api.yaml", service.replace(named, named + "  deletionPolicy: Delete\n"));
    stack.apply();
    stack.write("api.yaml", service.replace(named, named + "  deletionPolicy: Retain\n"));

    ReconcileReport changed = stack.apply();

    assertThat(changedPaths(changed, new ResourceId("Service", "orders-api")))
        .containsExactly("tags.mooring:deletion-policy");
    assertThat(ClusterKind.tagMap(service("orders-api").tags()))
        .containsEntry("mooring:deletion-policy", "Retain");
    stack.delete("api.yaml");

    ReconcileReport pruned = stack.apply(new ReconcileOptions(true, true));

    assertThat(pruned.succeeded()).isTrue();
    Service kept = service("orders-api");
    assertThat(kept.status()).isEqualTo("ACTIVE");
    assertThat(kept.desiredCount()).isEqualTo(1);
    assertThat(ClusterKind.tagMap(kept.tags()).keySet())
        .noneMatch(key -> key.startsWith("mooring:"));
  }
}
