package io.mooring.plan;

import io.mooring.api.ResourceId;

/**
 * A resource that the plan could not decide on, because reading it from AWS failed, with the
 * error. The plan is incomplete while it has any.
 */
public record PlanError(ResourceId id, String message) {}
