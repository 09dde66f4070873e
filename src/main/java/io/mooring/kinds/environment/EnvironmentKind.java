package io.mooring.kinds.environment;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.ResourceId;
import io.mooring.api.SpecReader;
import io.mooring.engine.LiveResource;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ResourceKind;
import io.mooring.plan.FieldChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code Environment} document: at most one per directory, holding the stack's name, region,
 * VPC, named subnet sets, common tags and pruning settings. It stands for no AWS resource.
 */
public final class EnvironmentKind implements ResourceKind<EnvironmentSpec> {
  public static final String KIND = "Environment";

  /** The kind that manages the configuration recorder of {@code configRecorder}. */
  public static final String CONFIG_RECORDER_KIND = "ConfigRecorder";

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern VPC = Pattern.compile("vpc-[0-9a-f]+");
  private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]+");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern POLICY_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}|aws):policy/\\S+");
  private static final Pattern SET_NAME = Pattern.compile("[a-z][a-z0-9-]*");

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<EnvironmentSpec> specType() {
    return EnvironmentSpec.class;
  }

  @Override
  public boolean managesAwsResources() {
    return false;
  }

  @Override
  public EnvironmentSpec parse(String name, SpecReader spec) {
    Map<String, List<String>> subnets = new LinkedHashMap<>();
    spec.object("subnets")
        .ifPresent(
            sets -> {
              for (String set : sets.keys()) {
                if (!SET_NAME.matcher(set).matches()) {
                  sets.error(set, "invalid subnet set name: use lowercase letters, digits and hyphens");
                }
                List<String> ids = sets.stringList(set);
                for (String id : ids) {
                  if (!SUBNET.matcher(id).matches()) {
                    sets.error(set, "invalid subnet id \"" + id + "\": expected subnet-0a1b2c3d");
                  }
                }
                if (ids.isEmpty()) {
                  sets.error(set, "a subnet set needs at least one subnet id");
                }
                subnets.put(set, ids);
              }
            });
    return new EnvironmentSpec(
        name,
        spec.string("region", REGION, "an AWS region such as us-east-1").orElse(null),
        spec.string("vpc", VPC, "a VPC id such as vpc-0a1b2c3d").orElse(null),
        subnets,
        ResourceTags.read(spec),
        spec.bool("prune").orElse(false),
        spec.integer("maxDeletePercent", 0, 100).orElse(30),
        accountIds(spec),
        spec.string("permissionsBoundary", POLICY_ARN, "an IAM policy ARN").orElse(null),
        ConfigRecorderSettings.read(spec).orElse(null));
  }

  private static List<String> accountIds(SpecReader spec) {
    List<String> ids = spec.stringList("allowedAccountIds");
    for (String id : ids) {
      if (!ACCOUNT.matcher(id).matches()) {
        spec.error("allowedAccountIds", "invalid account id \"" + id + "\": expected 12 digits; quote it");
      }
    }
    return ids;
  }

  /** Returns the directory's Environment, if it has one. */
  public static Optional<EnvironmentSpec> of(DesiredState state) {
    return state.resources().stream()
        .map(DesiredResource::spec)
        .filter(EnvironmentSpec.class::isInstance)
        .map(EnvironmentSpec.class::cast)
        .findFirst();
  }

  /**
   * Resolves a subnet selection: a list of ids stays as it is, and a one-word list such as {@code
   * [private]} names a set of the Environment.
   *
   * @return the subnet ids, or empty when a named set does not exist
   */
  public static Optional<List<String>> subnets(DesiredState state, List<String> selection) {
    if (selection.size() == 1 && !selection.get(0).startsWith("subnet-")) {
      return of(state).map(env -> env.subnets().get(selection.get(0)));
    }
    return Optional.of(selection);
  }

  /**
   * Returns the {@code ConfigRecorder} document that {@code configRecorder} stands for, named after
   * the Environment, so that the recorder is planned and shown like any other resource.
   */
  @Override
  public List<DesiredResource<?>> expand(
      DesiredResource<EnvironmentSpec> resource, DesiredState state) {
    ConfigRecorderSettings recorder = resource.spec().configRecorder();
    if (recorder == null) {
      return List.of();
    }
    ResourceId id = new ResourceId(CONFIG_RECORDER_KIND, resource.name());
    return List.of(new DesiredResource<>(id, recorder, recorder.position(), resource.metadata()));
  }

  @Override
  public Map<String, LiveResource> observe(
      List<DesiredResource<EnvironmentSpec>> desired, ReconcileContext context) {
    return Map.of();
  }

  @Override
  public Map<String, Object> desiredFields(
      DesiredResource<EnvironmentSpec> desired, ReconcileContext context) {
    return Map.of();
  }

  @Override
  public void apply(
      DesiredResource<EnvironmentSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    // An Environment stands for no AWS resource, so there is nothing to apply.
  }
}
