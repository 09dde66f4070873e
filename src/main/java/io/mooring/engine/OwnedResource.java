package io.mooring.engine;

import io.mooring.api.ResourceId;
import java.util.Map;

/**
 * A resource in AWS that mooring's ownership tags assign to a document, found by its tags rather
 * than by any local record.
 *
 * @param id the document named by the {@code mooring:document} tag
 * @param arn the resource's ARN or other AWS identifier
 * @param tags all of the resource's tags
 * @param details kind-specific data that deletion needs
 */
public record OwnedResource(ResourceId id, String arn, Map<String, String> tags, Object details) {}
