package dev.warden.sandbox.ssm.document;

/** How a document's content is written. */
public enum DocumentFormat {
    JSON, YAML, TEXT
}
