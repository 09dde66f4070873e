package io.mooring.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.aws.AwsSession;
import io.mooring.kinds.Kinds;
import io.mooring.load.DesiredStateLoader;
import io.mooring.testing.DesiredStateDir;
import io.mooring.testing.MotoServer;
import io.mooring.testing.SampleStack;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;

/** The account and region guard before the first write of a loop, against the emulator. */
class AccountGuardIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @TempDir Path dir;
  private AwsSession aws;
  private Reconciler reconciler;

  @BeforeEach
  void setUp() {
    aws = new AwsSession(new SimpleMeterRegistry());
    reconciler = new Reconciler(Kinds.registry(), aws, Clock.systemUTC(), RetryBook.standard(Clock.systemUTC()));
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  private ReconcileReport applyWith(String environmentSpec) {
    new DesiredStateDir(dir)
        .write("cluster.yaml", SampleStack.cluster("prod"))
        .write(
            "environment.yaml",
            "apiVersion: mooring/v1\nkind: Environment\nmetadata: {name: prod}\nspec:\n" + environmentSpec);
    return reconciler.apply(new DesiredStateLoader(Kinds.registry()).load(dir));
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
