package io.mooring.kinds.elb;

import io.mooring.kinds.elb.LoadBalancerLive.ObservedListener;
import io.mooring.kinds.elb.LoadBalancerLive.ObservedTargetGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live target groups and listeners of a load balancer, matched to the names that the document
 * gives them.
 *
 * <p>A target group matches by its AWS name, which {@link TargetGroupNames} derives from the
 * document. When none has that name, an older target group of the same document name, found by its
 * {@code mooring:target-group} tag, matches instead: the one that a changed port, protocol or
 * target type replaces. A listener matches by its {@code mooring:listener} tag, or else by its
 * port. What matches nothing is stale, and an update deletes it.
 *
 * @param targetGroups live target groups by document name
 * @param listeners live listeners by document name
 */
record MatchedParts(
    Map<String, ObservedTargetGroup> targetGroups,
    List<ObservedTargetGroup> staleTargetGroups,
    Map<String, ObservedListener> listeners,
    List<ObservedListener> staleListeners) {

  static MatchedParts of(String balancer, LoadBalancerSpec spec, LoadBalancerLive live) {
    List<ObservedTargetGroup> groups = new ArrayList<>(live.targetGroups());
    Map<String, ObservedTargetGroup> matchedGroups = new LinkedHashMap<>();
    for (LoadBalancerSpec.TargetGroup group : spec.targetGroups()) {
      String awsName = TargetGroupNames.of(balancer, group);
      take(groups, g -> g.group().targetGroupName().equals(awsName))
          .ifPresent(g -> matchedGroups.put(group.name(), g));
    }
    for (LoadBalancerSpec.TargetGroup group : spec.targetGroups()) {
      if (!matchedGroups.containsKey(group.name())) {
        take(groups, g -> group.name().equals(g.tags().get(ElbTags.TARGET_GROUP)))
            .ifPresent(g -> matchedGroups.put(group.name(), g));
      }
    }
    List<ObservedListener> listeners = new ArrayList<>(live.listeners());
    Map<String, ObservedListener> matchedListeners = new LinkedHashMap<>();
    for (LoadBalancerSpec.Listener listener : spec.listeners()) {
      take(listeners, l -> listener.name().equals(l.tags().get(ElbTags.LISTENER)))
          .ifPresent(l -> matchedListeners.put(listener.name(), l));
    }
    for (LoadBalancerSpec.Listener listener : spec.listeners()) {
      if (!matchedListeners.containsKey(listener.name())) {
        take(listeners, l -> l.listener().port() == listener.port())
            .ifPresent(l -> matchedListeners.put(listener.name(), l));
      }
    }
    return new MatchedParts(matchedGroups, groups, matchedListeners, listeners);
  }

  /** Removes and returns the first item that matches. */
  private static <T> Optional<T> take(List<T> items, java.util.function.Predicate<T> matches) {
    for (int i = 0; i < items.size(); i++) {
      if (matches.test(items.get(i))) {
        return Optional.of(items.remove(i));
      }
    }
    return Optional.empty();
  }

  /** Returns the document name of the target group with this ARN, if it matched one. */
  Optional<String> targetGroupName(String arn) {
    return targetGroups.entrySet().stream()
        .filter(e -> e.getValue().group().targetGroupArn().equals(arn))
        .map(Map.Entry::getKey)
        .findFirst();
  }
}
