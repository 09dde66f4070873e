package io.mooring.kinds.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.api.DesiredResource;
import io.mooring.api.ResourceId;
import io.mooring.api.SourcePosition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** Naming and content of the TXT records that mark DNS records as mooring's. */
class OwnerRecordTest {

  private static DesiredResource<String> document(String deletionPolicy) {
    return new DesiredResource<>(
        new ResourceId("DnsRecord", "api"),
        "spec",
        SourcePosition.startOf(Path.of("dns.yaml")),
        new DesiredResource.Metadata(false, deletionPolicy, "prod", Map.of()));
  }

  @Test
  void nameCarriesTypeAndRecordName() {
    assertThat(OwnerRecord.nameOf("api.example.com", "AAAA"))
        .isEqualTo("_mooring.aaaa.api.example.com");
  }

  @Test
  void recordOfReversesName() {
    assertThat(OwnerRecord.recordOf("_mooring.cname.www.example.com"))
        .contains(new OwnerRecord.Key("www.example.com", "CNAME"));
  }

  @Test
  void recordOfRejectsOtherNames() {
    assertThat(OwnerRecord.recordOf("www.example.com")).isEmpty();
    assertThat(OwnerRecord.recordOf("_mooring.a")).isEmpty();
  }

  @Test
  void textListsOwnershipTags() {
    assertThat(OwnerRecord.text(document(null)))
        .isEqualTo("mooring:managed-by=mooring,mooring:document=DnsRecord/api,mooring:stack=prod");
  }

  @Test
  void textCarriesDeletionPolicy() {
    assertThat(OwnerRecord.text(document("Retain"))).endsWith(",mooring:deletion-policy=Retain");
  }

  @Test
  void ownerSetIsQuotedTxt() {
    ResourceRecordSet set = OwnerRecord.of(document(null), "api.example.com", "A");

    assertThat(set.name()).isEqualTo("_mooring.a.api.example.com");
    assertThat(set.type()).isEqualTo(RRType.TXT);
    assertThat(set.resourceRecords().get(0).value())
        .isEqualTo(
            "\"mooring:managed-by=mooring,mooring:document=DnsRecord/api,mooring:stack=prod\"");
  }

  @Test
  void tagsOfReadsOwnerSetBack() {
    ResourceRecordSet set =
        OwnerRecord.of(document("Retain"), "api.example.com", "A").toBuilder()
            .name("_mooring.a.api.example.com.")
            .build();

    assertThat(OwnerRecord.tagsOf(set))
        .containsExactly(
            Map.entry("mooring:managed-by", "mooring"),
            Map.entry("mooring:document", "DnsRecord/api"),
            Map.entry("mooring:stack", "prod"),
            Map.entry("mooring:deletion-policy", "Retain"));
  }

  @Test
  void tagsOfIgnoresOtherTxtRecords() {
    ResourceRecordSet spf =
        ResourceRecordSet.builder()
            .name("example.com.")
            .type(RRType.TXT)
            .resourceRecords(r -> r.value("\"v=spf1 -all\""))
            .build();

    assertThat(OwnerRecord.tagsOf(spf)).isEmpty();
  }

  @Test
  void findPrefersOwnerAtOwnName() {
    ResourceRecordSet record = a("api.example.com.");
    ResourceRecordSet owner = OwnerRecord.of(document(null), "api.example.com", "A");
    ResourceRecordSet oldOwner = OwnerRecord.of(document(null), "old.example.com", "A");

    DnsLive live =
        DnsLive.find(
            "Z1",
            List.of(oldOwner, record, owner),
            "api.example.com",
            "A",
            tags -> !tags.isEmpty());

    assertThat(live.owner()).isSameAs(owner);
    assertThat(live.record()).isSameAs(record);
  }

  @Test
  void findFollowsOwnerToRenamedRecord() {
    ResourceRecordSet old = a("old.example.com.");
    ResourceRecordSet oldOwner = OwnerRecord.of(document(null), "old.example.com", "A");

    DnsLive live =
        DnsLive.find("Z1", List.of(old, oldOwner), "api.example.com", "A", tags -> !tags.isEmpty());

    assertThat(live.key()).isEqualTo(new OwnerRecord.Key("old.example.com", "A"));
    assertThat(live.record()).isSameAs(old);
  }

  @Test
  void findWithoutOwnerReturnsForeignRecord() {
    ResourceRecordSet record = a("API.example.com.");

    DnsLive live =
        DnsLive.find("Z1", List.of(record), "api.example.com", "A", tags -> !tags.isEmpty());

    assertThat(live.owner()).isNull();
    assertThat(live.record()).isSameAs(record);
  }

  @Test
  void findWithNothingReturnsNull() {
    assertThat(
            DnsLive.find(
                "Z1",
                List.of(a("www.example.com.")),
                "api.example.com",
                "A",
                tags -> !tags.isEmpty()))
        .isNull();
  }

  private static ResourceRecordSet a(String name) {
    return ResourceRecordSet.builder()
        .name(name)
        .type(RRType.A)
        .ttl(300L)
        .resourceRecords(r -> r.value("192.0.2.10"))
        .build();
  }
}
