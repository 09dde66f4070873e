package io.mooring.iam;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.api.SourcePosition;
import io.mooring.kinds.iam.ManagedPolicyKind;
import io.mooring.kinds.iam.ManagedPolicySpec;
import io.mooring.load.DesiredStateLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The policy of a directory as ManagedPolicy documents named {@code NAME-1}, {@code NAME-2} and so
 * on, each within IAM's limit for a managed policy.
 *
 * <p>The documents are meant to live in the same directory, where they change the policy: the
 * ManagedPolicy kind's permissions name every ManagedPolicy document. So the documents are derived
 * from the directory without any earlier {@code NAME-N} documents, plus stand-ins for the ones
 * being made, until the number of parts no longer changes. The result is the same whether or not
 * the directory already contains the previous output.
 */
public final class ManagedPolicyDocuments {
  /** The rounds after which the number of parts must have settled. */
  private static final int MAX_ROUNDS = 10;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ManagedPolicyDocuments() {}

  /** Returns the name of part {@code index}, counting from 0: {@code NAME-1} for the first. */
  public static String partName(String name, int index) {
    return name + "-" + (index + 1);
  }

  /**
   * Returns the parts of the policy that the directory needs together with ManagedPolicy documents
   * for those parts.
   *
   * @param name the prefix of the documents' names
   * @throws IllegalStateException if the number of parts does not settle
   */
  public static List<IamPolicy> parts(DesiredState state, PolicyOptions options, String name) {
    Pattern previous = Pattern.compile(Pattern.quote(name) + "-[1-9][0-9]*");
    List<DesiredResource<?>> others =
        state.resources().stream()
            .filter(
                r ->
                    !(r.id().kind().equals(ManagedPolicyKind.KIND)
                        && previous.matcher(r.name()).matches()))
            .toList();
    int count = 0;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      DesiredState candidate = withStandIns(state, others, name, count);
      List<IamPolicy> parts =
          PolicyGenerator.generate(candidate, options).split(IamPolicy.MANAGED_POLICY_MAX_CHARS);
      if (parts.size() == count) {
        return parts;
      }
      count = parts.size();
    }
    throw new IllegalStateException(
        "the number of managed policies for "
            + name
            + " did not settle after "
            + MAX_ROUNDS
            + " rounds; report this with the directory that caused it");
  }

  /**
   * Returns the state of {@code others} with empty ManagedPolicy documents NAME-1 to NAME-count.
   */
  private static DesiredState withStandIns(
      DesiredState state, List<DesiredResource<?>> others, String name, int count) {
    List<DesiredResource<?>> resources = new ArrayList<>(others);
    DesiredResource.Metadata metadata =
        new DesiredResource.Metadata(
            false, null, state.settings().stackName(), state.settings().tags());
    for (int i = 0; i < count; i++) {
      ManagedPolicySpec spec = new ManagedPolicySpec(Map.of(), List.of(), null, "/", Map.of());
      resources.add(
          new DesiredResource<>(
              new ResourceId(ManagedPolicyKind.KIND, partName(name, i)),
              spec,
              SourcePosition.startOf(state.root()),
              metadata));
    }
    return new DesiredState(state.root(), resources, state.settings());
  }

  /**
   * Returns the parts as a YAML stream of ManagedPolicy documents, after {@code header}, which is
   * printed as comment lines.
   */
  public static String yaml(List<IamPolicy> parts, String name, List<String> header) {
    StringBuilder text = new StringBuilder();
    header.forEach(line -> text.append(line.isEmpty() ? "#" : "# " + line).append('\n'));
    Yaml yaml = new Yaml(dumperOptions());
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        text.append("---\n");
      }
      text.append(yaml.dump(document(partName(name, i), parts.get(i))));
    }
    return text.toString();
  }

  private static Map<String, Object> document(String name, IamPolicy policy) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("document", JSON.convertValue(policy.toJson(), Map.class));
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("apiVersion", DesiredStateLoader.API_VERSION);
    document.put("kind", ManagedPolicyKind.KIND);
    document.put("metadata", metadata);
    document.put("spec", spec);
    return document;
  }

  private static DumperOptions dumperOptions() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setSplitLines(false);
    options.setLineBreak(DumperOptions.LineBreak.UNIX);
    return options;
  }
}
