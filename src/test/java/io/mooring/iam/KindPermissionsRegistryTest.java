package io.mooring.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.engine.ResourceKind;
import io.mooring.kinds.Kinds;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class KindPermissionsRegistryTest {

  @Test
  void everyRegisteredKindHasPermissions() {
    TreeSet<String> kinds = new TreeSet<>();
    for (ResourceKind<?> kind : Kinds.registry().all()) {
      kinds.add(kind.kind());
    }

    assertThat(KindPermissionsRegistry.kinds()).isEqualTo(kinds);
  }

  @Test
  void kindsWithoutAwsResourcesHaveNoStatements() {
    for (ResourceKind<?> kind : Kinds.registry().all()) {
      if (!kind.managesAwsResources()) {
        KindPermissions permissions = KindPermissionsRegistry.find(kind.kind()).orElseThrow();
        assertThat(permissions.statements().of(null)).as(kind.kind()).isEmpty();
      }
    }
  }
}
