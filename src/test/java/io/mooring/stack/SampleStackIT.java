package io.mooring.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.ResourceId;
import io.mooring.engine.Outcome;
import io.mooring.engine.ReconcileOptions;
import io.mooring.engine.ReconcileReport;
import io.mooring.plan.Action;
import io.mooring.plan.ResourceChange;
import io.mooring.testing.MotoServer;
import io.mooring.testing.ReconcileHarness;
import io.mooring.testing.SampleDesiredState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The repository's own desired-state/ applied to the emulator as a whole: every kind together, in
 * dependency order, in sync afterwards, and torn down in reverse order by pruning.
 */
class SampleStackIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension final ReconcileHarness stack = new ReconcileHarness();


  @BeforeEach
  void setUp() throws IOException {
    SampleDesiredState.copyTo(stack.dir(), SampleDesiredState.prepareEmulator());
  }

  private static int indexOf(List<ResourceChange> changes, String id) {
    for (int i = 0; i < changes.size(); i++) {
      if (changes.get(i).id().toString().equals(id)) {
        return i;
      }
    }
    throw new AssertionError(id + " is not in the plan");
  }

  @Test
  void freshApplyFollowsReferences() {
    ReconcileReport plan = stack.plan();
    List<ResourceChange> changes = plan.plan().changes();

    assertThat(changes).extracting(ResourceChange::action).containsOnly(Action.CREATE);
    assertThat(indexOf(changes, "SecurityGroup/orders-api")).isLessThan(indexOf(changes, "Service/orders-api"));
    assertThat(indexOf(changes, "Cluster/prod")).isLessThan(indexOf(changes, "Service/orders-api"));
    assertThat(indexOf(changes, "LoadBalancer/edge")).isLessThan(indexOf(changes, "Service/orders-api"));
    assertThat(indexOf(changes, "LoadBalancer/edge")).isLessThan(indexOf(changes, "Api/orders"));
    assertThat(indexOf(changes, "LoadBalancer/edge")).isLessThan(indexOf(changes, "DnsRecord/api"));
    assertThat(indexOf(changes, "SecurityGroup/orders-db")).isLessThan(indexOf(changes, "Database/orders-db"));
    assertThat(indexOf(changes, "Topic/oncall")).isLessThan(indexOf(changes, "Alarm/orders-api-cpu-high"));
    assertThat(indexOf(changes, "ManagedPolicy/mooring-1")).isLessThan(indexOf(changes, "Role/mooring"));
    assertThat(indexOf(changes, "Role/orders-api-task")).isLessThan(indexOf(changes, "Service/orders-api"));
    assertThat(indexOf(changes, "Role/mooring")).isLessThan(indexOf(changes, "Service/mooring"));
  }

  @Test
  void wholeStackConvergesAndStaysQuiet() {
    ReconcileReport first = stack.apply();

    assertThat(first.outcomes())
        .allSatisfy((id, outcome) -> assertThat(outcome).as(id.toString()).isNotInstanceOf(Outcome.Failed.class));
    ReconcileReport again = stack.apply();
    assertThat(again.plan().changes()).isEmpty();
    assertThat(again.awsWrites()).isZero();
    try (EcsClient ecs = EcsClient.create()) {
      var service = ecs.describeServices(r -> r.cluster("prod").services("orders-api")).services().get(0);
      assertThat(service.loadBalancers()).hasSize(1);
      assertThat(service.networkConfiguration().awsvpcConfiguration().securityGroups()).hasSize(1);
      var taskDefinition =
          ecs.describeTaskDefinition(r -> r.taskDefinition(service.taskDefinition())).taskDefinition();
      try (IamClient iam = IamClient.builder().build()) {
        assertThat(taskDefinition.taskRoleArn())
            .isEqualTo(iam.getRole(r -> r.roleName("orders-api-task")).role().arn());
        assertThat(taskDefinition.executionRoleArn())
            .isEqualTo(iam.getRole(r -> r.roleName("orders-api-execution")).role().arn());
      }
    }
    List<String> generated =
        stack.load().resources().stream()
            .filter(r -> r.id().kind().equals("ManagedPolicy") && r.name().startsWith("mooring-"))
            .map(r -> "arn:aws:iam::123456789012:policy/" + r.name())
            .toList();
    try (IamClient iam = IamClient.builder().build()) {
      var attached = iam.listAttachedRolePolicies(r -> r.roleName("mooring")).attachedPolicies();
      assertThat(generated).isNotEmpty();
      assertThat(attached).extracting(p -> p.policyArn()).containsExactlyInAnyOrderElementsOf(generated);
    }
  }

  @Test
  void teardownDeletesInReverseOrderAndKeepsData() throws IOException {
    stack.apply();
    try (Stream<Path> files = Files.list(stack.dir())) {
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().equals("environment.yaml")) {
          Files.delete(file);
        }
      }
    }

    ReconcileReport held = stack.prune();
    assertThat(held.plan().blocked()).isNotEmpty();
    assertThat(held.plan().blocked().get(0).reason()).contains("--allow-mass-delete");
    ReconcileReport teardown = stack.apply(new ReconcileOptions(true, true));

    List<ResourceChange> deletions = teardown.plan().changes();
    assertThat(deletions).extracting(ResourceChange::action).containsOnly(Action.DELETE);
    assertThat(indexOf(deletions, "Service/orders-api")).isLessThan(indexOf(deletions, "Cluster/prod"));
    assertThat(indexOf(deletions, "DnsRecord/api")).isLessThan(indexOf(deletions, "LoadBalancer/edge"));
    assertThat(indexOf(deletions, "Service/orders-api")).isLessThan(indexOf(deletions, "SecurityGroup/orders-api"));
    assertThat(indexOf(deletions, "Role/mooring")).isLessThan(indexOf(deletions, "ManagedPolicy/mooring-1"));
    assertThat(indexOf(deletions, "Service/orders-api")).isLessThan(indexOf(deletions, "Role/orders-api-task"));
    try (EcsClient ecs = EcsClient.create();
        RdsClient rds = RdsClient.create()) {
      assertThat(ecs.describeClusters(r -> r.clusters("prod")).clusters())
          .allSatisfy(c -> assertThat(c.status()).isEqualTo("INACTIVE"));
      var database = rds.describeDBInstances().dbInstances();
      assertThat(database).hasSize(1);
      assertThat(database.get(0).tagList()).noneMatch(t -> t.key().startsWith("mooring:"));
    }
    assertThat(teardown.outcomes().get(new ResourceId("Database", "orders-db"))).isInstanceOf(Outcome.Changed.class);
  }
}
