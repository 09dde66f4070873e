package io.mooring.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.mooring.api.ResourceId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {
  private static final ResourceId PROD = new ResourceId("Cluster", "prod");
  private static final ResourceId STAGING = new ResourceId("Cluster", "staging");
  private static final ResourceId API = new ResourceId("Service", "api");
  private static final ResourceId WEB = new ResourceId("Service", "web");

  private final DependencyGraph graph = new DependencyGraph();

  private static ResourceId node(String name) {
    return new ResourceId("Node", name);
  }

  // Levels

  @Test
  void resourceComesAfterWhatItRefersTo() {
    graph.add(WEB, Set.of(PROD));
    graph.add(PROD, Set.of());

    assertThat(graph.levels()).containsExactly(List.of(PROD), List.of(WEB));
  }

  @Test
  void independentResourcesShareLevelSortedById() {
    graph.add(WEB, Set.of(PROD));
    graph.add(STAGING, Set.of());
    graph.add(API, Set.of(STAGING));
    graph.add(PROD, Set.of());

    assertThat(graph.levels()).containsExactly(List.of(PROD, STAGING), List.of(API, WEB));
  }

  @Test
  void levelFollowsLongestChain() {
    // a <- b <- d, a <- c <- d, a <- e and d <- e: e waits for d, two levels above a.
    graph.add(node("a"), Set.of());
    graph.add(node("b"), Set.of(node("a")));
    graph.add(node("c"), Set.of(node("a")));
    graph.add(node("d"), Set.of(node("b"), node("c")));
    graph.add(node("e"), Set.of(node("a"), node("d")));

    assertThat(graph.levels())
        .containsExactly(
            List.of(node("a")),
            List.of(node("b"), node("c")),
            List.of(node("d")),
            List.of(node("e")));
  }

  @Test
  void referenceOutsideGraphDoesNotAddLevel() {
    graph.add(WEB, Set.of(PROD));

    assertThat(graph.levels()).containsExactly(List.of(WEB));
  }

  @Test
  void emptyGraphHasNoLevels() {
    assertThat(graph.levels()).isEmpty();
    assertThat(graph.cycles()).isEmpty();
  }

  @Test
  void repeatedAddMergesDependencies() {
    graph.add(WEB, Set.of(PROD));
    graph.add(WEB, Set.of(STAGING));

    assertThat(graph.dependenciesOf(WEB)).containsExactlyInAnyOrder(PROD, STAGING);
  }

  @Test
  void unknownResourceHasNoDependencies() {
    assertThat(graph.dependenciesOf(WEB)).isEmpty();
  }

  // Cycles

  @Test
  void acyclicGraphHasNoCycles() {
    graph.add(WEB, Set.of(PROD));
    graph.add(API, Set.of(PROD));
    graph.add(PROD, Set.of());

    assertThat(graph.cycles()).isEmpty();
  }

  @Test
  void twoMemberCycleNamesBoth() {
    graph.add(node("a"), Set.of(node("b")));
    graph.add(node("b"), Set.of(node("a")));

    assertThat(graph.cycles()).containsExactly(List.of(node("a"), node("b")));
  }

  @Test
  void threeMemberCycleInReferenceOrder() {
    graph.add(node("a"), Set.of(node("b")));
    graph.add(node("b"), Set.of(node("c")));
    graph.add(node("c"), Set.of(node("a")));

    assertThat(graph.cycles()).containsExactly(List.of(node("a"), node("b"), node("c")));
  }

  @Test
  void selfReferenceIsCycleOfOne() {
    graph.add(node("a"), Set.of(node("a")));

    assertThat(graph.cycles()).containsExactly(List.of(node("a")));
  }

  @Test
  void cycleReachedFromOutsideNamesOnlyItsMembers() {
    graph.add(node("a"), Set.of(node("b")));
    graph.add(node("b"), Set.of(node("c")));
    graph.add(node("c"), Set.of(node("b")));

    assertThat(graph.cycles()).containsExactly(List.of(node("b"), node("c")));
  }

  @Test
  void separateCyclesAreEachReportedOnce() {
    graph.add(node("a"), Set.of(node("b")));
    graph.add(node("b"), Set.of(node("a")));
    graph.add(node("x"), Set.of(node("y")));
    graph.add(node("y"), Set.of(node("x")));
    graph.add(node("z"), Set.of(node("a"), node("x")));

    assertThat(graph.cycles())
        .containsExactly(List.of(node("a"), node("b")), List.of(node("x"), node("y")));
  }

  @Test
  void levelsRejectCycle() {
    graph.add(node("a"), Set.of(node("b")));
    graph.add(node("b"), Set.of(node("a")));

    assertThatIllegalStateException()
        .isThrownBy(graph::levels)
        .withMessageStartingWith("reference cycle through Node/");
  }

  // References added for one apply

  @Test
  void acyclicReferenceIsAdded() {
    graph.add(node("a"), Set.of());
    graph.add(node("b"), Set.of());

    assertThat(graph.addIfAcyclic(node("b"), node("a"))).isTrue();
    assertThat(graph.levels()).containsExactly(List.of(node("a")), List.of(node("b")));
  }

  @Test
  void referenceClosingCycleIsLeftOut() {
    graph.add(node("a"), Set.of(node("b")));
    graph.add(node("b"), Set.of(node("c")));
    graph.add(node("c"), Set.of());

    assertThat(graph.addIfAcyclic(node("c"), node("a"))).isFalse();
    assertThat(graph.addIfAcyclic(node("a"), node("a"))).isFalse();
    assertThat(graph.dependenciesOf(node("c"))).isEmpty();
    assertThat(graph.cycles()).isEmpty();
  }

  @Test
  void copyGrowsApartFromOriginal() {
    graph.add(node("a"), Set.of());
    graph.add(node("b"), Set.of());
    DependencyGraph copy = graph.copy();

    copy.addIfAcyclic(node("b"), node("a"));

    assertThat(copy.dependenciesOf(node("b"))).containsExactly(node("a"));
    assertThat(graph.dependenciesOf(node("b"))).isEmpty();
  }
}
