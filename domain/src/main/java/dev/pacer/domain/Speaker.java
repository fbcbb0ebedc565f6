package dev.pacer.domain;

/** Who said a turn of the conversation history. */
public enum Speaker {
    USER,
    ASSISTANT
}
