package dev.pacer.adapters.http;

/**
 * One rejected part of a request and what to change. The field is named as the client spelled it,
 * {@code body} stands for the body as a whole, and path and query parameters go by their names.
 */
public record FieldError(String field, String message) {}
