package io.mooring.kinds;

import io.mooring.engine.KindRegistry;
import io.mooring.kinds.ecr.RepositoryKind;
import io.mooring.kinds.ecs.ClusterKind;
import io.mooring.kinds.ecs.ServiceKind;
import io.mooring.kinds.environment.EnvironmentKind;
import io.mooring.kinds.network.SecurityGroupKind;
import java.util.List;

/** Every resource kind that mooring knows. A new kind is one package plus one line here. */
public final class Kinds {
  private Kinds() {}

  public static KindRegistry registry() {
    return new KindRegistry(
        List.of(
            new EnvironmentKind(),
            new ClusterKind(),
            new ServiceKind(),
            new RepositoryKind(),
            new SecurityGroupKind()));
  }
}
