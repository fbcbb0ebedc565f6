/**
 * Reply generators: {@link dev.pacer.adapters.ai.OpenAiReplyGenerator} calls an OpenAI-compatible
 * chat completion API, and {@link dev.pacer.adapters.ai.OfflineReplyGenerator} returns a canned
 * reply when no AI endpoint is configured.
 */
package dev.pacer.adapters.ai;
