package io.mooring.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Resolves YAML merge keys ({@code <<: *defaults}) on composed nodes, following the merge key
 * type of YAML 1.1 (yaml.org/type/merge.html) as SnakeYAML and PyYAML do when they construct
 * objects.
 *
 * <p>The value of {@code <<} is a mapping or a list of mappings. Their entries join the mapping
 * that contains the merge key, unless it sets the same key itself. In a list, an earlier mapping
 * wins over a later one. A merged mapping's own merge keys are resolved first. The merged entries
 * are the nodes as written, so their positions point at the mapping they were copied from.
 */
public final class MergeKeys {

  /** Receives an invalid merge key: the node at fault and a message. */
  @FunctionalInterface
  public interface ErrorSink {
    void error(Node at, String message);
  }

  private final ErrorSink errors;
  /** Mappings resolved so far, so that a mapping merged many times is resolved once. */
  private final Map<MappingNode, List<NodeTuple>> resolved = new IdentityHashMap<>();
  /** Mappings whose resolution is under way; merging one of them again would never end. */
  private final Set<MappingNode> resolving = Collections.newSetFromMap(new IdentityHashMap<>());

  private MergeKeys(ErrorSink errors) {
    this.errors = errors;
  }

  /** Returns whether a key is the merge key: a plain {@code <<}, not a quoted one. */
  public static boolean isMergeKey(Node key) {
    return key instanceof ScalarNode && key.getTag().equals(Tag.MERGE);
  }

  /**
   * Returns the entries of a mapping with its merge keys replaced by the entries that they merge,
   * in file order: each merged entry takes the place of its merge key. Entries of the mapping
   * itself keep their duplicates, which the caller reports.
   */
  public static List<NodeTuple> entries(MappingNode mapping, ErrorSink errors) {
    return new MergeKeys(errors).resolve(mapping);
  }

  private List<NodeTuple> resolve(MappingNode mapping) {
    List<NodeTuple> done = resolved.get(mapping);
    if (done != null) {
      return done;
    }
    resolving.add(mapping);
    Set<String> ownKeys = ownKeys(mapping);
    Set<String> mergedKeys = new HashSet<>();
    List<NodeTuple> entries = new ArrayList<>();
    boolean merged = false;
    for (NodeTuple tuple : mapping.getValue()) {
      if (!isMergeKey(tuple.getKeyNode())) {
        entries.add(tuple);
      } else if (merged) {
        errors.error(tuple.getKeyNode(), "duplicate key");
      } else {
        merged = true;
        entries.addAll(mergedEntries(tuple, ownKeys, mergedKeys));
      }
    }

    resolving.remove(mapping);
    resolved.put(mapping, entries);
    return entries;
  }

  /** Returns the plain keys that a mapping sets itself, which win over merged ones. */
  private static Set<String> ownKeys(MappingNode mapping) {
    Set<String> keys = new HashSet<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!isMergeKey(tuple.getKeyNode()) && tuple.getKeyNode() instanceof ScalarNode key) {
        keys.add(key.getValue());
      }
    }
    return keys;
  }

  /**
   * Returns the entries that one merge key adds: those of its mappings in order, without keys
   * that the mapping sets itself or that an earlier merged mapping set. Adds their keys to {@code
   * mergedKeys}.
   */
  private List<NodeTuple> mergedEntries(
      NodeTuple mergeEntry, Set<String> ownKeys, Set<String> mergedKeys) {
    List<NodeTuple> entries = new ArrayList<>();
    for (MappingNode source : sources(mergeEntry)) {
      for (NodeTuple entry : resolve(source)) {
        String key = entry.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
        boolean overridden = key != null && (ownKeys.contains(key) || !mergedKeys.add(key));
        if (!overridden) {
          entries.add(entry);
        }
      }
    }
    return entries;
  }

  /** Returns the mappings that a merge key's value names, reporting anything else. */
  private List<MappingNode> sources(NodeTuple mergeEntry) {
    Node value = mergeEntry.getValueNode();
    List<Node> candidates =
        value instanceof SequenceNode sequence ? sequence.getValue() : List.of(value);
    List<MappingNode> sources = new ArrayList<>();
    for (Node candidate : candidates) {
      if (!(candidate instanceof MappingNode mapping)) {
        errors.error(
            candidate,
            "a merge key (<<) takes a mapping or a list of mappings, found "
                + SpecReader.describe(candidate));
      } else if (resolving.contains(mapping)) {
        // The alias shares the mapping's position, so the merge key shows where the loop is.
        errors.error(
            mergeEntry.getKeyNode(), "a merge key (<<) cannot merge a mapping that contains it");
      } else {
        sources.add(mapping);
      }
    }
    return sources;
  }
}
