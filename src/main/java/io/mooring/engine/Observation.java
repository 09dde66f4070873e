package io.mooring.engine;

import io.mooring.api.ResourceId;
import java.util.Map;

/**
 * Live state of every desired resource, read in one pass.
 *
 * @param live resources that exist, by id
 * @param desiredFields each resource's desired fields in normal form
 * @param errors resources whose kind could not be observed, with the error
 * @param blocked resources that their kind found in the way of another resource, with the reason
 *     that {@link ReconcileContext#block} recorded
 */
public record Observation(
    Map<ResourceId, LiveResource> live,
    Map<ResourceId, Map<String, Object>> desiredFields,
    Map<ResourceId, String> errors,
    Map<ResourceId, String> blocked) {}
