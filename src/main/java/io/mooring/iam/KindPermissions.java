package io.mooring.iam;

import java.util.List;
import java.util.Set;

/**
 * The IAM permissions that mooring's calls for one kind need, derived from the kind's documents.
 *
 * <p>Every AWS operation that the kind's package calls, in observe, apply, delete and release, must
 * be allowed by {@link #statements}. Pruning also reaches kinds that a directory does not use. For
 * those, {@link #inventory} allows listing the kind's owned resources and {@link #prune} allows
 * deleting or releasing one whose document is gone. {@code IamPolicyCoverageIT} checks the
 * statements against the operations that the integration tests record, and {@code
 * PrunePolicyCoverageIT} checks the inventory and prune statements.
 *
 * @param statements the statements for the documents of the kind in a directory; called only when
 *     the directory has at least one
 * @param inventory the reads of the kind's {@code inventory} and of its default deletion policy,
 *     which every pruning loop makes whether or not the directory uses the kind
 * @param prune the statements that deleting or releasing an owned resource of the kind needs,
 *     limited to resources with mooring's ownership tag where IAM supports that; {@link
 *     #statements} must allow the same calls
 * @param serviceLinkedRoles the services, such as {@code ecs.amazonaws.com}, that create their
 *     service-linked role as the caller the first time mooring uses them in an account
 */
public record KindPermissions(
    Statements statements, Statements inventory, Statements prune, Set<String> serviceLinkedRoles) {

  /** Derives the statements of a kind from the context. */
  @FunctionalInterface
  public interface Statements {
    List<PolicyStatement> of(PermissionContext context);
  }

  /** No statements. */
  public static final Statements NONE = context -> List.of();

  public KindPermissions {
    serviceLinkedRoles = Set.copyOf(serviceLinkedRoles);
  }

  /** Returns the permissions of a kind that prunes nothing and needs no service-linked role. */
  public static KindPermissions of(Statements statements) {
    return new KindPermissions(statements, NONE, NONE, Set.of());
  }

  /** Returns the permissions of a kind that stands for no AWS resource. */
  public static KindPermissions none() {
    return of(NONE);
  }

  /** Returns these permissions with the statements of the kind's inventory. */
  public KindPermissions withInventory(Statements inventoryStatements) {
    return new KindPermissions(statements, inventoryStatements, prune, serviceLinkedRoles);
  }

  /** Returns these permissions with the statements of deleting or releasing a pruned resource. */
  public KindPermissions withPrune(Statements pruneStatements) {
    return new KindPermissions(statements, inventory, pruneStatements, serviceLinkedRoles);
  }

  /** Returns these permissions with the services whose service-linked roles the kind needs. */
  public KindPermissions withServiceLinkedRoles(String... services) {
    return new KindPermissions(statements, inventory, prune, Set.of(services));
  }
}
