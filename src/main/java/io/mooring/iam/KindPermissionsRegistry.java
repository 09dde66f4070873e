package io.mooring.iam;

import io.mooring.kinds.apigateway.ApiKind;
import io.mooring.kinds.cloudwatch.AlarmKind;
import io.mooring.kinds.cloudwatch.LogMetricFilterKind;
import io.mooring.kinds.config.ComplianceRuleKind;
import io.mooring.kinds.dns.DnsRecordKind;
import io.mooring.kinds.ecr.RepositoryKind;
import io.mooring.kinds.ecs.ClusterKind;
import io.mooring.kinds.ecs.ServiceKind;
import io.mooring.kinds.elb.LoadBalancerKind;
import io.mooring.kinds.environment.EnvironmentKind;
import io.mooring.kinds.events.EventRuleKind;
import io.mooring.kinds.iam.ManagedPolicyKind;
import io.mooring.kinds.iam.RoleKind;
import io.mooring.kinds.network.SecurityGroupKind;
import io.mooring.kinds.rds.DatabaseKind;
import io.mooring.kinds.sns.TopicKind;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The IAM permissions of every kind, by kind name.
 *
 * <p>They live here rather than on {@code ResourceKind} so that the policy of all kinds can be read
 * and reviewed in one package. A new kind needs an entry here as well as in {@code Kinds}; {@code
 * KindPermissionsRegistryTest} fails until it has one.
 */
public final class KindPermissionsRegistry {
  private static final Map<String, KindPermissions> BY_KIND =
      Map.ofEntries(
          Map.entry(EnvironmentKind.KIND, KindPermissions.none()),
          Map.entry(
              EnvironmentKind.CONFIG_RECORDER_KIND,
              new KindPermissions(
                  ConfigPermissions::configRecorder, Set.of("config.amazonaws.com"))),
          Map.entry(
              ClusterKind.KIND,
              new KindPermissions(EcsPermissions::cluster, Set.of("ecs.amazonaws.com"))),
          Map.entry(
              ServiceKind.KIND,
              new KindPermissions(
                  EcsPermissions::service,
                  Set.of("ecs.amazonaws.com", "ecs.application-autoscaling.amazonaws.com"))),
          Map.entry(
              LoadBalancerKind.KIND,
              new KindPermissions(
                  LoadBalancerPermissions::loadBalancer,
                  Set.of("elasticloadbalancing.amazonaws.com"))),
          Map.entry(
              DatabaseKind.KIND,
              new KindPermissions(DatabasePermissions::database, Set.of("rds.amazonaws.com"))),
          Map.entry(RepositoryKind.KIND, KindPermissions.of(RepositoryPermissions::repository)),
          Map.entry(
              SecurityGroupKind.KIND, KindPermissions.of(SecurityGroupPermissions::securityGroup)),
          Map.entry(
              ApiKind.KIND,
              new KindPermissions(ApiPermissions::api, Set.of("ops.apigateway.amazonaws.com"))),
          Map.entry(DnsRecordKind.KIND, KindPermissions.of(DnsRecordPermissions::dnsRecord)),
          Map.entry(RoleKind.KIND, KindPermissions.of(RolePermissions::role)),
          Map.entry(
              ManagedPolicyKind.KIND, KindPermissions.of(ManagedPolicyPermissions::managedPolicy)),
          Map.entry(ComplianceRuleKind.KIND, KindPermissions.of(ConfigPermissions::complianceRule)),
          Map.entry(TopicKind.KIND, KindPermissions.of(TopicPermissions::topic)),
          Map.entry(AlarmKind.KIND, KindPermissions.of(MonitoringPermissions::alarm)),
          Map.entry(
              LogMetricFilterKind.KIND, KindPermissions.of(MonitoringPermissions::logMetricFilter)),
          Map.entry(EventRuleKind.KIND, KindPermissions.of(MonitoringPermissions::eventRule)));

  private KindPermissionsRegistry() {}

  public static Optional<KindPermissions> find(String kind) {
    return Optional.ofNullable(BY_KIND.get(kind));
  }

  /** Returns the names of the kinds that have permissions, sorted. */
  public static Set<String> kinds() {
    return new TreeSet<>(BY_KIND.keySet());
  }
}
