package io.mooring.kinds;

import io.mooring.engine.KindRegistry;
import io.mooring.kinds.ecs.ClusterKind;
import io.mooring.kinds.environment.EnvironmentKind;
import io.mooring.kinds.ecs.ServiceKind;
import java.util.List;

/** Every resource kind that mooring manages. A new kind is one package plus one line here. */
public final class Kinds {
  private Kinds() {}

  public static KindRegistry registry() {
    return new KindRegistry(List.of(new EnvironmentKind(), new ClusterKind(), new ServiceKind(),
        new io.mooring.kinds.elb.LoadBalancerKind(),
        new io.mooring.kinds.rds.DatabaseKind(),
        new io.mooring.kinds.ecr.RepositoryKind(),
        new io.mooring.kinds.network.SecurityGroupKind(),
        new io.mooring.kinds.apigateway.ApiKind(),
        new io.mooring.kinds.dns.DnsRecordKind(),
        new io.mooring.kinds.iam.ManagedPolicyKind(),
        new io.mooring.kinds.iam.RoleKind(),
        new io.mooring.kinds.config.ComplianceRuleKind(),
        new io.mooring.kinds.config.ConfigRecorderKind(),
        new io.mooring.kinds.sns.TopicKind(),
        new io.mooring.kinds.cloudwatch.AlarmKind(),
        new io.mooring.kinds.cloudwatch.LogMetricFilterKind(),
        new io.mooring.kinds.events.EventRuleKind()));
  }
}
