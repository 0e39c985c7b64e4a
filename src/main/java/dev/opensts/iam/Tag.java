package dev.opensts.iam;

/** An IAM tag. Keys compare without regard to case, as IAM does. */
public record Tag(String key, String value) {
}
