package io.mooring.api;

/**
 * A reference from a document to an AWS resource by its ARN, such as a Service's task role. The
 * resource need not have a document. When a document of the directory defines it, the engine
 * orders the two documents as for a {@link Reference}, and pruning keeps the resource while a
 * document still names its ARN.
 *
 * @param field the field that names the ARN, such as {@code spec.roles.task}
 */
public record ArnReference(String arn, String field, SourcePosition position) {}
