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
 * KindPermissionsRegistryTest} fails until it has one. Kinds whose inventory reads only the
 * Resource Groups Tagging API, which {@link EnginePermissions} allows, have no inventory
 * statements of their own.
 */
public final class KindPermissionsRegistry {
  private static final Map<String, KindPermissions> BY_KIND =
      Map.ofEntries(
          Map.entry(EnvironmentKind.KIND, KindPermissions.none()),
          Map.entry(
              EnvironmentKind.CONFIG_RECORDER_KIND,
              KindPermissions.of(ConfigPermissions::configRecorder)
                  .withInventory(ConfigPermissions::configRecorderInventory)
                  .withPrune(ConfigPermissions::configRecorderPrune)
                  .withServiceLinkedRoles("config.amazonaws.com")),
          Map.entry(
              ClusterKind.KIND,
              KindPermissions.of(EcsPermissions::cluster)
                  .withInventory(EcsPermissions::clusterInventory)
                  .withPrune(EcsPermissions::clusterPrune)
                  .withServiceLinkedRoles("ecs.amazonaws.com")),
          Map.entry(
              ServiceKind.KIND,
              KindPermissions.of(EcsPermissions::service)
                  .withInventory(EcsPermissions::serviceInventory)
                  .withPrune(EcsPermissions::servicePrune)
                  .withServiceLinkedRoles(
                      "ecs.amazonaws.com", "ecs.application-autoscaling.amazonaws.com")),
          Map.entry(
              LoadBalancerKind.KIND,
              KindPermissions.of(LoadBalancerPermissions::loadBalancer)
                  .withInventory(LoadBalancerPermissions::inventory)
                  .withPrune(LoadBalancerPermissions::prune)
                  .withServiceLinkedRoles("elasticloadbalancing.amazonaws.com")),
          Map.entry(
              DatabaseKind.KIND,
              KindPermissions.of(DatabasePermissions::database)
                  .withPrune(DatabasePermissions::prune)
                  .withServiceLinkedRoles("rds.amazonaws.com")),
          Map.entry(
              RepositoryKind.KIND,
              KindPermissions.of(RepositoryPermissions::repository)
                  .withInventory(RepositoryPermissions::inventory)
                  .withPrune(RepositoryPermissions::prune)),
          Map.entry(
              SecurityGroupKind.KIND,
              KindPermissions.of(SecurityGroupPermissions::securityGroup)
                  .withPrune(SecurityGroupPermissions::prune)),
          Map.entry(
              ApiKind.KIND,
              KindPermissions.of(ApiPermissions::api)
                  .withInventory(ApiPermissions::inventory)
                  .withPrune(ApiPermissions::prune)
                  .withServiceLinkedRoles("ops.apigateway.amazonaws.com")),
          Map.entry(
              DnsRecordKind.KIND,
              KindPermissions.of(DnsRecordPermissions::dnsRecord)
                  .withInventory(DnsRecordPermissions::inventory)
                  .withPrune(DnsRecordPermissions::prune)),
          Map.entry(
              RoleKind.KIND,
              KindPermissions.of(RolePermissions::role)
                  .withInventory(RolePermissions::inventory)
                  .withPrune(RolePermissions::prune)),
          Map.entry(
              ManagedPolicyKind.KIND,
              KindPermissions.of(ManagedPolicyPermissions::managedPolicy)
                  .withInventory(ManagedPolicyPermissions::inventory)
                  .withPrune(ManagedPolicyPermissions::prune)),
          Map.entry(
              ComplianceRuleKind.KIND,
              KindPermissions.of(ConfigPermissions::complianceRule)
                  .withInventory(ConfigPermissions::complianceRuleInventory)
                  .withPrune(ConfigPermissions::complianceRulePrune)),
          Map.entry(
              TopicKind.KIND,
              KindPermissions.of(TopicPermissions::topic).withPrune(TopicPermissions::prune)),
          Map.entry(
              AlarmKind.KIND,
              KindPermissions.of(MonitoringPermissions::alarm)
                  .withPrune(MonitoringPermissions::alarmPrune)),
          Map.entry(
              LogMetricFilterKind.KIND,
              KindPermissions.of(MonitoringPermissions::logMetricFilter)
                  .withPrune(MonitoringPermissions::logMetricFilterPrune)),
          Map.entry(
              EventRuleKind.KIND,
              KindPermissions.of(MonitoringPermissions::eventRule)
                  .withInventory(MonitoringPermissions::eventRuleInventory)
                  .withPrune(MonitoringPermissions::eventRulePrune)));

  private KindPermissionsRegistry() {}

  public static Optional<KindPermissions> find(String kind) {
    return Optional.ofNullable(BY_KIND.get(kind));
  }

  /** Returns the names of the kinds that have permissions, sorted. */
  public static Set<String> kinds() {
    return new TreeSet<>(BY_KIND.keySet());
  }
}
