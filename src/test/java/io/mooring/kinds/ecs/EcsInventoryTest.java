package io.mooring.kinds.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Statuses and ARNs of the ECS resources that pruning lists. */
class EcsInventoryTest {

  @ParameterizedTest
  @CsvSource({
    "ACTIVE, false",
    "PROVISIONING, false",
    "FAILED, false",
    "DRAINING, true",
    "DEPROVISIONING, true",
    "INACTIVE, true"
  })
  void statusMeansDeletedOrDeleting(String status, boolean gone) {
    assertThat(EcsInventory.isGone(status)).isEqualTo(gone);
  }

  @Test
  void serviceArnNamesClusterAndService() {
    assertThat(
            EcsInventory.clusterAndService(
                "arn:aws:ecs:us-east-1:123456789012:service/prod/orders-api"))
        .isEqualTo(Map.entry("prod", "orders-api"));
  }

  @Test
  void oldServiceArnFormatIsInDefaultCluster() {
    assertThat(EcsInventory.clusterAndService("arn:aws:ecs:us-east-1:123456789012:service/web"))
        .isEqualTo(Map.entry("default", "web"));
  }
}
