package io.mooring.plan;

import io.mooring.api.ResourceId;

/**
 * A resource that mooring will not change, with the reason: a same-named resource that it does not
 * own, a dependency that is blocked, flapping or failed, or a change it never makes on its own.
 */
public record Blocked(ResourceId id, String reason) {}
