package io.mooring.plan;

/**
 * One differing field.
 *
 * @param path dotted path of the field, such as {@code container.image}
 * @param desired the value in git, or null when git leaves the field out
 * @param live the value in AWS, or null when AWS has none
 * @param forcesReplace whether AWS cannot change this field in place
 */
public record FieldChange(String path, Object desired, Object live, boolean forcesReplace) {}
