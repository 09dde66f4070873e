package io.mooring.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.aws.AwsSession;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.engine.Reconciler;
import io.mooring.engine.RetryBook;
import io.mooring.kinds.Kinds;
import io.mooring.load.DesiredStateLoader;
import io.mooring.plan.Blocked;
import io.mooring.testing.MotoServer;
import io.mooring.testing.SampleDesiredState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Checks that the policy {@code iam-policy} prints for a directory of one Cluster allows every AWS
 * call of a prune, when the stack still owns resources of every other kind. The sample stack is
 * applied first, then all of its documents but the Cluster are removed, so that pruning lists, and
 * deletes or releases, resources of kinds that the directory no longer uses.
 *
 * <p>The calls come from {@link AwsActionRecorder} and are matched as {@link IamPolicyCoverageIT}
 * matches them: by action, and for API Gateway also by resource path.
 */
class PrunePolicyCoverageIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String REGION = "us-east-1";
  private static final String ACCOUNT = "123456789012";

  /**
   * The sample's Environment without its config recorder, so that the inventory reads recorders
   * as a kind that the directory does not use. moto 5.2.5 gives recorders no ARN, so they carry no
   * tags there and are never pruned.
   */
  private static final String ENVIRONMENT =
      """
      apiVersion: mooring/v1
      kind: Environment
      metadata:
        name: prod
      spec:
        region: us-east-1
        prune: true
        allowedAccountIds: ["123456789012"]
      """;

  private static final String CLUSTER =
      """
      apiVersion: mooring/v1
      kind: Cluster
      metadata:
        name: prod
      spec:
        containerInsights: true
      """;

  @TempDir Path dir;
  private AwsSession aws;
  private Reconciler reconciler;

  @BeforeEach
  void setUp() {
    aws = new AwsSession(new SimpleMeterRegistry());
    reconciler =
        new Reconciler(
            Kinds.registry(), aws, Clock.systemUTC(), RetryBook.standard(Clock.systemUTC()));
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  @Test
  void clusterOnlyPolicyAllowsPruningEveryKind() throws IOException {
    SampleDesiredState.copyTo(dir, SampleDesiredState.prepareEmulator());
    ReconcileReport sample = reconciler.apply(load());
    assertThat(failures(sample)).as("failures applying the sample stack").isEmpty();
    keepOnlyCluster();
    DesiredState clusterOnly = load();
    IamPolicy policy = PolicyGenerator.generate(clusterOnly, options());

    ReconcileReport plan;
    ReconcileReport prune;
    TreeSet<String> calls;
    try (AwsActionRecorder.Capture capture = AwsActionRecorder.capture()) {
      plan = reconciler.plan(clusterOnly);
      prune = reconciler.apply(clusterOnly, new ReconcileOptions(true, true));
      calls = capture.calls();
    }

    assertThat(plan.plan().blocked())
        .extracting(Blocked::id)
        .extracting(ResourceId::kind)
        .as("kinds whose deletion the plan holds back")
        .contains("Database", "DnsRecord", "ManagedPolicy", "Topic");
    assertThat(failures(plan)).as("failures planning the prune").isEmpty();
    assertThat(failures(prune)).as("failures of the prune").isEmpty();
    assertThat(calls).isNotEmpty();
    assertThat(notAllowed(policy, calls))
        .as("calls of the prune that the policy for one Cluster does not allow")
        .isEmpty();
    assertClusterKept();
    assertDeletedResourcesAreGone();
    assertRetainedResourcesAreReleased();
  }

  /** Replaces the sample's files with an Environment and the Cluster {@code prod}. */
  private void keepOnlyCluster() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.writeString(dir.resolve("environment.yaml"), ENVIRONMENT);
    Files.writeString(dir.resolve("cluster.yaml"), CLUSTER);
  }

  private DesiredState load() {
    return new DesiredStateLoader(Kinds.registry()).load(dir);
  }

  private static PolicyOptions options() {
    return new PolicyOptions(
        "aws", REGION, ACCOUNT, PolicyOptions.DEFAULT_METRICS_NAMESPACE, null, null, null, null);
  }

  private static Map<ResourceId, Outcome> failures(ReconcileReport report) {
    Map<ResourceId, Outcome> failed = new java.util.TreeMap<>();
    report
        .outcomes()
        .forEach(
            (id, outcome) -> {
              if (outcome instanceof Outcome.Failed) {
                failed.put(id, outcome);
              }
            });
    return failed;
  }

  /** Returns each call that the policy does not allow, with the permission it needs. */
  private static List<String> notAllowed(IamPolicy policy, TreeSet<String> calls) {
    List<String> missing = new ArrayList<>();
    for (String call : calls) {
      IamPolicyCoverageIT.RequiredPermission required =
          IamPolicyCoverageIT.requiredPermission(call);
      if (required != null && !IamPolicyCoverageIT.allows(policy, required)) {
        missing.add(call + " needs " + required);
      }
    }
    return missing;
  }

  private static void assertClusterKept() {
    try (EcsClient ecs = EcsClient.create()) {
      List<Cluster> clusters = ecs.describeClusters(r -> r.clusters("prod")).clusters();
      assertThat(clusters).extracting(Cluster::status).containsExactly("ACTIVE");
      List<Service> services =
          ecs.describeServices(r -> r.cluster("prod").services("orders-api", "mooring"))
              .services();
      assertThat(services).extracting(Service::status).doesNotContain("ACTIVE");
    }
  }

  private static void assertDeletedResourcesAreGone() {
    try (SnsClient sns = SnsClient.create();
        EcrClient ecr = EcrClient.create();
        EventBridgeClient events = EventBridgeClient.create();
        ConfigClient config = ConfigClient.create();
        IamClient iam = IamClient.builder().build();
        Ec2Client ec2 = Ec2Client.create();
        ApiGatewayV2Client apis = ApiGatewayV2Client.create();
        CloudWatchClient cloudWatch = CloudWatchClient.create();
        CloudWatchLogsClient logs = CloudWatchLogsClient.create()) {
      assertThat(sns.listTopics().topics()).as("topics").isEmpty();
      assertThat(ecr.describeRepositories().repositories()).as("repositories").isEmpty();
      assertThat(events.listRules(r -> {}).rules()).as("event rules").isEmpty();
      assertThat(config.describeConfigRules(r -> {}).configRules()).as("config rules").isEmpty();
      assertThat(iam.listRoles().roles()).extracting(Role::roleName).as("roles").isEmpty();
      assertThat(iam.listPolicies(r -> r.scope(PolicyScopeType.LOCAL)).policies())
          .extracting(Policy::policyName)
          .as("customer managed policies")
          .containsExactly("mooring-boundary");
      assertThat(
              ec2.describeSecurityGroups(
                      r -> r.filters(f -> f.name("tag-key").values("mooring:managed-by")))
                  .securityGroups())
          .as("security groups with mooring's tags")
          .isEmpty();
      assertThat(apis.getApis(r -> {}).items()).as("HTTP APIs").isEmpty();
      assertThat(apis.getVpcLinks(r -> {}).items()).as("VPC links").isEmpty();
      assertThat(cloudWatch.describeAlarms().metricAlarms())
          .extracting(MetricAlarm::alarmName)
          .as("alarms other than those of target tracking")
          .allMatch(name -> name.startsWith("TargetTracking-"));
      assertThat(logs.describeMetricFilters(r -> {}).metricFilters())
          .as("metric filters")
          .isEmpty();
    }
    try (Route53Client route53 = Route53Client.create()) {
      String zone = route53.listHostedZones().hostedZones().get(0).id();
      assertThat(route53.listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets())
          .extracting(ResourceRecordSet::typeAsString)
          .as("record sets left in example.com")
          .containsOnly("NS", "SOA");
    }
  }

  /**
   * Checks the resources whose default deletion policy is Retain: the database and the load
   * balancer with deletion protection stay, without mooring's tags.
   */
  private static void assertRetainedResourcesAreReleased() {
    try (RdsClient rds = RdsClient.create();
        ElasticLoadBalancingV2Client elb = ElasticLoadBalancingV2Client.create()) {
      List<DBInstance> databases = rds.describeDBInstances().dbInstances();
      assertThat(databases).hasSize(1);
      assertThat(databases.get(0).tagList()).noneMatch(t -> t.key().startsWith("mooring:"));
      List<LoadBalancer> balancers = elb.describeLoadBalancers().loadBalancers();
      assertThat(balancers).hasSize(1);
      String balancer = balancers.get(0).loadBalancerArn();
      assertThat(elb.describeTags(r -> r.resourceArns(balancer)).tagDescriptions().get(0).tags())
          .noneMatch(t -> t.key().startsWith("mooring:"));
    }
  }
}
