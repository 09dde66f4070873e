package io.mooring.kinds.dns;

import io.mooring.api.DesiredResource;
import io.mooring.api.DesiredState;
import io.mooring.api.Problems;
import io.mooring.api.Reference;
import io.mooring.api.SpecReader;
import io.mooring.engine.InventoryContext;
import io.mooring.engine.LiveResource;
import io.mooring.engine.OwnedResource;
import io.mooring.engine.OwnershipTags;
import io.mooring.engine.ReconcileContext;
import io.mooring.engine.ResourceKind;
import io.mooring.kinds.apigateway.ApiKind;
import io.mooring.kinds.apigateway.ApiSpec;
import io.mooring.kinds.elb.LoadBalancerKind;
import io.mooring.plan.FieldChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * A Route 53 record set with values or an alias, owned through a companion TXT record (see {@link
 * OwnerRecord}) because Route 53 records carry no tags.
 *
 * <p>Every read of a zone lists all its record sets once per reconcile, for all documents in that
 * zone. A record is written only when it differs, with UPSERT. A record without an owner record is
 * created with CREATE, so that a record someone else adds in the meantime makes the change fail
 * rather than be overwritten.
 */
public final class DnsRecordKind implements ResourceKind<DnsRecordSpec> {
  public static final String KIND = "DnsRecord";

  private static final Logger log = LoggerFactory.getLogger(DnsRecordKind.class);

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<DnsRecordSpec> specType() {
    return DnsRecordSpec.class;
  }

  @Override
  public DnsRecordSpec parse(String name, SpecReader spec) {
    return DnsRecordParser.parse(spec);
  }

  @Override
  public List<Reference> references(DnsRecordSpec spec) {
    List<Reference> references = new ArrayList<>();
    if (spec.alias() != null && spec.alias().api() != null) {
      references.add(spec.alias().api());
    }
    if (spec.alias() != null && spec.alias().loadBalancer() != null) {
      references.add(spec.alias().loadBalancer());
    }
    return references;
  }

  @Override
  public Set<String> referencedKinds() {
    return Set.of(ApiKind.KIND, LoadBalancerKind.KIND);
  }

  /** Checks that an alias to an Api is the Api's own custom domain name, which it must serve. */
  @Override
  public void validate(
      DesiredResource<DnsRecordSpec> resource, DesiredState state, Problems problems) {
    DnsRecordSpec spec = resource.spec();
    if (spec.alias() == null || spec.alias().api() == null) {
      return;
    }
    Reference api = spec.alias().api();
    state
        .find(api.target())
        .map(DesiredResource::spec)
        .filter(ApiSpec.class::isInstance)
        .map(ApiSpec.class::cast)
        .ifPresent(
            apiSpec -> {
              if (apiSpec.domain() == null) {
                problems.add(
                    api.position(),
                    api.field(),
                    "Api "
                        + api.name()
                        + " has no domain; an alias to an API needs its custom domain name");
              } else if (!apiSpec.domain().name().equals(spec.name())) {
                problems.add(
                    spec.namePosition(),
                    "spec.name",
                    "an alias to Api "
                        + api.name()
                        + " must be named after its custom domain "
                        + apiSpec.domain().name()
                        + ", because API Gateway answers only requests for that name");
              }
            });
  }

  private static Route53Client client(ReconcileContext context) {
    return context.aws().client(Route53Client.class, Route53Client::builder);
  }

  @Override
  public Map<String, LiveResource> observe(
      List<DesiredResource<DnsRecordSpec>> desired, ReconcileContext context) {
    Route53Client route53 = client(context);
    AliasTargets.readLoadBalancers(desired, context);
    Map<String, List<ResourceRecordSet>> byZone = new HashMap<>();
    Map<String, LiveResource> live = new HashMap<>();
    for (DesiredResource<DnsRecordSpec> resource : desired) {
      DnsRecordSpec spec = resource.spec();
      String zoneId;
      try {
        zoneId = HostedZones.id(route53, spec.zone(), context);
      } catch (HostedZones.ZoneNotFoundException e) {
        // Left without an entry, the record is planned for creation, which reports the error.
        log.debug("Hosted zone of {} not found: {}", resource.id(), e.getMessage());
        continue;
      }
      List<ResourceRecordSet> sets =
          byZone.computeIfAbsent(zoneId, id -> HostedZones.records(route53, id));
      DnsLive found =
          DnsLive.find(
              zoneId,
              sets,
              spec.name(),
              spec.type(),
              tags -> OwnershipTags.classify(tags, resource) == LiveResource.Ownership.OWNED);
      if (found != null) {
        LiveResource.Ownership ownership =
            found.owner() == null ? LiveResource.Ownership.FOREIGN : LiveResource.Ownership.OWNED;
        live.put(
            resource.name(),
            new LiveResource(
                describe(found.key(), zoneId), ownership, DnsRecordFields.live(found), found));
      }
    }
    return live;
  }

  /** Describes a record for plans and messages, as Route 53 records have no ARN. */
  static String describe(OwnerRecord.Key key, String zoneId) {
    return key.name() + " " + key.type() + " in hosted zone " + zoneId;
  }

  @Override
  public Map<String, Object> desiredFields(
      DesiredResource<DnsRecordSpec> desired, ReconcileContext context) {
    DnsRecordSpec.Alias alias = desired.spec().alias();
    AliasTargets.Target target =
        alias == null ? null : AliasTargets.resolve(alias, context).orElse(null);
    return DnsRecordFields.desired(desired, target);
  }

  @Override
  public Set<String> replaceFields() {
    return Set.of("name", "type");
  }

  @Override
  public void apply(
      DesiredResource<DnsRecordSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    Route53Client route53 = client(context);
    DnsLive parts = live == null ? null : (DnsLive) live.details();
    String zoneId =
        parts != null ? parts.zoneId() : HostedZones.id(route53, desired.spec().zone(), context);
    ChangeBatches batch = new ChangeBatches(desired.id());
    if (parts == null) {
      batch.add(ChangeAction.CREATE, DnsWrites.recordSet(desired.spec(), context));
    } else if (changes.stream().anyMatch(c -> !c.path().equals("deletionPolicy"))) {
      // The owner record claims the name and type, so a missing record is written back with
      // UPSERT as well.
      batch.add(ChangeAction.UPSERT, DnsWrites.recordSet(desired.spec(), context));
    }
    boolean adopting = live != null && live.ownership() == LiveResource.Ownership.FOREIGN;
    boolean policyChanged = changes.stream().anyMatch(c -> c.path().equals("deletionPolicy"));
    if (parts == null || parts.owner() == null || adopting || policyChanged) {
      batch.add(
          ChangeAction.UPSERT,
          OwnerRecord.of(desired, desired.spec().name(), desired.spec().type()));
    }
    batch.submit(route53, zoneId);
  }

  /**
   * Moves the record to its new name or type in one change batch: the old record and its owner go,
   * the new ones come, and Route 53 applies all of it or none.
   */
  @Override
  public void replace(
      DesiredResource<DnsRecordSpec> desired,
      LiveResource live,
      List<FieldChange> changes,
      ReconcileContext context) {
    DnsLive parts = (DnsLive) live.details();
    ChangeBatches batch = new ChangeBatches(desired.id());
    if (parts.record() != null) {
      batch.add(ChangeAction.DELETE, parts.record());
    }
    if (parts.owner() != null) {
      batch.add(ChangeAction.DELETE, parts.owner());
    }
    batch.add(ChangeAction.CREATE, DnsWrites.recordSet(desired.spec(), context));
    batch.add(
        ChangeAction.UPSERT, OwnerRecord.of(desired, desired.spec().name(), desired.spec().type()));
    batch.submit(client(context), parts.zoneId());
  }

  @Override
  public List<OwnedResource> inventory(InventoryContext context) {
    return DnsInventory.owned(
        context.aws().client(Route53Client.class, Route53Client::builder), context.stack());
  }

  /** Deletes the record and its owner record in one change batch. */
  @Override
  public void delete(OwnedResource resource, ReconcileContext context) {
    DnsInventory.delete(client(context), resource, true);
  }

  /** Deletes only the owner record, which leaves the record in place and no longer mooring's. */
  @Override
  public void release(OwnedResource resource, ReconcileContext context) {
    DnsInventory.delete(client(context), resource, false);
  }
}
