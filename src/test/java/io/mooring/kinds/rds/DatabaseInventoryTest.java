package io.mooring.kinds.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.ResourceId;
import io.mooring.engine.InventoryContext.TaggedResource;
import io.mooring.engine.OwnedResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseInventoryTest {
  private static final String PREFIX = "arn:aws:rds:us-east-1:123456789012:";

  private static TaggedResource tagged(String arnSuffix, String document) {
    return new TaggedResource(
        PREFIX + arnSuffix, Map.of("mooring:managed-by", "mooring", "mooring:document", document));
  }

  private static List<String> arns(List<OwnedResource> owned) {
    return owned.stream().map(OwnedResource::arn).toList();
  }

  @Test
  void instanceStandsForItsSubnetGroup() {
    List<OwnedResource> owned =
        DatabaseInventory.owned(
            List.of(
                tagged("subgrp:orders-db", "Database/orders-db"),
                tagged("db:orders-db", "Database/orders-db")));

    assertThat(arns(owned)).containsExactly(PREFIX + "db:orders-db");
    assertThat(owned.get(0).id()).isEqualTo(new ResourceId("Database", "orders-db"));
  }

  @Test
  void subnetGroupLeftAfterInstanceIsListed() {
    List<OwnedResource> owned =
        DatabaseInventory.owned(List.of(tagged("subgrp:orders-db", "Database/orders-db")));

    assertThat(arns(owned)).containsExactly(PREFIX + "subgrp:orders-db");
  }

  @Test
  void snapshotsAndOtherKindsAreSkipped() {
    List<OwnedResource> owned =
        DatabaseInventory.owned(
            List.of(
                tagged("snapshot:orders-db-final-20250309210405", "Database/orders-db"),
                tagged("db:cache", "Cluster/cache"),
                new TaggedResource(PREFIX + "db:untagged", Map.of())));

    assertThat(owned).isEmpty();
  }
}
