package io.mooring.engine;

import io.mooring.api.ArnReference;
import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.Reference;
import io.mooring.api.ResourceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The documents that a document refers to, as its kind reports them: by name, and by the ARN of a
 * resource that another document of the directory defines. The loader checks them and the engine
 * orders and blocks by them.
 */
public final class DocumentReferences {
  private final KindRegistry kinds;

  public DocumentReferences(KindRegistry kinds) {
    this.kinds = kinds;
  }

  /**
   * Returns the documents that {@code resource} depends on for ordering: those it names, then
   * those whose resources it names by ARN.
   */
  public List<Reference> ordered(DesiredResource<?> resource, DesiredState state) {
    List<Reference> references = new ArrayList<>(byName(resource));
    references.addAll(byArn(resource, state));
    return references;
  }

  /** Returns the documents that {@code resource} names, as its kind's {@code references}. */
  public <S> List<Reference> byName(DesiredResource<S> resource) {
    return kindOf(resource).references(resource.spec());
  }

  /** Returns the documents that {@code resource} names without depending on them for ordering. */
  public <S> List<Reference> unordered(DesiredResource<S> resource) {
    return kindOf(resource).unorderedReferences(resource.spec());
  }

  /** Returns the AWS resources that {@code resource} names by ARN, with or without documents. */
  public <S> List<ArnReference> arns(DesiredResource<S> resource) {
    return kindOf(resource).arnReferences(resource.spec());
  }

  /**
   * Returns the documents of {@code state} whose resources {@code resource} names by ARN, each as a
   * reference at the field that names the ARN.
   */
  public List<Reference> byArn(DesiredResource<?> resource, DesiredState state) {
    List<Reference> references = new ArrayList<>();
    for (ArnReference arn : arns(resource)) {
      for (ResourceKind<?> kind : kinds.all()) {
        Optional<String> name = kind.documentWithArn(arn.arn(), state);
        if (name.isPresent() && !new ResourceId(kind.kind(), name.get()).equals(resource.id())) {
          references.add(new Reference(kind.kind(), name.get(), arn.field(), arn.position()));
        }
      }
    }
    return references;
  }

  @SuppressWarnings("unchecked")
  private <S> ResourceKind<S> kindOf(DesiredResource<S> resource) {
    return (ResourceKind<S>) kinds.get(resource.id().kind());
  }
}
