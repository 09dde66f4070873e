package io.mooring.kinds.iam;

import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import io.mooring.api.SourcePosition;
import io.mooring.api.SpecReader;
import io.mooring.engine.json.YamlJson;
import io.mooring.kinds.environment.ResourceTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Parses and validates the spec of a {@code Role} document. */
final class RoleParser {
  /** Service principals such as ecs-tasks.amazonaws.com, including regional and China forms. */
  private static final Pattern SERVICE =
      Pattern.compile("[a-z0-9][a-z0-9.-]*\\.amazonaws\\.com(\\.cn)?");

  private static final Pattern POLICY_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}|aws):policy/[\\w+=,.@/-]+");
  private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");


  private static final Pattern PATH = Pattern.compile("/|/[\\x21-\\x7E]{1,510}/");

  /** The maximum number of managed policies per role that IAM allows once the quota is raised. */
  static final int MAX_MANAGED_POLICIES = 20;

  private RoleParser() {}

  static RoleSpec parse(SpecReader spec) {
    List<String> services = services(spec);
    Object trustPolicy = trustPolicy(spec, services);
    List<Reference> policyReferences = new ArrayList<>();
    List<String> managed = managedPolicies(spec, policyReferences);
    List<RoleSpec.InlinePolicy> policies = inlinePolicies(spec);
    int maxSession =
        spec.integer("maxSessionDuration", 3600, 43200)
            .orElse(RoleSpec.DEFAULT_MAX_SESSION_DURATION);
    String path =
        spec.string("path", PATH, "a path that starts and ends with /, such as / or /service/")
            .orElse("/");
    return new RoleSpec(
        services,
        trustPolicy,
        managed,
        policies,
        maxSession,
        path,
        ResourceTags.read(spec),
        spec.position("managedPolicies"),
        policyReferences);
  }

  private static List<String> services(SpecReader spec) {
    List<String> services = spec.stringOrList("assumedBy");
    for (String service : services) {
      if (!SERVICE.matcher(service).matches()) {
        spec.error(
            "assumedBy",
            "invalid service principal \""
                + service
                + "\": expected a service such as ecs-tasks.amazonaws.com; write trustPolicy for"
                + " other principals");
      }
    }
    if (spec.has("assumedBy") && services.isEmpty()) {
      spec.error("assumedBy", "name at least one service, such as ecs-tasks.amazonaws.com");
    }
    return List.copyOf(new TreeSet<>(services));
  }

  private static Object trustPolicy(SpecReader spec, List<String> services) {
    boolean written = spec.has("trustPolicy");
    if (written && spec.has("assumedBy")) {
      spec.error("trustPolicy", "set either assumedBy or trustPolicy, not both");
      return null;
    }
    if (!written) {
      if (!spec.has("assumedBy")) {
        spec.error(
            "assumedBy",
            "required field is missing: name the service that assumes the role, such as"
                + " ecs-tasks.amazonaws.com, or write trustPolicy");
      }
      return services.isEmpty() ? null : PolicyDocuments.trustPolicyFor(services);
    }
    Node node = spec.raw("trustPolicy").orElseThrow();
    Optional<Object> document = YamlJson.read(spec, "trustPolicy");
    if (isNull(node)) {
      spec.error("trustPolicy", "expected a policy document: a mapping with Version and Statement");
    }
    document.ifPresent(
        d ->
            PolicyGrammar.check(
                node,
                d,
                spec.child("trustPolicy"),
                PolicyGrammar.Use.TRUST,
                spec.file(),
                spec.problems()));
    return document.orElse(null);
  }

  private static boolean isNull(Node node) {
    return node.getTag().equals(Tag.NULL);
  }

  /**
   * Reads {@code managedPolicies}: policy ARNs, and names of ManagedPolicy documents, which are
   * added to {@code references}.
   */
  private static List<String> managedPolicies(SpecReader spec, List<Reference> references) {
    List<String> entries = spec.stringList("managedPolicies");
    List<SourcePosition> positions = stringItemPositions(spec, "managedPolicies");
    TreeSet<String> unique = new TreeSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i);
      if (entry.startsWith("arn:") && !POLICY_ARN.matcher(entry).matches()) {
        spec.error(
            "managedPolicies",
            "invalid policy ARN \""
                + entry
                + "\": expected arn:aws:iam::aws:policy/NAME or arn:aws:iam::ACCOUNT:policy/NAME");
        continue;
      }
      if (!entry.startsWith("arn:") && !ResourceId.NAME.matcher(entry).matches()) {
        spec.error(
            "managedPolicies",
            "invalid managed policy \""
                + entry
                + "\": expected a policy ARN such as arn:aws:iam::aws:policy/NAME, or the"
                + " metadata.name of a ManagedPolicy document");
        continue;
      }
      if (!unique.add(entry)) {
        spec.error("managedPolicies", "policy \"" + entry + "\" is listed twice");
      } else if (!entry.startsWith("arn:")) {
        SourcePosition position =
            i < positions.size() ? positions.get(i) : spec.position("managedPolicies");
        references.add(
            new Reference(
                ManagedPolicyKind.KIND,
                entry,
                spec.child("managedPolicies") + "[" + i + "]",
                position));
      }
    }
    if (unique.size() > MAX_MANAGED_POLICIES) {
      spec.error(
          "managedPolicies",
          "a role can have at most "
              + MAX_MANAGED_POLICIES
              + " managed policies; this lists "
              + unique.size());
    }
    return List.copyOf(unique);
  }

  /** Returns the positions of the string items of a list, in the order of {@code stringList}. */
  private static List<SourcePosition> stringItemPositions(SpecReader spec, String key) {
    Optional<Node> node = spec.raw(key);
    if (node.isEmpty() || !(node.get() instanceof SequenceNode sequence)) {
      return List.of();
    }
    return sequence.getValue().stream()
        .filter(item -> item instanceof ScalarNode && item.getTag().equals(Tag.STR))
        .map(item -> YamlJson.position(spec.file(), item))
        .toList();
  }

  private static List<RoleSpec.InlinePolicy> inlinePolicies(SpecReader spec) {
    Optional<SpecReader> reader = spec.object("policies");
    if (reader.isEmpty()) {
      return List.of();
    }
    SpecReader policies = reader.get();
    List<RoleSpec.InlinePolicy> result = new ArrayList<>();
    int characters = 0;
    for (String name : policies.keys()) {
      if (!POLICY_NAME.matcher(name).matches()) {
        policies.keyError(name, "invalid policy name: use at most 128 letters, digits and +=,.@_-");
      }
      Node node = policies.raw(name).orElseThrow();
      Optional<Object> document = YamlJson.read(policies, name);
      if (document.isEmpty()) {
        if (isNull(node)) {
          policies.error(name, "expected a policy document: a mapping with Version and Statement");
        }
        continue;
      }
      var statements =
          PolicyGrammar.check(
              node,
              document.get(),
              policies.child(name),
              PolicyGrammar.Use.IDENTITY,
              spec.file(),
              spec.problems());
      characters += PolicyDocuments.characterCount(document.get());
      result.add(new RoleSpec.InlinePolicy(name, document.get(), statements));
    }
    if (characters > PolicyDocuments.MAX_INLINE_CHARACTERS) {
      spec.error(
          "policies",
          "the inline policies total "
              + characters
              + " characters without whitespace, more than the "
              + PolicyDocuments.MAX_INLINE_CHARACTERS
              + " that IAM allows for a role; move some statements into a managed policy");
    }
    return result;
  }
}
