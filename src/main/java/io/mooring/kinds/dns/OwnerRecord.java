package io.mooring.kinds.dns;

import io.mooring.api.DesiredResource;
import io.mooring.engine.OwnershipTags;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The TXT record that marks a DNS record as mooring's, because Route 53 records carry no tags.
 *
 * <p>For a record {@code api.example.com} of type A, the owner record is {@code
 * _mooring.a.api.example.com} with the text {@code
 * mooring:managed-by=mooring,mooring:document=DnsRecord/api,mooring:stack=prod}: the ownership tags
 * as comma-separated {@code key=value} pairs. The type is part of the name so that records of
 * several types at one name each have an owner. Mooring writes a record and its owner in one change
 * batch, which Route 53 applies atomically.
 */
final class OwnerRecord {
  /** The first label of every owner record. */
  static final String PREFIX = "_mooring.";

  /** The owner record's TTL, in seconds; only mooring reads it. */
  static final long TTL = 300;

  private OwnerRecord() {}

  /** The name and type of a record. */
  record Key(String name, String type) {}

  /** Returns the owner record's name for a record's normalized name and type. */
  static String nameOf(String recordName, String type) {
    return PREFIX + type.toLowerCase(Locale.ROOT) + "." + recordName;
  }

  /** Returns the record that an owner record's normalized name stands for, or empty. */
  static Optional<Key> recordOf(String ownerName) {
    if (!ownerName.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = ownerName.substring(PREFIX.length());
    int dot = rest.indexOf('.');
    if (dot <= 0 || dot == rest.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(
        new Key(rest.substring(dot + 1), rest.substring(0, dot).toUpperCase(Locale.ROOT)));
  }

  /** Returns the owner record's text for a document: its ownership tags. */
  static String text(DesiredResource<?> resource) {
    StringBuilder text = new StringBuilder();
    OwnershipTags.of(resource)
        .forEach(
            (key, value) -> {
              if (!text.isEmpty()) {
                text.append(',');
              }
              text.append(key).append('=').append(value);
            });
    return text.toString();
  }

  /** Parses an owner record's text back into tags; pairs without {@code =} are skipped. */
  static Map<String, String> tags(String text) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        tags.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
      }
    }
    return tags;
  }

  /** Returns the tags of a TXT record set that is an owner record, or an empty map. */
  static Map<String, String> tagsOf(ResourceRecordSet set) {
    if (set.type() != RRType.TXT || !DnsNames.name(set.name()).startsWith(PREFIX)) {
      return Map.of();
    }
    Map<String, String> tags = new LinkedHashMap<>();
    set.resourceRecords().forEach(r -> tags.putAll(tags(DnsNames.decodeTxt(r.value()))));
    return tags;
  }

  /** Returns the owner record set of a document for a record's normalized name and type. */
  static ResourceRecordSet of(DesiredResource<?> resource, String recordName, String type) {
    return ResourceRecordSet.builder()
        .name(nameOf(recordName, type))
        .type(RRType.TXT)
        .ttl(TTL)
        .resourceRecords(r -> r.value(DnsNames.encodeTxt(text(resource))))
        .build();
  }
}
