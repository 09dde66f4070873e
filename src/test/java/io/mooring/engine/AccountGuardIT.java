package io.mooring.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import io.mooring.testing.SampleStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;

/** The account and region guard before the first write of a loop, against the emulator. */
class AccountGuardIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();


  private ReconcileReport applyWith(String environmentSpec) {
    stack
        .write("cluster.yaml", SampleStack.cluster("prod"))
        .write(
            "environment.yaml",
            "apiVersion: mooring/v1\nkind: Environment\nmetadata: {name: prod}\nspec:\n" + environmentSpec);
    return stack.apply();
  }

  private static int clusters() {
    try (EcsClient ecs = EcsClient.create()) {
      return ecs.listClusters().clusterArns().size();
    }
  }

  @Test
  void otherAccountWritesNothing() {
    ReconcileReport report = applyWith("  allowedAccountIds: [\"111111111111\"]\n");

    assertThat(clusters()).isZero();
    assertThat(report.awsWrites()).isZero();
    assertThat(report.plan().blocked())
        .singleElement()
        .satisfies(b -> assertThat(b.reason()).contains("account 123456789012", "111111111111"));
  }

  @Test
  void otherRegionWritesNothing() {
    ReconcileReport report = applyWith("  region: eu-west-1\n");

    assertThat(clusters()).isZero();
    assertThat(report.plan().blocked())
        .singleElement()
        .satisfies(b -> assertThat(b.reason()).contains("us-east-1", "eu-west-1"));
  }

  @Test
  void allowedAccountAndRegionApply() {
    ReconcileReport report = applyWith("  region: us-east-1\n  allowedAccountIds: [\"123456789012\"]\n");

    assertThat(report.succeeded()).isTrue();
    assertThat(clusters()).isEqualTo(1);
  }

  @Test
  void inSyncStackMakesNoWriteCalls() {
    applyWith("  region: us-east-1\n");

    ReconcileReport again = applyWith("  region: us-east-1\n");

    assertThat(again.plan().inSync()).isTrue();
    assertThat(again.awsWrites()).isZero();
    assertThat(again.awsCalls()).isPositive();
  }
}
