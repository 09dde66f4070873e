package io.mooring.iam;

import java.util.List;
import java.util.Set;

/**
 * The IAM permissions that mooring's calls for one kind need, derived from the kind's documents.
 *
 * <p>Every AWS operation that the kind's package calls, in observe, apply, delete and release, must
 * be allowed by {@link #statements}. {@code IamPolicyCoverageIT} checks this against the operations
 * that the integration tests record.
 *
 * @param statements the statements for the documents of the kind in a directory; called only when
 *     the directory has at least one
 * @param serviceLinkedRoles the services, such as {@code ecs.amazonaws.com}, that create their
 *     service-linked role as the caller the first time mooring uses them in an account
 */
public record KindPermissions(Statements statements, Set<String> serviceLinkedRoles) {

  /** Derives the statements of a kind from the context. */
  @FunctionalInterface
  public interface Statements {
    List<PolicyStatement> of(PermissionContext context);
  }

  public KindPermissions {
    serviceLinkedRoles = Set.copyOf(serviceLinkedRoles);
  }

  /** Returns the permissions of a kind that needs no service-linked role. */
  public static KindPermissions of(Statements statements) {
    return new KindPermissions(statements, Set.of());
  }

  /** Returns the permissions of a kind that stands for no AWS resource. */
  public static KindPermissions none() {
    return of(context -> List.of());
  }
}
