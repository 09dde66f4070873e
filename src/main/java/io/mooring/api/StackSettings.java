package io.mooring.api;

import java.util.Map;

/**
 * Settings that apply to every document of a directory. The {@code Environment} kind provides
 * them; a directory without one gets {@link #DEFAULT}.
 */
public interface StackSettings {

  /** The stack name, recorded on every resource so that two directories never prune each other. */
  String stackName();

  /** Tags that every resource of the stack carries in addition to its own. */
  Map<String, String> tags();

  /** Whether resources whose documents are gone are deleted (subject to their deletion policy). */
  boolean prune();

  /** The largest share of managed resources, in percent, that one loop may delete unprompted. */
  int maxDeletePercent();

  /** Returns the AWS accounts that the stack may be applied to. An empty list allows any. */
  default java.util.List<String> allowedAccountIds() {
    return java.util.List.of();
  }

  /** Returns the region of the stack, or null to accept the SDK's region. */
  default String region() {
    return null;
  }

  StackSettings DEFAULT =
      new StackSettings() {
        @Override
        public String stackName() {
          return "default";
        }

        @Override
        public Map<String, String> tags() {
          return Map.of();
        }

        @Override
        public boolean prune() {
          return false;
        }

        @Override
        public int maxDeletePercent() {
          return 30;
        }
      };
}
